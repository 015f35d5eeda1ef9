"""Row models of the situation tables. pydantic does the type checks; the loader adds file and row.

Each model describes one row (a CSV line or a GeoJSON feature's properties). Geometry is checked
in `geometry.py`, because its rules (valid, inside the region) are spatial, not per-field.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

CONTROL_STATUSES = ("occupied_2022", "occupied_2014", "crimea", "grey_zone")
ROUTE_STATUSES = ("open", "damaged", "destroyed")


class Row(BaseModel):
    # Extra columns are kept, not refused: analysts' files carry more than we read.
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def blank_is_missing(cls, value):
        return None if isinstance(value, str) and value.strip() == "" else value


class Place(Row):
    id: str
    name: str
    kind: str
    oblast: str | None = None
    scope: Literal["theatre", "world"] = "theatre"
    label: Literal["right", "left", "none"] = "right"  # where the map writes the name
    coord_source: str


class Event(Row):
    id: str
    date: dt.date
    end_date: dt.date | None = None
    date_precision: Literal["exact", "approximate", "reported"] = "exact"
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
            raise ValueError(f"end_date {self.end_date} is before date {self.date}")
        return self


class Figure(Row):
    id: str
    panel: str
    metric: str
    label: str
    value: float
    unit: str
    as_of: dt.date
    area: str
    source: str
    quote: str | None = None
    note: str | None = None


class RouteStatus(Row):
    route_id: str
    valid_from: dt.date
    status: Literal[ROUTE_STATUSES]
    source: str
    evidence: str


class Flow(Row):
    """Arms, cash or goods sent between two places, as a source reported it."""

    id: str
    date: dt.date
    from_place: str
    to_place: str
    what: str
    standing: str  # reported, confirmed, claimed and denied...
    outlet: str
    source: str
    quote: str


class Route(Row):
    id: str
    name: str
    kind: Literal["road", "rail", "bridge", "ferry"]
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
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self


class Region(Row):
    """An oblast, a river or a country: geometry with a name and a source."""

    id: str | None = None
    name: str
    source: str


def required_columns(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()]
