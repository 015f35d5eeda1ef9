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

from frontmap.data import gazetteer
from frontmap.data.dataset import Problem
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
                return url, tuple(Problem(*p) for p in held["problems"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not remembered yet (or not readable): checked below
    text, problems = gazetteer.shipped(path)
    if problems:
        log.warning("%s: %d problem(s), first: %s", gazetteer.FILE, len(problems), problems[0])
    url = publish(text, suffix=".json") if text != "[]" else None
    if key is not None:
        said = [[p.file, p.row, p.message, p.key] for p in problems]
        remember(json.dumps({"url": url, "problems": said}), memo)
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
        self.options = {"places": _places_url(json.dumps(places, ensure_ascii=False)), "gazetteer": gazetteer}

    def embed(self) -> None:
        """In a standalone file (no app to fetch from) the search knows the map's own places only."""
        self.options = {"places": self.places, "gazetteer": None}


@functools.lru_cache(maxsize=16)  # (the same few place lists on every run)
def _places_url(text: str) -> str:
    return publish(text, suffix=".json")


def place_rows(places: gpd.GeoDataFrame | None) -> list[list]:
    """[name, lat, lon] of each shipped place with a point, in the data's order."""
    if places is None or places.empty:
        return []
    return [
        [str(name), round(geom.y, 5), round(geom.x, 5)]
        for name, geom in zip(places["name"], places.geometry)
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
        return None, f"mark: '{shown}' is not latitude,longitude,name (as 47.77973,37.24999,Vuhledar); no place is marked."
    lat, lon = (float(x) if NUMBER.match(x) else math.nan for x in parts[:2])
    name = parts[2].strip()
    if not (abs(lat) <= 90 and abs(lon) <= 180):  # (NaN fails both)
        problem = "the latitude and longitude are not decimal degrees within -90 to 90 and -180 to 180"
    elif not name:
        problem = "the place has no name"
    elif len(name) > MAX_MARK_NAME or CONTROL.search(name):
        problem = f"the name is longer than {MAX_MARK_NAME} characters or holds a control character"
    else:
        return Mark(lat, lon, name), None
    return None, f"mark: {problem}; no place is marked."
