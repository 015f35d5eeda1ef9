"""What changed between two days, as sentences made from data rows, each with its source.

Nothing here is written by hand: the area comes from the front lines (`measure`), a place's side
from whether the lines hold it, a route's status from its dated rows, and the events and figures
are the rows dated in the interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import shapely

from frontmap import i18n, styles
from frontmap.data import gazetteer, measure, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import N_, _
from frontmap.report import numbers

DEEPSTATE = "DeepStateMap (deepstatemap.live)"


@dataclass
class Line:
    text: str  # plain text: the page escapes it where it shows it
    source: str
    source_title: str | None = None
    url: str | None = None
    url_note: str | None = None


def _held(sit: Situation, day: dt.date):
    return measure.russian_held_union(sit.control_areas, day)


def places_that_changed_side(sit: Situation, first: dt.date, last: dt.date) -> list[Line]:
    before, after = _held(sit, first), _held(sit, last)
    if before.is_empty or after.is_empty:
        return []
    theatre = sit.places[sit.places["scope"] == "theatre"] if "scope" in sit.places else sit.places
    lines = []
    for name, point in zip(gazetteer.place_names(theatre), theatre.geometry):
        was, now = shapely.contains(before, point), shapely.contains(after, point)
        if was != now:
            side = _(styles.CHANGE_STYLE["lost" if was else "gained"]["label"])
            said = _("{place} {side} between the lines of {first} and {last}.")
            lines.append(Line(said.format(place=name, side=side, first=first, last=last), DEEPSTATE))
    return lines


def routes_that_changed(sit: Situation, first: dt.date, last: dt.date) -> list[Line]:
    before = timeline.routes_on(sit.routes, sit.route_status, first).set_index("id")
    after = timeline.routes_on(sit.routes, sit.route_status, last).set_index("id")
    lines = []
    for route_id, row in after.iterrows():
        was = before["status"].get(route_id)
        if was is not None and was != row["status"]:
            since = row["status_since"].date().isoformat() if pd.notna(row["status_since"]) else "?"
            label = {k: _(v["label"]) for k, v in styles.ROUTE_STYLE.items()}
            lines.append(
                Line(
                    _("{route}: {was} → {now} (since {day}).").format(
                        route=row["name"], was=label[was], now=label[row["status"]], day=since
                    )
                    + i18n.source_language_note(),
                    row["status_source"],
                    row.get("status_title"),
                    row.get("status_url"),
                    row.get("status_url_note"),
                )
            )
    return lines


def events_between(sit: Situation, first: dt.date, last: dt.date) -> list[Line]:
    rows = timeline.happened_between(sit.events, first + dt.timedelta(days=1), last)
    return [
        Line(
            _("{when}: {title} (reported by {outlet}).").format(
                when=timeline.span(r.date, r.end_date), title=r.title, outlet=r.outlet
            )
            + i18n.source_language_note(),
            r.source,
            getattr(r, "source_title", None),
            getattr(r, "url", None),
            getattr(r, "url_note", None),
        )
        for r in rows.itertuples(index=False)
    ]


def figures_between(sit: Situation, first: dt.date, last: dt.date) -> list[Line]:
    dated = sit.figures[(sit.figures["as_of"] > pd.Timestamp(first)) & (sit.figures["as_of"] <= pd.Timestamp(last))]
    lines = []
    for _i, row in dated.sort_values("as_of").iterrows():
        label, unit = numbers.card_label(row["label"], row["unit"])
        lines.append(
            Line(
                f"{label}: {numbers.format_value(row['value'], unit)} ({timeline.as_of_text(row)})."
                + i18n.source_language_note(),
                row["source"],
                row.get("source_title"),
                row.get("url"),
                row.get("url_note"),
            )
        )
    return lines


def digest(sit: Situation, first: dt.date, last: dt.date, change: measure.Change | None = None) -> dict[str, list[Line]]:
    """Sections of sentences: area by oblast, places that changed side, routes, events, new figures
    (their names the catalogue's English: said with `_`).
    `change`, the area measure when the caller has it already (it is the slow part)."""
    sections: dict[str, list[Line]] = {}
    before = timeline.control_on(sit.control_areas, first).snapshot
    now = timeline.control_on(sit.control_areas, last).snapshot
    if before and now:
        change = change or measure.changed_hands(sit.control_areas, sit.oblasts, before, now)
        names = measure.oblast_names(sit.oblasts)
        sections[N_("Land")] = [
            Line(f"{names.get(oblast, oblast)}: {measure.km2_changed(lost, gained)}.", DEEPSTATE)
            for oblast, lost, gained in zip(
                change.by_oblast["oblast"], change.by_oblast["to_ukraine_km2"], change.by_oblast["to_russia_km2"]
            )
        ]
        sections[N_("Places")] = places_that_changed_side(sit, first, last)
    sections[N_("Routes")] = routes_that_changed(sit, first, last)
    sections[N_("Events")] = events_between(sit, first, last)
    sections[N_("New figures")] = figures_between(sit, first, last)
    return {name: lines for name, lines in sections.items() if lines}
