"""Speed figures: load, time filter and map build, medians of repeated runs in one process.

    python scripts/bench.py

Synthetic events (generated here, marked synthetic) stand in for an ACLED-sized layer.
"""

from __future__ import annotations

import datetime as dt
import pickle
import resource
import statistics
import time

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from frontmap import basemap, explore, layers, mapview, timeline, uploads
from frontmap.dataset import load_situation


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
            layers.events_layer(shown).add_to(m)
            return m.get_root().render()

        out = build()
        print(
            f"{n:>7,} synthetic events: date filter {filt * 1000:.1f} ms; "
            f"layer of the {len(shown):,} in September: {median_seconds(build, 3):.2f} s, {len(out) / 1e6:.1f} MB"
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


def cache_copy_bench() -> None:
    """st.cache_data hands each rerun a copy (a pickle round trip) of the situation."""
    sit = load_situation()
    blob = pickle.dumps(sit)
    seconds = median_seconds(lambda: pickle.loads(blob), 10)
    print(f"cached situation copy per rerun: {seconds * 1000:.0f} ms ({len(blob) / 1e6:.1f} MB pickled)")


if __name__ == "__main__":
    main()
    cache_copy_bench()
    uploads_bench()
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
