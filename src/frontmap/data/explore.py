"""The analyst's rows: the source's events and the session's uploads in one table, filtered.

Map and table are built from the same mask over the rows, so they stay in step: every passing
row is on the map (points through `maps.pointcloud`, shapes as GeoJSON). A click on a dot or a
cell selects its rows; a shape's tooltip ends with its row id, a click on a place picks its rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from frontmap import safetext
from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.data.formats import kml, ogr
from frontmap.data.uploads import ROW_COLUMNS, Upload
from frontmap.maps import layers, pointcloud
from frontmap.maps.geojson_layer import GeoJsonLayer, collection

SOURCE_DATASET = "source events"
ID_IN_TOOLTIP = re.compile(r"\[([^\[\]]+)\]$")


@dataclass
class Filters:
    # read when a Filters is made: the last day follows the data (timeline.follow), not the import
    first: dt.date = field(default_factory=lambda: timeline.FIRST_DAY)
    last: dt.date = field(default_factory=lambda: timeline.LAST_DAY)
    categories: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # place or oblast names
    sides: tuple[str, ...] = ()
    text: str = ""


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


def matches(rows: gpd.GeoDataFrame, f: Filters) -> np.ndarray:
    """Which rows pass: a date in [first, last] (undated rows always pass) and the rest."""
    dated = rows["date"].notna()
    keep = ~dated | ((rows["date"] >= pd.Timestamp(f.first)) & (rows["date"] <= pd.Timestamp(f.last)))
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
    return keep.to_numpy(dtype=bool)


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


def tooltip(row) -> str:
    day = row.date.date().isoformat() if pd.notna(row.date) else "undated"
    return f"{layers.esc(day)}: {layers.esc(row.title)} [{layers.esc(row.row_id)}]"


def popup(row, extra: list[str]) -> str:
    fields = [
        ("Date", row.date),
        ("Dataset", row.dataset),
        ("Category", row.category),
        ("Side", row.side),
        ("Place", row.place),
        ("Oblast", row.oblast),
        ("Notes", row.notes),
    ]
    fields += [(name, getattr(row, name, "")) for name in extra]
    return layers.popup_html(row.title, fields, row.source)


def points_of(rows: gpd.GeoDataFrame) -> np.ndarray:
    """Which rows are points: they go to the map as a `pointcloud`; the others as shapes."""
    return shapely.get_type_id(rows.geometry.values) == 0


def cloud(rows: gpd.GeoDataFrame) -> pointcloud.Cloud:
    """The point rows (in the rows' order) as the browser's binary copy, coloured by category.
    Only the geometry and category columns are read: a million rows are never copied whole."""
    is_point = points_of(rows)
    points = rows.geometry.values[is_point]
    colours = rows["category"].to_numpy(dtype=object)[is_point]
    return pointcloud.encode(shapely.get_x(points), shapely.get_y(points), colours, layers.EVENT_COLOURS)


def rows_layer(
    rows: gpd.GeoDataFrame,
    keep: np.ndarray,
    points: pointcloud.Cloud,
    url: str,
    slot: str = "Rows",
    is_point: np.ndarray | None = None,
) -> folium.FeatureGroup:
    """Every row that passes (`keep`, over `rows`) on the map: the points through the cloud served
    at `url` (only the mask is new), the shapes as GeoJSON with their tooltips. `is_point`:
    `points_of(rows)`, where the caller keeps it."""
    group = folium.FeatureGroup(name=slot)
    is_point = points_of(rows) if is_point is None else is_point
    pointcloud.CloudLayer(points, url, pointcloud.mask_text(keep[is_point]), slot).add_to(group)
    shapes = rows[~is_point & keep]
    if not shapes.empty:
        style = {"color": "#CC79A7", "weight": 2, "fillOpacity": 0.2, "className": "fm-row-shape"}
        GeoJsonLayer(
            collection(shapes.geometry, [{"style": style, "tooltip": tooltip(r)} for r in shapes.itertuples()]),
            shared=False,  # the rows may hold this session's uploads: they never become a shared file
        ).add_to(group)
    return group


def export_layer(rows: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """All the rows for a file that opens offline: the cloud's points inside it."""
    points = cloud(rows)
    return rows_layer(rows, np.ones(len(rows), dtype=bool), points, pointcloud.data_url(points.data))


def selected(rows: gpd.GeoDataFrame, keep: np.ndarray, clicked: str | None) -> np.ndarray | None:
    """Which passing rows a map click picks (a mask over `rows`): those of a clicked dot or cell
    (the cloud's key), a shape's own row, or every row at a clicked place. None: nothing picked."""
    if not clicked:
        return None
    is_point = points_of(rows)
    picked = pointcloud.selection(clicked, int(is_point.sum()))
    if picked is not None:
        chosen = np.zeros(len(rows), dtype=bool)
        chosen[np.flatnonzero(is_point)[picked]] = True
    else:
        match = ID_IN_TOOLTIP.search(clicked.strip())
        column, value = ("row_id", match.group(1)) if match else ("place", clicked.strip())
        chosen = (rows[column] == value).to_numpy(dtype=bool, na_value=False)
    return chosen & keep


def popups(rows: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The selected rows' popups, built on demand (never one per row of the whole set)."""
    extra = [c for c in rows.columns if c not in ROW_COLUMNS and c != "geometry"][:8]
    points = rows[points_of(rows)]
    return layers.points_layer(
        points,
        "Selected",
        [popup(r, extra) for r in points.itertuples(index=False)],
        [tooltip(r) for r in points.itertuples(index=False)],
        [layers.EVENT_COLOURS.get(c, pointcloud.GREY) for c in points["category"]],
        "fm-row",
        shared=False,
    )


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


def _days(params, key: str, default: dt.date, notes: list[str]) -> dt.date:
    day, note = timeline.parse_day(params.get(key), default)
    if note:
        notes.append(f"{key}: {note}")
    return day


def _list(params, key: str) -> tuple[str, ...]:
    return tuple(x for x in str(params.get(key, "")).split(",") if x)


def from_query(params) -> tuple[Filters, list[str]]:
    """Filters from the URL (`from`, `to`, `cat`, `place`, `side`, `q`), with notes on bad values."""
    notes: list[str] = []
    first = _days(params, "from", timeline.FIRST_DAY, notes)
    last = _days(params, "to", timeline.LAST_DAY, notes)
    if last < first:
        notes.append(f"to {last} is before from {first}: swapped.")
        first, last = last, first
    return Filters(
        first,
        last,
        _list(params, "cat"),
        _list(params, "place"),
        _list(params, "side"),
        str(params.get("q", "")),
    ), notes


def to_query(f: Filters) -> dict[str, str]:
    """The URL parameters of some filters; defaults left out."""
    out = {}
    if f.first != timeline.FIRST_DAY:
        out["from"] = f.first.isoformat()
    if f.last != timeline.LAST_DAY:
        out["to"] = f.last.isoformat()
    for key, values in (("cat", f.categories), ("place", f.places), ("side", f.sides)):
        if values:
            out[key] = ",".join(values)
    if f.text:
        out["q"] = f.text
    return out


QUERY_KEYS = ("from", "to", "cat", "place", "side", "q")


def day_geopackage(sit: Situation, day: dt.date) -> bytes:
    """The front's day for QGIS: its control areas, the places, the routes with their status that
    day and the events up to it, one layer each."""
    layers = {
        "control_areas": timeline.control_on(sit.control_areas, day).areas,
        "places": sit.places,
        "routes": timeline.routes_on(sit.routes, sit.route_status, day),
        "events": timeline.happened_between(sit.events, timeline.FIRST_DAY, day),
    }
    return ogr.write_geopackage({name: gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326") for name, frame in layers.items()})
