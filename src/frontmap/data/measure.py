"""Measures on the control map: area that changed hands (equal-area), distance to the line (geodesic).

Areas are computed in ETRS89 / LAEA Europe (EPSG:3035), an equal-area projection that covers
Ukraine. Distances are geodesic on the WGS84 ellipsoid between the nearest points (found in the
projection, measured on the ellipsoid), so neither depends on a projection's scale error.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from shapely.ops import nearest_points

from frontmap import cache, i18n, styles
from frontmap.data import timeline
from frontmap.i18n import _

EQUAL_AREA = "EPSG:3035"
GEOD = Geod(ellps="WGS84")
# GeoJSON edges are straight in longitude/latitude; projected as they are, a long edge becomes a
# chord that cuts the corner (60 m over one degree at 47 N). Densified first, edges stay true.
DENSIFY_DEGREES = 0.005


# Making a transformer takes about 55 ms (GeoSeries.to_crs makes one on each call: most of a date
# step's measuring); using one takes microseconds. pyproj makes a transformer's PROJ object anew on
# each thread that uses it, and Streamlit runs every script run on a new thread: so the projecting
# is done on one long-lived thread of its own, where each direction is made once per process.
_projector = ThreadPoolExecutor(max_workers=1, thread_name_prefix="frontmap-projection")
_transformers: dict[bool, Transformer] = {}  # used on the projector's thread only


def _project_there(geoms: np.ndarray, to_equal_area: bool) -> np.ndarray:
    transformer = _transformers.get(to_equal_area)
    if transformer is None:
        source, target = ("EPSG:4326", EQUAL_AREA) if to_equal_area else (EQUAL_AREA, "EPSG:4326")
        transformer = _transformers[to_equal_area] = Transformer.from_crs(source, target, always_xy=True)
    return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _project(geoms, to_equal_area: bool) -> np.ndarray:
    return _projector.submit(_project_there, np.asarray(geoms, dtype=object), to_equal_area).result()


def to_equal_area(geoms: list) -> gpd.GeoSeries:
    dense = shapely.segmentize(np.asarray(geoms, dtype=object), DENSIFY_DEGREES)
    return gpd.GeoSeries(_project(dense, True), crs=EQUAL_AREA)


@cache.once
def russian_held_union(control_areas: gpd.GeoDataFrame, day: dt.date):
    """Everything Russian-held on a day, as one geometry in WGS84 (empty before the first line)."""
    held = timeline.russian_held(timeline.control_on(control_areas, day))
    return shapely.union_all(held.geometry.values) if not held.empty else shapely.Polygon()


def area_km2(geom) -> float:
    """Area of a WGS84 geometry in km², in the equal-area projection."""
    return float(to_equal_area([geom]).area.iloc[0]) / 1e6


@dataclass
class Change:
    first: dt.date
    last: dt.date
    to_ukraine_km2: float
    to_russia_km2: float
    by_oblast: pd.DataFrame  # oblast, to_ukraine_km2, to_russia_km2


def changed_hands(
    control_areas: gpd.GeoDataFrame, oblasts: gpd.GeoDataFrame, first: dt.date, last: dt.date
) -> Change:
    """Land that left Russian hands between two days, and land that came into them, in total and by oblast."""
    before, after = russian_held_union(control_areas, first), russian_held_union(control_areas, last)
    lost, gained = to_equal_area([before.difference(after), after.difference(before)])
    regions = to_equal_area(list(oblasts.geometry))
    table = pd.DataFrame(
        {
            "oblast": oblasts["name"].values,
            "to_ukraine_km2": [g.intersection(lost).area / 1e6 for g in regions],
            "to_russia_km2": [g.intersection(gained).area / 1e6 for g in regions],
        }
    )
    table = table[(table["to_ukraine_km2"] >= 0.5) | (table["to_russia_km2"] >= 0.5)]
    table = table.sort_values("to_ukraine_km2", ascending=False, ignore_index=True).round(1)
    return Change(first, last, lost.area / 1e6, gained.area / 1e6, table)


OUTSIDE_OUTLINES = "between the oblast outlines (river, coast)"


def change_pieces(
    control_areas: gpd.GeoDataFrame, oblasts: gpd.GeoDataFrame, first: dt.date, last: dt.date
) -> gpd.GeoDataFrame:
    """The land that changed hands between two days, cut by oblast, to draw: `kind` ("lost" by
    Russia, "gained" by it), `oblast`, `km2` (equal-area), WGS84 geometry; slivers under 0.5 km²
    left out, as in `changed_hands`."""
    before, after = russian_held_union(control_areas, first), russian_held_union(control_areas, last)
    # The oblast outlines leave gaps along rivers and coasts (Kherson city lies in one): what falls
    # in no outline is a piece of its own, so that all of the change is drawn.
    regions = [*zip(oblasts["name"], oblasts.geometry), (OUTSIDE_OUTLINES, None)]
    everywhere = shapely.union_all(oblasts.geometry.values)
    rows = []
    for kind, changed in (("lost", before.difference(after)), ("gained", after.difference(before))):
        if changed.is_empty:
            continue
        for name, region in regions:
            piece = changed.difference(everywhere) if region is None else changed.intersection(region)
            if not piece.is_empty and (km2 := area_km2(piece)) >= 0.5:
                rows.append({"kind": kind, "oblast": name, "km2": km2, "geometry": piece})
    frame = pd.DataFrame(rows, columns=["kind", "oblast", "km2", "geometry"])
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def earlier_line(control_areas: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, day: dt.date):
    """The edge of the land Russia held on a day, without its stretches along Ukraine's own border
    and coast: the front line of that day, to draw as a ghost under a later one."""
    return front_edge(russian_held_union(control_areas, day), countries)


def front_edge(held, countries: gpd.GeoDataFrame):
    """The edge of a Russian-held area inside Ukraine: its boundary less Ukraine's own border and coast."""
    ukraine = countries[countries["name"] == "Ukraine"].geometry
    if held.is_empty:
        return held
    if ukraine.empty:
        return held.boundary
    return held.boundary.difference(ukraine.iloc[0].boundary.buffer(0.02))


def held_area_by_day(control_areas: gpd.GeoDataFrame, region=None) -> pd.DataFrame:
    """Russian-held area per day, by status (`occupied_2022`, `occupied_2014`, `crimea`), in km²:
    each polygon's equal-area area (within `region`, a WGS84 geometry, when given) counted on every
    day it is valid. Columns: day, status, km2."""
    held = control_areas[control_areas["status"].isin(timeline.RUSSIAN_HELD)]
    geoms = list(held.geometry) if region is None else [g.intersection(region) for g in held.geometry]
    km2 = to_equal_area(geoms).area.to_numpy() / 1e6
    last = held["valid_to"].max()
    rows = []
    for status, start, end, area in zip(held["status"], held["valid_from"], held["valid_to"], km2):
        for day in pd.date_range(start, end if pd.notna(end) else last, freq="D"):
            rows.append((day, status, area))
    frame = pd.DataFrame(rows, columns=["day", "status", "km2"])
    return frame.groupby(["day", "status"], as_index=False)["km2"].sum()


def km2_changed(lost: float, gained: float, where: str = "", short: bool = False) -> str:
    """The land that changed hands, in the one wording every page, slide and export uses:
    "12 km² ceased to be Russian-held (where), 3 km² became Russian-held" (in the session's
    language; `short`: a headline's "4,6 тис. км²")."""
    lost_words, gained_words = _(styles.CHANGE_STYLE["lost"]["label"]), _(styles.CHANGE_STYLE["gained"]["label"])
    return (
        f"{i18n.km2(lost, short)} {lost_words}"
        + (f" ({where})" if where else "")
        + f", {i18n.km2(gained, short)} {gained_words}"
    )


def describe(change: Change, top: int = 3, names: dict[str, str] | None = None) -> str:
    """The change in one line of plain text, with the largest oblasts (`names`: theirs in the
    session's language) and the method."""
    lost = change.by_oblast[change.by_oblast["to_ukraine_km2"] >= 1].head(top)
    names = names or {}
    where = "; ".join(f"{names.get(o, o)} {i18n.number(km, 0)}" for o, km in zip(lost["oblast"], lost["to_ukraine_km2"]))
    return km2_changed(change.to_ukraine_km2, change.to_russia_km2, where, short=True) + _(
        ": DeepStateMap's lines of {first} and {last}, measured equal-area (EPSG:3035)"
    ).format(first=change.first.isoformat(), last=change.last.isoformat())


def oblast_names(oblasts: gpd.GeoDataFrame) -> dict[str, str]:
    """The oblasts' names in the session's language: Ukrainian from OpenStreetMap's `name:uk`."""
    if i18n.is_english() or "name_uk" not in oblasts.columns:
        return {}
    return {en: uk for en, uk in zip(oblasts["name"], oblasts["name_uk"]) if isinstance(uk, str) and uk}


def geodesic_km(a: shapely.Point, b: shapely.Point) -> float:
    return GEOD.inv(a.x, a.y, b.x, b.y)[2] / 1000


def distance_km(point: shapely.Point, geom) -> float | None:
    """Geodesic distance from a WGS84 point to the nearest part of a WGS84 geometry; 0 inside it."""
    if geom.is_empty:
        return None
    if geom.covers(point):
        return 0.0
    series = to_equal_area([point, geom])
    near = nearest_points(series.iloc[0], series.iloc[1])[1]
    near_wgs = _project([near], False)[0]
    return geodesic_km(point, near_wgs)


def distance_to_russian_held(
    control_areas: gpd.GeoDataFrame, point: shapely.Point, day: dt.date
) -> float | None:
    return distance_km(point, russian_held_union(control_areas, day))


def default_place(names: list[str], preferred: str = "Kherson") -> int | None:
    """The distance selector's first choice: Kherson where the data has it, else the first place."""
    if not names:
        return None
    return names.index(preferred) if preferred in names else 0
