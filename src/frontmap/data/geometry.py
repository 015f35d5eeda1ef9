"""Geometry checks shared by the shipped data and uploads: parsable, valid, in WGS84, in the region."""

from __future__ import annotations

import shapely
from shapely.geometry import box, shape
from shapely.validation import explain_validity

from frontmap.i18n import Msg, msg

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
        return None, msg("feature has no geometry")
    if not isinstance(raw, dict):
        return None, msg("geometry is a {type}, not a GeoJSON object", type=type(raw).__name__)
    if raw.get("type") not in GEOJSON_TYPES:
        return None, msg("unknown geometry type {type}; expected {kinds}", type=repr(str(raw.get("type"))[:40]), kinds=either(kinds))
    try:
        geom = shape(raw)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError) as err:
        return None, msg("unreadable geometry: {error}", error=str(err)[:200])
    return check_shape(geom, kinds)


def either(kinds: tuple[str, ...]) -> Msg | str:
    """"Point or MultiPoint or ...", in the reader's language."""
    return kinds[0] if len(kinds) == 1 else msg("{a} or {b}", a=either(kinds[:-1]), b=kinds[-1])


def check_shape(geom, kinds: tuple[str, ...]):
    if geom.geom_type not in kinds:
        return None, msg("geometry is a {type}; expected {kinds}", type=geom.geom_type, kinds=either(kinds))
    if geom.is_empty:
        return None, msg("empty {type}", type=geom.geom_type)
    geom = shapely.force_2d(geom)
    if outside_wgs84(geom):
        return None, msg("coordinates outside WGS84 (bounds {bounds})", bounds=tuple(round(b, 3) for b in geom.bounds))
    if not geom.is_valid:
        reason = explain_validity(geom)
        if "Self-intersection" in reason or "Ring Self" in reason:
            return None, msg("self-intersecting {type}: {reason}", type=geom.geom_type, reason=reason)
        return None, msg("invalid {type}: {reason}", type=geom.geom_type, reason=reason)
    return geom, None
