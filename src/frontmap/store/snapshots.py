"""A day added to the store: a DeepState snapshot becomes that day's control areas.

The polygons are chosen, merged by status and simplified as `scripts/derive_geo.py` does
(`data/deepstate.py`), from either of DeepState's layouts: the archive's named features or the
current single-MultiPolygon export (split by the latest day's Crimea and 2014 areas). The ranges that held on the day end the day before; the new ones hold from
the day to the later of the day and the end of the ranges they replace, so the dashboard's span
grows with the data (`timeline.follow`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import shapely

from frontmap import limits, store
from frontmap.data import deepstate
from frontmap.data.geometry import check_shape

KINDS = ("Polygon", "MultiPolygon")


def read_snapshot(path: Path) -> gpd.GeoDataFrame:
    if path.stat().st_size > limits.MAX_UPLOAD_BYTES:
        raise ValueError(f"larger than {limits.MAX_UPLOAD_BYTES // limits.MB} MB")
    try:
        return gpd.read_file(path)
    except Exception as err:  # pyogrio's errors name no common base
        raise ValueError(f"not a readable GeoJSON file ({str(err)[:200]})") from err


def add_snapshot(url: str, path: Path, day: dt.date) -> str:
    frame = read_snapshot(path)
    with store.connect(url) as conn, conn.transaction():
        conn.execute("LOCK TABLE control_areas IN EXCLUSIVE MODE")  # two adds at once queue up
        oblasts = [shapely.from_wkb(g) for (g,) in conn.execute("SELECT ST_AsBinary(geom) FROM oblasts")]
        if not oblasts:
            raise ValueError("the store has no oblasts: import a data folder first (db import)")
        # The current export's one MultiPolygon takes Crimea and the 2014 areas from the latest day held
        reference = {
            status: shapely.from_wkb(geom)
            for status, geom in conn.execute(
                "SELECT status, ST_AsBinary(ST_Union(geom)) FROM control_areas WHERE valid_to = "
                "(SELECT max(valid_to) FROM control_areas) AND status IN ('crimea', 'occupied_2014') GROUP BY status"
            )
        }
        areas = deepstate.snapshot_areas(frame, deepstate.ukraine_area(gpd.GeoDataFrame(geometry=oblasts)), reference)
        for status, geom in areas.items():
            _, problem = check_shape(geom, KINDS)
            if problem:
                raise ValueError(f"{status}: {problem}")
        if not areas:
            raise ValueError("no control area in it (no polygon with DeepState's colours inside Ukraine)")
        latest, end = conn.execute("SELECT max(snapshot), max(valid_to) FROM control_areas").fetchone()
        if latest is not None and day <= latest:
            raise ValueError(f"{day} is not after the store's latest snapshot ({latest}); days are added in order")
        closed = conn.execute(
            "UPDATE control_areas SET valid_to = %s WHERE valid_from < %s AND valid_to >= %s",
            (day - dt.timedelta(days=1), day, day),
        ).rowcount
        valid_to = max(day, end or day)
        line, number = conn.execute(
            "SELECT coalesce(max(line), 0), coalesce(max(substring(id from '^ca([0-9]+)$')::int), 0) FROM control_areas"
        ).fetchone()
        for offset, (status, geom) in enumerate(areas.items(), start=1):
            conn.execute(
                "INSERT INTO control_areas (line, id, status, valid_from, valid_to, snapshot, source, geom) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, ST_GeomFromWKB(%s, 4326))",
                (line + offset, f"ca{number + offset:04d}", status, day, valid_to, day, deepstate.SOURCE, shapely.to_wkb(geom)),
            )
        version = store.bump(conn)
    return f"{day}: {len(areas)} control area(s) ({', '.join(areas)}) valid to {valid_to}; {closed} earlier range(s) closed on {day - dt.timedelta(days=1)}; store version {version}"
