"""streamlit-folium's map frame (0.27.4), with the base map rendered once per distinct base.

`st_folium` renders the whole base map again on every run (its Figure, each element's script, the
header), though a date step changes only the layers handed to it as `feature_group_to_add`: about a
seventh of a warm `/front` step's CPU on the server, paid by every viewer on every step. Here the
base's render is kept (`rendered`) and only the groups are rendered on a run (`show`), the
component then called with the arguments `st_folium` gives it: tests/test_folium_frame.py compares
the two. The one module that reaches into streamlit-folium's privates.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import folium
import streamlit as st
import streamlit_folium as sf

from frontmap import cache

RETURNED = (  # what the frame can return, as st_folium lists it
    "last_clicked", "last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip",
    "last_object_clicked_popup", "all_drawings", "last_active_drawing", "bounds", "zoom",
    "last_circle_radius", "last_circle_polygon", "selected_layers", "selected_tags", "last_geocoder_result",
)


@dataclass
class RenderedBase:
    """What `st_folium` makes of a base map before the groups are added, shared by every run."""

    script: str
    header: str
    html: str
    map_id: str
    css_links: list[str]
    js_links: list[str]
    bounds: list
    zoom: object
    _hashes: dict = field(default_factory=dict)  # the component's key per (key, return_on_hover)

    def hash_key(self, key: str | None, return_on_hover: bool) -> str:
        if (key, return_on_hover) not in self._hashes:
            self._hashes[key, return_on_hover] = sf.generate_js_hash(self.script, key, return_on_hover)
        return self._hashes[key, return_on_hover]


def render(fmap: folium.Map) -> RenderedBase:
    """The base map's parts, as `st_folium` renders them (it changes the map: render it once)."""
    fmap.get_root().render()
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)  # (before the map string renames the map)
    script = sf._get_map_string(fmap)
    css, js = _links([fmap])
    try:
        bounds = fmap.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    return RenderedBase(script, header, html, sf.get_full_id(fmap), css, js, bounds, fmap.options.get("zoom"))


_rendered = cache.IdentityCache(size=32)


def rendered(owners: tuple, key: tuple, make: Callable[[], folium.Map]) -> RenderedBase:
    """The render of the base `make` builds from `owners` (the Situation's frames it reads) and
    `key` (the value of everything else), made once per server and language."""
    return _rendered.get(owners, key, lambda: render(make()))


_stand_in = threading.local()


def _parent() -> folium.Map:
    """A map for the groups to be rendered into, one per script thread: named `map_div`, as the
    base map's script names it, so that the groups' scripts add themselves to the base."""
    if not hasattr(_stand_in, "map"):
        _stand_in.map = folium.Map(tiles=None)
        _stand_in.map._id = "div"
    return _stand_in.map


def _groups_script(groups: list[folium.FeatureGroup]) -> str:
    parent = _parent()
    try:
        return "".join(sf._get_feature_group_string(group, map=parent, idx=i) for i, group in enumerate(groups))
    finally:  # what the render left in the stand-in, so that it never grows
        parent._children.clear()
        for part in (parent.get_root().header, parent.get_root().html, parent.get_root().script):
            part._children.clear()


def _links(elements: Iterable) -> tuple[list[str], list[str]]:
    css: list[str] = []
    js: list[str] = []
    for element in elements:
        for part in _walk(element):
            css.extend(href for _, href in getattr(part, "default_css", []))
            js.extend(src for _, src in getattr(part, "default_js", []))
    return css, js


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def show(
    base: RenderedBase,
    groups: list[folium.FeatureGroup],
    key: str,
    height: int,
    returned_objects: list[str],
    center: list[float] | None = None,
    zoom: int | None = None,
):
    """The map frame of `base` with `groups` on it: `st_folium(fmap, key, height,
    use_container_width=True, feature_group_to_add=groups, returned_objects, center, zoom)`."""
    css, js = _links(groups)
    defaults = {name: None for name in RETURNED} | {"bounds": _bounds(base.bounds), "zoom": base.zoom}
    return sf._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=base.hash_key(key, False),
        height=height,
        width=None,
        returned_objects=returned_objects,
        default={k: v for k, v in defaults.items() if k in returned_objects},
        zoom=zoom,
        center=center,
        feature_group=_groups_script(groups) if groups else None,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(dict.fromkeys(base.css_links + css)),
        js_links=list(dict.fromkeys(base.js_links + js)),
        on_change=lambda: _keep(key, base.hash_key(key, False)),
        wrap_longitude=False,
    )


def _keep(key: str, hash_key: str) -> None:
    st.session_state[key] = st.session_state.get(hash_key, {})


def _bounds(corners: list) -> dict:
    (south, west), (north, east) = corners
    return {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
