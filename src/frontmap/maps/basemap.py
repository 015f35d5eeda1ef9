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

import branca.element
import folium
import folium.elements
import folium.plugins
import geopandas as gpd
import xstatic.pkg.leaflet
import xstatic.pkg.leaflet_markercluster

from frontmap.maps.geojson_layer import STATIC_DIR, STATIC_URL, GeoJsonLayer, IdentityCache, collection

VENDOR = {
    "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
    "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
}
LOCAL_JS = {
    "leaflet": f"{STATIC_URL}/vendor/leaflet/leaflet.js",
    "markerclusterjs": f"{STATIC_URL}/vendor/markercluster/leaflet.markercluster.js",
    # Leaflet guesses its marker images' folder from its CSS, which st_folium adds too late.
    "frontmap_setup": f"{STATIC_URL}/frontmap-leaflet.js",
}
LOCAL_CSS = {
    "leaflet_css": f"{STATIC_URL}/vendor/leaflet/leaflet.css",
    "markerclustercss": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.css",
    "markerclusterdefaultcss": f"{STATIC_URL}/vendor/markercluster/MarkerCluster.Default.css",
}

# Leaflet draws a pane's layers in the order their data arrives; fetched layers arrive in any order,
# so each kind has its pane, stacked by z-index: areas under water under lines, events above places
# (Leaflet's marker pane is 600), so that every event can be clicked.
PANES = {"fm-areas": 380, "fm-change": 385, "fm-water": 390, "fm-lines": 410, "fm-points": 620}
# A place's label takes no clicks or hovers: only its dot does.
MAP_CSS = (
    # (three classes: Leaflet's own `.leaflet-marker-icon.leaflet-interactive` must not win)
    ".leaflet-marker-icon.fm-icon.leaflet-interactive{pointer-events:none}"
    ".fm-icon .fm-place>span:first-child{pointer-events:auto;cursor:pointer}"
    "path.fm-lost{fill:url(#fm-hatch-lost)}path.fm-gained{fill:url(#fm-hatch-gained)}"
    ".fm-event{display:block;width:12px;height:12px;border-radius:50%;border:1.5px solid #1A1A1A;"
    "box-sizing:border-box;pointer-events:auto;cursor:pointer}"
)
BASEMAPS = ("auto", "offline")  # auto: online tiles over the offline outlines; offline: outlines only
CENTRE = (47.6, 34.8)  # between Kherson and Bakhmut
ZOOM = 6
MAX_ZOOM = 14
LAND = "#F7F5F0"
OUTSIDE = "#E2E2E2"  # land outside Ukraine: never to be read as Ukrainian-held
SEA = "#DCE7EF"
BORDER = "#8A8A8A"


_outlines = IdentityCache(size=8)


def _country_styles(countries: gpd.GeoDataFrame) -> list[dict]:
    return [
        {"style": {"fillColor": LAND if name == "Ukraine" else OUTSIDE, "fillOpacity": 1, "color": BORDER, "weight": 1}}
        for name in countries["name"]
    ]


def _oblast_styles(oblasts: gpd.GeoDataFrame) -> list[dict]:
    return [{"style": {"fillOpacity": 0, "color": "#B0B0B0", "weight": 0.6}}] * len(oblasts)


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
    if ("frontmap_setup", LOCAL_JS["frontmap_setup"]) not in folium.Map.default_js:
        folium.Map.default_js.append(("frontmap_setup", LOCAL_JS["frontmap_setup"]))


def base_map(
    oblasts: gpd.GeoDataFrame,
    countries: gpd.GeoDataFrame,
    basemap: str = "auto",
    centre: tuple[float, float] = CENTRE,
    zoom: int = ZOOM,
    bounds: list[list[float]] | None = None,
) -> folium.Map:
    """A map whose land, borders and oblasts come from shipped files; tiles only where they load.
    `bounds` ([[south, west], [north, east]]), when given, frames the map instead of centre and zoom."""

    fmap = folium.Map(
        location=list(centre),
        zoom_start=zoom,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=3,
        control_scale=True,
        prefer_canvas=False,
    )
    if bounds:
        fmap.fit_bounds(bounds, padding=(12, 12))
    fmap.get_root().header.add_child(
        # (div.: above Leaflet's own grey, whichever style comes last, as in an export's inlined CSS)
        branca.element.Element(f"<style>div.leaflet-container{{background:{SEA};}}{MAP_CSS}</style>")
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
    return fmap
