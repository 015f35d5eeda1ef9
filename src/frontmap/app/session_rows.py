"""A browser session's rows (the source's events and its uploads) and their point cloud, made once
per set of uploads and served to the browser from memory for as long as the session lives.

The cloud's binary copy goes through Streamlit's media file manager: an in-memory file with an
unguessable address, tied to this session and dropped when the session ends (or stops naming it),
never written to disk and never seen by another session.
"""

from __future__ import annotations

import datetime as dt

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from frontmap import i18n
from frontmap.app import streamlit_internals
from frontmap.data import deepstate, explore, timeline
from frontmap.data.dataset import Situation
from frontmap.maps import layers as map_layers
from frontmap.maps import pointcloud, rowmap

_CACHE = "_session_rows"


def uploads() -> list:
    return st.session_state.setdefault("uploads", [])


def made(kind: str, owners: tuple, make):
    """One value per kind per session, made again when the objects it is made from change (they
    are held, and compared by identity): a new upload makes the rows again."""
    held = st.session_state.setdefault(_CACHE, {})
    hit = held.get(kind)
    if hit is None or len(hit[0]) != len(owners) or any(a is not b for a, b in zip(hit[0], owners)):
        hit = held[kind] = (owners, make())
    return hit[1]


def all_rows(sit: Situation, team: list | None = None) -> gpd.GeoDataFrame:
    """The source's events, this session's uploads and the `team` layers it shows (`app.team`), as
    one frame, made once per set of them."""
    files = [*uploads(), *(team or [])]
    return made("all", (sit, *(u.rows for u in files)), lambda: explore.all_rows(sit, files))


def date_order(rows: gpd.GeoDataFrame):
    return made("order", (rows,), lambda: explore.date_order(rows))


def choices(rows: gpd.GeoDataFrame, column: str) -> list[str]:
    """A column's distinct values, found once per set of rows (a pass over 100,000 rows a filter)."""
    return made("choices " + column, (rows,), lambda: explore.choices(rows, column))


def uploaded_rows() -> gpd.GeoDataFrame | None:
    mine = [u.rows for u in uploads() if not u.rows.empty]
    if not mine:
        return None
    return made(
        "mine",
        tuple(mine),
        lambda: gpd.GeoDataFrame(pd.concat(mine, ignore_index=True), geometry="geometry", crs="EPSG:4326"),
    )


def cloud(rows: gpd.GeoDataFrame, name: str) -> tuple[pointcloud.Cloud, str]:
    """The rows' point cloud and the address the browser fetches it from."""
    points = made("cloud " + name, (rows,), lambda: rowmap.cloud(rows))
    return points, serve(points.data, name)


def serve(data: bytes, name: str) -> str:
    """An address for `data`, in memory, for this session (re-named on every run, as Streamlit's
    media files are: a file no run names any more is dropped)."""
    # (in a bare script run, with no server, the data goes inline)
    return streamlit_internals.serve_in_memory(data, name) or pointcloud.data_url(data)


def rows_layer(
    rows: gpd.GeoDataFrame,
    keep,
    name: str,
    since: dt.date | None = None,
    dates: tuple[dt.date, dt.date] | None = None,
    in_range=None,
) -> folium.FeatureGroup:
    """`rowmap.rows_layer` of the session's cloud of `rows` (`since`, `dates`, `in_range`: its own)."""
    points, url = cloud(rows, name)
    is_point = made("points " + name, (rows,), lambda: rowmap.points_of(rows))
    return rowmap.rows_layer(
        rows, keep, points, url, slot=name, is_point=is_point, since=since, dates=dates, in_range=in_range
    )


def upload_layers(day: dt.date) -> list[folium.FeatureGroup]:
    """This session's uploaded rows dated up to the day (undated rows always), as one layer."""
    rows = uploaded_rows()
    if rows is None:
        return []
    keep = explore.matches(rows, explore.Filters(timeline.FIRST_DAY, day))
    return [rows_layer(rows, keep, "Uploads", since=timeline.FIRST_DAY)]


def snapshot_line_layers(countries) -> list[folium.FeatureGroup]:
    """The front lines of the DeepState snapshots this session uploaded, as one layer (made once
    per set of uploads)."""
    mine = uploads()
    lines = made("snapshot lines", tuple(u.rows for u in mine), lambda: deepstate.uploaded_front_lines(mine, countries))
    return [map_layers.snapshot_line_layer([(i18n.say(said), line) for said, line in lines])] if lines else []
