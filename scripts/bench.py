"""Speed figures: load, time filter and map build, medians of repeated runs in one process.

    python scripts/bench.py

Synthetic events (generated here, marked synthetic) stand in for an ACLED-sized layer.
"""

from __future__ import annotations

import datetime as dt
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from frontmap.data import explore, situation_cache, timeline, uploads
from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation
from frontmap.maps import basemap, layers, mapview


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
            "category": rng.choice(list(layers.EVENT_COLOURS), n),
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
        f"control_on one day: {median_seconds(lambda: timeline.control_on(sit.control_areas, day), 20) * 1000:.2f} ms"
    )

    def front_map():
        parts = mapview.build(sit, day, tuple(layers.LAYERS), "offline")
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
        filt = median_seconds(lambda ev=events: timeline.happened_between(ev, first, last), 10)
        shown = timeline.happened_between(events, first, last)

        def build(shown=shown):
            m = folium.Map(tiles=None)
            group = layers.events_layer(shown)
            group.add_to(m)
            m.get_root().render()
            return next(iter(group._children.values())).text

        data = build()
        print(
            f"{n:>7,} synthetic events: date filter {filt * 1000:.1f} ms; layer of the {len(shown):,} in "
            f"September: {median_seconds(build, 3):.2f} s, {len(data) / 1e6:.1f} MB published (fetched once)"
        )


def synthetic_acled(n: int, seed: int = 1) -> bytes:
    """An ACLED-shaped CSV of n synthetic rows (for benchmarks only)."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({c: "" for c in uploads.ACLED_COLUMNS}, index=range(n))
    frame["event_id_cnty"] = [f"SYN{i}" for i in range(n)]
    frame["event_date"] = (
        pd.Timestamp("2022-02-24") + pd.to_timedelta(rng.integers(0, 280, n), unit="D")
    ).strftime("%Y-%m-%d")
    frame["event_type"] = rng.choice(["Battles", "Explosions/Remote violence", "Strategic developments"], n)
    frame["latitude"] = rng.uniform(45, 51, n).round(4)
    frame["longitude"] = rng.uniform(30, 40, n).round(4)
    frame["notes"] = "synthetic row for the benchmark"
    return frame.to_csv(index=False).encode()


def uploads_bench() -> None:
    sit = load_situation()
    f = explore.Filters(dt.date(2022, 9, 1), dt.date(2022, 9, 30), ("Battles",))
    for n in (10_000, 100_000):
        data = synthetic_acled(n)
        seconds = median_seconds(lambda d=data: uploads.load("synthetic.csv", d), 3)
        up = uploads.load("synthetic.csv", data)
        rows = explore.all_rows(sit, [up])
        filt = median_seconds(lambda r=rows: explore.apply(r, f), 10)
        print(
            f"{n:>7,} synthetic ACLED rows ({len(data) / 1e6:.1f} MB): upload parse {seconds:.2f} s; "
            f"explore filter {filt * 1000:.1f} ms"
        )


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

    from frontmap.store import schema
    from frontmap.store import situation as stored

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
    uploads_bench()
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
