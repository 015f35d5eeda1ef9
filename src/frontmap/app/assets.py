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


def css_string(text: str) -> str:
    """`text` as a quoted CSS string: every character but a letter or a digit escaped (`\\HHHHHH`,
    six digits; a space too, as the one after an escape would be taken for its end), so that no
    text can end the string, the rule or the <style> it is in."""
    return '"' + "".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'


def words_over(words: dict[str, str], faded: tuple[str, ...] = ()) -> str:
    """A style that shows our words in place of an element's text (`selector: words`): Streamlit's
    own words (its uploader's) have no setting for a language. The element's children are taken
    away (from screen readers too) and ours are its `::after`, which names a button as its text
    did; in Streamlit's size and line for them (0.875rem, 1.6), and its fading for a note's line
    (`faded`: its text at 70%)."""
    rules = "".join(
        f"{selector}>*{{display:none}}"
        f"{selector}::after{{content:{css_string(said)};font-size:.875rem;line-height:1.6{';opacity:.7' if selector in faded else ''}}}"
        for selector, said in words.items()
    )
    return f"<style>{rules}</style>"


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
