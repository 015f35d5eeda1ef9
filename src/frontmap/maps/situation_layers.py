"""Each layer of the situation map on a day, in the three ways the web map shows it: its folium
groups, its swatches in the legend, and its sentence in the map's words (for screen readers).
The layer registry (`maps/registry.py`) names these for each layer key.

What a layer draws is made once per situation and day (`_texts`), not on every viewer's run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import folium
import numpy as np
import pandas as pd
import shapely

from frontmap import cache, i18n, limits, safetext, styles
from frontmap.data import gazetteer, measure, outages, timeline
from frontmap.data.axes import compass
from frontmap.data.dataset import Situation
from frontmap.i18n import N_, _, ngettext
from frontmap.maps import basemap, day_lines, layers, pointcloud
from frontmap.maps.geojson_layer import publish, published_url

_texts = cache.IdentityCache()
_event_clouds = cache.IdentityCache(size=8)

SINCE_2014 = ("crimea", "occupied_2014")
SINCE_2014_LABEL = N_("Russian-held since 2014 (Crimea, parts of Donetsk and Luhansk)")


@dataclass(frozen=True)
class Day:
    """What the layers of one map on one day are drawn from. `snap` is the day's front line, or
    before the first line, what is known of it (Crimea and the areas held since 2014, `held_text`);
    `since`, an earlier day to compare with; `ahead`, days whose front lines the browser fetches."""

    sit: Situation
    day: dt.date
    snap: timeline.ControlSnapshot
    routes: pd.DataFrame
    events: pd.DataFrame  # those up to the day
    upto: np.ndarray  # which of the situation's events those are
    before_first: bool = False
    held_text: str | None = None
    since: dt.date | None = None
    ahead: tuple[dt.date, ...] = field(default=())


@dataclass(frozen=True)
class Swatches:
    """What a legend is drawn over: the land and the outside (light or dark theme)."""

    land: str
    outside: str
    dark: bool = False
    compared: bool = False  # an earlier day is compared: its change and line are drawn

    def swatch(self, background: str, border: str, label: str, round_: bool = False) -> str:
        radius = "border-radius:50%;" if round_ else ""
        return f"<span class='fm-swatch' style='background:{background};border:{border};{radius}'></span>{safetext.esc(label)}"


def day_of(
    sit: Situation, day: dt.date, shown, since: dt.date | None = None, ahead: list[dt.date] | None = None
) -> Day:
    snap = timeline.control_on(sit.control_areas, day)
    before_first = "control" in shown and snap.snapshot is None
    held_text = None
    if before_first:
        snap, held_text = held_since_2014(sit)
    upto = (sit.events["date"] <= pd.Timestamp(day)).to_numpy()
    # the same frame for the same day, whoever asks: what is made of it is then made once
    events = _texts.get(sit.events, ("upto", day), lambda: sit.events[upto])
    routes = timeline.routes_on(sit.routes, sit.route_status, day)
    return Day(sit, day, snap, routes, events, upto, before_first, held_text, since, tuple(ahead or ()))


# --- control areas ---------------------------------------------------------------------------
def control_web(d: Day) -> list[folium.FeatureGroup]:
    """The front line of the day (before the first line, what is known before it); with `since`,
    the land that changed hands in between hatched and the earlier line as a dashed ghost. The
    lines of the days either side and of `ahead` are fetched ahead by the browser."""
    sit = d.sit
    if d.before_first:
        return [layers.control_layer(d.held_text)] if d.held_text else []
    wanted = [d.day + dt.timedelta(days=n) for n in (-1, 1)] + list(d.ahead)
    around = {s.snapshot: s for s in (timeline.control_on(sit.control_areas, w) for w in wanted)}
    prefetch = [_control_text(sit, s) for key, s in around.items() if key and key != d.snap.snapshot]
    groups = [layers.control_layer(_control_text(sit, d.snap), prefetch)]
    # every day's line, for the browser to draw a step or a scrub before the server's run
    lines = day_lines.day_lines(sit.control_areas, timeline.span_of(sit))
    for snap in [d.snap, *around.values()]:
        if snap.snapshot:
            lines.note(snap.snapshot.isoformat(), published_url(_control_text(sit, snap)))
    lines.publish_all()
    options = {"interactive": True, "pane": "fm-areas", "slot": styles.LABELS["control"]}
    day_lines.DayIndex(lines.index_url(), options, styles.LABELS["events"]).add_to(groups[0])
    earlier = timeline.control_on(sit.control_areas, d.since).snapshot if d.since else None
    if earlier and d.snap.snapshot and earlier != d.snap.snapshot:
        groups += layers.change_layers(*_change_texts(sit, earlier, d.snap.snapshot))
    return groups


def control_words(d: Day) -> str | None:
    if d.snap.snapshot:
        km2 = _texts.get(d.sit.control_areas, ("km2", d.snap.snapshot), lambda: _area_by_status(d.snap.areas))
        held = "; ".join(f"{_(styles.CONTROL_STYLE[s]['label'])} {i18n.km2(v)}" for s, v in km2.items())
        return _(
            "Control areas from DeepStateMap's front line of {day}: {held}; the rest of Ukraine Ukrainian-held."
        ).format(day=d.snap.snapshot.isoformat(), held=held)
    return d.snap.note or None


def control_legend(s: Swatches) -> list[str]:
    items = []
    drawn = {}
    for style in styles.CONTROL_STYLE.values():  # the same style once: since 2014 and Crimea are one
        key = (style["fill"], style["line"], style["dash"])
        drawn[key] = SINCE_2014_LABEL if key in drawn else style["label"]
    for (fill, line, dash), label in drawn.items():
        border = f"2px {'dashed' if dash else 'solid'} {line}"
        items.append(s.swatch(layers.blend(fill, s.land, styles.FILL_OPACITY), border, _(label)))
    items.append(s.swatch(s.land, f"1px solid {basemap.BORDER}", _("Ukrainian-held")))
    items.append(s.swatch(s.outside, f"1px solid {basemap.BORDER}", _("outside Ukraine")))
    return items


def change_legend(s: Swatches) -> list[str]:
    """The land that changed hands since the compared day, and that day's line (with `compared`)."""
    if not s.compared:
        return []
    lost, gained = _(styles.CHANGE_STYLE["lost"]["label"]), _(styles.CHANGE_STYLE["gained"]["label"])
    return [
        s.swatch(
            "repeating-linear-gradient(45deg,#0072B2 0 3px,#D4ECF9 3px 6px)",
            "2px solid #0072B2",
            _("land that {changed}").format(changed=lost),
        ),
        s.swatch(
            "repeating-linear-gradient(-45deg,#8C3E00 0 1.5px,transparent 1.5px 4px),"
            "repeating-linear-gradient(45deg,#8C3E00 0 1.5px,#F5D7C2 1.5px 4px)",
            "2px dashed #8C3E00",
            _("land that {changed}").format(changed=gained),
        ),
        "<span class='fm-line' style='border-top:2px dashed #1A1A1A'></span>" + safetext.esc(_("the earlier front line")),
    ]


def _control_text(sit: Situation, snap: timeline.ControlSnapshot) -> str:
    """A front line's GeoJSON, made once per snapshot of the shared situation."""
    label = snap.snapshot.isoformat() if snap.snapshot else ""
    return _texts.get(sit.control_areas, snap.snapshot, lambda: layers.control_collection(snap.areas, label))


def _change_texts(sit: Situation, first: dt.date, last: dt.date) -> tuple[str, str]:
    """The hatched change and the ghost line between two front lines, made once per pair."""

    def make() -> tuple[str, str]:
        pieces = measure.change_pieces(sit.control_areas, sit.oblasts, first, last)
        line = measure.earlier_line(sit.control_areas, sit.countries, first)
        return (
            layers.change_collection(pieces, first.isoformat(), last.isoformat(), measure.oblast_names(sit.oblasts)),
            layers.ghost_collection(line, first.isoformat()),
        )

    return _texts.get(sit.control_areas, ("change", first, last), make)


def held_since_2014(sit: Situation) -> tuple[timeline.ControlSnapshot, str | None]:
    """Before the first front line: Crimea and the parts of Donetsk and Luhansk held since 2014, as
    the first line draws them (and their GeoJSON), with a notice that no line of the day exists."""
    first = sit.control_areas["valid_from"].min()
    if pd.isna(first):
        return timeline.ControlSnapshot(
            sit.control_areas, None, _("No front-line data exists: nothing is drawn.")
        ), None
    first = first.date()
    areas = timeline.control_on(sit.control_areas, first).areas
    areas = areas[areas["status"].isin(SINCE_2014)]
    note = _(
        "No front-line data exists before {day}. Drawn: Crimea and the areas held since 2014, "
        "as DeepStateMap's first line ({first}) shows them."
    ).format(day=i18n.day(first).lstrip("0"), first=first.isoformat())
    text = _texts.get(
        sit.control_areas, ("since 2014", first), lambda: layers.control_collection(areas, first.isoformat())
    )
    return timeline.ControlSnapshot(areas, None, note), text


def _area_by_status(areas) -> dict[str, float]:
    sizes = measure.to_equal_area(list(areas.geometry)).area.to_numpy() / 1e6
    totals: dict[str, float] = {}
    for status, size in zip(areas["status"], sizes):
        totals[status] = totals.get(status, 0.0) + float(size)
    return {s: totals[s] for s in styles.CONTROL_STYLE if s in totals}


# --- places, water, routes --------------------------------------------------------------------
def places_web(d: Day) -> list[folium.FeatureGroup]:
    return [layers.places_layer(d.sit.places)]


def places_words(d: Day) -> str:
    near = d.sit.places[d.sit.places["scope"] == "theatre"]
    return _("Places marked: {names}.").format(names=", ".join(gazetteer.place_names(near)))


def dnipro_web(d: Day) -> list[folium.FeatureGroup]:
    return [layers.dnipro_layer(d.sit.dnipro)]


# The water's names in data/geo/dnipro.geojson (Natural Earth's), marked to be said in the page's language.
WATER_NAMES = (N_("Dnipro (lower course)"), N_("Kakhovka reservoir"))


def dnipro_words(d: Day) -> str:
    return _("Water: {names}.").format(names=_(" and ").join(_(n) for n in d.sit.dnipro["name"]))


def dnipro_legend(s: Swatches) -> list[str]:
    return [f"<span class='fm-line' style='border-top:3px solid {styles.DNIPRO_BLUE}'></span>" + safetext.esc(_("the Dnipro"))]


def routes_web(d: Day) -> list[folium.FeatureGroup]:
    return [layers.routes_layer(d.routes)]


def routes_words(d: Day) -> str:
    lines = [
        f"{r.name}: {_(styles.ROUTE_STYLE[r.status]['label'])}"
        + (
            " " + _("since {day} ({source})").format(day=f"{r.status_since:%Y-%m-%d}", source=r.status_source)
            if pd.notna(r.status_since)
            else ""
        )
        for r in d.routes.itertuples(index=False)
    ]
    return _("Routes, their course approximate: {routes}.").format(routes="; ".join(lines)) + i18n.source_language_note()


def routes_legend(s: Swatches) -> list[str]:
    items = []
    for style in styles.ROUTE_STYLE.values():
        line = "dashed" if style["dash"] else "solid"
        items.append(
            f"<span class='fm-line' style='border-top:4px {line} {style['color']};"
            f"box-shadow:0 0 0 2px {styles.ROUTE_CASING}'></span>"
            + safetext.esc(_("route {status}").format(status=_(style["label"])))
        )
    items.append(safetext.esc(_(styles.ROUTES_APPROXIMATE)))
    return items


# --- events ------------------------------------------------------------------------------------
def events_web(d: Day) -> list[folium.FeatureGroup]:
    """The events up to the day: while they are few, each a dot with its popup and source; past
    `limits.MAX_EVENT_DOTS` (a data folder of an ACLED export), all of them as one point cloud,
    published once for every viewer, of which a date step sends only the mask of the day's."""
    sit = d.sit
    if len(sit.events) <= limits.MAX_EVENT_DOTS:
        return [layers.events_layer(d.events)]
    points, url = _event_clouds.get(sit.events, "cloud", lambda: _published_cloud(sit.events))
    group = folium.FeatureGroup(name=styles.LABELS["events"])
    pointcloud.CloudLayer(
        points, url, pointcloud.mask_text(d.upto), slot=styles.LABELS["events"], label="events", since=dt.date(1970, 1, 1)
    ).add_to(group)
    return [group]


def _published_cloud(events) -> tuple[pointcloud.Cloud, str]:
    geometry = events.geometry.values
    points = pointcloud.encode(
        shapely.get_x(geometry),
        shapely.get_y(geometry),
        events["category"].to_numpy(dtype=object),
        styles.EVENT_COLOURS,
        events["date"].to_numpy(dtype="datetime64[ns]"),
    )
    return points, publish(points.data, suffix=".bin")


def events_words(d: Day) -> str:
    latest = d.events.sort_values("date").tail(3).iloc[::-1]
    recent = "; ".join(f"{e.date:%Y-%m-%d} {e.title}" for e in latest.itertuples(index=False))
    n = len(d.events)
    said = ngettext("{n} event up to this day", "{n} events up to this day", n).format(n=n)
    if not recent:
        return said + "."
    return said + _(", the latest: {recent}.").format(recent=recent) + i18n.source_language_note()


def events_legend(s: Swatches) -> list[str]:
    by_colour: dict[str, list[str]] = {}
    for category, colour in styles.EVENT_COLOURS.items():
        by_colour.setdefault(colour, []).append(category)
    ring = "#BBBBBB" if s.dark else "#1A1A1A"  # (the invasion's black dot on a black page)
    return [
        s.swatch(colour, f"1.5px solid {ring}", _("event: {kinds}").format(kinds=", ".join(_(c) for c in categories)), round_=True)
        for colour, categories in by_colour.items()
    ]


# --- DeepState's directions of attack ---------------------------------------------------------
def axes_on(sit: Situation, day: dt.date) -> pd.DataFrame:
    """The directions of attack of the day's snapshot (the same frame for the same day)."""
    return _texts.get(sit.attack_axes, ("axes on", day), lambda: timeline.valid_on(sit.attack_axes, day))


def axes_web(d: Day) -> list[folium.FeatureGroup]:
    rows = axes_on(d.sit, d.day)
    key = rows["snapshot"].max() if not rows.empty else None
    return [layers.axes_layer(_texts.get(d.sit.attack_axes, ("axes", key), lambda: layers.axes_collection(rows)))]


def axes_words(d: Day) -> str | None:
    rows = axes_on(d.sit, d.day)
    if rows.empty:
        return None
    ways: dict[str, int] = {}
    for bearing in sorted(rows["bearing"], key=lambda b: (b - 180) % 360):  # clockwise from south
        ways[compass(bearing)] = ways.get(compass(bearing), 0) + 1
    said = ", ".join(f"{n} {_(way)}" for way, n in ways.items())
    n = len(rows)
    return ngettext(
        "Directions of attack as DeepStateMap marked them on {day} (its assessment): {n} arrow pointing {ways}.",
        "Directions of attack as DeepStateMap marked them on {day} (its assessment): {n} arrows pointing {ways}.",
        n,
    ).format(day=f"{rows['snapshot'].max():%Y-%m-%d}", n=n, ways=said)


def axes_legend(s: Swatches) -> list[str]:
    """An arrow pointing right, of spans (Streamlit's HTML leaves out SVG): a shaft and a head."""
    colour = styles.AXIS_STYLE["color"]
    arrow = (
        "<span class='fm-axis-swatch' style='display:inline-flex;align-items:center'>"
        f"<span style='width:15px;height:5px;background:{colour}'></span>"
        f"<span style='width:0;height:0;border-top:7px solid transparent;border-bottom:7px solid transparent;border-left:11px solid {colour}'></span></span>"
    )
    return [arrow + safetext.esc(_(styles.AXIS_WORDS))]


# --- the other pages' layers a slide may add ----------------------------------------------------
def outages_web(d: Day) -> list[folium.FeatureGroup]:
    return [outages_layer(d.sit, d.day)]


def outages_layer(sit: Situation, day: dt.date) -> folium.FeatureGroup:
    """The oblasts by `outages.levels`; Russian-held land is left out of them."""
    held = measure.russian_held_union(sit.control_areas, day)
    return layers.oblast_layer(sit.oblasts, outages.levels(sit, day), _("no outage reported by this date"), held)


def outages_legend(s: Swatches) -> list[str]:
    return [
        s.swatch(layers.blend(styles.OUTAGE_STYLE[level]["fill"], s.land, styles.OUTAGE_STYLE[level]["opacity"]), "1px solid #555555", _(words))
        for level, words in styles.OUTAGE_WORDS.items()
    ]


def flows_web(d: Day) -> list[folium.FeatureGroup]:
    return [layers.flows_layer(timeline.in_range(d.sit.flows, "date", timeline.FIRST_DAY, d.day), d.sit.places)]


def flows_legend(s: Swatches) -> list[str]:
    items = [
        s.swatch("transparent", f"3px solid {style['color']}", _("arms or cash {origin}").format(origin=_(style["label"])), round_=True)
        for style in styles.FLOW_STYLE.values()
    ]
    items.append(s.swatch("transparent", "3px dashed #1A1A1A", _("claimed and denied"), round_=True))
    return items
