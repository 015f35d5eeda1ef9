"""The analyst's rows: the source's events and the session's uploads in one table, filtered.

Map and table are built from the same mask over the rows, so they stay in step: every passing
row is on the map (`maps/rows.py`). Nothing here draws: the rows, their filters and their table.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa

from frontmap import safetext
from frontmap.data import lasso, timeline
from frontmap.data.dataset import Situation
from frontmap.data.formats import kml, ogr
from frontmap.data.uploads import Upload

SOURCE_DATASET = "source events"


@dataclass
class Filters:
    first: dt.date = timeline.FIRST_DAY
    last: dt.date = timeline.SHIPPED_LAST_DAY  # the app gives the data's own (`timeline.span_of`)
    categories: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # place or oblast names
    sides: tuple[str, ...] = ()
    text: str = ""
    shape: str = ""  # a lasso drawn on the map, as the link holds it (`lasso.parse`): rows inside it


def source_rows(sit: Situation) -> gpd.GeoDataFrame:
    """The shipped events in the explore table's shape."""
    places = sit.places.set_index("id")
    ev = sit.events
    rows = pd.DataFrame(
        {
            "row_id": ev["id"],
            "dataset": SOURCE_DATASET,
            "date": ev["date"],
            "title": ev["title"],
            "category": ev["category"],
            "side": ev["side"],
            "place": ev["place_id"].map(places["name"]),
            "oblast": ev["place_id"].map(places["oblast"]).fillna(""),
            "source": ev["outlet"] + " · " + ev["source"],
            "notes": ev["quote"],
        }
    )
    # Arrow text like an upload's, whatever the situation's (dataset.with_python_text): combined
    # with a large upload, Python text would turn the whole column into Python objects.
    rows = rows.astype(dict.fromkeys(rows.columns.drop("date"), "str"))
    return gpd.GeoDataFrame(rows, geometry=ev.geometry.values, crs="EPSG:4326")


def all_rows(sit: Situation, uploads: list[Upload]) -> gpd.GeoDataFrame:
    frames = [source_rows(sit)] + [u.rows for u in uploads if not u.rows.empty]
    combined = _one_chunk(pd.concat(frames, ignore_index=True))
    return gpd.GeoDataFrame(combined, geometry="geometry", crs="EPSG:4326")


def _one_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as one Arrow array each: pyarrow's reader and a concat leave them in pieces, and
    taking 100 rows (a table page) from a column in pieces copies the whole column first."""
    for column in frame.columns:
        values = frame[column].array
        pieces = values.__arrow_array__() if hasattr(values, "__arrow_array__") else None
        if isinstance(pieces, pa.ChunkedArray) and pieces.num_chunks > 1:
            frame[column] = pd.array(pieces.combine_chunks(), dtype=values.dtype)
    return frame


def matches(rows: gpd.GeoDataFrame, f: Filters, inside: np.ndarray | None = None, dates: bool = True) -> np.ndarray:
    """Which rows pass: a date in [first, last] (undated rows always pass) and the rest. `inside`:
    which rows are inside the shape, where the caller keeps it (a shape that is not one keeps none).
    `dates=False`: every filter but the dates (the map's points take the dates in the browser)."""
    keep = pd.Series(in_dates(rows, f.first, f.last) if dates else True, index=rows.index)
    if f.categories:
        keep &= rows["category"].isin(f.categories)
    if f.places:
        keep &= rows["place"].isin(f.places) | rows["oblast"].isin(f.places)
    if f.sides:
        keep &= rows["side"].isin(f.sides)
    if f.text.strip():
        needle = f.text.strip().lower()
        haystack = rows["title"].fillna("") + " " + rows["notes"].fillna("") + " " + rows["place"].fillna("")
        keep &= haystack.str.lower().str.contains(needle, regex=False)
    keep = keep.to_numpy(dtype=bool)
    if f.shape:
        keep = keep & (in_shape(rows, f.shape) if inside is None else inside)
    return keep


def in_dates(rows: pd.DataFrame, first: dt.date, last: dt.date) -> np.ndarray:
    """Which rows are dated in [first, last], or undated."""
    dates = rows["date"]
    return (dates.isna() | ((dates >= pd.Timestamp(first)) & (dates <= pd.Timestamp(last)))).to_numpy(dtype=bool)


def in_shape(rows: gpd.GeoDataFrame, text: str) -> np.ndarray:
    """Which rows are inside the shape of a link's `shape=` text (none where it is not one)."""
    try:
        shape, _ = lasso.parse(text)
    except lasso.ShapeError:
        return np.zeros(len(rows), dtype=bool)
    return lasso.inside(lasso.row_points(rows), shape)


def apply(rows: gpd.GeoDataFrame, f: Filters) -> gpd.GeoDataFrame:
    """The rows that pass the filters, in date order (undated first)."""
    return in_order(rows, matches(rows, f), date_order(rows))


def date_order(rows: pd.DataFrame) -> np.ndarray:
    """Row positions in date order, undated first, rows of one day as they came. Kept as positions
    rather than a sorted copy: a million rows sort in milliseconds, and are not held twice."""
    days = rows["date"].to_numpy(dtype="datetime64[s]").astype(np.int64)  # NaT is the smallest
    return np.argsort(days, kind="stable")


def in_order(rows: gpd.GeoDataFrame, keep: np.ndarray, order: np.ndarray) -> gpd.GeoDataFrame:
    """The rows in `keep`, in the `order` of `date_order`."""
    return page(rows, keep, order, 0, len(rows))


def page(rows: gpd.GeoDataFrame, keep: np.ndarray, order: np.ndarray, start: int, stop: int) -> gpd.GeoDataFrame:
    """Rows `start` to `stop` of those in `keep`, in order: only they are copied, not all that pass."""
    return rows.iloc[order[keep[order]][start:stop]]


def choices(rows: pd.DataFrame, column: str) -> list[str]:
    return sorted(v for v in rows[column].dropna().unique() if str(v).strip())


def table(rows: gpd.GeoDataFrame) -> pd.DataFrame:
    """What the table shows and the CSV holds: the rows with latitude and longitude, no geometry."""
    out = pd.DataFrame(rows.drop(columns="geometry"))
    centroids = rows.geometry.representative_point()
    out["latitude"], out["longitude"] = centroids.y.round(6), centroids.x.round(6)
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out.dropna(axis=1, how="all").reset_index(drop=True)


def to_csv(rows: gpd.GeoDataFrame) -> bytes:
    """The table as CSV, each text cell made safe to open in a spreadsheet (`safetext.csv_cell`)."""
    out = table(rows)
    for column in out.select_dtypes(include=["object", "string"]).columns:
        out[column] = out[column].map(safetext.csv_cell)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")


def to_geojson(rows: gpd.GeoDataFrame) -> bytes:
    out = rows.copy()
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    return out.to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def to_kml(rows: gpd.GeoDataFrame) -> bytes:
    """The rows as KML, each date a TimeStamp (Google Earth's time slider)."""
    return kml.write(rows)


def to_geopackage(rows: gpd.GeoDataFrame) -> bytes:
    """The rows as one GeoPackage layer for QGIS."""
    return ogr.write_geopackage({"rows": rows})


def day_geopackage(sit: Situation, day: dt.date) -> bytes:
    """The front's day for QGIS: its control areas, DeepState's directions of attack (with their
    bearing), the places, the routes with their status that day and the events up to it, one layer each."""
    layers = {
        "control_areas": timeline.control_on(sit.control_areas, day).areas,
        "attack_axes": timeline.valid_on(sit.attack_axes, day),
        "places": sit.places,
        "routes": timeline.routes_on(sit.routes, sit.route_status, day),
        "events": timeline.happened_between(sit.events, timeline.FIRST_DAY, day),
    }
    return ogr.write_geopackage({name: gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326") for name, frame in layers.items()})
