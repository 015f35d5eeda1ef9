"""DeepStateMap's snapshots as control areas: which polygons count, with what status, simplified how.

Two layouts: the public archive's daily file (named features with DeepState's `fill` colours and
`name`s, points and far-away layers among them) and DeepState's current export, one MultiPolygon of
everything Russian-held. The second has no statuses: they are taken from a reference day's areas
(Crimea and the areas held since 2014 as they stood), and what is left is counted as since 2022.

`scripts/derive_geo.py` derives data/geo's control areas from the archive with these functions, and
`python -m frontmap db add-snapshot` adds one day to the store with the same ones.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
import shapely.geometry

from frontmap import limits
from frontmap.data import axes, measure
from frontmap.data import problems as file_problems
from frontmap.data.dataset import DEFAULT_DATA_DIR
from frontmap.data.formats import Parsed
from frontmap.data.geometry import check_shape
from frontmap.i18n import Msg, msg, msg_n
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


def layout(frame: gpd.GeoDataFrame) -> str | None:
    """"archive" (named, coloured features), "single" (the current export's polygons, no styles)
    or None when it is neither."""
    if {"fill", "name"} <= set(frame.columns):
        return "archive" if (frame["fill"] == OCCUPIED_FILL).any() else None  # every snapshot has occupied land
    kinds = set(frame.geometry.dropna().geom_type)
    return "single" if 0 < len(frame) <= 3 and kinds <= {"Polygon", "MultiPolygon"} and kinds else None


def single_areas(frame: gpd.GeoDataFrame, ukraine, reference: dict[str, object]) -> dict[str, object]:
    """The current export's Russian-held area split by the reference day's statuses."""
    held = shapely.intersection(polygonal_parts(shapely.union_all(frame.geometry.dropna().values)), ukraine)
    parts: dict[str, object] = {}
    rest = held
    for status in ("crimea", "occupied_2014"):
        if status in reference:
            parts[status] = shapely.intersection(rest, reference[status])
            rest = shapely.difference(rest, reference[status])
    parts["occupied_2022"] = rest
    return _simplified({status: [geom] for status, geom in parts.items() if not geom.is_empty and geom.area > 0})


def _simplified(parts: dict[str, list]) -> dict[str, object]:
    areas = {}
    for status in sorted(parts):
        merged = shapely.union_all(parts[status])
        simple = shapely.make_valid(merged.simplify(CONTROL_TOLERANCE, preserve_topology=True))
        polygons = [g for g in shapely.get_parts(simple) if g.area > 0 and g.geom_type in ("Polygon", "MultiPolygon")]
        if polygons:
            areas[status] = snap(shapely.union_all(polygons))
    return areas


def snapshot_areas(frame: gpd.GeoDataFrame, ukraine, reference: dict[str, object] | None = None) -> dict[str, object]:
    """One snapshot's polygons merged by status and simplified, in status order; either layout."""
    found = layout(frame)
    if found == "single":
        return single_areas(frame, ukraine, reference or {})
    if found is None:
        raise ValueError(msg(
            "not a DeepState snapshot: neither the archive's named features (with DeepState's 'fill' "
            "and 'name') nor the current export's single MultiPolygon"
        ))
    parts: dict[str, list] = {}
    for fill, name, geom in zip(frame["fill"], frame["name"].fillna(""), frame.geometry):
        status = classify(fill, name)
        polygons = polygonal_parts(geom)  # early snapshots wrap Crimea in a GeometryCollection
        if status is None or polygons is None or not ukraine.contains(polygons.representative_point()):
            continue
        parts.setdefault(status, []).append(polygons)
    return _simplified(parts)


# An upload: a snapshot file as rows (one a status) to draw, and the area between it and a day's line
HELD_STATUSES = ("occupied_2022", "occupied_2014", "crimea", "russian_held")
_DAY_IN_NAME = re.compile(r"(20\d\d-\d\d-\d\d)|(?<!\d)(1[4-9]\d{8})(?!\d)")


@functools.cache
def _shipped_ukraine():
    return ukraine_area(gpd.read_file(DEFAULT_DATA_DIR / "oblasts.geojson"))


def _day(name: str, frame: gpd.GeoDataFrame) -> tuple[str, Msg]:
    found = _DAY_IN_NAME.search(name)
    if found and found.group(1):
        return found.group(1), msg("from the file name")
    if found:  # the archive names its files by Unix time
        return dt.datetime.fromtimestamp(int(found.group(2)), dt.UTC).strftime("%Y-%m-%d"), msg("from the file name's Unix time (UTC)")
    if "date" in frame.columns and frame["date"].notna().any():
        return str(frame["date"].dropna().iloc[0])[:10], msg("from its date property")
    return "", msg("not found: name the file by its day (2022-11-12.geojson)")


def _snapshot_frame(features: list) -> gpd.GeoDataFrame | None:
    """The features as a frame when they could be a snapshot (named and coloured, or up to three
    polygons), else None; any feature that is not plain GeoJSON makes it None too."""
    if not all(isinstance(f, dict) and isinstance(f.get("properties") or {}, dict) for f in features):
        return None
    props = [f.get("properties") or {} for f in features]
    styled = any("fill" in p and "name" in p for p in props)
    polygons = 0 < len(features) <= 3 and all(isinstance(f.get("geometry"), dict) and f["geometry"].get("type") in ("Polygon", "MultiPolygon") for f in features)
    if not (styled or polygons):
        return None
    try:
        geoms = [shapely.geometry.shape(f["geometry"]) if isinstance(f.get("geometry"), dict) else None for f in features]
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, shapely.errors.ShapelyError):
        return None
    table = pd.DataFrame([{str(k): v for k, v in p.items() if k != "geometry"} for p in props], index=range(len(props)))
    for column in ("fill", "name"):
        if column in table:
            table[column] = table[column].where(table[column].notna(), "").astype(str)
    return gpd.GeoDataFrame(table, geometry=geoms)


def read_upload(name: str, features: list) -> Parsed | None:
    """A DeepState snapshot uploaded, as one row a status within Ukraine; None when the file is not
    one (then it is read as any GeoJSON). The current export counts only if its name says DeepState
    or it is the size of a front (several thousand km²), so that one drawn area is not taken for it."""
    frame = _snapshot_frame(features)
    found = layout(frame) if frame is not None else None
    said_so = "deepstate" in name.lower()
    if found == "archive" and not (said_so or frame["name"].str.contains(" /// ", regex=False).any()):
        return None  # a styled GeoJSON (geojson.io's `fill`) whose colour happens to be DeepState's
    if found is None or found == "single" and not said_so and shapely.union_all(frame.geometry.values).area < 1.0:
        return None
    ukraine = _shipped_ukraine()
    if found == "single":
        held = shapely.intersection(polygonal_parts(shapely.union_all(frame.geometry.dropna().values)), ukraine)
        areas = _simplified({"russian_held": [held]}) if not held.is_empty else {}
        said = msg("DeepState's current export: one MultiPolygon of all that is Russian-held (no statuses in it)")
    else:
        areas = snapshot_areas(frame, ukraine)
        said = msg_n(
            "DeepState archive layout: {n} feature, kept by their colours as {statuses}",
            "DeepState archive layout: {n} features, kept by their colours as {statuses}",
            len(frame), statuses=", ".join(areas) or msg("nothing"),
        )
    day, whence = _day(name, frame)
    records = [
        {"title": f"DeepState snapshot {day}: {status.replace('_', ' ')}", "category": status, "date": day,
         "source": f"DeepStateMap snapshot, uploaded as {name}"}
        for status in areas
    ]
    problems = [] if areas else [file_problems.problem(name, None, msg("no polygon with DeepState's colours inside Ukraine; nothing to draw"))]
    places = [f"status {status}" for status in areas]
    return Parsed("DeepState snapshot", pd.DataFrame(records), places, list(areas.values()), problems, [said, msg("day {day} {whence}", day=day or "?", whence=whence)])


def compared_with_shipped(rows: gpd.GeoDataFrame, control_areas: gpd.GeoDataFrame, day: dt.date) -> Msg | None:
    """How an uploaded snapshot's Russian-held area stands beside the shipped line of `day`, in km²
    (equal-area): the area in one and not the other, each way."""
    held = rows[rows["category"].isin(HELD_STATUSES)]
    if held.empty:
        return None
    mine = shapely.union_all(held.geometry.values)
    shipped = measure.russian_held_union(control_areas, day)
    if shipped.is_empty:
        return msg("no shipped front line on {day} to compare it with", day=day)
    only_mine = measure.area_km2(shapely.difference(mine, shipped))
    only_shipped = measure.area_km2(shapely.difference(shipped, mine))
    return msg(
        "{mine} km² Russian-held in the upload against {shipped} km² in the shipped line of {day}: {between} km² between them "
        "({only_mine} km² only in the upload, {only_shipped} km² only in the shipped line)",
        mine=_km2(measure.area_km2(mine)), shipped=_km2(measure.area_km2(shipped)), day=day,
        between=_km2(only_mine + only_shipped), only_mine=_km2(only_mine), only_shipped=_km2(only_shipped),
    )


def _km2(area) -> int:
    return int(round(float(area)))


def uploaded_front_lines(uploads: list, countries: gpd.GeoDataFrame) -> list[tuple[Msg, object]]:
    """Each DeepState snapshot uploaded this session as a front line: (what it is, the line)."""
    lines = []
    for upload in uploads:
        if upload.kind != "DeepState snapshot":
            continue
        held = upload.rows[upload.rows["category"].isin(HELD_STATUSES)]
        if held.empty:
            continue
        days = held["date"].dropna()
        line = measure.front_edge(shapely.union_all(held.geometry.values), countries)
        said = (
            msg("front line of {day} in the uploaded DeepState snapshot {file}", day=f"{days.iloc[0]:%Y-%m-%d}", file=upload.name)
            if not days.empty
            else msg("front line in the uploaded DeepState snapshot {file}", file=upload.name)
        )
        lines.append((said, line))
    return lines


def snapshot_notes(uploads: list, control_areas: gpd.GeoDataFrame, as_of: dt.date) -> list[str]:
    """A line for each DeepState snapshot uploaded this session, against the shipped line of its
    day, in the session's language (made on each run that shows it)."""
    notes = []
    for upload in uploads:
        if upload.kind != "DeepState snapshot":
            continue
        days = upload.rows["date"].dropna()
        day = days.iloc[0].date() if not days.empty else as_of
        said = compared_with_shipped(upload.rows, control_areas, day)
        if said:
            notes.append(file_problems.problem(upload.name, None, said).said())
    return notes


SNAPSHOT_KINDS = ("Polygon", "MultiPolygon")


def read_snapshot(path: Path) -> gpd.GeoDataFrame:
    if path.stat().st_size > limits.MAX_UPLOAD_BYTES:
        raise ValueError(msg("larger than {limit} MB", limit=limits.MAX_UPLOAD_BYTES // limits.MB))
    try:
        return gpd.read_file(path)
    except Exception as err:  # pyogrio's errors name no common base
        raise ValueError(msg("not a readable GeoJSON file ({error})", error=str(err)[:200])) from err


def add_snapshot(url: str, path: Path, day: dt.date) -> str:
    """A DeepState snapshot as the store's control areas and directions of attack from `day` on
    (`store.snapshots.add`): its polygons chosen, merged by status and simplified, and its arrows
    with their bearings, as `scripts/derive_geo.py` does; the current export's one MultiPolygon
    split by the store's latest Crimea and 2014 areas (`reference`)."""
    frame = read_snapshot(path)

    def areas_of(oblasts: list, reference: dict) -> dict:
        areas = snapshot_areas(frame, ukraine_area(gpd.GeoDataFrame(geometry=oblasts)), reference)
        for status, geom in areas.items():
            _, problem = check_shape(geom, SNAPSHOT_KINDS)
            if problem:
                raise ValueError(Msg("{status}: {problem}", args={"status": status, "problem": problem}))
        if not areas:
            raise ValueError(msg("no control area in it (no polygon with DeepState's colours inside Ukraine)"))
        return areas

    def axes_of(oblasts: list) -> list:
        ukraine = ukraine_area(gpd.GeoDataFrame(geometry=oblasts))
        return [(point, icon, axes.icon_bearing(icon)) for point, icon in axes.snapshot_axes(frame, ukraine)]

    return snapshots.add(url, day, areas_of, SOURCE, axes_of)
