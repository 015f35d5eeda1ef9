"""DeepStateMap's snapshots as control areas: which polygons count, with what status, simplified how.

`scripts/derive_geo.py` derives data/geo's control areas from the archive with these functions, and
`python -m frontmap db add-snapshot` adds one day to the store with the same ones.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import shapely

from frontmap import limits
from frontmap.data.geometry import check_shape
from frontmap.store import snapshots

GRID = 1e-5
# Douglas-Peucker tolerance in degrees: 0.0009 deg is 100 m north-south and about 65 m east-west at
# 47 N, so no simplified edge moves more than about 100 m from DeepState's line.
CONTROL_TOLERANCE = 0.0009
SOURCE = "DeepStateMap (deepstatemap.live), via the DanielRose2310/deepstatemaps-history archive"

# DeepState colours its layers consistently across 2022; the names drift (English, Ukrainian, typos).
GREY_FILLS = {"#bcaaa4", "#bdbdbd", "#757575"}
OCCUPIED_FILL = "#a52714"
SINCE_2014_FILLS = {"#880e4f", "#000000"}
CRIMEA_WORDS = ("crimea", "крим", "tuzla", "тузла")


def snap(geom):
    return shapely.set_precision(geom, GRID)


def classify(fill: str, name: str) -> str | None:
    """Control status of a DeepState polygon, or None when it is not part of the control map."""
    lowered = name.lower()
    if fill == OCCUPIED_FILL:
        return "occupied_2022"
    if fill in GREY_FILLS:
        return "grey_zone"
    if fill in SINCE_2014_FILLS:
        return "crimea" if any(w in lowered for w in CRIMEA_WORDS) else "occupied_2014"
    return None


def polygonal_parts(geom):
    """The polygons of any geometry, made valid and 2D, or None when it has none (points, lines)."""
    if geom is None:
        return None
    polygons = [
        shapely.make_valid(p)
        for p in shapely.get_parts(shapely.force_2d(geom))
        if p.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(polygons) if polygons else None


def ukraine_area(oblasts: gpd.GeoDataFrame):
    """Ukraine with a margin, so that Transnistria, Abkhazia and the rest of DeepState's far-away
    layers fall out while islands and the Kerch strait stay in."""
    return shapely.union_all(oblasts.geometry.values).buffer(0.1)


def snapshot_areas(frame: gpd.GeoDataFrame, ukraine) -> dict[str, object]:
    """One snapshot's polygons merged by status and simplified, in status order."""
    if not {"fill", "name"} <= set(frame.columns):
        raise ValueError("not a DeepState snapshot: its features need 'fill' and 'name' properties")
    parts: dict[str, list] = {}
    for fill, name, geom in zip(frame["fill"], frame["name"].fillna(""), frame.geometry):
        status = classify(fill, name)
        polygons = polygonal_parts(geom)  # early snapshots wrap Crimea in a GeometryCollection
        if status is None or polygons is None or not ukraine.contains(polygons.representative_point()):
            continue
        parts.setdefault(status, []).append(polygons)
    areas = {}
    for status in sorted(parts):
        merged = shapely.union_all(parts[status])
        simple = shapely.make_valid(merged.simplify(CONTROL_TOLERANCE, preserve_topology=True))
        areas[status] = snap(shapely.union_all([g for g in getattr(simple, "geoms", [simple]) if g.area > 0]))
    return areas


SNAPSHOT_KINDS = ("Polygon", "MultiPolygon")


def read_snapshot(path: Path) -> gpd.GeoDataFrame:
    if path.stat().st_size > limits.MAX_UPLOAD_BYTES:
        raise ValueError(f"larger than {limits.MAX_UPLOAD_BYTES // limits.MB} MB")
    try:
        return gpd.read_file(path)
    except Exception as err:  # pyogrio's errors name no common base
        raise ValueError(f"not a readable GeoJSON file ({str(err)[:200]})") from err


def add_snapshot(url: str, path: Path, day: dt.date) -> str:
    """A DeepState snapshot as the store's control areas from `day` on (`store.snapshots.add`):
    its polygons chosen, merged by status and simplified as `scripts/derive_geo.py` does."""
    frame = read_snapshot(path)

    def areas_of(oblasts: list) -> dict:
        areas = snapshot_areas(frame, ukraine_area(gpd.GeoDataFrame(geometry=oblasts)))
        for status, geom in areas.items():
            _, problem = check_shape(geom, SNAPSHOT_KINDS)
            if problem:
                raise ValueError(f"{status}: {problem}")
        if not areas:
            raise ValueError("no control area in it (no polygon with DeepState's colours inside Ukraine)")
        return areas

    return snapshots.add(url, day, areas_of, SOURCE)
