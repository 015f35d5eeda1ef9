"""Speed figures: load, time filter and map build, medians of repeated runs in one process.

    python scripts/bench.py

Synthetic events (generated here, marked synthetic) stand in for an ACLED-sized layer.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from frontmap import basemap, layers, timeline
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
        fmap = basemap.base_map(sit.oblasts, sit.countries, "offline")
        snap = timeline.control_on(sit.control_areas, day)
        for group in (layers.control_layer(snap.areas, "x"), layers.places_layer(sit.places)):
            group.add_to(fmap)
        return fmap.get_root().render()

    html = front_map()
    print(f"front map build + render: {median_seconds(front_map):.3f} s, {len(html) / 1e6:.2f} MB HTML")
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


if __name__ == "__main__":
    main()
