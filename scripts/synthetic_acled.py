"""SYNTHETIC ACLED-format events, for tests and benchmarks only: no row describes a real event.

    python scripts/synthetic_acled.py ROWS OUT.csv|OUT.csv.gz [--seed N]

Rows fall on a few hundred synthetic sites inside Ukraine's bounding box (as real exports repeat
their locations), dated 2022-02-24 to 2022-11-30, with every ACLED column filled. The same rows
and seed give the same file.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from frontmap.data.uploads import ACLED_COLUMNS  # noqa: E402

EVENT_TYPES = [
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
    "Protests",
]
SUB_TYPES = ["Armed clash", "Shelling/artillery/missile attack", "Air/drone strike", "Attack", "Other"]
ADMIN1 = ["Kherson", "Donetsk", "Luhansk", "Zaporizhia", "Kharkiv", "Mykolaiv", "Dnipropetrovsk", "Sumy"]


def frame(rows: int, seed: int = 2022) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sites = 400
    site_lat = rng.uniform(46.2, 50.3, sites)
    site_lon = rng.uniform(30.0, 39.5, sites)
    site = rng.integers(0, sites, rows)
    days = rng.integers(0, (pd.Timestamp("2022-11-30") - pd.Timestamp("2022-02-24")).days + 1, rows)
    dates = (pd.Timestamp("2022-02-24") + pd.to_timedelta(np.sort(days), unit="D")).strftime("%Y-%m-%d")
    kind = rng.integers(0, len(EVENT_TYPES), rows)
    n = np.arange(1, rows + 1)
    out = pd.DataFrame({c: "" for c in ACLED_COLUMNS}, index=range(rows))
    out["event_id_cnty"] = [f"SYN{i}" for i in n]
    out["event_date"] = dates
    out["year"] = "2022"
    out["time_precision"] = "1"
    out["disorder_type"] = "Political violence"
    out["event_type"] = np.array(EVENT_TYPES)[kind]
    out["sub_event_type"] = np.array(SUB_TYPES)[kind]
    out["actor1"] = np.where(rng.random(rows) < 0.5, "Synthetic actor A", "Synthetic actor B")
    out["iso"] = "804"
    out["region"] = "Europe"
    out["country"] = "Ukraine"
    out["admin1"] = np.array(ADMIN1)[site % len(ADMIN1)]
    out["location"] = [f"Synthetic site {s}" for s in site]
    out["latitude"] = np.round(site_lat[site] + rng.normal(0, 0.01, rows), 4).astype(str)
    out["longitude"] = np.round(site_lon[site] + rng.normal(0, 0.01, rows), 4).astype(str)
    out["geo_precision"] = "1"
    out["source"] = "synthetic (scripts/synthetic_acled.py)"
    out["source_scale"] = "Other"
    out["notes"] = [f"SYNTHETIC row {i}: generated for tests and benchmarks; not a real event." for i in n]
    out["fatalities"] = "0"
    out["timestamp"] = "1669766400"
    return out


def write(rows: int, path: Path, seed: int = 2022) -> Path:
    text = io.StringIO()
    frame(rows, seed).to_csv(text, index=False)
    data = text.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data, 6, mtime=0) if path.name.endswith(".gz") else data)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args()
    print(write(args.rows, args.out, args.seed))
