"""The analyst's rows on the map: every row that passes the filters, the points as a `pointcloud`
(only its mask changes with the filters), the shapes as GeoJSON; the popups of the rows a click
selects. A click on a dot or a cell selects its rows; a shape's tooltip ends with its row id, a
click on a place picks its rows.
"""

from __future__ import annotations

import datetime as dt
import re

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontmap import i18n, safetext, styles
from frontmap.data import explore
from frontmap.data.uploads import ROW_COLUMNS
from frontmap.i18n import _
from frontmap.maps import layers, pointcloud
from frontmap.maps.geojson_layer import GeoJsonLayer, collection

ID_IN_TOOLTIP = re.compile(r"\[([^\[\]]+)\]$")


def tooltip(row) -> str:
    day = row.date.date().isoformat() if pd.notna(row.date) else "undated"
    return f"{safetext.esc(day)}: {safetext.esc(row.title)} [{safetext.esc(row.row_id)}]"


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
    Only the geometry, category and date columns are read: a million rows are never copied whole."""
    is_point = points_of(rows)
    points = rows.geometry.values[is_point]
    colours = rows["category"].to_numpy(dtype=object)[is_point]
    days = rows["date"].to_numpy(dtype="datetime64[ns]")[is_point]
    return pointcloud.encode(shapely.get_x(points), shapely.get_y(points), colours, styles.EVENT_COLOURS, days)


def rows_layer(
    rows: gpd.GeoDataFrame,
    keep: np.ndarray,
    points: pointcloud.Cloud,
    url: str,
    slot: str = "Rows",
    is_point: np.ndarray | None = None,
    since: dt.date | None = None,
    dates: tuple[dt.date, dt.date] | None = None,
    in_range: np.ndarray | None = None,
) -> folium.FeatureGroup:
    """Every row that passes (`keep`, over `rows`) on the map: the points through the cloud served
    at `url` (only the mask is new), the shapes as GeoJSON with their tooltips. `is_point`:
    `points_of(rows)`, where the caller keeps it. `since`: `keep` is just the rows dated from that
    day to the map's (`pointcloud.CloudLayer`). `dates` (first, last): `keep` is every filter but
    these dates, which the points take in the browser, so that a move of the range draws at once;
    `in_range`: `explore.in_dates(rows, *dates)`, where the caller has it."""
    group = folium.FeatureGroup(name=slot)
    is_point = points_of(rows) if is_point is None else is_point
    points_keep = keep[is_point]
    if dates is not None:
        in_range = explore.in_dates(rows, *dates) if in_range is None else in_range
        keep = keep & in_range
        points_keep = points_keep & (in_range[is_point] | ~points.dates_lost)  # (those only the server can judge)
    mask = pointcloud.mask_text(points_keep)
    pointcloud.CloudLayer(points, url, mask, slot, since=since, dates=dates).add_to(group)
    shapes = rows[~is_point & keep]
    if not shapes.empty:
        style = {"color": "#CC79A7", "weight": 2, "fillOpacity": 0.2, "className": "fm-row-shape"}
        GeoJsonLayer(
            collection(shapes.geometry, [{"style": style, "tooltip": tooltip(r)} for r in shapes.itertuples()]),
            shared=False,  # the rows may hold this session's uploads: they never become a shared file
        ).add_to(group)
    return group


def export_layer(rows: gpd.GeoDataFrame, shape: list | None = None) -> folium.FeatureGroup:
    """All the rows for a file that opens offline: the cloud's points inside it; the lasso's `shape`
    (`lasso.rings_of`) drawn with them."""
    points = cloud(rows)
    group = rows_layer(rows, np.ones(len(rows), dtype=bool), points, pointcloud.data_url(points.data))
    if shape:
        LassoShape(shape, False, None).add_to(group)
    return group


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
        [styles.EVENT_COLOURS.get(c, pointcloud.GREY) for c in points["category"]],
        "fm-row",
        shared=False,
    )


class LassoShape(MacroElement):
    """The shape that filters the rows (`fmLasso.show`, static/frontmap-lasso.js): drawn on the page's
    map with the lasso's control, or into its group in an exported file."""

    _template = Template(
        "{% macro script(this, kwargs) %}fmLasso.show({{ this._parent.get_name() }}, {{ this.rings|tojson }}, "
        "{{ this.tool|tojson }}, {{ this.answer|tojson }}, {{ this.words|tojson }});{% endmacro %}"
    )

    def __init__(self, rings: list, tool: bool, answer: object):
        super().__init__()
        self._name = "LassoShape"
        self.rings, self.tool, self.answer = rings, tool, answer
        self.words = lasso_words() if tool else {}


def lasso_words() -> dict:
    """The lasso control's words in the session's language; a count's forms by the browser's plural
    categories, `{n}` in them."""
    return {
        "locale": i18n.js_locale(),
        "draw": _("Draw a shape: keep the rows inside it"),
        "start": _("Click corners or drag around the rows; Esc stops"),
        "corners": i18n.plural_forms(
            "{n} corner: double-click or click the first to close; Esc drops it",
            "{n} corners: double-click or click the first to close; Esc drops it",
        ),
        "inside": i18n.plural_forms("Rows inside the shape ({n} polygon)", "Rows inside the shape ({n} polygons)"),
        "clear": _("Clear shape"),
    }


def lasso_layer(rings: list, tool: bool = True, answer: object = None) -> folium.FeatureGroup:
    """The lasso's shape (`lasso.rings_of`) and, where `tool`, its control; `answer`: the last
    drawing the page has read (the map then drops what it drew while waiting)."""
    group = folium.FeatureGroup(name="Shape", control=False)
    LassoShape(rings, tool, answer).add_to(group)
    return group
