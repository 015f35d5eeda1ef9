"""The app's own browser files (`static/`), read once, and the offline map assets set up."""

from __future__ import annotations

import functools

from frontmap.maps import basemap
from frontmap.maps.geojson_layer import STATIC_DIR


@functools.cache
def text(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def script(name: str) -> str:
    return f"<script>{text(name)}</script>"


def style(name: str) -> str:
    return f"<style>{text(name)}</style>"


def install() -> None:
    """Leaflet, jQuery and the basemap from the app itself (process-wide): the maps render offline."""
    basemap.ensure_static_assets()
    basemap.use_local_assets()
