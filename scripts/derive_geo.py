"""Derive the geometry in data/geo/ from the public files in ../shared/geo and scripts/curated.

Re-running it gives byte-identical files: coordinates are snapped to a 1e-5 degree grid (about 1 m)
and rows are written in a fixed order.

    python scripts/derive_geo.py [SHARED_GEO_DIR] [OUT_DIR] [WORLD_ATLAS_DIR]

WORLD_ATLAS_DIR is the unpacked npm package world-atlas (`make data` fetches it with `npm pack`):
the countries far from Ukraine, which ../shared/geo leaves out.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import place_names_uk
import shapely
from shapely.geometry import LineString, Point, box

from frontmap.data import axes
from frontmap.data.deepstate import SOURCE, snap, snapshot_areas, ukraine_area

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "scripts" / "curated"
OBLAST_TOLERANCE = 0.002
DNIPRO_LOWER_COURSE = box(31.3, 46.3, 35.4, 47.95)  # Zaporizhzhia down to the estuary
LAST_DAY = dt.date(2022, 11, 30)
NE_SOURCE = "Natural Earth 1:50m (public domain)"
WORLD_ATLAS = "world-atlas@2.0.2"  # npm: Natural Earth 4.1.0's countries as TopoJSON (`make data` fetches it)
# Countries far from Ukraine, seen only zoomed out: edges within about 8 km, corners on a 1 km grid,
# islands under 0.2 square degrees (about 2,000 km²) left out.
WORLD_TOLERANCE = 0.08
WORLD_DECIMALS = 2
WORLD_MIN_AREA = 0.2

OBLAST_NAMES = {  # OSM's English names, spelled as Ukraine spells them since 2019
    "Kiev Oblast": "Kyiv Oblast",
    "Odessa Oblast": "Odesa Oblast",
    "Zaporizhia Oblast": "Zaporizhzhia Oblast",
    "Autonomous Republic of Crimea": "Crimea",
}


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    features = []
    for row in gdf.itertuples(index=False):
        props = {k: getattr(row, k) for k in gdf.columns if k != "geometry"}
        features.append(
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(row.geometry)}
        )
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def derive_oblasts(shared: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(shared / "oblasts" / "Ukraine.geojson")
    # kyyiv.geojson holds the city's districts: dissolved, they are the city of Kyiv (UA-30).
    kyiv_city = shapely.union_all(gpd.read_file(shared / "oblasts" / "kyyiv.geojson").geometry.values)
    shapes = [
        (r["iso3166-2"], OBLAST_NAMES.get(r["name:en"], r["name:en"]), r["name"], r.geometry)
        for _, r in raw.iterrows()
    ]
    shapes.append(("UA-30", "Kyiv (city)", "Київ", kyiv_city))
    rows = [
        {
            "id": iso,
            "name": name_en,
            "name_uk": name_uk,
            "geometry": snap(shapely.make_valid(geom.simplify(OBLAST_TOLERANCE, preserve_topology=True))),
        }
        for iso, name_en, name_uk, geom in shapes
    ]
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("id", ignore_index=True)
    out["source"] = "OpenStreetMap administrative boundaries (ODbL), via darmat1/ukraine-geo-data"
    return out


def topojson_shapes(path: Path, name: str) -> list[tuple[str, object]]:
    """(name, geometry) of each polygonal geometry of one object of a quantized TopoJSON file."""
    topo = json.loads(path.read_text(encoding="utf-8"))
    (kx, ky), (dx, dy) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:  # delta-encoded integers
        x = y = 0
        points = []
        for step in arc:
            x, y = x + step[0], y + step[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for i in indexes:  # ~i: arc i backwards; each arc starts where the last one ended
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points += part[1:] if points else part
        return points

    def polygon(rings: list[list[int]]):
        return shapely.Polygon(ring(rings[0]), [ring(r) for r in rings[1:]])

    shapes = []
    for geom in topo["objects"][name]["geometries"]:
        if geom["type"] == "Polygon":
            shapes.append((geom["properties"]["name"], polygon(geom["arcs"])))
        elif geom["type"] == "MultiPolygon":
            shapes.append((geom["properties"]["name"], shapely.MultiPolygon([polygon(p) for p in geom["arcs"]])))
    return shapes


def coarsen(geom):
    """`geom` simplified by WORLD_TOLERANCE, its corners rounded to WORLD_DECIMALS (written short)."""
    simple = shapely.make_valid(shapely.set_precision(geom.simplify(WORLD_TOLERANCE, preserve_topology=True), 10**-WORLD_DECIMALS))
    return shapely.transform(simple, lambda xy: np.round(xy, WORLD_DECIMALS))


def derive_countries(shared: Path, world: Path | None = None) -> gpd.GeoDataFrame:
    """Ukraine and its neighbours from ../shared/geo (Natural Earth 1:50m); every other country, so
    that any place a map shows (Tehran, Pyongyang, Bali, Washington) lies on land, from the same
    scale in `world` (the npm package world-atlas, WORLD_ATLAS): coarser, as they are seen zoomed
    out (small islands left out), except the land that holds a curated place."""
    raw = gpd.read_file(shared / "naturalearth" / "countries_50m.geojson")
    # The Syvash is a lagoon, water that the 1:50m outlines draw as land: cut out, it is drawn as
    # the sea and a route drawn across it is found (dataset.sea_problems).
    lakes = gpd.read_file(shared / "naturalearth" / "lakes_10m.geojson")
    syvash = shapely.union_all(lakes.loc[lakes["name"] == "Syvash", "geometry"].values)
    rows = [
        {"name": n, "geometry": snap(shapely.make_valid(g.difference(syvash)).simplify(0.01, preserve_topology=True)), "source": NE_SOURCE}
        for n, g in zip(raw["NAME"], raw.geometry)
    ]
    if world is not None:
        table = pd.read_csv(CURATED / "places.csv")
        places = shapely.MultiPoint(list(zip(table["lon"], table["lat"])))
        near = set(raw["NAME"])
        for name, geom in topojson_shapes(world / "countries-50m.json", "countries"):
            if name in near or name == "Antarctica":
                continue
            parts = []
            for part in shapely.get_parts(shapely.make_valid(geom)):
                held = part.intersection(places)
                if not held.is_empty or part.area >= WORLD_MIN_AREA:
                    coarse = coarsen(part)
                    # a place near a coast the coarse outline cuts (Nusa Dua): as fine as the neighbours
                    parts.append(coarse if held.is_empty or coarse.covers(held) else snap(part.simplify(0.01, preserve_topology=True)))
            simple = shapely.union_all(parts) if parts else None
            if simple is not None and simple.area > 0:
                rows.append({"name": name, "geometry": simple, "source": f"{NE_SOURCE}, via {WORLD_ATLAS}"})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").sort_values("name", ignore_index=True)
    return out[["name", "geometry", "source"]]


def derive_dnipro(shared: Path) -> gpd.GeoDataFrame:
    rivers = gpd.read_file(shared / "naturalearth" / "rivers_lake_centerlines_10m.geojson")
    course = shapely.union_all(rivers[rivers["name"] == "Dnipro"].geometry.values)
    lower = shapely.line_merge(course.intersection(DNIPRO_LOWER_COURSE))
    lakes = gpd.read_file(shared / "naturalearth" / "lakes_10m.geojson")
    reservoir = lakes[lakes["name"] == "Kakhovka Reservoir"].geometry.iloc[0]
    return gpd.GeoDataFrame(
        [
            {"id": "dnipro_lower", "name": "Dnipro (lower course)", "kind": "river", "geometry": snap(lower)},
            {
                "id": "kakhovka_reservoir",
                "name": "Kakhovka reservoir",
                "kind": "reservoir",
                "geometry": snap(reservoir),
            },
        ],
        geometry="geometry",
        crs="EPSG:4326",
    ).assign(source="Natural Earth 1:10m rivers and lakes (public domain)")


def derive_places(oblasts: gpd.GeoDataFrame, shared: Path) -> gpd.GeoDataFrame:
    table = pd.read_csv(CURATED / "places.csv", dtype={"id": str})
    places = gpd.GeoDataFrame(
        table.drop(columns=["lat", "lon"]),
        geometry=[Point(lon, lat) for lat, lon in zip(table["lat"], table["lon"])],
        crs="EPSG:4326",
    )
    # Nearest within ~5 km, not strict containment: the simplified coastline and river banks of the
    # oblast outlines pass a few hundred metres from Kherson and Henichesk.
    joined = gpd.sjoin_nearest(
        places,
        oblasts[["name", "geometry"]].rename(columns={"name": "oblast"}),
        how="left",
        max_distance=0.05,
    )
    places["oblast"] = joined.groupby(level=0)["oblast"].first().fillna("")
    _check_against_natural_earth(places, shared)
    return places[["id", "name", "kind", "oblast", "scope", "label", "coord_source", "geometry"]]


def _check_against_natural_earth(places: gpd.GeoDataFrame, shared: Path) -> None:
    """Print how far each curated place lies from Natural Earth's point of the same name."""
    ne = gpd.read_file(shared / "naturalearth" / "populated_places_10m.geojson")
    by_name = {n: g for n, g in zip(ne["nameascii"], ne.geometry)}
    metric = "EPSG:3035"
    for _, row in places.iterrows():
        ne_point = by_name.get(row["name"].replace("Zaporizhzhia", "Zaporizhzhya"))
        if ne_point is None:
            continue
        pair = gpd.GeoSeries([row.geometry, ne_point], crs="EPSG:4326").to_crs(metric)
        print(
            f"  {row['name']}: {pair.iloc[0].distance(pair.iloc[1]) / 1000:.1f} km from Natural Earth's point"
        )


def bridge_span(middle: Point, length_m: float, river) -> tuple[Point, Point]:
    """The two ends of a bridge of `length_m` whose middle is `middle`, square to the river's course
    there (its nearest stretch): where only the middle and the length are published, the span drawn
    is the published length at the published place, its bearing the river's. The northern end comes
    first: the lower Dnipro flows west-south-west, so its right bank is the northern one."""
    metric = gpd.GeoSeries([middle, river], crs="EPSG:4326").to_crs("EPSG:3035")
    centre, course = metric.iloc[0], metric.iloc[1]
    at = course.project(centre)
    a, b = course.interpolate(max(at - 500, 0)), course.interpolate(min(at + 500, course.length))
    dx, dy = b.x - a.x, b.y - a.y
    norm = (dx * dx + dy * dy) ** 0.5
    nx, ny = -dy / norm * length_m / 2, dx / norm * length_m / 2  # square to the flow, half a span
    ends = gpd.GeoSeries([Point(centre.x + nx, centre.y + ny), Point(centre.x - nx, centre.y - ny)], crs="EPSG:3035")
    one, other = (snap(p) for p in ends.to_crs("EPSG:4326"))
    return (one, other) if one.y > other.y else (other, one)


def derive_routes(places: gpd.GeoDataFrame, dnipro: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Routes through places and waypoints (scripts/curated/waypoints.csv: junctions and crossings
    that are not places of the map, each with its reference); `ID:right` and `ID:left` are the ends
    of a bridge over the Dnipro whose middle and length are published (scripts/curated/spans.csv)."""
    table = pd.read_csv(CURATED / "routes.csv", dtype=str)
    waypoints = pd.read_csv(CURATED / "waypoints.csv", dtype={"id": str})
    where = dict(zip(places["id"], places.geometry))
    where.update((i, Point(lon, lat)) for i, lat, lon in zip(waypoints["id"], waypoints["lat"], waypoints["lon"]))
    names = dict(zip(places["id"], places["name"])) | dict(zip(waypoints["id"], waypoints["name"]))
    river = dnipro.set_index("id").geometry["dnipro_lower"]
    for span in pd.read_csv(CURATED / "spans.csv").itertuples(index=False):
        right, left = bridge_span(where[span.id], float(span.length_m), river)
        where[f"{span.id}:right"], where[f"{span.id}:left"] = right, left
        names[f"{span.id}:right"] = f"{names[span.id]} (right-bank end)"
        names[f"{span.id}:left"] = f"{names[span.id]} (left-bank end)"
    rows = []
    for r in table.itertuples(index=False):
        stops = r.waypoints.split(";")
        rows.append(
            {
                "id": r.id,
                "name": r.name,
                "kind": r.kind,
                # A route is drawn as segments (a bridge, its approaches) so that a status dated for
                # one segment is drawn on that segment only; `part_of` names the road or railway.
                "part_of": r.part_of if isinstance(r.part_of, str) else "",
                "via": " – ".join(names[s] for s in stops),
                "approximate": True,
                "note": r.note,
                "geometry": LineString([where[s] for s in stops]),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").assign(
        source="drawn through the coordinates of the places and waypoints it joins (approximate)"
    )


def read_snapshots(shared: Path) -> list[tuple[dt.date, dt.date, gpd.GeoDataFrame]]:
    """Each archived snapshot as (day, the last day it holds, its features)."""
    snapshots = sorted((shared / "deepstate").glob("2022-*.geojson"))
    days = [dt.date.fromisoformat(p.stem) for p in snapshots]
    return [
        (day, days[i + 1] - dt.timedelta(days=1) if i + 1 < len(days) else LAST_DAY, gpd.read_file(path))
        for i, (path, day) in enumerate(zip(snapshots, days))
    ]


def derive_control_areas(snapshots: list, oblasts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    ukraine = ukraine_area(oblasts)
    rows: list[dict] = []
    for day, valid_to, frame in snapshots:
        for status, simple in snapshot_areas(frame, ukraine).items():
            previous = next((r for r in reversed(rows) if r["status"] == status), None)
            if (
                previous
                and previous["geometry"].equals(simple)
                and previous["valid_to"] + dt.timedelta(days=1) == day
            ):
                previous["valid_to"] = valid_to
                continue
            rows.append(
                {
                    "status": status,
                    "valid_from": day,
                    "valid_to": valid_to,
                    "snapshot": day,
                    "geometry": simple,
                }
            )
    for n, row in enumerate(rows, start=1):
        row["id"] = f"ca{n:04d}"
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    for col in ("valid_from", "valid_to", "snapshot"):
        out[col] = out[col].map(dt.date.isoformat)
    out["source"] = SOURCE
    return out[["id", "status", "valid_from", "valid_to", "snapshot", "source", "geometry"]]


def derive_attack_axes(snapshots: list, oblasts: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each snapshot's directions of attack in the control areas' region (`axes.snapshot_axes`),
    with the bearing its icon stands for, valid as that snapshot's control areas: a row a
    snapshot's point, so that each says the day DeepState marked it."""
    ukraine = ukraine_area(oblasts)
    rows = [
        {"icon": icon, "bearing": axes.icon_bearing(icon), "valid_from": day.isoformat(), "valid_to": valid_to.isoformat(),
         "snapshot": day.isoformat(), "geometry": point}
        for day, valid_to, frame in snapshots
        for point, icon in axes.snapshot_axes(frame, ukraine)
    ]
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    out.insert(0, "id", [f"ax{n:04d}" for n in range(1, len(out) + 1)])
    out["source"] = SOURCE
    return out[["id", "icon", "bearing", "valid_from", "valid_to", "snapshot", "source", "geometry"]]


def main(shared: Path, out: Path, world: Path | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    oblasts = derive_oblasts(shared)
    write_geojson(oblasts, out / "oblasts.geojson")
    write_geojson(derive_countries(shared, world), out / "countries.geojson")
    dnipro = derive_dnipro(shared)
    write_geojson(dnipro, out / "dnipro.geojson")
    print("places (distance to Natural Earth where it has the place):")
    places = derive_places(oblasts, shared)
    # their Ukrainian names, checked against the gazetteer's GeoNames alternate names (its own script)
    places = place_names_uk.with_names_uk(places, pd.read_csv(out / "gazetteer.csv", dtype={"alt_names": str}))
    write_geojson(places, out / "places.geojson")
    write_geojson(derive_routes(places, dnipro), out / "routes.geojson")
    snapshots = read_snapshots(shared)
    control = derive_control_areas(snapshots, oblasts)
    write_geojson(control, out / "control_areas.geojson")
    print(f"control areas: {len(control)} rows from {control['snapshot'].nunique()} snapshots")
    attacks = derive_attack_axes(snapshots, oblasts)
    write_geojson(attacks, out / "attack_axes.geojson")
    print(f"directions of attack: {len(attacks)} rows from {attacks['snapshot'].nunique()} snapshots")


if __name__ == "__main__":
    shared_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "geo"
    out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "geo"
    world_dir = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    main(shared_dir, out_dir, world_dir)
