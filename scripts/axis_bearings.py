"""Which bearing each of DeepState's arrow icons stands for, measured from the archive.

For every "Direction of attack" point of every snapshot in ../shared/geo/deepstate, the bearing
across the nearest stretch of that day's front line out of Russian-held ground
(`frontmap.data.axes.measured_bearing`, against data/geo's control areas, which are the snapshots'
own polygons simplified), then the 16 icons fitted to 16 bearings 22.5 degrees apart (`axes.fit`)
and each icon's agreement with its bearing. Prints the table of docs/attack-axes.md.

    python scripts/axis_bearings.py [SHARED_GEO_DIR] [DATA_DIR]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

from frontmap.data import axes
from frontmap.data.dataset import load_situation
from frontmap.data.deepstate import ukraine_area

ROOT = Path(__file__).resolve().parent.parent


def archive_points(shared: Path, ukraine) -> pd.DataFrame:
    rows = []
    for path in sorted((shared / "deepstate").glob("2022-*.geojson")):
        day = dt.date.fromisoformat(path.stem)
        for point, icon in axes.snapshot_axes(gpd.read_file(path), ukraine):
            rows.append({"day": day, "icon": icon, "geometry": point})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def main(shared: Path, data: Path) -> None:
    sit = load_situation(data)
    points = archive_points(shared, ukraine_area(sit.oblasts))
    points["measured"] = axes.measure_all(points, sit.control_areas, sit.countries)
    measured = points.dropna(subset=["measured"])
    direction, offset, share = axes.fit(list(measured["icon"]), list(measured["measured"]))
    way = "clockwise" if direction == 1 else "counter-clockwise"
    print(f"{len(points):,} points, {len(measured):,} measured, {points['day'].nunique()} snapshots")
    print(f"best fit: numbered {way}, arrow_1 at {offset:.1f} deg; {share:.1%} of the points within 45 deg of it")
    print("\n| icon | bearing | points | distinct places | measured mean | spread (circular sd) | within ±45° |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for icon in axes.ICONS:
        mine = measured[measured["icon"] == icon]
        if mine.empty:
            continue
        bearing = axes.icon_bearing(icon)
        a = axes.agreement(icon, list(mine["measured"]), bearing)
        places = len({(g.x, g.y) for g in mine.geometry})
        print(
            f"| {icon} | {bearing:.1f}° ({axes.compass(bearing)}) | {a.count} | {places} | {a.mean:.0f}° | "
            f"{abs(a.spread):.0f}° | {a.within_45:.0%} |"
        )
    within = sum(abs(axes.turn(m, axes.icon_bearing(i))) <= 45 for i, m in zip(measured["icon"], measured["measured"]))
    print(f"\nall icons: {within / len(measured):.1%} within ±45° of arrow_N = N x 22.5°")


if __name__ == "__main__":
    main(
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "geo",
        Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "data" / "geo",
    )
