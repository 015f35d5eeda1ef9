"""Geometry checks shared by the shipped data and uploads: parsable, valid, in WGS84, in the region."""

from __future__ import annotations

import shapely
from shapely.geometry import box, shape
from shapely.validation import explain_validity

# The theatre: the box Natural Earth's layers were clipped to (Ukraine, its neighbours, the Black Sea).
THEATRE = box(20.0, 43.0, 42.5, 53.5)
# A hair of tolerance: Natural Earth's Russia reaches 180.00000000000006, a float's rounding, not an error.
WGS84 = box(-180.0 - 1e-9, -90.0 - 1e-9, 180.0 + 1e-9, 90.0 + 1e-9)


def outside_wgs84(geom) -> bool:
    return not WGS84.covers(geom)


def outside_theatre(geom) -> bool:
    return not THEATRE.intersects(geom)


GEOJSON_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


def check_geometry(raw, kinds: tuple[str, ...]):
    """Parse a GeoJSON geometry (or take a shapely one, as the store reads it); return (geometry,
    None) or (None, what is wrong with it)."""
    if isinstance(raw, shapely.Geometry):
        return check_shape(raw, kinds)
    if not raw:
        return None, "feature has no geometry"
    if not isinstance(raw, dict):
        return None, f"geometry is a {type(raw).__name__}, not a GeoJSON object"
    if raw.get("type") not in GEOJSON_TYPES:
        return None, f"unknown geometry type {str(raw.get('type'))[:40]!r}; expected {' or '.join(kinds)}"
    try:
        geom = shape(raw)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError) as err:
        return None, f"unreadable geometry: {str(err)[:200]}"
    return check_shape(geom, kinds)


def check_shape(geom, kinds: tuple[str, ...]):
    if geom.geom_type not in kinds:
        return None, f"geometry is a {geom.geom_type}; expected {' or '.join(kinds)}"
    if geom.is_empty:
        return None, f"empty {geom.geom_type}"
    geom = shapely.force_2d(geom)
    if outside_wgs84(geom):
        return None, f"coordinates outside WGS84 (bounds {tuple(round(b, 3) for b in geom.bounds)})"
    if not geom.is_valid:
        reason = explain_validity(geom)
        kind = "self-intersecting" if "Self-intersection" in reason or "Ring Self" in reason else "invalid"
        return None, f"{kind} {geom.geom_type}: {reason}"
    return geom, None
