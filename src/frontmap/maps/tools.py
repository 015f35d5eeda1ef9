"""The map's own tools, on every base map (static/frontmap-tools.js draws them): find a place by
name (the map's places first, then the offline gazetteer, which the browser fetches from a published
file when the search is first used) and mark it, the mark kept in the page's address (`mark=`); and
a ruler of geodesic distances (Vincenty on WGS84, in the browser).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from frontmap import i18n
from frontmap.data import gazetteer
from frontmap.data.dataset import Problem
from frontmap.i18n import N_, _
from frontmap.maps.geojson_layer import PUBLISHED_DIR, publish, remember

log = logging.getLogger(__name__)

MAX_MARK_NAME = gazetteer.MAX_NAME

def gazetteer_url() -> str | None:
    """Where the browser fetches the shipped gazetteer (published once per content), or None when
    none of its rows is usable (its problems are listed on Sources)."""
    return gazetteer_checked()[0]


@functools.cache  # (hashing the 1.5 MB on every map's run would cost more than the map's base)
def gazetteer_checked(path: Path = gazetteer.DEFAULT_DATA_DIR / gazetteer.FILE) -> tuple[str | None, tuple[Problem, ...]]:
    """The shipped gazetteer's published address (None when no row of it is usable) and its
    problems. Read and checked once per content of the file and of its reader: the outcome is
    remembered beside the published files, so that a server which finds it there never parses the
    18,000 rows (their objects kept about 30 MB of a server's memory for good)."""
    try:
        key = hashlib.sha256(path.read_bytes() + Path(gazetteer.__file__).read_bytes()).hexdigest()[:16]
    except OSError:
        key = None
    memo = PUBLISHED_DIR / f"gazetteer-{key}.json"
    if key is not None:
        try:
            held = json.loads(memo.read_text(encoding="utf-8"))
            url = held["url"]
            if url is None or (PUBLISHED_DIR / url.rsplit("/", 1)[-1]).exists():
                return url, tuple(Problem.from_json(p) for p in held["problems"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not remembered yet (or not readable): checked below
    text, problems = gazetteer.shipped(path)
    if problems:
        log.warning("%s: %d problem(s), first: %s", gazetteer.FILE, len(problems), problems[0])
    url = publish(text, suffix=".json") if text != "[]" else None
    if key is not None:
        # (each problem as its message, to be said in the language of whoever reads Sources)
        remember(json.dumps({"url": url, "problems": [p.to_json() for p in problems]}), memo)
    return url, tuple(problems)


class MapTools(MacroElement):
    """The search and the ruler (`fmTools.add` in static/frontmap-tools.js). The map's places and the
    gazetteer are published files the browser fetches when the search is first used: a rerun sends
    only their names."""

    _template = Template(
        """{% macro script(this, kwargs) %}fmTools.add({{ this._parent.get_name() }}, {{ this.options|tojson }});{% endmacro %}"""
    )

    def __init__(self, places: list[list], gazetteer: str | None):
        super().__init__()
        self._name = "MapTools"
        self.places = places
        self.options = {
            "places": _places_url(json.dumps(places, ensure_ascii=False)),
            "gazetteer": gazetteer,
            **words(),
        }

    def embed(self) -> None:
        """In a standalone file (no app to fetch from) the search knows the map's own places only."""
        self.options = {**self.options, "places": self.places, "gazetteer": None}


def words() -> dict:
    """The tools' words and number format in the session's language."""
    return {
        "locale": i18n.js_locale(),
        "words": {
            "find": _("Find a place"),
            "loading": _("Loading the gazetteer…"),
            "failed": _("The places could not be loaded: reload the page."),
            "none": _("No place found."),
            "on_map": _("on this map"),
            "measure": _("Measure distances"),
            "total": _("Total"),
            "next": _("Click the next point"),
            "click": _("Click the map to measure"),
            "clear": _("Clear"),
            "km": _("km"),
            "m": _("m"),  # (metres, on the scale bar)
            # (only those the language names otherwise: the script has the English, and every byte
            # of the base map goes again with each run)
            "countries": {code: _(name) for code, name in COUNTRIES.items() if _(name) != name},
        },
    }


# The gazetteer's countries, as the search names them (static/frontmap-tools.js has the English).
COUNTRIES = {
    "UA": N_("Ukraine"),
    "RU": N_("Russia"),
    "BY": N_("Belarus"),
    "PL": N_("Poland"),
    "RO": N_("Romania"),
    "MD": N_("Moldova"),
    "HU": N_("Hungary"),
    "SK": N_("Slovakia"),
    "LT": N_("Lithuania"),
    "LV": N_("Latvia"),
    "BG": N_("Bulgaria"),
    "RS": N_("Serbia"),
    "GE": N_("Georgia"),
    "KZ": N_("Kazakhstan"),
    "XK": N_("Kosovo"),
    "TR": N_("Türkiye"),
}


@functools.lru_cache(maxsize=16)  # (the same few place lists on every run)
def _places_url(text: str) -> str:
    return publish(text, suffix=".json")


def place_rows(places: gpd.GeoDataFrame | None) -> list[list]:
    """[name, lat, lon, [other names]] of each shipped place with a point, in the data's order: its
    name in the session's language, found by the other too ("Вугледар" and "Vuhledar")."""
    if places is None or places.empty:
        return []
    shown = gazetteer.place_names(places)
    return [
        [name, round(geom.y, 5), round(geom.x, 5), [n for n in {str(english), str(uk)} - {name} if n and n != "nan"]]
        for name, english, uk, geom in zip(
            shown, places["name"], places.get("name_uk", places["name"]), places.geometry
        )
        if geom is not None and not geom.is_empty and geom.geom_type == "Point"
    ]


def add_tools(fmap: folium.Map, places: gpd.GeoDataFrame | None = None) -> None:
    """The search and the ruler on `fmap` (their script and look, static/frontmap-tools.js and .css,
    come with every map's assets: basemap.LOCAL_JS, LOCAL_CSS)."""
    MapTools(place_rows(places), gazetteer_url()).add_to(fmap)


@dataclass(frozen=True)
class Mark:
    lat: float
    lon: float
    name: str

    def text(self) -> str:
        return f"{self.lat:.5f},{self.lon:.5f},{self.name}"


CONTROL = re.compile(r"[\x00-\x1f\x7f]")
NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")  # decimal degrees only: no 1e3, 0x10, inf or 1_0


def parse_mark(text: str) -> tuple[Mark | None, str | None]:
    """`mark=LAT,LON,NAME` (as the search writes it): the mark, or None and what is wrong with it.
    The browser reads it by the same rules (static/frontmap-tools.js, parseMark)."""
    parts = text.split(",", 2)
    if len(parts) < 3:
        shown = text if len(text) <= 60 else text[:60] + "…"
        return None, _("mark: '{text}' is not latitude,longitude,name (as 47.77973,37.24999,Vuhledar); no place is marked.").format(
            text=shown
        )
    lat, lon = (float(x) if NUMBER.match(x) else math.nan for x in parts[:2])
    name = parts[2].strip()
    if not (abs(lat) <= 90 and abs(lon) <= 180):  # (NaN fails both)
        problem = _("the latitude and longitude are not decimal degrees within -90 to 90 and -180 to 180")
    elif not name:
        problem = _("the place has no name")
    elif len(name) > MAX_MARK_NAME or CONTROL.search(name):
        problem = _("the name is longer than {n} characters or holds a control character").format(n=MAX_MARK_NAME)
    else:
        return Mark(lat, lon, name), None
    return None, _("mark: {problem}; no place is marked.").format(problem=problem)
