"""Where everything comes from: the datasets' credits and every source cited by a row."""

from __future__ import annotations

import pandas as pd

from frontmap.dataset import Situation

DATASETS = [
    (
        "Front lines (control areas)",
        "DeepStateMap (deepstatemap.live), via the DanielRose2310/deepstatemaps-history archive",
        "no licence stated; credited, simplified polygons only",
        "2022-04-03 to 2022-11-30",
    ),
    ("Oblast boundaries", "© OpenStreetMap contributors, via darmat1/ukraine-geo-data", "ODbL", "current"),
    (
        "The Dnipro, the Kakhovka reservoir, countries",
        "Natural Earth 1:10m and 1:50m",
        "public domain",
        "current",
    ),
    (
        "Events, figures, route statuses",
        "The source article of 2022-11-10 (machine-translated news report) and the "
        "outlets it cites; public figures (UNHCR, IOM, Kiel Institute, Interfax-Ukraine, Euromaidan Press, "
        "Ukrainian News) with their own dates",
        "quoted for reference",
        "2022-02-24 to 2023-01-23",
    ),
    (
        "Place coordinates",
        "Wikipedia (GeoHack) coordinates, checked against Natural Earth",
        "CC BY-SA",
        "current",
    ),
]


def datasets() -> pd.DataFrame:
    return pd.DataFrame(DATASETS, columns=["data", "source", "licence", "covers"])


def cited_sources(sit: Situation) -> pd.DataFrame:
    """Every source string cited by a figure, an event, a route status or a flow, with how often."""
    parts = [
        sit.figures[["source"]].assign(kind="figure"),
        sit.events[["source"]].assign(kind="event"),
        sit.events[["outlet"]].rename(columns={"outlet": "source"}).assign(kind="event (outlet)"),
        sit.route_status[["source"]].assign(kind="route status"),
        sit.flows[["source"]].assign(kind="flow"),
    ]
    table = pd.concat(parts, ignore_index=True)
    return (
        table.groupby("source")["kind"]
        .agg(lambda kinds: ", ".join(f"{k} ×{n}" for k, n in kinds.value_counts().items()))
        .reset_index(name="cited for")
        .sort_values("source", ignore_index=True)
    )
