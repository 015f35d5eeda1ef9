"""The base map, and the offline assets it needs.

folium and streamlit-folium load Leaflet and jQuery from CDNs: in a room with no internet the map is
blank. Here those files come from pinned XStatic packages, copied into Streamlit's static folder,
and every folium element is pointed at them. The offline basemap is drawn from the shipped oblast
and country outlines, and lies under the online tiles, so when the tiles cannot load it shows.
"""

from __future__ import annotations

import inspect
import shutil
from pathlib import Path

import folium
import folium.elements
import folium.plugins
import geopandas as gpd
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster
from branca.element import MacroElement
from jinja2 import Template

from frontmap import cache
from frontmap.maps import template_guard, tools
from frontmap.maps.annotations import DRAWN_CSS
from frontmap.maps.geojson_layer import STATIC_DIR, STATIC_URL, GeoJsonLayer, collection

VENDOR = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
}
# Leaflet.draw 1.0.4, from npm (`scripts/vendor-leaflet-draw.sh`), kept in the repository as served.
DRAW_DIR = "vendor/leaflet-draw"
LOCAL_JS = {
    "leaflet": f"{STATIC_URL}/vendor/leaflet/leaflet.js",
    "markerclusterjs": f"{STATIC_URL}/vendor/markercluster/leaflet.markercluster.js",
    # Leaflet guesses its marker images' folder from its CSS, which st_folium adds too late.
    "frontmap_setup": f"{STATIC_URL}/frontmap-leaflet.js",
    # the search and the ruler (maps/tools.py), and the keeper of the mark in the page's address
    "frontmap_keep": f"{STATIC_URL}/keep-in-url.js",
    "frontmap_tools": f"{STATIC_URL}/frontmap-tools.js",
    "frontmap_lasso": f"{STATIC_URL}/frontmap-lasso.js",  # Explore's (maps/rowmap.py: lasso_layer)
    "leaflet_draw_js": f"{STATIC_URL}/{DRAW_DIR}/leaflet.draw.js",
}
LOCAL_CSS = {
    "leaflet_css": f"{STATIC_URL}/vendor/leaflet/leaflet.css",
    "markerclustercss": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.Default.css",
    "frontmap_tools_css": f"{STATIC_URL}/frontmap-tools.css",
    "leaflet_draw_css": f"{STATIC_URL}/{DRAW_DIR}/leaflet.draw.css",
}

LAND = "#F7F5F0"
OUTSIDE = "#E2E2E2"  # land outside Ukraine: never to be read as Ukrainian-held
SEA = "#DCE7EF"
BORDER = "#8A8A8A"
# The dark theme's map (the frame gets class fm-dark): the same order of lightness, sea darkest.
DARK = {"land": "#3C3C3C", "outside": "#262626", "sea": "#0B1620"}

# Leaflet draws a pane's layers in the order their data arrives; fetched layers arrive in any order,
# so each kind has its pane, stacked by z-index: areas under water under lines, events above places
# (Leaflet's marker pane is 600), so that every event can be clicked; DeepState's arrows (fm-axes)
# under both, so that a dot an arrow crosses can still be clicked; a presenter's drawings (fm-drawn)
# over everything.
PANES = {
    "fm-areas": 380, "fm-change": 385, "fm-water": 390, "fm-lines": 410, "fm-axes": 590, "fm-points": 620, "fm-drawn": 630,
}
NARROW_PX = 500  # a map narrower than this (a phone's) frames less and folds its legend onto itself
# A place's label takes no clicks or hovers: only its dot does.
MAP_CSS = (
    # (three classes: Leaflet's own `.leaflet-marker-icon.leaflet-interactive` must not win)
    ".leaflet-marker-icon.fm-icon.leaflet-interactive{pointer-events:none}"
    ".fm-icon .fm-place>span:first-child{pointer-events:auto;cursor:pointer}"
    "path.fm-lost{fill:url(#fm-hatch-lost)}path.fm-gained{fill:url(#fm-hatch-gained)}"
    ".fm-event{display:block;width:12px;height:12px;border-radius:50%;border:1.5px solid #1A1A1A;"
    "box-sizing:border-box;pointer-events:auto;cursor:pointer}"
    # A notice over the map (no front line for the day): large, on an opaque card.
    ".fm-notice{font:600 22px/1.3 sans-serif;color:#1A1A1A;background:#FFFFFF;border:2px solid #1A1A1A;"
    "border-radius:6px;padding:10px 14px;max-width:min(520px,calc(100vw - 80px));box-shadow:0 2px 8px rgba(0,0,0,.3)}"
    "@media (max-width:640px){.fm-notice{font-size:16px;padding:6px 10px}}"
    # The legend folded into a control on the map (open at first where the map is wide).
    ".fm-legend-fold{display:none;background:#FFFFFF;border:2px solid rgba(0,0,0,.25);border-radius:6px;"
    "padding:4px 8px;max-width:calc(100vw - 40px);max-height:calc(100vh - 90px);overflow:auto;font:13px sans-serif}"
    ".fm-legend-fold summary{cursor:pointer;font-weight:600;padding:2px 0}"
    ".fm-legend-fold .fm-legend{flex-direction:column;flex-wrap:nowrap;font-size:12px}"
    ".fm-fill .fm-legend-fold,.fm-fill-legend .fm-legend-fold{display:block}"
    f"@media (max-width:{NARROW_PX}px){{.fm-legend-fold{{display:block}}}}"
    ".fm-fill #map_div{height:100vh !important}"
    "@media (min-width:900px){.fm-legend-fold .fm-legend{display:grid;grid-template-columns:auto auto;gap:2px 14px}}"
    # The dark theme: CSS outranks the SVG's own fill attributes; inline label colours need !important.
    f".leaflet-container.fm-dark{{background:{DARK['sea']}}}"
    f".fm-dark path.fm-land{{fill:{DARK['land']}}}.fm-dark path.fm-outside{{fill:{DARK['outside']}}}"
    ".fm-dark path.fm-oblast-line{stroke:#6A6A6A}"
    ".fm-dark .leaflet-tile-pane{filter:invert(1) hue-rotate(180deg) brightness(.85)}"
    ".fm-dark .fm-place{color:#FFFFFF!important;text-shadow:0 0 3px #000,0 0 3px #000!important}"
    ".fm-dark .fm-notice,.fm-dark .fm-legend-fold,.fm-dark .fm-cloud-total,.fm-dark .leaflet-bar a,.fm-dark .leaflet-control-attribution,"
    ".fm-dark .leaflet-control-scale-line,.fm-dark .leaflet-popup-content-wrapper,.fm-dark .leaflet-popup-tip"
    "{background:#111111;color:#FFFFFF;border-color:#BBBBBB}"
    ".fm-dark .leaflet-control-attribution a,.fm-dark .leaflet-popup-content a{color:#8CC8FF}"
    # the point cloud's cells: a count on the circle, and the map's total of matching rows
    ".fm-cloud-labels{position:absolute;left:0;top:0;z-index:101;pointer-events:none}"  # Leaflet puts canvases at 100
    ".fm-cloud-count{position:absolute;display:flex;align-items:center;justify-content:center;"
    "font:600 11px/1 sans-serif;color:#fff;text-shadow:0 0 2px #000,0 0 2px #000;pointer-events:none}"
    ".fm-cloud-total{background:rgba(255,255,255,.92);padding:3px 8px;border-radius:4px;"
    "font:600 13px/1.3 sans-serif;color:#1A1A1A;box-shadow:0 1px 3px rgba(0,0,0,.3)}"
    + DRAWN_CSS  # a presenter's drawings on a slide
)
BASEMAPS = ("auto", "offline")  # auto: online tiles over the offline outlines; offline: outlines only
CENTRE = (47.6, 34.8)  # between Kherson and Bakhmut
ZOOM = 6
MAX_ZOOM = 14


_outlines = cache.IdentityCache(size=8)


class Frame(MacroElement):
    """Frames the map on `bounds` ([[south, west], [north, east]]), or on `narrow` on a page narrower
    than NARROW_PX (a phone shows less). Without animation: an animated zoom ends on its own view,
    whatever was asked after it."""

    # The map's frame opens wider than a phone's column and then shrinks to it: on a phone the map
    # is framed again as it resizes, until the viewer first touches it.
    _template = Template(
        """{% macro script(this, kwargs) %}(function (map) {
          var narrow = {{ this.narrow|tojson }}, page = window.parent || window;
          if (!narrow || page.innerWidth >= {{ this.width }}) {
            {% if this.bounds %}map.fitBounds({{ this.bounds|tojson }}, {padding: [12, 12], animate: false});{% endif %}
            return;
          }
          function frame() {
            if (window.fm && fm.link && fm.link.linked()) return stop();  // a link's own view stands
            if (map.getSize().y) map.fitBounds(narrow, {padding: [8, 8], animate: false});
          }
          function stop() { map.off("resize", frame); }
          map.fmStopFraming = stop;  // (a place found or marked is not framed away)
          frame();
          map.on("resize", frame);
          ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (e) {
            map.getContainer().addEventListener(e, stop, {once: true, passive: true});
          });
        })({{ this._parent.get_name() }});{% endmacro %}"""
    )

    def __init__(self, bounds: list[list[float]] | None, narrow: list[list[float]] | None):
        super().__init__()
        self._name = "Frame"
        self.bounds, self.narrow, self.width = bounds, narrow, NARROW_PX


def _country_styles(countries: gpd.GeoDataFrame) -> list[dict]:
    return [
        {
            "style": {
                "fillColor": LAND if name == "Ukraine" else OUTSIDE,
                "fillOpacity": 1,
                "color": BORDER,
                "weight": 1,
                "className": "fm-land" if name == "Ukraine" else "fm-outside",
            }
        }
        for name in countries["name"]
    ]


def _oblast_styles(oblasts: gpd.GeoDataFrame) -> list[dict]:
    return [{"style": {"fillOpacity": 0, "color": "#B0B0B0", "weight": 0.6, "className": "fm-oblast-line"}}] * len(oblasts)


def ensure_static_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the pinned Leaflet, jQuery and MarkerCluster files into Streamlit's static folder."""
    for name, source in VENDOR.items():
        target = static_dir / "vendor" / name
        marker = target / ".copied"
        if not marker.exists():
            shutil.copytree(source, target, dirs_exist_ok=True)
            marker.touch()
    return static_dir


def _local_only(assets: list[tuple[str, str]], local: dict[str, str]) -> list[tuple[str, str]]:
    """The same asset list, each file local; ones we do not use (Bootstrap, awesome-markers) dropped."""
    return [(name, local[name]) for name, _ in assets if name in local]


def use_local_assets() -> None:
    """Point every folium element that loads JS or CSS at the local copies (process-wide)."""
    classes = {folium.Map, folium.plugins.MarkerCluster}
    for module in (folium, folium.features, folium.map, folium.plugins):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, folium.elements.JSCSSMixin):
                classes.add(cls)
    for cls in classes:
        cls.default_js = _local_only(cls.default_js, LOCAL_JS)
        cls.default_css = _local_only(cls.default_css, LOCAL_CSS)
    for own in ("frontmap_setup", "frontmap_keep", "frontmap_tools", "frontmap_lasso"):
        if (own, LOCAL_JS[own]) not in folium.Map.default_js:
            folium.Map.default_js.append((own, LOCAL_JS[own]))
    if ("frontmap_tools_css", LOCAL_CSS["frontmap_tools_css"]) not in folium.Map.default_css:
        folium.Map.default_css.append(("frontmap_tools_css", LOCAL_CSS["frontmap_tools_css"]))


def base_map(
    oblasts: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    basemap: str = "auto",
    centre: tuple[float, float] = CENTRE,
    zoom: int = ZOOM,
    bounds: list[list[float]] | None = None,
    narrow_bounds: list[list[float]] | None = None,
    places: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """A map whose land, borders and oblasts come from shipped files; tiles only where they load.
    `bounds` ([[south, west], [north, east]]), when given, frames the map instead of centre and zoom;
    `narrow_bounds` frames it instead where the map is narrower than NARROW_PX (a phone). Its tools
    (place search and ruler) find `places` (the situation's) first, then the gazetteer."""

    fmap = folium.Map(
        location=list(centre),
        zoom_start=zoom,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=3,
        control_scale=True,
        prefer_canvas=False,
    )
    if bounds or narrow_bounds:
        Frame(bounds, narrow_bounds).add_to(fmap)
    fmap.get_root().header.add_child(
        # (div.: above Leaflet's own grey, whichever style comes last, as in an export's inlined CSS)
        template_guard.RenderedText(f"<style>div.leaflet-container{{background:{SEA};}}{MAP_CSS}</style>")
    )
    for pane, z_index in PANES.items():
        folium.map.CustomPane(pane, z_index=z_index, pointer_events=True).add_to(fmap)
    # Below Leaflet's tile pane (z-index 200): online tiles cover the outlines; where they fail, the
    # outlines show through.
    folium.map.CustomPane("offline-basemap", z_index=150, pointer_events=False).add_to(fmap)
    outline = folium.FeatureGroup(name="Basemap (offline)", control=False)
    for frame, styles in ((countries, _country_styles), (oblasts, _oblast_styles)):
        # Made once, published once and fetched once by each browser: never in a rerun's payload.
        text = _outlines.get(frame, styles, lambda f=frame, s=styles: collection(f.geometry, s(f)))
        GeoJsonLayer(text, pane="offline-basemap", interactive=False).add_to(outline)
    outline.add_to(fmap)
    if basemap == "auto":
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", max_zoom=MAX_ZOOM, control=False).add_to(fmap)
    tools.add_tools(fmap, places)
    return fmap
