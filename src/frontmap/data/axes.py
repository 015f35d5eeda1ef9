"""DeepState's directions of attack: the arrows of its snapshots as points with a bearing.

DeepState marks a direction of attack with a point named "Напрямок удару /// Direction of attack"
whose icon, `{icon=arrow_1}` to `{icon=arrow_16}` in its description, is an arrow turned one of 16
ways; the bearing is written nowhere else. Measured against each snapshot's own front line
(`measured_bearing`, `fit`; docs/attack-axes.md, scripts/axis_bearings.py), icon arrow_N points
N x 22.5 degrees clockwise from north: arrow_4 east, arrow_8 south, arrow_12 west, arrow_16 north.

`scripts/derive_geo.py` writes data/geo's attack_axes.geojson with `snapshot_axes`, and
`python -m frontmap db add-snapshot` stores a day's with the same function.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
import shapely.ops

from frontmap.data import timeline
from frontmap.i18n import N_

ICONS = tuple(f"arrow_{n}" for n in range(1, 17))
STEP = 22.5  # 16 icons, a turn
_ICON = re.compile(r"\{icon=(arrow_\d{1,2})\}")
# DeepState's names for the point (English, Ukrainian only, and typos): "direction of escapement"
# (a retreat) and numbered points that happen to use the arrow are not attacks.
ATTACK_WORDS = ("direction of attack", "напрямок удару", "напрямок атак")
MEASURE_KM = 3.0  # the stretch of line on either side of its nearest point whose sides are compared
COMPASS = (  # (marked for the catalogue, said with `_`)
    N_("N"),
    N_("NNE"),
    N_("NE"),
    N_("ENE"),
    N_("E"),
    N_("ESE"),
    N_("SE"),
    N_("SSE"),
    N_("S"),
    N_("SSW"),
    N_("SW"),
    N_("WSW"),
    N_("W"),
    N_("WNW"),
    N_("NW"),
    N_("NNW"),
)


def icon_bearing(icon: str) -> float:
    """The bearing DeepState's arrow icon points, in degrees clockwise from north."""
    return int(icon.removeprefix("arrow_")) * STEP % 360


def compass(bearing: float) -> str:
    """`270°, west-facing` said short: "W"."""
    return COMPASS[round(bearing / STEP) % 16]


def is_attack(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in ATTACK_WORDS)


def snapshot_axes(frame, ukraine) -> list[tuple[shapely.Point, str]]:
    """A snapshot's directions of attack inside `ukraine` (the control areas' region,
    `deepstate.ukraine_area`): (point, icon), in the file's order. The current export has none."""
    if not {"name", "description"} <= set(frame.columns):
        return []
    found = []
    for name, description, geom in zip(frame["name"].fillna(""), frame["description"].fillna(""), frame.geometry):
        icon = _ICON.search(str(description))
        if icon is None or icon.group(1) not in ICONS or not is_attack(str(name)):
            continue
        if geom is None or geom.geom_type != "Point" or not ukraine.contains(geom):
            continue
        found.append((shapely.Point(round(geom.x, 5), round(geom.y, 5)), icon.group(1)))
    return found


def _local_km(geom, lon: float, lat: float):
    """`geom` in km east and north of (lon, lat): true to a few per cent within tens of km."""
    east = math.cos(math.radians(lat)) * 111.32
    return shapely.transform(geom, lambda xy: np.column_stack([(xy[:, 0] - lon) * east, (xy[:, 1] - lat) * 110.57]))


def measured_bearing(point: shapely.Point, held, land) -> float | None:
    """The bearing across the nearest stretch of the front line out of Russian-held ground, in
    degrees clockwise from north: from the part of `held` within MEASURE_KM of the line's point
    nearest to `point` to the part of the rest of `land` (Ukrainian-held) there, centre to centre.
    None where no line runs within about 50 km. `held`: what Russia held that day (its own land
    with it, for attacks across the border); `land`: Ukraine and Russia."""
    lon, lat = point.x, point.y
    near = shapely.box(lon - 0.8, lat - 0.5, lon + 0.8, lat + 0.5)
    ours = _local_km(shapely.intersection(held, near), lon, lat)
    theirs = _local_km(shapely.difference(shapely.intersection(land, near), held), lon, lat)
    if ours.is_empty or theirs.is_empty:
        return None
    line = shapely.intersection(theirs.boundary, ours.buffer(0.05))
    if line.is_empty:
        return None
    on_line = shapely.ops.nearest_points(line, shapely.Point(0, 0))[0]
    disc = on_line.buffer(MEASURE_KM)
    start, end = shapely.intersection(ours, disc).centroid, shapely.intersection(theirs, disc).centroid
    if start.is_empty or end.is_empty:
        return None
    return math.degrees(math.atan2(end.x - start.x, end.y - start.y)) % 360


def turn(a: float, b: float) -> float:
    """Bearing a less bearing b, in [-180, 180)."""
    return (a - b + 180) % 360 - 180


def measure_all(points: pd.DataFrame, control_areas, countries) -> list[float | None]:
    """`measured_bearing` of each point (columns `day`, `geometry`) against the front line of its
    day in `control_areas`, Russia's own land counted as held, Ukraine and Russia as the land."""
    russia = shapely.union_all(countries.loc[countries["name"] == "Russia", "geometry"].values)
    land = shapely.union_all(countries.loc[countries["name"].isin(["Ukraine", "Russia"]), "geometry"].values)
    held: dict = {}
    out = []
    for day, point in zip(points["day"], points.geometry):
        if day not in held:
            areas = timeline.russian_held(timeline.control_on(control_areas, day))
            held[day] = shapely.union_all([*areas.geometry.values, russia])
        out.append(measured_bearing(point, held[day], land))
    return out


@dataclass(frozen=True)
class Agreement:
    """How one icon's points agree with a bearing: their count, circular mean, circular standard
    deviation (the spread) and the share within 45 degrees of the bearing."""

    icon: str
    count: int
    mean: float
    spread: float
    within_45: float


def agreement(icon: str, measured: list[float], bearing: float) -> Agreement:
    rad = np.radians(measured)
    s, c = float(np.sin(rad).mean()), float(np.cos(rad).mean())
    r = max(math.hypot(s, c), 1e-12)
    within = float(np.mean([abs(turn(m, bearing)) <= 45 for m in measured]))
    return Agreement(icon, len(measured), math.degrees(math.atan2(s, c)) % 360, math.degrees(math.sqrt(-2 * math.log(r))), within)


def fit(icons: list[str], measured: list[float]) -> tuple[int, float, float]:
    """The 16 icons as 16 bearings STEP apart that best agree with the measured bearings: the
    direction of numbering (1 clockwise, -1 counter-clockwise), arrow_1's bearing (to 0.5 degree)
    and the share of points within 45 degrees of their icon's bearing."""
    numbers = np.array([int(i.removeprefix("arrow_")) - 1 for i in icons])
    rad = np.radians(np.asarray(measured))
    best = (-2.0, 1, 0.0)
    for direction in (1, -1):
        for offset in np.arange(0, 360, 0.5):
            assigned = np.radians(offset + direction * numbers * STEP)
            score = float(np.cos(rad - assigned).mean())
            best = max(best, (score, direction, float(offset)))
    _, direction, offset = best
    diff = (np.degrees(rad) - (offset + direction * numbers * STEP) + 180) % 360 - 180
    return direction, offset, float(np.mean(np.abs(diff) <= 45))
