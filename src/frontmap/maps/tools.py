"""The map's own tools, on every base map (static/frontmap-tools.js draws them): find a place by
name (the map's places first, then the offline gazetteer, which the browser fetches from a published
file when the search is first used) and mark it, the mark kept in the page's address (`mark=`); and
a ruler of geodesic distances (Vincenty on WGS84, in the browser).
"""

from __future__ import annotations

import functools
import logging
import math
import re
from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from frontmap.data import gazetteer
from frontmap.maps import template_guard
from frontmap.maps.geojson_layer import publish

log = logging.getLogger(__name__)

MAX_MARK_NAME = gazetteer.MAX_NAME

TOOLS_CSS = (
    ".fm-search{position:relative;background:#FFFFFF;z-index:801}.fm-search.fm-open,.fm-search:focus-within{z-index:1001}"
    ".fm-search-input{display:block;width:210px;box-sizing:border-box;border:0;padding:6px 8px;font:14px sans-serif;"
    "border-radius:4px;background:#FFFFFF;color:#1A1A1A}"
    ".fm-search-open{display:none!important;font-size:20px}"
    ".fm-search-list{position:absolute;left:0;top:100%;margin:2px 0 0;padding:2px 0;list-style:none;width:260px;"
    "max-height:260px;overflow:auto;background:#FFFFFF;border:1px solid #8A8A8A;border-radius:4px;"
    "box-shadow:0 2px 6px rgba(0,0,0,.3);font:14px/1.3 sans-serif}"
    ".fm-search-list li{padding:5px 8px;cursor:pointer;color:#1A1A1A}"
    ".fm-search-list li:hover,.fm-search-list li[aria-selected=true]{background:#DCE7EF}"
    ".fm-search-alt,.fm-search-where{color:#505050;font-size:12px}"
    ".fm-search-status:not(:empty){padding:4px 8px;max-width:210px;font:12px sans-serif;color:#1A1A1A}"
    ".fm-search-open svg,.fm-ruler-toggle svg{vertical-align:middle}"
    ".fm-ruler.fm-on .fm-ruler-toggle{background:#1A1A1A!important;color:#FFFFFF}"
    ".fm-ruler{display:flex;align-items:center;background:#FFFFFF;color:#1A1A1A}"
    ".fm-ruler-panel{padding:0 6px 0 8px;font:600 14px sans-serif;color:#1A1A1A;white-space:nowrap}"
    ".fm-ruler-clear{margin-left:8px;font:13px sans-serif;cursor:pointer}"
    ".fm-ruling,.fm-ruling .leaflet-interactive,.fm-ruling .fm-place>span{cursor:crosshair!important}"
    ".fm-ruler-leg{font:600 12px sans-serif;padding:1px 5px;background:rgba(255,255,255,.92);border-color:#1A1A1A}"
    ".fm-mark-dot{position:absolute;left:0;top:0;width:16px;height:16px;box-sizing:border-box;border-radius:50%;"
    "background:#E6007E;border:3px solid #FFFFFF;box-shadow:0 0 0 1.5px #1A1A1A}"
    ".fm-mark-name{position:absolute;left:20px;top:-2px;white-space:nowrap;font:700 14px sans-serif;color:#1A1A1A;"
    "text-shadow:0 0 3px #FFFFFF,0 0 3px #FFFFFF,0 0 3px #FFFFFF}"
    # a phone's map: the search folds into a button, and the ruler's total stays short
    "@media (max-width:500px){.fm-search-open{display:block!important}.fm-search-input{display:none}"
    ".fm-search.fm-open{display:flex;flex-wrap:wrap;align-items:center}.fm-search-status{flex-basis:100%}"
    ".fm-search.fm-open .fm-search-input{display:block;width:min(190px,calc(100vw - 100px))}"
    ".fm-search-list{width:min(260px,calc(100vw - 30px))}}"
    ".fm-dark .fm-search,.fm-dark .fm-search-input,.fm-dark .fm-search-list,.fm-dark .fm-ruler,.fm-dark .fm-ruler-panel,"
    ".fm-dark .fm-search-status,.fm-dark .fm-search-list li{background:#111111;color:#FFFFFF}"
    ".fm-dark .fm-search-alt,.fm-dark .fm-search-where{color:#BBBBBB}.fm-dark .fm-search-list li:hover,.fm-dark .fm-search-list li[aria-selected=true]{background:#333333}"
    ".fm-dark .fm-mark-name{color:#FFFFFF;text-shadow:0 0 3px #000,0 0 3px #000,0 0 3px #000}"
    ".fm-dark .fm-ruler.fm-on .fm-ruler-toggle{background:#FFFFFF!important;color:#111111}"
)


@functools.cache  # (hashing the 1.5 MB on every map's run would cost more than the map's base)
def gazetteer_url() -> str | None:
    """Where the browser fetches the shipped gazetteer (published once per content), or None when
    none of its rows is usable (its problems are listed on Sources)."""
    text, problems = gazetteer.shipped()
    if problems:
        log.warning("%s: %d problem(s), first: %s", gazetteer.FILE, len(problems), problems[0])
    return publish(text, suffix=".json") if text != "[]" else None


class MapTools(MacroElement):
    """The search box and the ruler (`fmTools.add` in static/frontmap-tools.js)."""

    _template = Template(
        """{% macro script(this, kwargs) %}fmTools.add({{ this._parent.get_name() }}, {{ this.options|tojson }});{% endmacro %}"""
    )

    def __init__(self, places: list[list], gazetteer: str | None):
        super().__init__()
        self._name = "MapTools"
        self.options = {"places": places, "gazetteer": gazetteer}

    def embed(self) -> None:
        """In a standalone file (no app to fetch from) the search knows the map's own places only."""
        self.options = {**self.options, "gazetteer": None}


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
    fmap.get_root().header.add_child(template_guard.RenderedText(f"<style>{TOOLS_CSS}</style>"))
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
