"""The places' Ukrainian names (scripts/curated/places_uk.csv) into data/geo/places.geojson, each
with its source: GeoNames' alternate names (data/geo/gazetteer.csv) where a gazetteer row within
5 km of the place lists it, else "translated by frontmap" (the bridges, the dam, places GeoNames'
list lacks). derive_geo.py applies the same (`with_names_uk`); this applies it to the shipped file
without deriving the rest again.

    python scripts/place_names_uk.py data/geo
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

CURATED = Path(__file__).resolve().parent / "curated" / "places_uk.csv"
NEAR_KM = 5.0


def with_names_uk(places: gpd.GeoDataFrame, gazetteer: pd.DataFrame) -> gpd.GeoDataFrame:
    names = pd.read_csv(CURATED, dtype=str).set_index("id")["name_uk"]
    missing = set(places["id"]) - set(names.index)
    if missing:
        raise SystemExit(f"{CURATED}: no Ukrainian name for {sorted(missing)}")
    sources = []
    for row in places.itertuples(index=False):
        near = gazetteer[
            (abs(gazetteer["lat"] - row.geometry.y) < NEAR_KM / 111) & (abs(gazetteer["lon"] - row.geometry.x) < NEAR_KM / 70)
        ]
        found = [g for g in near.itertuples(index=False) if names[row.id] in str(g.alt_names).split("|")]
        sources.append(
            f"GeoNames alternate names (geonameid {found[0].geonameid})" if found else "translated by frontmap"
        )
    out = places.copy()
    at = list(out.columns).index("coord_source")
    out.insert(at, "name_uk", [names[i] for i in out["id"]])
    out.insert(at + 1, "name_uk_source", sources)
    return out


def main(data: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from derive_geo import write_geojson

    places = gpd.read_file(data / "places.geojson")
    places = places.drop(columns=[c for c in ("name_uk", "name_uk_source") if c in places.columns])
    gazetteer = pd.read_csv(data / "gazetteer.csv", dtype={"alt_names": str})
    places = with_names_uk(places, gazetteer)
    places["geometry"] = shapely.set_precision(places.geometry.values, 0)  # as read
    write_geojson(places, data / "places.geojson")
    print(places["name_uk_source"].value_counts().to_string())


if __name__ == "__main__":
    main(Path(sys.argv[1]))
