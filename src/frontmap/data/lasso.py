"""A lasso: the shape an analyst draws on Explore's map to keep only the rows inside it.

A shape is one or more polygons, filled (a hole counts as inside), simplified by Douglas-Peucker to
`TOLERANCE` degrees (within 0.56 km of what was drawn) and written into the link as encoded
polylines (Google's format, 5 decimals; the first vertex not repeated), one a polygon, joined by
commas. Whatever arrives, from a link or from the browser, is checked (numbers, ranges, rings,
limits) and made valid (`shapely.make_valid`) before it filters anything; a refusal says why.

A row is inside when its point is (a line's or polygon's: its representative point, the one the
table shows), tested for all rows at once (`shapely.contains_xy` on the prepared shape).
"""

from __future__ import annotations

import functools
import math

import geopandas as gpd
import numpy as np
import shapely

from frontmap import i18n, limits
from frontmap.i18n import _

TOLERANCE = 0.005  # degrees: 0.56 km of latitude at most, less of longitude
SCALE = 1e5  # the encoded polyline's precision (Google's): 1.1 m
SEPARATOR = ","  # between polygons: not a character of the polyline alphabet (63-126)


class ShapeError(ValueError):
    """What is wrong with a shape, said to the analyst (in the session's language)."""


def _too_many(n: int) -> str:
    return i18n.ngettext("{n} polygon; the limit is {limit}", "{n} polygons; the limit is {limit}", n).format(
        n=i18n.number(n), limit=limits.MAX_SHAPE_POLYGONS
    )


# ---- encoded polylines ----
def _encode_number(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    out = []
    while value >= 0x20:
        out.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    out.append(chr(value + 63))
    return "".join(out)


def encode_ring(ring: list[tuple[float, float]]) -> str:
    """(lon, lat) vertices, the ring left open, as an encoded polyline of (lat, lon)."""
    out, last = [], (0, 0)
    for lon, lat in ring:
        here = (round(lat * SCALE), round(lon * SCALE))
        out.append(_encode_number(here[0] - last[0]) + _encode_number(here[1] - last[1]))
        last = here
    return "".join(out)


def decode_ring(text: str) -> list[tuple[float, float]]:
    """An encoded polyline's (lon, lat) vertices; ShapeError where it is not one."""
    numbers, value, shift = [], 0, 0
    for char in text:
        code = ord(char) - 63
        if not 0 <= code < 64:
            raise ShapeError(_("'{char}' is not a character of an encoded polyline").format(char=char))
        value |= (code & 0x1F) << shift
        shift += 5
        if shift > 35:  # (a coordinate needs 6 chunks at most)
            raise ShapeError(_("a number in it is too long"))
        if code < 0x20:
            numbers.append(~(value >> 1) if value & 1 else value >> 1)
            value, shift = 0, 0
    if shift or len(numbers) % 2:
        raise ShapeError(_("it ends in the middle of a vertex"))
    lat, lon = np.cumsum(numbers[0::2]) / SCALE, np.cumsum(numbers[1::2]) / SCALE
    if len(lat) and (np.abs(lat).max() > 90 or np.abs(lon).max() > 180):
        raise ShapeError(_("a vertex is outside latitude -90..90 or longitude -180..180"))
    return list(zip(lon.tolist(), lat.tolist()))


# ---- shapes ----
def _filled(geom) -> list[shapely.Polygon]:
    """The polygonal parts of `geom`, each without its holes."""
    parts = shapely.get_parts(shapely.get_parts(geom))  # (make_valid may give a collection of multi-parts)
    return [shapely.Polygon(p.exterior) for p in parts if isinstance(p, shapely.Polygon) and not p.is_empty]


def from_rings(rings: list[list[tuple[float, float]]], simplify: bool = True) -> shapely.MultiPolygon:
    """The shape of some rings of (lon, lat), each made valid and filled, together; simplified to
    TOLERANCE (a drawing; a link's shape was simplified when it was drawn), each polygon's corners
    from a fixed one (`shapely.normalize`: the same shape, the same text); ShapeError where nothing
    with an area is left or it is over a limit."""
    parts = []
    for ring in rings:
        if len(ring) < 3:
            raise ShapeError(_("a polygon needs 3 corners or more"))
        polygon = shapely.make_valid(shapely.Polygon(ring))
        parts += _filled(polygon)
    whole = shapely.union_all(parts) if parts else shapely.Polygon()
    polygons = [p.simplify(TOLERANCE, preserve_topology=True) if simplify else p for p in _filled(whole)]
    polygons = [shapely.normalize(p) for p in polygons if p.area > 0]
    if not polygons:
        raise ShapeError(_("it encloses no area"))
    if len(polygons) > limits.MAX_SHAPE_POLYGONS:
        raise ShapeError(_too_many(len(polygons)))
    most = max(len(p.exterior.coords) - 1 for p in polygons)
    if most > limits.MAX_SHAPE_VERTICES:
        raise ShapeError(
            _(
                "a polygon has {n} corners after simplifying to {tolerance}°; the limit is "
                "{limit} a polygon (draw it with fewer turns)"
            ).format(n=i18n.number(most), tolerance=i18n.number(TOLERANCE), limit=i18n.number(limits.MAX_SHAPE_VERTICES))
        )
    return shapely.MultiPolygon(sorted(polygons, key=lambda p: p.bounds))


def encode(shape: shapely.MultiPolygon) -> str:
    """The link's text of a shape (from `from_rings`)."""
    return SEPARATOR.join(encode_ring(list(p.exterior.coords)[:-1]) for p in shape.geoms)


def rings_of(shape: shapely.MultiPolygon) -> list[list[list[float]]]:
    """Each polygon's corners as [lat, lon] (Leaflet's order), for the map to draw."""
    return [[[round(lat, 5), round(lon, 5)] for lon, lat in list(p.exterior.coords)[:-1]] for p in shape.geoms]


@functools.lru_cache(maxsize=32)
def parse(text: str) -> tuple[shapely.MultiPolygon, str]:
    """A shape from the link: (the shape, its text as this app writes it); ShapeError why not."""
    if len(text) > limits.MAX_SHAPE_CHARS:
        raise ShapeError(
            _("{n} characters; the limit is {limit}").format(n=i18n.number(len(text)), limit=i18n.number(limits.MAX_SHAPE_CHARS))
        )
    pieces = text.split(SEPARATOR)
    if len(pieces) > limits.MAX_SHAPE_POLYGONS:
        raise ShapeError(_too_many(len(pieces)))
    rings = []
    for piece in pieces:
        ring = decode_ring(piece.strip())
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        if len(ring) > limits.MAX_SHAPE_VERTICES:
            raise ShapeError(
                _("a polygon has {n} corners; the limit is {limit} a polygon").format(
                    n=i18n.number(len(ring)), limit=i18n.number(limits.MAX_SHAPE_VERTICES)
                )
            )
        rings.append(ring)
    shape = from_rings(rings, simplify=False)
    return shape, encode(shape)


def from_drawing(drawn: object) -> shapely.MultiPolygon:
    """A shape the browser sends: a list of rings, each a list of [lat, lon] numbers; ShapeError why not."""
    if not isinstance(drawn, list) or not drawn:
        raise ShapeError(_("no polygon"))
    if len(drawn) > limits.MAX_SHAPE_POLYGONS:
        raise ShapeError(_too_many(len(drawn)))
    rings = []
    for ring in drawn:
        if not isinstance(ring, list) or len(ring) > limits.MAX_DRAWN_VERTICES:
            raise ShapeError(
                _("a polygon is not a list of at most {limit} corners").format(limit=i18n.number(limits.MAX_DRAWN_VERTICES))
            )
        corners = []
        for corner in ring:
            if not (isinstance(corner, list) and len(corner) == 2 and all(_number(x) for x in corner)):
                raise ShapeError(_("a corner is not two numbers"))
            lat, lon = corner
            if abs(lat) > 90 or abs(lon) > 180:
                raise ShapeError(_("a corner is outside latitude -90..90 or longitude -180..180"))
            corners.append((round(lon, 5), round(lat, 5)))
        rings.append(corners)
    return from_rings(rings)


def _number(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def row_points(rows: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's x and y: a point's own, another geometry's representative point (NaN: none)."""
    geoms = rows.geometry.values
    is_point = shapely.get_type_id(geoms) == 0
    x, y = shapely.get_x(geoms[is_point]), shapely.get_y(geoms[is_point])
    xs, ys = np.full(len(rows), np.nan), np.full(len(rows), np.nan)
    xs[is_point], ys[is_point] = x, y
    others = ~is_point & ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    if others.any():
        points = shapely.point_on_surface(geoms[others])
        xs[others], ys[others] = shapely.get_x(points), shapely.get_y(points)
    return xs, ys


def inside(points: tuple[np.ndarray, np.ndarray], shape: shapely.MultiPolygon) -> np.ndarray:
    """Which of the points (`row_points`) are inside the shape (its edge is outside)."""
    shapely.prepare(shape)
    xs, ys = points
    found = np.zeros(len(xs), dtype=bool)
    placed = ~np.isnan(xs)
    found[placed] = shapely.contains_xy(shape, xs[placed], ys[placed])
    return found
