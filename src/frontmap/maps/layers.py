"""folium layers of the situation. Every text from data is escaped before it reaches HTML.

Layers are FeatureGroups so that a page can hand the date-dependent ones to `st_folium`'s
`feature_group_to_add`: the base map stays, its zoom and centre with it, and only these change.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontmap.data import timeline
from frontmap.data.provenance import source_html
from frontmap.maps import basemap
from frontmap.maps.geojson_layer import GeoJsonLayer, collection

# Colour-blind safe (Okabe-Ito hues) and apart in greyscale: lightness falls from contested to
# held-since-2014; Ukrainian-held land is the light basemap itself.
CONTROL_STYLE = {
    "grey_zone": {"label": "Contested (grey zone)", "fill": "#C8C8C8", "line": "#6E6E6E", "dash": "4 3"},
    "occupied_2022": {"label": "Russian-held since 2022", "fill": "#D55E00", "line": "#8C3E00", "dash": None},
    "occupied_2014": {
        "label": "Russian-held since 2014 (Donetsk, Luhansk)",
        "fill": "#5C1A00",
        "line": "#3A1000",
        "dash": None,
    },
    "crimea": {
        "label": "Crimea (Russian-held since 2014)",
        "fill": "#5C1A00",
        "line": "#3A1000",
        "dash": None,
    },
}
ROUTE_STYLE = {
    # Not the Dnipro's blue; each line is drawn on a white casing, so it shows over any fill.
    "open": {"label": "open", "color": "#009E73", "dash": None, "weight": 4},
    "damaged": {"label": "damaged", "color": "#E69F00", "dash": "10 6", "weight": 4},
    "destroyed": {"label": "destroyed", "color": "#000000", "dash": "2 6", "weight": 4},
    "unknown": {"label": "no dated status", "color": "#7F7F7F", "dash": "1 4", "weight": 2},
}
ROUTE_CASING = "#FFFFFF"
FILL_OPACITY = 0.5  # of the control areas, over the land
EVENT_COLOURS = {
    "fighting": "#CC79A7",
    "withdrawal": "#009E73",
    "invasion": "#000000",
    "politics": "#56B4E9",
    "diplomacy": "#56B4E9",
    "humanitarian": "#F0E442",
    "energy": "#E69F00",
    "aid": "#0072B2",
    "supply": "#7F7F7F",
}
DNIPRO_BLUE = "#3C7DC4"
# Said wherever routes are drawn: their lines join the places they pass, not the road's own course.
ROUTES_APPROXIMATE = "routes: approximate course, drawn straight between the places and crossings they pass"
LAYERS = {
    "control": "Control areas",
    "places": "Places",
    "dnipro": "The Dnipro",
    "routes": "Supply routes",
    "events": "Events",
}

# Layers of the other pages' maps that a briefing slide may also show.
THEMATIC = {"outages": "Power outages by oblast", "flows": "Arms and cash from outside"}


def what_is_shown(shown: Iterable[str]) -> str:
    """The layers shown, in words: "control areas, places and the Dnipro"."""
    named = {**LAYERS, **THEMATIC}
    names = [named[k][0].lower() + named[k][1:] if k != "dnipro" else "the Dnipro" for k in named if k in shown]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else (names[0] if names else "the base map")


class MapInfo(MacroElement):
    """The map's title (its frame's title, for assistive technology), a notice set large over the
    map (or none) and its legend (`legend_html`), folded into a control that a phone shows: sent
    with the dated layers, so all three follow the day (static/frontmap-leaflet.js)."""

    _template = Template(
        "{% macro script(this, kwargs) %}fm.info({{ this.title|tojson }}, {{ this.notice|tojson }}, "
        "{{ this.legend|tojson }}, {{ this.dark|tojson }});{% endmacro %}"
    )

    def __init__(self, title: str, notice: str | None = None, legend: str = "", dark: bool = False):
        super().__init__()
        self._name = "MapInfo"
        self.title, self.notice, self.legend, self.dark = title, notice or "", legend, dark


def info_layer(title: str, notice: str | None = None, legend: str = "", dark: bool = False) -> folium.FeatureGroup:
    """The map's title, notice and folded legend (`MapInfo`); `dark`: drawn for the dark theme."""
    group = folium.FeatureGroup(name="Map info", control=False)
    MapInfo(title, notice, legend, dark).add_to(group)
    return group


def esc(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return html.escape(str(value))


def popup_html(
    title: str,
    rows: Iterable[tuple[str, object]],
    source: str | None = None,
    url: str | None = None,
    source_title: str | None = None,
) -> str:
    """A small HTML card: an escaped title, escaped label/value rows and the source in small print,
    its document a link where it has an http(s) address."""
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if esc(v))
    foot = f"<div class='fm-source'>Source: {source_html(source, source_title, url)}</div>" if source else ""
    return (
        "<div class='fm-popup' style='font:13px/1.35 sans-serif;max-width:320px'>"
        f"<b>{esc(title)}</b><table style='margin-top:4px'>{body}</table>{foot}</div>"
    )


EVENT_LIST_CSS = (
    "<style>.fm-events details{border:1px solid #D9DDE3;border-radius:6px;padding:4px 10px;margin:0 0 6px}"
    ".fm-events summary{cursor:pointer;font-weight:600;line-height:1.5}"
    ".fm-events blockquote{margin:6px 0;padding-left:10px;border-left:3px solid #B0B7C3}"
    ".fm-events small{color:#4A4F57}</style>"
)


@timeline.once_per_day  # made once per day's events, not on every run
def event_list_html(events: pd.DataFrame, newest_first: bool = False) -> str:
    """Events as one block of folded cards (date and title; then the quote and who reported it): one
    element for the page to send and draw, however many events there are."""
    cards = []
    for e in (events.iloc[::-1] if newest_first else events).itertuples(index=False):
        when = timeline.PRECISION_NOTE.get(e.date_precision)
        source = source_html(
            e.source, getattr(e, "source_title", None), getattr(e, "url", None), getattr(e, "url_note", None)
        )
        cards.append(
            f"<details><summary>{esc(timeline.span(e.date, e.end_date))} · {esc(e.title)}</summary>"
            f"<blockquote>{esc(e.quote)}</blockquote>"
            f"<small>Reported by {esc(e.outlet)} · {source}{' · ' + esc(when) if when else ''}</small></details>"
        )
    return EVENT_LIST_CSS + "<div class='fm-events'>" + "".join(cards) + "</div>"


def _layer(
    name: str,
    geometries,
    properties: list[dict],
    shared: bool = True,
    pane: str | None = None,
) -> folium.FeatureGroup:
    """A FeatureGroup holding one GeoJsonLayer of these features (published when `shared`)."""
    return _group(name, collection(geometries, properties), shared, pane)


def _group(name: str, text: str, shared: bool = True, pane: str | None = None) -> folium.FeatureGroup:
    """A FeatureGroup holding one GeoJsonLayer of this FeatureCollection text. The group is new on
    each run (st_folium names and re-parents it); its text may be made once (`once_per_day`)."""
    group = folium.FeatureGroup(name=name)
    GeoJsonLayer(text, shared, pane, slot=name).add_to(group)
    return group


def control_layer(text: str, prefetch: list[str] | None = None) -> folium.FeatureGroup:
    """The day's control areas (`control_collection`); `prefetch`, those of the days around it."""
    group = folium.FeatureGroup(name=LAYERS["control"])
    GeoJsonLayer(text, pane="fm-areas", prefetch=prefetch, slot=LAYERS["control"]).add_to(group)
    return group


def control_collection(areas: gpd.GeoDataFrame, snapshot_label: str) -> str:
    """The control areas of one front line (of `snapshot_label`, its date) as GeoJSON: the same line,
    the same text, whatever the day; each area is classed `fm-snap-<date>` for tests to find."""
    props = []
    for status in areas["status"]:
        style = CONTROL_STYLE[status]
        props.append(
            {
                "style": {
                    "fillColor": style["fill"],
                    "fillOpacity": FILL_OPACITY,
                    "color": style["line"],
                    "weight": 1.2,
                    "dashArray": style["dash"],
                    "className": f"fm-area fm-{status} fm-snap-{esc(snapshot_label)}",
                },
                "popup": popup_html(
                    style["label"], [("Front line of", snapshot_label)], "DeepStateMap (deepstatemap.live)"
                ),
                "tooltip": esc(style["label"]),
            }
        )
    return collection(areas.geometry, props)


CHANGE_STYLE = {  # hatched (static/frontmap-leaflet.js draws the patterns): apart in colour and in grey
    "lost": {"label": "ceased to be Russian-held", "line": "#0072B2", "dash": None},
    "gained": {"label": "became Russian-held", "line": "#8C3E00", "dash": "6 4"},
}


def change_collection(pieces: gpd.GeoDataFrame, first: str, last: str) -> str:
    """The land that changed hands between two front lines (`measure.change_pieces`), hatched."""
    props = [
        {
            "style": {
                "color": CHANGE_STYLE[kind]["line"],
                "weight": 2,
                "dashArray": CHANGE_STYLE[kind]["dash"],
                "fillOpacity": 1,
                "className": f"fm-change fm-{kind}",
            },
            "popup": popup_html(
                f"{km2:,.0f} km² {CHANGE_STYLE[kind]['label']}",
                [("Oblast", oblast), ("Between", f"the lines of {first} and {last}"), ("Measured", "equal-area (EPSG:3035)")],
                "DeepStateMap (deepstatemap.live)",
            ),
            "tooltip": f"{esc(oblast)}: {km2:,.0f} km² {esc(CHANGE_STYLE[kind]['label'])}",
        }
        for kind, oblast, km2 in zip(pieces["kind"], pieces["oblast"], pieces["km2"])
    ]
    return collection(pieces.geometry, props)


def ghost_collection(line, day: str) -> str:
    """An earlier front line, dashed and thin, under the day's."""
    style = {"color": "#1A1A1A", "weight": 2, "dashArray": "3 5", "opacity": 0.8, "className": "fm-ghost"}
    return collection([line], [{"style": style, "tooltip": f"front line of {esc(day)}"}])


def change_layers(pieces_text: str, ghost_text: str) -> list[folium.FeatureGroup]:
    changed = folium.FeatureGroup(name="Changed hands")
    GeoJsonLayer(pieces_text, pane="fm-change", slot="Changed hands").add_to(changed)
    ghost = folium.FeatureGroup(name="Earlier front line")
    GeoJsonLayer(ghost_text, pane="fm-lines", slot="Earlier front line").add_to(ghost)
    return [changed, ghost]


def places_layer(places: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return _group(LAYERS["places"], _places_text(places))


@timeline.once_per_day  # each of these texts is made once per situation (and day), not on every run
def _places_text(places: gpd.GeoDataFrame) -> str:
    props = []
    for row in places.itertuples(index=False):
        size = 9 if row.kind == "city" else 7
        dot = (
            f"<span style='width:{size}px;height:{size}px;border-radius:{'50%' if row.kind in ('city', 'town') else '2px'};"
            f"background:#1A1A1A;border:2px solid #fff;flex:none'></span>"
        )
        label = f"<span class='fm-label'>{esc(row.name)}</span>" if row.label != "none" else ""
        left = row.label == "left"
        props.append(
            {
                "icon": {
                    "html": (
                        f"<div class='fm-place fm-{esc(row.kind)}' data-place='{esc(row.id)}' "
                        f"style='display:flex;flex-direction:{'row-reverse' if left else 'row'};align-items:center;gap:3px;"
                        "white-space:nowrap;font:600 12px sans-serif;color:#1A1A1A;text-shadow:0 0 3px #fff,0 0 3px #fff'>"
                        f"{dot}{label}</div>"
                    ),
                    "size": [150, 16],
                    # The dot, not the box, sits on the coordinates.
                    "anchor": [150 - size // 2 - 2, 8] if left else [size // 2 + 2, 8],
                },
                "tooltip": esc(row.name),
                "popup": popup_html(
                    row.name, [("Kind", row.kind), ("Oblast", row.oblast)], f"coordinates: {row.coord_source}"
                ),
            }
        )
    return collection(places.geometry, props)


def dnipro_layer(dnipro: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return _group(LAYERS["dnipro"], _dnipro_text(dnipro), pane="fm-water")


@timeline.once_per_day
def _dnipro_text(dnipro: gpd.GeoDataFrame) -> str:
    props = [
        {
            "style": {
                "color": DNIPRO_BLUE,
                "weight": 3 if kind == "river" else 1,
                "fillColor": "#9CC3E6",
                "fillOpacity": 0.8,
                "className": f"fm-dnipro fm-{esc(kind)}",
            },
            "tooltip": esc(name),
        }
        for name, kind in zip(dnipro["name"], dnipro["kind"])
    ]
    return collection(dnipro.geometry, props)


def routes_layer(routes: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Routes as of a day: `routes` carries `status`, `status_since` and its source (timeline.routes_on)."""
    return _group(LAYERS["routes"], _routes_text(routes), pane="fm-lines")


@timeline.once_per_day
def _routes_text(routes: gpd.GeoDataFrame) -> str:
    props = []
    for r in routes.itertuples(index=False):
        style = ROUTE_STYLE[r.status]
        props.append(
            {
                "style": {
                    "color": style["color"],
                    "weight": style["weight"],
                    "dashArray": style["dash"],
                    "opacity": 0.9,
                    "className": f"fm-route fm-route-{r.status}",
                },
                "popup": popup_html(
                    r.name,
                    [
                        ("Kind", r.kind),
                        ("Status", style["label"]),
                        ("Since", r.status_since),
                        ("Evidence", r.status_evidence),
                        ("Via", r.via),
                        (
                            "Geometry",
                            "approximate: drawn straight between the places and crossings it passes" if r.approximate else "surveyed",
                        ),
                    ],
                    r.status_source,
                    getattr(r, "status_url", None),
                    getattr(r, "status_title", None),
                ),
                "tooltip": f"{esc(r.name)}: {esc(style['label'])}",
            }
        )
    casing = [
        {"style": {"color": ROUTE_CASING, "weight": ROUTE_STYLE[status]["weight"] + 4, "opacity": 0.9,
                   "className": "fm-route-casing"}}
        for status in routes["status"]
    ]
    return collection([*routes.geometry, *routes.geometry], [*casing, *props])


def event_popups(events: gpd.GeoDataFrame) -> list[str]:
    return [
        popup_html(
            r.title,
            [
                ("Date", timeline.span(r.date, r.end_date)),
                ("Note", timeline.PRECISION_NOTE.get(r.date_precision)),
                ("Place", r.place_id),
                ("Category", r.category),
                ("Reported by", r.outlet),
                ("Quote", f"“{r.quote}”"),
            ],
            r.source,
            getattr(r, "url", None),
            getattr(r, "source_title", None),
        )
        for r in events.itertuples(index=False)
    ]


def points_layer(
    frame: gpd.GeoDataFrame,
    name: str,
    popups: list[str],
    tooltips: list[str],
    colours: list[str],
    css: str,
    shared: bool = True,
) -> folium.FeatureGroup:
    """Many points as one layer, each a circle with its own popup. `shared` publishes them as a file
    (data every viewer sees); a session's own rows (uploads) stay inline."""
    props = [
        {
            "style": {
                "radius": 7,
                "weight": 1.5,
                "color": "#1A1A1A",
                "fill": True,
                "fillColor": colour,
                "fillOpacity": 0.9,
                "className": css,
            },
            "popup": popup,
            "tooltip": tooltip,
        }
        for popup, tooltip, colour in zip(popups, tooltips, colours)
    ]
    return _layer(name, frame.geometry, props, shared, pane="fm-points")


EVENT_PX = 12  # an event's dot


def spread_offsets(geometries) -> list[tuple[float, float]]:
    """Pixel offsets that put the events at one place on a small ring around it, so that each can
    be hovered and clicked (a lone event sits on its place)."""
    keys = [(round(g.x, 4), round(g.y, 4)) for g in geometries]
    count = Counter(keys)
    seen: dict[tuple[float, float], int] = {}
    out = []
    for key in keys:
        i = seen[key] = seen.get(key, -1) + 1
        n = count[key]
        if n == 1:
            out.append((0.0, 0.0))
        else:  # a ring whose circumference holds the n dots with a little room between them
            radius = max(EVENT_PX * 0.8, (EVENT_PX + 3) * n / (2 * math.pi))
            angle = 2 * math.pi * i / n - math.pi / 2
            out.append((radius * math.cos(angle), radius * math.sin(angle)))
    return out


def events_layer(events: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Events as dots coloured by category, above the places; several at one place on a ring."""
    return _group(LAYERS["events"], _events_text(events), pane="fm-points")


@timeline.once_per_day
def _events_text(events: gpd.GeoDataFrame) -> str:
    props = []
    for (dx, dy), popup, row in zip(
        spread_offsets(events.geometry), event_popups(events), events.itertuples(index=False)
    ):
        colour = EVENT_COLOURS.get(row.category, "#7F7F7F")
        props.append(
            {
                "icon": {
                    "html": f"<span class='fm-event fm-cat-{esc(row.category)}' data-event='{esc(row.id)}' style='background:{colour}'></span>",
                    "size": [14, 14],
                    "anchor": [7 - dx, 7 - dy],
                },
                "popup": popup,
                "tooltip": f"{esc(row.date.date().isoformat())}: {esc(row.title)}",
            }
        )
    return collection(events.geometry, props)


def blend(colour: str, under: str, opacity: float) -> str:
    """The colour a fill of `colour` at `opacity` shows over `under` (both #RRGGBB)."""
    top = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    bottom = [int(under[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(t * opacity + b * (1 - opacity)):02X}" for t, b in zip(top, bottom))


SINCE_2014 = "Russian-held since 2014 (Crimea, parts of Donetsk and Luhansk)"


def legend_html(shown: Iterable[str], uploads: bool = False, compared: bool = False, dark: bool = False) -> str:
    """The legend of the layers shown, as HTML; each swatch is drawn as the map draws it (a fill at
    the map's opacity over the land colour, a line on its casing). `uploads`: this session's rows;
    `dark`: over the dark theme's land."""
    shown = set(shown)
    land, outside = (basemap.DARK["land"], basemap.DARK["outside"]) if dark else (basemap.LAND, basemap.OUTSIDE)
    items = []

    def swatch(background: str, border: str, label: str, round_: bool = False) -> str:
        radius = "border-radius:50%;" if round_ else ""
        return f"<span class='fm-swatch' style='background:{background};border:{border};{radius}'></span>{esc(label)}"

    if "control" in shown:
        drawn = {}
        for style in CONTROL_STYLE.values():  # the same style once: since 2014 and Crimea are one
            key = (style["fill"], style["line"], style["dash"])
            drawn[key] = SINCE_2014 if key in drawn else style["label"]
        for (fill, line, dash), label in drawn.items():
            border = f"2px {'dashed' if dash else 'solid'} {line}"
            items.append(swatch(blend(fill, land, FILL_OPACITY), border, label))
        items.append(swatch(land, f"1px solid {basemap.BORDER}", "Ukrainian-held"))
        items.append(swatch(outside, f"1px solid {basemap.BORDER}", "outside Ukraine"))
    if "routes" in shown:
        for style in ROUTE_STYLE.values():
            line = "dashed" if style["dash"] else "solid"
            items.append(
                f"<span class='fm-line' style='border-top:4px {line} {style['color']};"
                f"box-shadow:0 0 0 2px {ROUTE_CASING}'></span>route {esc(style['label'])}"
            )
        items.append(esc(ROUTES_APPROXIMATE))
    if "dnipro" in shown:
        items.append(f"<span class='fm-line' style='border-top:3px solid {DNIPRO_BLUE}'></span>the Dnipro")
    if "events" in shown:
        by_colour: dict[str, list[str]] = {}
        for category, colour in EVENT_COLOURS.items():
            by_colour.setdefault(colour, []).append(category)
        for colour, categories in by_colour.items():
            ring = "#BBBBBB" if dark else "#1A1A1A"  # (the invasion's black dot on a black page)
            items.append(swatch(colour, f"1.5px solid {ring}", "event: " + ", ".join(categories), round_=True))
    if "outages" in shown:
        for level, words in OUTAGE_WORDS.items():
            style = OUTAGE_STYLE[level]
            items.append(swatch(blend(style["fill"], land, style["opacity"]), "1px solid #555555", words))
    if "flows" in shown:
        for style in FLOW_STYLE.values():
            items.append(swatch("transparent", f"3px solid {style['color']}", f"arms or cash {style['label']}", round_=True))
        items.append(swatch("transparent", "3px dashed #1A1A1A", "claimed and denied", round_=True))
    if uploads:
        items.append(swatch("#FFFFFF", "2px solid #1A1A1A", "your uploaded rows (this session only)", round_=True))
    if compared and "control" in shown:
        items.append(swatch("repeating-linear-gradient(45deg,#0072B2 0 3px,#D4ECF9 3px 6px)", "2px solid #0072B2", "land that " + CHANGE_STYLE["lost"]["label"]))
        items.append(swatch("repeating-linear-gradient(-45deg,#8C3E00 0 1.5px,transparent 1.5px 4px),"
                "repeating-linear-gradient(45deg,#8C3E00 0 1.5px,#F5D7C2 1.5px 4px)", "2px dashed #8C3E00", "land that " + CHANGE_STYLE["gained"]["label"]))
        items.append("<span class='fm-line' style='border-top:2px dashed #1A1A1A'></span>the earlier front line")
    css = (
        "<style>.fm-legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:0.85rem;margin:2px 0 6px}"
        ".fm-legend span.fm-item{display:inline-flex;align-items:center;gap:6px}"
        ".fm-swatch{display:inline-block;width:16px;height:12px;box-sizing:border-box}"
        ".fm-line{display:inline-block;width:24px;height:0}"
        # On a phone the map comes first (after the title), its legend folded into a control on it.
        f"@media (max-width:{basemap.NARROW_PX}px){{[data-testid=stMain] .fm-legend{{display:none}}}}"
        "@media (max-width:640px){"
        "[data-testid=stMainBlockContainer] [data-testid=stVerticalBlock]>[data-testid=stElementContainer]"
        ":has(iframe[src*=streamlit_folium]){order:-1}"
        # (a map in a fragment, as on /front: the fragment's block comes first, not a row of columns)
        "[data-testid=stMainBlockContainer] [data-testid=stVerticalBlock]>[data-testid=stLayoutWrapper]"
        ":has(>[data-testid=stVerticalBlock]>[data-testid=stElementContainer] iframe[src*=streamlit_folium]){order:-1}"
        "[data-testid=stMainBlockContainer] [data-testid=stVerticalBlock]>[data-testid=stElementContainer]"
        ":has(h1){order:-2}}</style>"
    )
    return (
        css
        + "<div class='fm-legend'>"
        + "".join(f"<span class='fm-item'>{i}</span>" for i in items)
        + "</div>"
    )


def skip_link(key: str) -> str:
    """A link past the map (its markers are out of the tab order; the facts are in the words under it),
    seen only when it has the keyboard's focus."""
    return (
        "<style>.fm-skip{position:absolute;left:-9999px}.fm-skip:focus{position:static;display:inline-block;"
        "padding:4px 10px;background:#1A1A1A;color:#fff;border-radius:4px}</style>"
        f"<a class='fm-skip' href='#fm-after-{esc(key)}'>Skip the map</a>"
    )


def after_map(key: str, summary: Iterable[str]) -> str:
    """Under the map, where its skip link lands: the map in words, a sentence a layer."""
    text = " ".join(esc(s) for s in summary)
    return (
        f"<div id='fm-after-{esc(key)}' class='fm-summary' tabindex='-1' style='font-size:0.85rem;outline:none'>"
        + (f"<b>The map in words.</b> {text}" if text else "")
        + "</div>"
    )


# Outage map: the colour says how strongly the sources speak of a region (none, country-wide, named).
OUTAGE_STYLE = {
    0: {"fill": "#FFFFFF", "opacity": 0.2, "css": "fm-oblast"},
    1: {"fill": "#F0E442", "opacity": 0.55, "css": "fm-oblast fm-planned"},
    2: {"fill": "#E69F00", "opacity": 0.9, "css": "fm-oblast fm-marked"},
}
OUTAGE_WORDS = {
    2: "named as without electricity",
    1: "planned outages announced for the whole country",
    0: "no outage reported (or Russian-held)",
}


def oblast_layer(
    oblasts: gpd.GeoDataFrame, said: dict[str, tuple[int, str]], default: str, held=None
) -> folium.FeatureGroup:
    """Oblasts coloured by what the sources say of each (id -> (level of OUTAGE_STYLE, the words)).
    `held`, a geometry, is cut out of the coloured ones: what a Ukrainian source says of a region
    does not reach the part of it Russia holds."""
    geometries = list(oblasts.geometry)
    if held is not None and not held.is_empty:
        geometries = [g.difference(held) if i in said else g for i, g in zip(oblasts["id"], geometries)]
    props = []
    for oblast_id, name in zip(oblasts["id"], oblasts["name"]):
        level, words = said.get(oblast_id, (0, default))
        style = OUTAGE_STYLE[level]
        props.append(
            {
                "style": {
                    "fillColor": style["fill"],
                    "fillOpacity": style["opacity"],
                    "color": "#555555",
                    "weight": 1,
                    "className": style["css"],
                },
                "tooltip": f"{esc(name)}: {esc(words)}",
            }
        )
    return _layer("Oblasts", geometries, props, pane="fm-areas")


FLOW_STYLE = {  # by where a transfer starts; a claim that was denied is dashed
    "pyongyang": {"color": "#CC79A7", "label": "from North Korea"},
    None: {"color": "#009E73", "label": "from or to Iran"},
}


def _flow_popup(row) -> str:
    return popup_html(
        row.what,
        [
            ("Date", row.date),
            ("From", row.from_place),
            ("To", row.to_place),
            ("Standing", row.standing),
            ("Reported by", row.outlet),
            ("Quote", f"“{row.quote}”"),
        ],
        row.source,
        getattr(row, "url", None),
        getattr(row, "source_title", None),
    )


def flows_layer(flows: pd.DataFrame, places: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Arms, cash and goods from outside, each with what the source said: a line between two places
    where the source names both; where it names one end only ("Russia" is no place), a ring on that
    place, one per place with every such transfer in its popup."""
    where = dict(zip(places["id"], places.geometry))
    geometries, props = [], []
    ends: dict[str, list] = {}
    for row in flows.itertuples(index=False):
        start = row.from_place if isinstance(row.from_place, str) else None
        end = row.to_place if isinstance(row.to_place, str) else None
        if start is None or end is None:
            if (start or end) in where:
                ends.setdefault(start or end, []).append(row)
            continue
        geometries.append(shapely.LineString([where[start], where[end]]))
        props.append(
            {
                "style": {
                    "color": FLOW_STYLE.get(start, FLOW_STYLE[None])["color"],
                    "weight": 4,
                    "dashArray": None if row.standing.startswith("reported") else "8 6",
                    "className": "fm-flow",
                },
                "tooltip": f"{esc(row.what)} ({esc(row.standing)})",
                "popup": _flow_popup(row),
            }
        )
    for place, rows in ends.items():
        geometries.append(where[place])
        denied = all(not r.standing.startswith("reported") for r in rows)
        props.append(
            {
                "style": {
                    "radius": 13,
                    "weight": 4,
                    "color": FLOW_STYLE.get(place, FLOW_STYLE[None])["color"],
                    "dashArray": "5 4" if denied else None,
                    "fill": False,
                    "className": f"fm-flow fm-flow-{esc(place)}",
                },
                "tooltip": "; ".join(f"{esc(r.what)} ({esc(r.standing)})" for r in rows),
                "popup": "<hr>".join(_flow_popup(r) for r in rows),
            }
        )
    return _layer(THEMATIC["flows"], geometries, props, pane="fm-lines")
