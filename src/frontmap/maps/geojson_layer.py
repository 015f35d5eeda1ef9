"""GeoJSON layers that the browser draws from a published file, or from inline data.

A streamlit-folium map re-sends its whole script and dated layers on every rerun. Data that many
viewers share (outlines, places, a day's front line) is published instead: written once to a
content-addressed file under Streamlit's static folder, which the browser fetches once, so a date
step sends only the names of the day's files. Data of one session (an upload) stays inline.

Each feature carries its own `style`, `popup`, `tooltip` and, for a place, `icon`: HTML made and
escaped in `layers`, the one place where text becomes markup. `static/frontmap-leaflet.js` draws them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path

import folium
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontmap import cache

# Streamlit serves the folder `static` beside app.py at /app/static (server.enableStaticServing).
STATIC_DIR = Path(__file__).resolve().parents[3] / "static"
STATIC_URL = "/app/static"
PUBLISHED_DIR = STATIC_DIR / "published"
PUBLISHED_URL = f"{STATIC_URL}/published"
_published: set[str] = set()
_lock = threading.Lock()


def publish(content: str | bytes, directory: Path = PUBLISHED_DIR, suffix: str = ".geojson") -> str:
    """Write `content` (text, or bytes such as a point cloud's) once under a name made of its hash;
    return the URL the browser fetches it from. The same content always has the same name, so a
    file never changes once written."""
    data = content.encode() if isinstance(content, str) else content
    name = hashlib.sha256(data).hexdigest()[:24] + suffix
    target = directory / name
    with _lock:
        if str(target) not in _published:
            if not target.exists():
                remember(data, target)
            _published.add(str(target))
    return f"{PUBLISHED_URL}/{name}"


def remember(content: str | bytes, target: Path) -> None:
    """Write a file whole or not at all: a viewer (or another server) never reads half of one."""
    data = content.encode() if isinstance(content, str) else content
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent, delete=False) as tmp:
        tmp.write(data)
    os.replace(tmp.name, target)


# The layer texts made once (`cache.once`, `situation_layers._texts`) are hashed once, not on
# every run: a day's front line and the few around it are hundreds of KB.
_urls = cache.IdentityCache(size=64)


def published_url(text: str) -> str:
    """`publish(text)`, remembered for this very text object."""
    return _urls.get(text, "url", lambda: publish(text))


class GeoJsonLayer(MacroElement):
    """A GeoJSON FeatureCollection drawn by `fm.add` (static/frontmap-leaflet.js).

    `shared`: publish the data as a file (shared by every viewer, fetched once) rather than inline.
    `embed()` turns a shared layer inline again, for a standalone HTML file that opens offline."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        fm.add({{ this._parent.get_name() }}, {{ this.source() }}, {{ this.options|tojson }});
        {% if this.prefetch %}fm.prefetch({{ this.prefetch|tojson }}, {{ this.options|tojson }});{% endif %}
        {% endmacro %}"""
    )

    def __init__(
        self,
        text: str,
        shared: bool = True,
        pane: str | None = None,
        interactive: bool = True,
        prefetch: list[str] | None = None,
        slot: str | None = None,
    ):
        super().__init__()
        self._name = "GeoJsonLayer"
        self.text = text  # a FeatureCollection, as made by `collection`
        self.url = published_url(self.text) if shared else None
        # `slot`: the kind of dated layer; the browser keeps one layer per slot on the map, and keeps
        # it as drawn while its file stays the same (static/frontmap-leaflet.js).
        self.options = {"interactive": interactive, **({"pane": pane} if pane else {}), **({"slot": slot} if slot else {})}
        # Published layers of the same kind that the viewer will likely want next (the days around).
        self.prefetch = [published_url(t) for t in prefetch or []] if shared else []

    def source(self) -> str:
        # Inline JSON goes into a <script>: "</" is escaped so that no text can close the tag.
        return json.dumps(self.url) if self.url else self.text.replace("</", "<\\/")

    def embed(self) -> None:
        self.url, self.prefetch = None, []


def collection(geometries, properties: list[dict]) -> str:
    """GeoJSON text of a FeatureCollection: shapely writes the geometries (fast, in C), each with
    its properties (style, popup, tooltip, ...). Missing or empty geometries are left out."""
    geometries = np.asarray(geometries, dtype=object)
    drawable = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
    texts = shapely.to_geojson(geometries)
    parts = [
        f'{{"type":"Feature","geometry":{geom},"properties":{json.dumps(props, separators=(",", ":"))}}}'
        for geom, props, keep in zip(texts, properties, drawable)
        if keep
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def embed_all(element: folium.Element) -> None:
    """Make every GeoJsonLayer (and any other element that fetches from the app, such as the map's
    tools) under `element` inline or without the app (for a file that must open offline)."""
    for child in element._children.values():
        if callable(getattr(child, "embed", None)):
            child.embed()
        embed_all(child)
