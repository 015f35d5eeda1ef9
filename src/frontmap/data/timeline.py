"""Time, in one place: what holds as of a day, and what happened between two days.

Dates are whole days. A range row (`valid_from`..`valid_to`) holds on both ends; an event with an
`end_date` happened on every day from `date` to `end_date`. Pages never compare dates themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from frontmap import cache
from frontmap.i18n import N_, _

FIRST_DAY = dt.date(2022, 2, 24)  # the invasion
SHIPPED_LAST_DAY = dt.date(2022, 11, 30)
SOURCE_DAY = dt.date(2022, 11, 10)  # the date of the source article
KEY_DAYS = {  # (their names marked for the catalogue, said with `_`)
    N_("Counteroffensive"): dt.date(2022, 8, 29),
    N_("Arestovych's warning"): dt.date(2022, 10, 25),
    N_("Withdrawal order"): dt.date(2022, 11, 9),
    N_("Right bank retaken"): dt.date(2022, 11, 11),  # DeepState draws it Ukrainian from that day
}
RUSSIAN_HELD = ("occupied_2022", "occupied_2014", "crimea")
# What an event's `date_precision` means, said beside its date ("exact" needs no word).
PRECISION_NOTE = {"approximate": N_("the date is approximate"), "reported": N_("the date is the report's")}
# A figure with no date of its own sorts below every dated one of its metric (see `_ranked`).
PRECISION_RANK = {"reported": 0, "approximate": 1, "exact": 1}


@dataclass(frozen=True)
class Span:
    """The dashboard's days: from the invasion to the data's last day, never short of the shipped
    span (a snapshot added to the store carries it on)."""

    first: dt.date = FIRST_DAY
    last: dt.date = SHIPPED_LAST_DAY

    def clamp(self, day: dt.date) -> dt.date:
        return min(max(day, self.first), self.last)


SHIPPED = Span()


def parse_day(
    text: str | None, default: dt.date = SOURCE_DAY, span: Span = SHIPPED
) -> tuple[dt.date, str | None]:
    """A day from `YYYY-MM-DD`, within the dashboard's span; a note says why when it falls back."""
    if text is None or text == "":
        return default, None
    try:
        day = dt.date.fromisoformat(str(text).strip())
    except ValueError:
        return default, _("'{text}' is not a date (YYYY-MM-DD); showing {day}.").format(text=text, day=default.isoformat())
    if not span.first <= day <= span.last:
        return default, _("{day} is outside {first} – {last}; showing {shown}.").format(
            day=day.isoformat(), first=span.first.isoformat(), last=span.last.isoformat(), shown=default.isoformat()
        )
    return day, None


def last_day_of(situation) -> dt.date | None:
    """The last day of the daily front lines: the dashboard's days are the map's (figures may carry
    a later date, such as a package planned for 2023, without being a day to show)."""
    return _last_day(situation.control_areas)


def _last_day(control_areas: pd.DataFrame) -> dt.date | None:
    last = control_areas["valid_to"].max()
    return last.date() if pd.notna(last) else None


@cache.once
def _span(control_areas: pd.DataFrame) -> Span:
    return Span(FIRST_DAY, max(SHIPPED_LAST_DAY, _last_day(control_areas) or SHIPPED_LAST_DAY))


def span_of(situation) -> Span:
    """The dashboard's days for this situation (`Span`)."""
    return _span(situation.control_areas)


def _ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def valid_on(
    frame: pd.DataFrame, day: dt.date, start: str = "valid_from", end: str = "valid_to"
) -> pd.DataFrame:
    """Rows whose closed range [start, end] contains the day."""
    t = _ts(day)
    return frame[(frame[start] <= t) & (frame[end] >= t)]


@cache.once
def happened_between(events: pd.DataFrame, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Events on any day of [first, last], both ends included; a multi-day event counts if it overlaps."""
    a, b = _ts(min(first, last)), _ts(max(first, last))
    ends = events["end_date"].fillna(events["date"])
    return events[(events["date"] <= b) & (ends >= a)].sort_values(["date", "id"])


@cache.once
def of_category(events: pd.DataFrame, category: str) -> pd.DataFrame:
    """The events of one category: the same frame on every run, so that what is made of it is kept."""
    return events[events["category"] == category]


def week_to(events: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """What happened in the 7 days up to and including the day."""
    return happened_between(events, day - dt.timedelta(days=6), day)


@dataclass
class ControlSnapshot:
    areas: gpd.GeoDataFrame
    snapshot: dt.date | None  # the DeepState snapshot the areas come from
    note: str | None  # said on screen when no line exists for the day


@cache.once
def control_on(control_areas: gpd.GeoDataFrame, day: dt.date) -> ControlSnapshot:
    areas = valid_on(control_areas, day)
    if areas.empty:
        first = control_areas["valid_from"].min()
        # (said in the session's language: `cache.once` keeps one per language)
        note = (
            _("No front-line snapshot exists for {day}; the first is of {first}. Nothing is drawn.").format(
                day=day.isoformat(), first=first.date().isoformat()
            )
            if pd.notna(first)
            else _("No front-line snapshot exists for {day}. Nothing is drawn.").format(day=day.isoformat())
        )
        return ControlSnapshot(areas, None, note)
    return ControlSnapshot(areas, areas["snapshot"].max().date(), None)


def front_bounds(control_areas: gpd.GeoDataFrame, day: dt.date) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the day's contact line: the areas held since 2022 or 2014
    and the grey zone (Crimea, far behind it, left out); None before the first front line."""
    areas = valid_on(control_areas, day)
    areas = areas[areas["status"] != "crimea"]
    if areas.empty:
        return None
    west, south, east, north = (float(x) for x in areas.total_bounds)
    return [[south, west], [north, east]]


def russian_held(snapshot: ControlSnapshot) -> gpd.GeoDataFrame:
    return snapshot.areas[snapshot.areas["status"].isin(RUSSIAN_HELD)]


@cache.once
def routes_on(routes: gpd.GeoDataFrame, route_status: pd.DataFrame, day: dt.date) -> gpd.GeoDataFrame:
    """Each route with its latest status dated on or before the day ('unknown' before the first)."""
    known = route_status[route_status["valid_from"] <= _ts(day)].sort_values("valid_from")
    cited = ["route_id", "status", "valid_from", "source", "evidence", "source_title", "url", "url_note"]
    latest = known.groupby("route_id").tail(1)[[c for c in cited if c in known]]
    latest = latest.rename(
        columns={
            "valid_from": "status_since",
            "source": "status_source",
            "evidence": "status_evidence",
            "source_title": "status_title",
            "url": "status_url",
            "url_note": "status_url_note",
        }
    )
    out = routes.merge(latest, how="left", left_on="id", right_on="route_id").drop(columns="route_id")
    return out.fillna(
        {"status": "unknown", "status_source": _("no dated status in the sources"), "status_evidence": ""}  # (kept per language)
    )


def route_history(routes: gpd.GeoDataFrame, route_status: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """Every dated change of a route's status up to the day, oldest first, with the route's name."""
    named = route_status.merge(routes[["id", "name"]], left_on="route_id", right_on="id").drop(columns="id")
    return in_range(named, "valid_from", FIRST_DAY, day).sort_values("valid_from", kind="stable")


def _ranked(figures: pd.DataFrame) -> pd.DataFrame:
    """Figures from the weakest claim to be latest to the strongest: a figure whose own date is
    unknown ("reported") first, then by date. Its report date must not make it the "latest"."""
    precision = figures.get("as_of_precision", pd.Series("exact", index=figures.index))
    rank = precision.map(PRECISION_RANK).fillna(1)
    return figures.assign(_rank=rank).sort_values(["_rank", "as_of", "id"]).drop(columns="_rank")


def figures_on(figures: pd.DataFrame, day: dt.date) -> pd.DataFrame:
    """For each metric (and area), its latest figure dated on or before the day (dated ones first)."""
    known = _ranked(figures[figures["as_of"] <= _ts(day)])
    return known.groupby(["metric", "area"], sort=False).tail(1).set_index("metric", drop=False)


def latest(figures: pd.DataFrame, day: dt.date, metric: str) -> pd.Series | None:
    """The latest figure of one metric on or before the day, whatever its area; None when there is none.
    A figure with a date of its own outranks one that only carries its report's date."""
    rows = _ranked(figures[(figures["metric"] == metric) & (figures["as_of"] <= _ts(day))])
    return None if rows.empty else rows.iloc[-1]


def series_of(figures: pd.DataFrame) -> pd.Series:
    """Each figure's series: its source and method (`series`, else `source`) and its unit, so that
    people and connections, or a survey and an article, are never one line."""
    named = figures["series"] if "series" in figures else pd.Series(None, index=figures.index, dtype=object)
    return named.fillna(figures["source"]).astype(str) + " (" + figures["unit"].astype(str) + ")"


def latest_per_series(figures: pd.DataFrame, day: dt.date, metric: str) -> list[pd.Series]:
    """The latest figure of each series of a metric on or before the day, the one `latest` shows first."""
    rows = figures[(figures["metric"] == metric) & (figures["as_of"] <= _ts(day))]
    ranked = _ranked(rows.assign(series_key=series_of(rows)))
    return [row for _, row in ranked.groupby("series_key", sort=False).tail(1).iloc[::-1].iterrows()]


def as_of_text(row: pd.Series) -> str:
    """`As of 2022-10-27`, or, for a figure with no date of its own, `Date unknown; reported 2022-11-10`."""
    day = row["as_of"].date().isoformat()
    if row.get("as_of_precision") == "reported":
        return _("Date unknown; reported {day}").format(day=day)
    if row.get("as_of_precision") == "approximate":
        return _("As of about {day}").format(day=day)
    return _("As of {day}").format(day=day)


def span(start: pd.Timestamp, end: pd.Timestamp | None = None) -> str:
    """`2022-11-15` or `2022-11-15 – 2022-11-16`."""
    first = start.date().isoformat()
    return first if end is None or pd.isna(end) or end == start else f"{first} – {end.date().isoformat()}"


def in_range(frame: pd.DataFrame, column: str, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Rows whose day in `column` lies in [first, last], both ends included."""
    values = frame[column]
    return frame[(values >= _ts(first)) & (values <= _ts(last))]
