"""Speed figures: load, time filter and map build, medians of repeated runs in one process.

    python scripts/bench.py

Synthetic events (generated here, marked synthetic) stand in for an ACLED-sized layer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from frontmap import styles
from frontmap.data import explore, lasso, situation_cache, timeline, uploads
from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation
from frontmap.maps import basemap, layers, mapview, registry, rowmap

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic_acled  # noqa: E402


def median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic_events(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """n fake events in the theatre (synthetic: for benchmarks only)."""
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 280, n), unit="D")
    return gpd.GeoDataFrame(
        {
            "id": [f"syn{i}" for i in range(n)],
            "date": days.astype("datetime64[s]"),
            "end_date": pd.NaT,
            "date_precision": "exact",
            "place_id": "synthetic",
            "category": rng.choice(list(styles.EVENT_COLOURS), n),
            "side": "synthetic",
            "title": "synthetic event",
            "outlet": "synthetic",
            "source": "synthetic (benchmark)",
            "quote": "synthetic",
        },
        geometry=gpd.points_from_xy(rng.uniform(30, 40, n), rng.uniform(45, 51, n)),
        crs="EPSG:4326",
    )


def main() -> None:
    basemap.use_local_assets()
    print(f"load_situation (data/geo): {median_seconds(load_situation):.3f} s median of 5")
    sit = load_situation()
    day = dt.date(2022, 11, 10)
    print(
        # made, not found again: control_on keeps what it made for every later viewer of the day
        f"control_on one day: {median_seconds(lambda: timeline.control_on.__wrapped__(sit.control_areas, day), 20) * 1000:.2f} ms"
    )

    def front_map():
        parts = mapview.build(sit, day, tuple(registry.LAYERS), "offline")
        for group in parts.dated:
            group.add_to(parts.base)
        return parts.base.get_root().render()

    html = front_map()
    print(
        f"front map build + render: {median_seconds(front_map):.3f} s, {len(html) / 1e3:.1f} KB HTML "
        "(the layers' data are published files the browser fetches once)"
    )
    first, last = dt.date(2022, 9, 1), dt.date(2022, 9, 30)
    for n in (10_000, 100_000):
        events = synthetic_events(n)
        # `__wrapped__`: the making, not the memo a day's run finds it in (`cache.once`)
        filt = median_seconds(lambda ev=events: timeline.happened_between.__wrapped__(ev, first, last), 10)
        shown = timeline.happened_between(events, first, last)

        def build(shown=shown):
            return layers._events_text.__wrapped__(shown)

        data = build()
        print(
            f"{n:>7,} synthetic events: date filter {filt * 1000:.1f} ms; layer of the {len(shown):,} in "
            f"September: {median_seconds(build, 3):.2f} s, {len(data) / 1e6:.1f} MB published (fetched once)"
        )


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(next(x for x in status.splitlines() if x.startswith("VmRSS:")).split()[1]) / 1024


def rows_bench() -> None:
    """SYNTHETIC ACLED exports (scripts/synthetic_acled.py) of 100,000 and 1,000,000 rows, gzipped,
    through what an upload on /explore costs the server: read, rows, the map's cloud, a filter and
    a table page; and the memory the session keeps. Target: 1M within 10x of 100k, <= 1.5 GB."""
    sit = load_situation()
    f = explore.Filters(dt.date(2022, 9, 1), dt.date(2022, 9, 30), ("Battles",))
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (100_000, 1_000_000):
            data = synthetic_acled.write(n, Path(tmp) / f"synthetic-{n}.csv.gz").read_bytes()
            gc.collect()
            before = rss_mb()
            start = time.perf_counter()
            up = uploads.load("synthetic.csv.gz", data)
            load = time.perf_counter() - start
            del data
            start = time.perf_counter()
            rows = explore.all_rows(sit, [up])
            order = explore.date_order(rows)
            points = rowmap.cloud(rows)
            ready = time.perf_counter() - start
            filt = median_seconds(lambda r=rows: explore.matches(r, f), 5)
            keep = explore.matches(rows, f)
            page = median_seconds(lambda r=rows, k=keep, o=order: explore.table(explore.page(r, k, o, 0, 100)), 5)
            points_made, drawn, moved = lasso_figures(rows, f)
            gc.collect()
            figures[n] = (load, ready, filt, page, rss_mb() - before)
            print(
                f"{n:>9,} synthetic ACLED rows (gzipped CSV): read {load:.2f} s; rows, order and map cloud "
                f"{ready:.2f} s ({len(points.data) / 1e6:.1f} MB binary); filter {filt * 1000:.1f} ms; "
                f"table page {page * 1000:.1f} ms; session keeps {figures[n][4]:,.0f} MB; a lasso around "
                f"Kherson oblast: the rows' points {points_made * 1000:.1f} ms (once), the shape's test "
                f"{drawn * 1000:.1f} ms (once a shape), then a filter with it {moved * 1000:.1f} ms"
            )
            del up, rows, order, points, keep
            gc.collect()
    small, big = figures[100_000], figures[1_000_000]
    worst = max(b / s for b, s in zip(big[:4], small[:4]))
    print(
        f"1M against 100k: at most {worst:.1f}x (<= 10x: {'met' if worst <= 10 else 'NOT met'}); "
        f"1M session memory {big[4]:,.0f} MB (<= 1,536 MB: {'met' if big[4] <= 1536 else 'NOT met'})"
    )


def lasso_figures(rows, f: explore.Filters) -> tuple[float, float, float]:
    """A lasso around Kherson oblast (its outline, as data/lasso.py keeps a drawing): seconds for the
    rows' points (once per set of rows), to test every row when a shape is drawn, and for a filter
    with it afterwards (the page keeps the test's answer)."""
    oblasts = gpd.read_file(DEFAULT_DATA_DIR / "oblasts.geojson")
    outline = oblasts.loc[oblasts["id"] == "UA-65"].geometry.iloc[0]
    text = lasso.encode(lasso.from_rings([list(p.exterior.coords)[:-1] for p in outline.geoms]))
    shape, _ = lasso.parse(text)
    points = lasso.row_points(rows)
    inside = lasso.inside(points, shape)
    with_shape = dataclasses.replace(f, shape=text)
    return (
        median_seconds(lambda: lasso.row_points(rows), 5),
        median_seconds(lambda: lasso.inside(points, shape), 5),
        median_seconds(lambda: explore.matches(rows, with_shape, inside=inside), 5),
    )


def formats_bench(n: int = 100_000) -> None:
    """The read time of n SYNTHETIC rows as each format an analyst brings: UTF-8 CSV, a Windows-1251
    CSV as Excel saves it in Ukraine (`;`, decimal commas, day-first dates, Ukrainian headers), a
    GeoPackage and a KML (written by our own writers from synthetic events)."""
    events = synthetic_events(n)
    rows = explore.all_rows(load_situation(), []).iloc[:0]  # the explore table's columns
    rows = gpd.GeoDataFrame(
        {"row_id": events["id"], "dataset": "synthetic", "date": events["date"], "title": events["title"],
         "category": events["category"], "source": events["source"]},
        geometry=events.geometry.values, crs="EPSG:4326",
    ).reindex(columns=[*rows.columns])
    lat, lon = rows.geometry.y.round(5), rows.geometry.x.round(5)
    utf8 = pd.DataFrame({"date": rows["date"].dt.strftime("%Y-%m-%d"), "lat": lat, "lon": lon, "title": rows["title"]})
    ua = pd.DataFrame(
        {"дата": rows["date"].dt.strftime("%d.%m.%Y"), "широта": lat.astype(str).str.replace(".", ","),
         "довгота": lon.astype(str).str.replace(".", ","), "подія": "синтетична подія"}
    )
    files = {
        "synthetic.csv (UTF-8)": utf8.to_csv(index=False).encode("utf-8"),
        "synthetic.csv (Windows-1251, ;)": ua.to_csv(index=False, sep=";").encode("cp1251"),
        "synthetic.gpkg": explore.to_geopackage(rows),
        "synthetic.kml": explore.to_kml(rows),
    }
    for name, data in files.items():
        file_name = name.split(" ")[0]
        seconds = median_seconds(lambda d=data, f=file_name: uploads.load(f, d), 3)
        print(f"{n:>9,} synthetic rows as {name}: {len(data) / 2**20:,.1f} MB, read {seconds:.2f} s")


def cache_bench() -> None:
    """A server's first viewer loads the situation from the disk cache; every later rerun shares it."""
    with tempfile.TemporaryDirectory() as tmp:
        cold = median_seconds(lambda: situation_cache.load(DEFAULT_DATA_DIR, Path(tmp)), 1)
        hit = median_seconds(lambda: situation_cache.load(DEFAULT_DATA_DIR, Path(tmp)), 5)
    print(f"situation for a new server: {cold:.2f} s loaded and validated, {hit * 1000:.0f} ms from the disk cache")


def store_bench() -> None:
    """The situation from PostGIS against the files (both loaded and validated, no cache), on a
    throwaway local cluster (tests/pg.py) holding data/geo."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from pg import Cluster

    from frontmap.data import stored
    from frontmap.store import schema

    cluster = Cluster()
    try:
        url = cluster.create_database("bench")
        schema.init(url)
        assert not stored.import_folder(DEFAULT_DATA_DIR, url)[0]
        files = median_seconds(load_situation)
        database = median_seconds(lambda: stored.load(url))
    finally:
        cluster.remove()
    print(
        f"situation from PostGIS {database:.3f} s, from files {files:.3f} s (median of 5, validated, "
        f"no cache): {database / files:.2f}x the files' time (target: within 2x)"
    )


if __name__ == "__main__":
    main()
    cache_bench()
    store_bench()
    rows_bench()
    formats_bench()
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
