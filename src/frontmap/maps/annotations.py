"""A presenter's drawings on a slide: arrows, lines, areas, circles, text labels and markers.

One model (`Annotation`, kept in the deck's TOML as `[[slides.annotations]]`) and one geometry
(`shapes`: an arrow's curve and head, a circle's ring, computed here once) feed both painters: the
web map's layer (`web_layer`) and the printed map's (`paint`, PNG, PDF and GIF), so that a drawing
is in the same place everywhere. Colours come from a small named palette that reads on the control
areas and, through dash and weight, in greyscale. Text is text: escaped for the web map, drawn
without maths on paper.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Literal

import folium
import numpy as np
import shapely
import shapely.ops
from branca.element import MacroElement
from jinja2 import Template
from matplotlib import patheffects
from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, field_validator, model_validator
from pyproj import Geod

from frontmap import i18n, limits
from frontmap.i18n import N_, Msg, _, msg
from frontmap.maps.geojson_layer import GeoJsonLayer, collection
from frontmap.safetext import esc

KINDS = ("arrow", "line", "area", "circle", "label", "marker")
KIND_NAMES = {  # as the page says them (with `_`)
    "arrow": N_("arrow"),
    "line": N_("line"),
    "area": N_("area"),
    "circle": N_("circle"),
    "label": N_("label"),
    "marker": N_("marker"),
}
# Dark enough for white halos and the map's light land, none of them the control areas' orange;
# told apart in greyscale by dash and weight as well (web: dashArray in px; print: matplotlib's).
# (`name` and `label` are said with `_` where shown)
PALETTE = {
    "blue": {"colour": "#0046AD", "dash": None, "weight": 5, "name": N_("blue"), "label": N_("blue, solid")},
    "red": {"colour": "#B3001B", "dash": "12 7", "weight": 5, "name": N_("red"), "label": N_("red, dashed")},
    "black": {"colour": "#111111", "dash": None, "weight": 3, "name": N_("black"), "label": N_("black, thin")},
    "purple": {"colour": "#6A1B9A", "dash": "3 6", "weight": 4, "name": N_("purple"), "label": N_("purple, dotted")},
    "green": {"colour": "#00603A", "dash": "14 5 3 5", "weight": 4, "name": N_("green"), "label": N_("green, dash-dot")},
}
Colour = Literal["blue", "red", "black", "purple", "green"]
HALO = "#FFFFFF"
ONE_POINT = ("circle", "label", "marker")
WITH_TEXT = ("label", "marker")
PANE = "fm-drawn"  # above every layer of the situation (`basemap.PANES`)


class Annotation(BaseModel):
    """One drawing: `coords` are [lon, lat] pairs (GeoJSON's order), one for a circle, label or
    marker, two or more for an arrow or line, three or more for an area."""

    model_config = ConfigDict(extra="forbid")

    type: Literal["arrow", "line", "area", "circle", "label", "marker"]
    coords: list[tuple[FiniteFloat, FiniteFloat]] = Field(min_length=1, max_length=limits.MAX_ANNOTATION_VERTICES)
    colour: Colour = "blue"
    text: str = Field(default="", max_length=limits.MAX_ANNOTATION_TEXT)
    radius_km: FiniteFloat | None = Field(default=None, gt=0, le=limits.MAX_RADIUS_KM)

    @field_validator("coords")
    @classmethod
    def in_wgs84(cls, coords: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for i, (lon, lat) in enumerate(coords):
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(msg("point {n}, [{lon}, {lat}], is not a [lon, lat] in WGS84", n=str(i + 1), lon=str(lon), lat=str(lat)))
        return coords

    @field_validator("text")
    @classmethod
    def one_line(cls, text: str) -> str:
        if any(ord(c) < 32 or ord(c) == 127 or 0xD800 <= ord(c) <= 0xDFFF for c in text):
            raise ValueError(msg("a label's text is one line, without control characters"))
        return text

    @model_validator(mode="after")
    def fits_its_type(self):
        n, kind = len(self.coords), self.type
        if kind in ONE_POINT and n != 1:
            raise ValueError(msg("a {kind} has one [lon, lat] point, not {n}", kind=Msg(KIND_NAMES[kind]), n=str(n)))
        if kind in ("arrow", "line") and n < 2:
            raise ValueError(msg("an arrow needs two points or more") if kind == "arrow" else msg("a line needs two points or more"))
        if kind == "area" and n < 3:
            raise ValueError(msg("an area needs three points or more"))
        if (kind == "circle") != (self.radius_km is not None):
            raise ValueError(msg("a circle, and only a circle, has radius_km"))
        if self.text and kind not in WITH_TEXT:
            raise ValueError(msg("only a label or a marker has text, not this {kind}", kind=Msg(KIND_NAMES[kind])))
        if kind == "label" and not self.text.strip():
            raise ValueError(msg("a label needs its text"))
        return self


@dataclass(frozen=True)
class Shapes:
    """What a drawing is made of, in [lon, lat]: a line (an arrow's shaft, a curve), a filled head,
    a ring (an area's or a circle's outline) or a point."""

    line: list[tuple[float, float]] | None = None
    head: list[tuple[float, float]] | None = None
    ring: list[tuple[float, float]] | None = None
    point: tuple[float, float] | None = None


def _curve(xy: np.ndarray, steps: int = 12) -> np.ndarray:
    """A Catmull-Rom curve through the points (a straight line through two)."""
    if len(xy) < 3:
        return xy
    padded = np.vstack([xy[0], xy, xy[-1]])
    t = np.linspace(0, 1, steps, endpoint=False)[:, None]
    parts = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1], padded[i], padded[i + 1], padded[i + 2]
        parts.append(
            0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2 + (3 * p1 - p0 - 3 * p2 + p3) * t**3)
        )
    return np.vstack([*parts, xy[-1]])


def _arrow(coords: list[tuple[float, float]]) -> tuple[list, list]:
    """An axis of advance: a smooth shaft through the points and a head at the last, sized to the
    arrow (a fifth of its length, at most 0.4°), computed where a degree of longitude is as long as
    one of latitude, so that the head is not skewed."""
    lat0 = float(np.mean([c[1] for c in coords]))
    k = max(0.2, math.cos(math.radians(lat0)))
    xy = _curve(np.array([(lon * k, lat) for lon, lat in coords]))
    length = float(np.hypot(*np.diff(xy, axis=0).T).sum())
    if length == 0:
        return [tuple(c) for c in coords], []
    head = min(length * 0.2, 0.4)
    line = shapely.LineString(xy)
    tip = xy[-1]
    base = np.array(line.interpolate(length - head).coords[0])
    direction = (tip - base) / (np.hypot(*(tip - base)) or 1)
    normal = np.array([-direction[1], direction[0]])
    wing = head * 0.55
    triangle = [tip, base + normal * wing, base - normal * wing, tip]
    # the shaft stops inside the head, so that its width never shows past the point
    shaft = shapely.ops.substring(line, 0, length - head * 0.6)
    back = lambda pts: [(float(x) / k, float(y)) for x, y in pts]  # noqa: E731
    return back(shaft.coords), back(triangle)


_geod = Geod(ellps="WGS84")


def circle_ring(centre: tuple[float, float], radius_km: float, n: int = 72) -> list[tuple[float, float]]:
    """A circle on the ground (geodesic), as a ring of [lon, lat]."""
    lon, lat = centre
    lons, lats, _ = _geod.fwd([lon] * n, [lat] * n, np.linspace(0, 360, n, endpoint=False), [radius_km * 1000] * n)
    ring = list(zip(map(float, lons), map(float, lats)))
    return [*ring, ring[0]]


def shapes(a: Annotation) -> Shapes:
    if a.type == "arrow":
        line, head = _arrow(a.coords)
        return Shapes(line=line, head=head or None)
    if a.type == "line":
        return Shapes(line=list(a.coords))
    if a.type == "area":
        return Shapes(ring=[*a.coords, a.coords[0]])
    if a.type == "circle":
        return Shapes(ring=circle_ring(a.coords[0], a.radius_km))
    return Shapes(point=a.coords[0])


def describe(a: Annotation) -> str:
    """An annotation in words (the presenter's list, the remote, the map's words)."""
    if a.type == "circle":
        what = _("circle of {km} km").format(km=i18n.number(a.radius_km))
    elif a.type == "area":
        what = i18n.ngettext("area of {n} point", "area of {n} points", len(a.coords)).format(n=len(a.coords))
    else:
        what = _(KIND_NAMES[a.type])
    colour = _(PALETTE[a.colour]["name"])
    if a.text:
        return _("{what}, {colour}: “{text}”").format(what=what, colour=colour, text=a.text)
    return _("{what}, {colour}").format(what=what, colour=colour)


# --- the web map ---------------------------------------------------------------------------------


def _stroke(colour: str, extra: int = 0, halo: bool = False) -> dict:
    look = PALETTE[colour]
    return {
        "color": HALO if halo else look["colour"],
        "weight": look["weight"] + extra,
        "opacity": 0.9 if halo else 1,
        "dashArray": None if halo else look["dash"],
        "lineCap": "round" if halo or not look["dash"] else "butt",
        "fill": False,
    }


def _label_icon(a: Annotation) -> dict:
    look = PALETTE[a.colour]
    text = f"<span class='fm-drawn-text'>{esc(a.text)}</span>" if a.text else ""
    dot = (
        f"<span class='fm-drawn-dot' style='background:{look['colour']}'></span>" if a.type == "marker" else ""
    )
    # The box is the point; its content is placed from it in CSS: a label centred on it, a
    # marker's dot on it with its text to the right.
    return {
        "html": f"<div class='fm-drawn fm-drawn-{a.type}' style='color:{look['colour']}'>{dot}{text}</div>",
        "size": [0, 0],
        "anchor": [0, 0],
    }


def web_features(annotations: list[Annotation]) -> str:
    """The drawings as GeoJSON features styled for `fm.add` (static/frontmap-leaflet.js): each line
    on a white halo, so that it reads over any fill."""
    geometries, props = [], []
    for a in annotations:
        s = shapes(a)
        look = PALETTE[a.colour]
        if s.ring:
            geometries.append(shapely.Polygon(s.ring))
            props.append({"style": {**_stroke(a.colour), "fill": True, "fillColor": look["colour"], "fillOpacity": 0.12}})
        if s.line:
            line = shapely.LineString(s.line)
            geometries += [line, line]
            props += [{"style": _stroke(a.colour, 4, halo=True)}, {"style": _stroke(a.colour)}]
        if s.head:
            geometries.append(shapely.Polygon(s.head))
            props.append(
                {"style": {"color": HALO, "weight": 1.5, "fill": True, "fillColor": look["colour"], "fillOpacity": 1}}
            )
        if s.point:
            geometries.append(shapely.Point(s.point))
            props.append({"icon": _label_icon(a)})
    return collection(geometries, props)


DRAWN_CSS = (
    ".fm-drawn{position:absolute;left:0;top:0;font:700 16px/1.15 sans-serif;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;pointer-events:none}"
    ".fm-drawn-label .fm-drawn-text{position:absolute;transform:translate(-50%,-50%)}"
    ".fm-drawn-dot{position:absolute;left:-8px;top:-8px;width:16px;height:16px;border-radius:50%;"
    "border:2.5px solid #fff;box-sizing:border-box;box-shadow:0 0 0 1px rgba(0,0,0,.5)}"
    ".fm-drawn-marker .fm-drawn-text{position:absolute;left:11px;top:0;transform:translateY(-50%)}"
)


def version(annotations: list[Annotation]) -> str:
    """A slide's drawings as they are now: an edit made on an older version is not applied."""
    text = json.dumps([a.model_dump() for a in annotations], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Drafts(MacroElement):
    """While the tools are on: Leaflet.draw's own shapes give way to the slide's drawings as plain
    shapes its edit tool can move (`stFolium.drafts`). `taken` counts the shapes the page has seen,
    so that the layer changes, and runs again, after each (a refused one goes too)."""

    _template = Template(
        "{% macro script(this, kwargs) %}stFolium.drafts({{ this.shapes|tojson }}, {{ this.version|tojson }});"
        " /* {{ this.taken }} */{% endmacro %}"
    )

    def __init__(self, annotations: list[Annotation], taken: int):
        super().__init__()
        self._name = "Drafts"
        self.shapes = [a.model_dump(include={"type", "coords", "radius_km"}) for a in annotations]
        self.version, self.taken = version(annotations), int(taken)


def web_layer(annotations: list[Annotation], drafts_taken: int | None = None) -> folium.FeatureGroup:
    """The slide's drawings as a dated layer: inline (they are the session's), in their own pane,
    taking no clicks (the map's own layers keep their popups). `drafts_taken`, while the drawing
    tools are on: the shapes taken so far, whose drafts give way to the drawings (`Drafts`)."""
    group = folium.FeatureGroup(name="Drawings", control=False)
    GeoJsonLayer(web_features(annotations), shared=False, pane=PANE, interactive=False).add_to(group)
    if drafts_taken is not None:
        Drafts(annotations, drafts_taken).add_to(group)
    return group


class DrawTools(MacroElement):
    """Leaflet.draw's toolbar (`folium.plugins.Draw`) told what its tools make here: the polyline
    draws an arrow or a line, the circle marker places a text label. Each drawing is tagged with
    the tool that made it (`tool`), before streamlit-folium reads it as GeoJSON (its listener comes
    later): a marker and a label are both a Point. The shapes drawn are the map's for a moment: the
    page takes them into the deck and draws them with `web_layer`."""

    _template = Template(
        """{% macro script(this, kwargs) %}(function (map, said) {
          // Leaflet.draw's words (L.drawLocal), in the page's language (from Python: draw_words)
          var local = L.drawLocal, draw = local.draw, edit = local.edit;
          Object.assign(draw.toolbar.buttons, said.buttons);
          Object.assign(draw.toolbar.actions, said.actions);
          Object.assign(draw.toolbar.finish, said.finish);
          Object.assign(draw.toolbar.undo, said.undo);
          draw.handlers.circle.tooltip.start = said.circle_start;
          draw.handlers.circle.radius = said.radius;
          draw.handlers.circlemarker.tooltip.start = said.label_start;
          draw.handlers.marker.tooltip.start = said.marker_start;
          Object.assign(draw.handlers.polygon.tooltip, said.polygon);
          draw.handlers.polyline.error = said.polyline_error;
          Object.assign(draw.handlers.polyline.tooltip, said.polyline);
          draw.handlers.rectangle.tooltip.start = said.rectangle_start;
          draw.handlers.simpleshape.tooltip.end = said.shape_end;
          Object.assign(edit.toolbar.actions.save, said.save);
          Object.assign(edit.toolbar.actions.cancel, said.cancel);
          Object.assign(edit.toolbar.buttons, said.edit_buttons);
          Object.assign(edit.handlers.edit.tooltip, said.edit_tooltip);
          // Its running measure (a line's length, a circle's radius, a rectangle's area) in the
          // page's units and number format: its own functions write English units ("km", "ha").
          var util = L.GeometryUtil, unit = said.measure;
          local.format = {numeric: {delimiters: {thousands: unit.thousands, decimal: unit.decimal}}};
          util.readableDistance = function (metres, metric, feet, nautic, precision) {
            var p = L.Util.extend({km: 2, m: 0}, precision);
            return metres > 1000 ? util.formattedNumber(metres / 1000, p.km) + unit.km : util.formattedNumber(metres, p.m) + unit.m;
          };
          util.readableArea = function (area, metric, precision) {
            var p = L.Util.extend({ha: 2, m: 0}, precision);
            return area >= 1e4 ? util.formattedNumber(area / 1e4, p.ha) + unit.ha : util.formattedNumber(area, p.m) + unit.m2;
          };
          map.on("draw:created", function (e) {
            e.layer.feature = {type: "Feature", properties: {tool: e.layerType}};
          });
          map.on("draw:edited", function (e) {  // a circle's new radius, as its drawing's
            e.layers.eachLayer(function (l) { if (l instanceof L.Circle && l.feature) l.feature.properties.radius = l.getRadius(); });
          });
        })({{ this._parent.get_name() }}, {{ this.words|tojson }});{% endmacro %}"""
    )

    def __init__(self):
        super().__init__()
        self._name = "DrawTools"
        self.words = draw_words()


def draw_words() -> dict:
    """Leaflet.draw's words (its `L.drawLocal`) as this page uses its tools, in the session's language."""
    return {
        "buttons": {
            "polyline": _("Draw an arrow (or a line): click its points, then the last again"),
            "polygon": _("Draw an area"),
            "rectangle": _("Draw a rectangular area"),
            "circle": _("Draw a circle"),
            "marker": _("Place a marker"),
            "circlemarker": _("Place a text label (its text: beside the map)"),
        },
        "actions": {"title": _("Cancel drawing"), "text": _("Cancel")},
        "finish": {"title": _("Finish drawing"), "text": _("Finish")},
        "undo": {"title": _("Delete the last point drawn"), "text": _("Delete last point")},
        "circle_start": _("Click and drag to draw a circle."),
        "radius": _("Radius"),
        "label_start": _("Click the map to place the label."),
        "marker_start": _("Click the map to place the marker."),
        "polygon": {
            "start": _("Click to start drawing the area."),
            "cont": _("Click to continue drawing the area."),
            "end": _("Click the first point to close this area."),
        },
        "polyline_error": _("<strong>Error:</strong> the shape's edges cannot cross!"),
        "polyline": {
            "start": _("Click to start drawing the line."),
            "cont": _("Click to continue drawing the line."),
            "end": _("Click the last point to finish the line."),
        },
        "rectangle_start": _("Click and drag to draw a rectangle."),
        "shape_end": _("Release the mouse to finish drawing."),
        "save": {"title": _("Save the changes"), "text": _("Save")},
        "cancel": {"title": _("Cancel editing, discard all changes"), "text": _("Cancel")},
        "edit_buttons": {
            "edit": _("Move a drawing's points, a circle's size, a label or a marker"),
            "editDisabled": _("No drawing to move"),
        },
        "edit_tooltip": {
            "text": _("Drag the handles or markers to move a drawing."),
            "subtext": _("Click Cancel to undo the changes."),
        },
        "measure": {  # (a unit after its number: Ukrainian keeps them together)
            **{key: (" " if i18n.is_english() else "\xa0") + word for key, word in (("km", _("km")), ("m", _("m")), ("ha", _("ha")), ("m2", _("m²")))},
            **i18n.number_symbols(),
        },
    }


DRAFT = {"color": "#333333", "weight": 3, "dashArray": "6 4"}  # a shape being drawn, before it is kept


def add_draw_tools(fmap: folium.Map) -> None:
    """Leaflet.draw's tools on `fmap` (its files are served from static/vendor/leaflet-draw): draw,
    and move a drawing's points (edit); the page's list deletes. A shape is drawn in a draft's grey
    and redrawn in its colour once kept (a colour chosen changes no base map: no remount)."""
    from folium.plugins import Draw

    look = DRAFT
    DrawTools().add_to(fmap)
    Draw(
        position="topleft",
        show_geometry_on_click=False,
        draw_options={
            "polyline": {"shapeOptions": look},
            "polygon": {"allowIntersection": False, "shapeOptions": look},
            "rectangle": {"shapeOptions": look},
            "circle": {"shapeOptions": look},
            "marker": True,
            "circlemarker": {"color": look["color"]},
        },
        edit_options={"remove": False},
    ).add_to(fmap)


def _rounded(points) -> list[list[float]]:
    """[lon, lat] pairs to 5 decimals (about 1 m), refused past the vertices a drawing may have."""
    if len(points) > limits.MAX_ANNOTATION_VERTICES + 1:  # (+1: a ring's closing point)
        raise ValueError(
            _("{n} points; a drawing has at most {limit}").format(n=i18n.number(len(points)), limit=limits.MAX_ANNOTATION_VERTICES)
        )
    return [[round(float(x), 5), round(float(y), 5)] for x, y, *_ in points]


def moved(a: Annotation, feature: dict) -> Annotation:
    """A drawing whose points the edit tool moved (its GeoJSON as streamlit-folium returns it):
    the same kind, colour and text, in its new place; raises ValueError past a limit."""
    geometry = feature.get("geometry") or {}
    kind, coords = geometry.get("type"), geometry.get("coordinates")
    points = coords[0][:-1] if kind == "Polygon" else coords if kind == "LineString" else [coords]
    update = {"coords": _rounded(points)}
    radius = (feature.get("properties") or {}).get("radius")
    if a.type == "circle" and radius:
        update["radius_km"] = round(float(radius) / 1000, 2)
    return Annotation(**{**a.model_dump(), **update})


def from_drawing(feature: dict, colour: str, line_as: str, text: str) -> Annotation:
    """A shape drawn on the map (a GeoJSON feature as streamlit-folium returns it) as an annotation;
    raises ValueError (pydantic's) when it breaks a limit. Coordinates to 5 decimals (about 1 m)."""
    geometry = feature.get("geometry") or {}
    props = feature.get("properties") or {}
    kind, coords = geometry.get("type"), geometry.get("coordinates")

    if kind == "LineString":
        return Annotation(type=line_as, coords=_rounded(coords), colour=colour)
    if kind == "Polygon":
        return Annotation(type="area", coords=_rounded(coords[0][:-1]), colour=colour)
    if kind == "Point" and props.get("radius"):
        return Annotation(
            type="circle", coords=_rounded([coords]), colour=colour, radius_km=round(float(props["radius"]) / 1000, 2)
        )
    if kind == "Point" and props.get("tool") == "circlemarker":
        return Annotation(type="label", coords=_rounded([coords]), colour=colour, text=text.strip() or _("Label"))
    if kind == "Point":
        return Annotation(type="marker", coords=_rounded([coords]), colour=colour)
    raise ValueError(_("a drawn {kind} is none of the kinds a slide keeps").format(kind=kind or _("shape")))


# --- the printed map -----------------------------------------------------------------------------

PRINT_WEIGHT = 0.6  # a web pixel of line weight, in points on the page


def _print_dash(colour: str):
    dash = PALETTE[colour]["dash"]
    return (0, tuple(float(x) * 0.5 for x in dash.split())) if dash else "solid"


def paint(ax, annotations: list[Annotation]) -> None:
    """The drawings on a matplotlib map (lon/lat axes), above its layers, as on the web map."""
    halo = [patheffects.Stroke(linewidth=3, foreground=HALO)]
    for a in annotations:
        s, look = shapes(a), PALETTE[a.colour]
        width = look["weight"] * PRINT_WEIGHT
        if s.ring:
            xs, ys = zip(*s.ring)
            ax.fill(xs, ys, color=look["colour"], alpha=0.12, zorder=7, linewidth=0)
            ax.plot(xs, ys, color=look["colour"], linewidth=width, linestyle=_print_dash(a.colour), zorder=7)
        if s.line:
            xs, ys = zip(*s.line)
            ax.plot(xs, ys, color=HALO, linewidth=width + 2.4, solid_capstyle="round", zorder=7)
            ax.plot(xs, ys, color=look["colour"], linewidth=width, linestyle=_print_dash(a.colour), zorder=7)
        if s.head:
            xs, ys = zip(*s.head)
            ax.fill(xs, ys, facecolor=look["colour"], edgecolor=HALO, linewidth=1, zorder=8)
        if s.point:
            x, y = s.point
            if a.type == "marker":
                ax.scatter([x], [y], s=80, color=look["colour"], edgecolors=HALO, linewidths=1.5, zorder=8)
            if a.text:
                # the halo as a path, then the text as text: a PDF's label stays searchable
                for effects in (halo, None):
                    ax.annotate(
                        a.text,
                        (x, y),
                        xytext=(8, 0) if a.type == "marker" else (0, 0),
                        textcoords="offset points",
                        ha="left" if a.type == "marker" else "center",
                        va="center",
                        fontsize=11,
                        fontweight="bold",
                        color=look["colour"],
                        parse_math=False,
                        path_effects=effects,
                        annotation_clip=False,
                        zorder=9,
                    )
