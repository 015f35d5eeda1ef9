"""The app's own browser files (`static/`), read once, and the offline map assets set up."""

from __future__ import annotations

import functools
import re

from frontmap.maps import basemap
from frontmap.maps.geojson_layer import STATIC_DIR, STATIC_URL


@functools.cache
def text(name: str) -> str:
    return (STATIC_DIR / name).read_text(encoding="utf-8")


def script(name: str) -> str:
    return f"<script>{text(name)}</script>"


COMMENT = re.compile(r"/\*.*?\*/", re.S)
SPACE = re.compile(r"\s*([{};,>])\s*|(:)\s+|\s*\n\s*")  # (not before ":": "a :hover" is not "a:hover")


@functools.cache
def style(name: str) -> str:
    """A style sheet inline, without its comments and spaces: it goes with every run that draws it."""
    css = COMMENT.sub("", text(name))
    return f"<style>{SPACE.sub(lambda m: m.group(1) or m.group(2) or ' ', css).strip()}</style>"


def component_files(name: str) -> dict[str, str]:
    """A page component's script and style (static/NAME.js, NAME.css) by their address: Streamlit
    sends a component's inline code with every run that draws it, a few lines of loader instead."""
    # (on two lines: Streamlit takes a one-line string with a "/" in it for a file of a package)
    return {
        "css": f'/* {name} */\n@import url("{STATIC_URL}/{name}.css");',
        "js": (  # (its own code runs from a blob: the address is made whole)
            "export default async function (c) {\n"
            f'  return (await import(new URL("{STATIC_URL}/{name}.js", location.origin).href)).default(c);\n}}'
        ),
    }


def install() -> None:
    """Leaflet, jQuery and the basemap from the app itself (process-wide): the maps render offline."""
    basemap.ensure_static_assets()
    basemap.use_local_assets()
