"""The situation's tables: each file of a data folder (and table of the store) with the row model of
its lines or features. pydantic does the type checks; the loader adds file and row.

Each model describes one row (a CSV line or a GeoJSON feature's properties). Geometry is checked
in `data/geometry.py`, because its rules (valid, inside the region) are spatial, not per-field.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from frontmap.i18n import msg

CONTROL_STATUSES = ("occupied_2022", "occupied_2014", "crimea", "grey_zone")
ROUTE_STATUSES = ("open", "damaged", "destroyed")
# How far a date can be trusted. "reported": the source gives no date of its own for the fact, so
# the row carries the date it was reported; such a row never outranks a dated one.
DATE_PRECISIONS = ("exact", "approximate", "reported")


class Row(BaseModel):
    # Extra columns are kept, not refused: analysts' files carry more than we read.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def blank_is_missing(cls, value):
        return None if isinstance(value, str) and value.strip() == "" else value


class Cited(Row):
    """A row that cites a public document: its `source_title` and `url`, or, where no address could
    be found, a `url_note` that says so (a blank url alone is refused, so a gap is never silent).
    Not `title`: an event's `title` is the event's own."""

    source_title: str | None = None
    url: str | None = None
    url_note: str | None = None

    @field_validator("url")
    @classmethod
    def web_address(cls, value: str | None) -> str | None:
        if value is not None and not value.lower().startswith(("https://", "http://")):
            raise ValueError(msg("url must start with http:// or https://"))
        return value

    @model_validator(mode="after")
    def url_or_why_not(self):
        if self.url is None and self.url_note is None:
            raise ValueError(msg("citation without url: give its url, or a url_note saying none was found"))
        return self


class Place(Row):
    id: str
    name: str
    kind: str
    oblast: str | None = None
    scope: Literal["theatre", "world"] = "theatre"
    label: Literal["right", "left", "none"] = "right"  # where the map writes the name
    coord_source: str


class Event(Cited):
    id: str
    date: dt.date
    end_date: dt.date | None = None
    date_precision: Literal[DATE_PRECISIONS] = "exact"
    place_id: str
    lat: float
    lon: float
    category: str
    side: str
    title: str
    outlet: str
    source: str
    quote: str

    @model_validator(mode="after")
    def ends_after_start(self):
        if self.end_date is not None and self.end_date < self.date:
            raise ValueError(msg("end_date {end} is before date {start}", end=self.end_date, start=self.date))
        return self


class Figure(Cited):
    id: str
    panel: str
    metric: str
    label: str
    value: float
    unit: str
    as_of: dt.date
    as_of_precision: Literal[DATE_PRECISIONS] = "exact"
    area: str
    source: str
    quote: str | None = None
    note: str | None = None
    series: str | None = None  # one source and method; a chart joins only the points of one series


class RouteStatus(Cited):
    """A dated change of a route's status; only a dated quote from a source makes one."""

    route_id: str
    valid_from: dt.date
    status: Literal[ROUTE_STATUSES]
    source: str
    evidence: str | None  # required as a column; a blank cell is refused below with a clear message

    @field_validator("evidence")
    @classmethod
    def quoted(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError(msg("a status needs evidence: the dated source's own words"))
        return value


class Flow(Cited):
    """Arms, cash or goods sent between two places, as a source reported it."""

    id: str
    date: dt.date
    from_place: str | None = None  # blank where the source names no place (e.g. only "Russia")
    to_place: str | None = None
    what: str
    standing: str  # reported, confirmed, claimed and denied...
    outlet: str
    source: str
    quote: str

    @model_validator(mode="after")
    def names_a_place(self):
        if self.from_place is None and self.to_place is None:
            raise ValueError(msg("a flow needs from_place or to_place"))
        return self


class Route(Row):
    id: str
    name: str
    kind: Literal["road", "rail", "bridge", "ferry"]
    part_of: str | None = None  # the road or railway a segment belongs to; a status is per segment
    via: str
    approximate: bool
    source: str
    note: str | None = None


class ControlArea(Row):
    id: str
    status: Literal[CONTROL_STATUSES]
    valid_from: dt.date
    valid_to: dt.date
    snapshot: dt.date
    source: str

    @model_validator(mode="after")
    def range_is_forward(self):
        if self.valid_to < self.valid_from:
            raise ValueError(msg("valid_to {end} is before valid_from {start}", end=self.valid_to, start=self.valid_from))
        return self


AXIS_ICONS = tuple(f"arrow_{n}" for n in range(1, 17))


class AttackAxis(Row):
    """A direction of attack as DeepStateMap marked it on one snapshot: where its arrow sits, the
    arrow icon it used and the bearing that icon stands for (`data/axes.py`), valid like the
    control areas of that snapshot."""

    id: str
    icon: Literal[AXIS_ICONS]
    bearing: float
    valid_from: dt.date
    valid_to: dt.date
    snapshot: dt.date
    source: str

    @field_validator("bearing")
    @classmethod
    def a_bearing(cls, value: float) -> float:
        if not 0 <= value < 360:
            raise ValueError(msg("bearing {value} is not in degrees from north, 0 to under 360", value=str(value)))
        return value

    @model_validator(mode="after")
    def range_is_forward(self):
        if self.valid_to < self.valid_from:
            raise ValueError(msg("valid_to {end} is before valid_from {start}", end=self.valid_to, start=self.valid_from))
        return self


class Region(Row):
    """An oblast, a river or a country: geometry with a name and a source."""

    id: str | None = None
    name: str
    source: str


def required_columns(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()]


# file name -> (row model, geometry kinds allowed, region check)
GEO_FILES: dict[str, tuple[type[BaseModel], tuple[str, ...], str]] = {
    "places.geojson": (Place, ("Point",), "scope"),
    "dnipro.geojson": (
        Region,
        ("LineString", "MultiLineString", "Polygon", "MultiPolygon"),
        "theatre",
    ),
    "routes.geojson": (Route, ("LineString", "MultiLineString"), "theatre"),
    "control_areas.geojson": (ControlArea, ("Polygon", "MultiPolygon"), "theatre"),
    "attack_axes.geojson": (AttackAxis, ("Point",), "theatre"),
    "oblasts.geojson": (Region, ("Polygon", "MultiPolygon"), "theatre"),
    "countries.geojson": (Region, ("Polygon", "MultiPolygon"), "world"),
}
# Properties beyond a model's fields that the layers read: a broken file still gives these columns.
EXTRA_COLUMNS = {"dnipro.geojson": ("kind",)}
CSV_FILES: dict[str, type[BaseModel]] = {
    "events.csv": Event,
    "figures.csv": Figure,
    "route_status.csv": RouteStatus,
    "flows.csv": Flow,
}
