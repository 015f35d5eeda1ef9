"""The analyst's rows: the source's events and the session's uploads in one table, filtered.

Map and table are built from the same filtered frame, so they stay in step. A point's tooltip
ends with its row id in brackets; a click on it selects that row, a click on a place its rows.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import folium
import geopandas as gpd
import pandas as pd

from frontmap import safetext
from frontmap.data import timeline
from frontmap.data.dataset import Situation
from frontmap.data.uploads import ROW_COLUMNS, Upload
from frontmap.maps import layers
from frontmap.maps.geojson_layer import GeoJsonLayer, collection

MAP_POINT_LIMIT = 5_000  # about 0.8 s to build (make bench); past it a rerun drags; the table keeps all rows
SOURCE_DATASET = "source events"
ID_IN_TOOLTIP = re.compile(r"\[([^\[\]]+)\]$")


@dataclass
class Filters:
    first: dt.date = timeline.FIRST_DAY
    last: dt.date = timeline.LAST_DAY
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
    return gpd.GeoDataFrame(rows, geometry=ev.geometry.values, crs="EPSG:4326")


def all_rows(sit: Situation, uploads: list[Upload]) -> gpd.GeoDataFrame:
    frames = [source_rows(sit)] + [u.rows for u in uploads if not u.rows.empty]
    combined = pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(combined, geometry="geometry", crs="EPSG:4326")


def apply(rows: gpd.GeoDataFrame, f: Filters) -> gpd.GeoDataFrame:
    """Rows whose date lies in [first, last] (undated rows always pass) and that match the rest."""
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
    return rows[keep].sort_values(["date", "row_id"], na_position="first")


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


def rows_layer(
    rows: gpd.GeoDataFrame, limit: int = MAP_POINT_LIMIT
) -> tuple[folium.FeatureGroup, str | None]:
    """The filtered rows as points (the latest `limit` of them), with a note when some are left off."""
    points = rows[rows.geometry.geom_type == "Point"]
    note = None
    if len(points) > limit:
        note = f"The map shows the latest {limit:,} of {len(points):,} points: narrow the filters to see the rest."
        points = points.tail(limit)
    extra = [c for c in points.columns if c not in ROW_COLUMNS and c != "geometry"][:8]
    group = layers.points_layer(
        points,
        "Rows",
        [popup(r, extra) for r in points.itertuples(index=False)],
        [tooltip(r) for r in points.itertuples(index=False)],
        [layers.EVENT_COLOURS.get(c, "#7F7F7F") for c in points["category"]],
        "fm-row",
        shared=False,  # the rows may hold this session's uploads: they never become a shared file
    )
    shapes = rows[rows.geometry.geom_type != "Point"]
    if not shapes.empty:
        style = {"color": "#CC79A7", "weight": 2, "fillOpacity": 0.2, "className": "fm-row-shape"}
        GeoJsonLayer(
            collection(shapes.geometry, [{"style": style, "tooltip": tooltip(r)} for r in shapes.itertuples()]),
            shared=False,
        ).add_to(group)
    return group, note


def selected(rows: pd.DataFrame, clicked_tooltip: str | None) -> pd.DataFrame | None:
    """The rows a map click picks: a point's own row, or every row at a clicked place."""
    if not clicked_tooltip:
        return None
    match = ID_IN_TOOLTIP.search(clicked_tooltip.strip())
    if match:
        return rows[rows["row_id"] == match.group(1)]
    return rows[rows["place"] == clicked_tooltip.strip()]


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
