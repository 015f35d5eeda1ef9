"""folium layers of the situation. Every text from data is escaped before it reaches HTML.

Layers are FeatureGroups so that a page can hand the date-dependent ones to `st_folium`'s
`feature_group_to_add`: the base map stays, its zoom and centre with it, and only these change.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontmap import cache, i18n
from frontmap.data import gazetteer, timeline
from frontmap.data.axes import compass
from frontmap.data.provenance import source_html
from frontmap.i18n import N_, _
from frontmap.maps.geojson_layer import GeoJsonLayer, collection
from frontmap.safetext import esc
from frontmap.styles import (
    AXIS_STYLE,
    CHANGE_STYLE,
    CONTROL_STYLE,
    DNIPRO_BLUE,
    EVENT_COLOURS,
    FILL_OPACITY,
    FLOW_STYLE,
    LABELS,
    OUTAGE_STYLE,
    ROUTE_CASING,
    ROUTE_STYLE,
)


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


def popup_html(
    title: str,
    rows: Iterable[tuple[str, object]],
    source: str | None = None,
    url: str | None = None,
    source_title: str | None = None,
) -> str:
    """A small HTML card: an escaped title, escaped label/value rows and the source in small print,
    its document a link where it has an http(s) address. The labels are the catalogue's (`N_`)."""
    body = "".join(f"<tr><th>{esc(_(k))}</th><td>{esc(v)}</td></tr>" for k, v in rows if esc(v))
    said = esc(_("Source:"))
    foot = f"<div class='fm-source'>{said} {source_html(source, source_title, url)}</div>" if source else ""
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


@cache.once  # made once per day's events, not on every run
def event_list_html(events: pd.DataFrame, newest_first: bool = False) -> str:
    """Events as one block of folded cards (date and title; then the quote and who reported it): one
    element for the page to send and draw, however many events there are."""
    cards = []
    for e in (events.iloc[::-1] if newest_first else events).itertuples(index=False):
        when = _(timeline.PRECISION_NOTE.get(e.date_precision))
        source = source_html(
            e.source, getattr(e, "source_title", None), getattr(e, "url", None), getattr(e, "url_note", None)
        )
        cards.append(
            f"<details><summary>{esc(timeline.span(e.date, e.end_date))} · {esc(e.title)}</summary>"
            f"<blockquote>{esc(e.quote)}</blockquote>"
            f"<small>{esc(_('Reported by {outlet}').format(outlet=e.outlet))} · {source}{' · ' + esc(when) if when else ''}</small></details>"
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
    each run (st_folium names and re-parents it); its text may be made once (`cache.once`)."""
    group = folium.FeatureGroup(name=name)
    GeoJsonLayer(text, shared, pane, slot=name).add_to(group)
    return group


def control_layer(text: str, prefetch: list[str] | None = None) -> folium.FeatureGroup:
    """The day's control areas (`control_collection`); `prefetch`, those of the days around it."""
    group = folium.FeatureGroup(name=LABELS["control"])
    GeoJsonLayer(text, pane="fm-areas", prefetch=prefetch, slot=LABELS["control"]).add_to(group)
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
                    _(style["label"]), [(N_("Front line of"), snapshot_label)], "DeepStateMap (deepstatemap.live)"
                ),
                "tooltip": esc(_(style["label"])),
            }
        )
    return collection(areas.geometry, props)


def change_collection(pieces: gpd.GeoDataFrame, first: str, last: str, names: dict[str, str] | None = None) -> str:
    """The land that changed hands between two front lines (`measure.change_pieces`), hatched;
    `names`, the oblasts' in the session's language (`measure.oblast_names`)."""
    names = names or {}
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
                f"{i18n.km2(km2)} {_(CHANGE_STYLE[kind]['label'])}",
                [
                    (N_("Oblast"), names.get(oblast, oblast)),
                    (N_("Between"), _("the lines of {first} and {last}").format(first=first, last=last)),
                    (N_("Measured"), _("equal-area (EPSG:3035)")),
                ],
                "DeepStateMap (deepstatemap.live)",
            ),
            "tooltip": esc(f"{names.get(oblast, oblast)}: {i18n.km2(km2)} {_(CHANGE_STYLE[kind]['label'])}"),
        }
        for kind, oblast, km2 in zip(pieces["kind"], pieces["oblast"], pieces["km2"])
    ]
    return collection(pieces.geometry, props)


def ghost_collection(line, day: str) -> str:
    """An earlier front line, dashed and thin, under the day's."""
    style = {"color": "#1A1A1A", "weight": 2, "dashArray": "3 5", "opacity": 0.8, "className": "fm-ghost"}
    return collection([line], [{"style": style, "tooltip": esc(_("front line of {day}").format(day=day))}])


SNAPSHOT_LINE = {"color": "#6A3D9A", "weight": 3, "dashArray": "10 5", "opacity": 0.95, "className": "fm-snapshot-line"}


def snapshot_line_layer(lines: list[tuple[str, object]]) -> folium.FeatureGroup:
    """Front lines from snapshots this session uploaded, dashed in their own colour beside the day's;
    never published (a session's upload)."""
    text = collection([line for _, line in lines], [{"style": SNAPSHOT_LINE, "tooltip": esc(said)} for said, _ in lines])
    return _group(N_("Uploaded front lines"), text, shared=False, pane="fm-lines")


def change_layers(pieces_text: str, ghost_text: str) -> list[folium.FeatureGroup]:
    changed = folium.FeatureGroup(name="Changed hands")
    GeoJsonLayer(pieces_text, pane="fm-change", slot="Changed hands").add_to(changed)
    ghost = folium.FeatureGroup(name="Earlier front line")
    GeoJsonLayer(ghost_text, pane="fm-lines", slot="Earlier front line").add_to(ghost)
    return [changed, ghost]


def places_layer(places: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return _group(LABELS["places"], _places_text(places))


@cache.once  # each of these texts is made once per situation (and day), not on every run
def _places_text(places: gpd.GeoDataFrame) -> str:
    props = []
    for name, row in zip(gazetteer.place_names(places), places.itertuples(index=False)):
        size = 9 if row.kind == "city" else 7
        dot = (
            f"<span style='width:{size}px;height:{size}px;border-radius:{'50%' if row.kind in ('city', 'town') else '2px'};"
            f"background:#1A1A1A;border:2px solid #fff;flex:none'></span>"
        )
        label = f"<span class='fm-label'>{esc(name)}</span>" if row.label != "none" else ""
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
                "tooltip": esc(name),
                "popup": popup_html(
                    name,
                    [(N_("Kind"), _(row.kind)), (N_("Oblast"), row.oblast)],
                    _("coordinates: {source}").format(source=row.coord_source),
                ),
            }
        )
    return collection(places.geometry, props)


def dnipro_layer(dnipro: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return _group(LABELS["dnipro"], _dnipro_text(dnipro), pane="fm-water")


@cache.once
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
            "tooltip": esc(_(name)),  # (its name in the page's language: situation_layers.WATER_NAMES)
        }
        for name, kind in zip(dnipro["name"], dnipro["kind"])
    ]
    return collection(dnipro.geometry, props)


def routes_layer(routes: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Routes as of a day: `routes` carries `status`, `status_since` and its source (timeline.routes_on)."""
    return _group(LABELS["routes"], _routes_text(routes), pane="fm-lines")


@cache.once
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
                        (N_("Kind"), _(r.kind)),
                        (N_("Status"), _(style["label"])),
                        (N_("Since"), r.status_since),
                        (N_("Evidence"), r.status_evidence),
                        (N_("Via"), r.via),
                        (
                            N_("Geometry"),
                            _("approximate: drawn straight between the places and crossings it passes")
                            if r.approximate
                            else _("surveyed"),
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
                (N_("Date"), timeline.span(r.date, r.end_date)),
                (N_("Note"), _(timeline.PRECISION_NOTE.get(r.date_precision)) or None),
                (N_("Place"), r.place_id),
                (N_("Category"), _(r.category)),
                (N_("Reported by"), r.outlet),
                (N_("Quote"), f"“{r.quote}”"),
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
    return _group(LABELS["events"], _events_text(events), pane="fm-points")


@cache.once
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
                "fid": row.id,  # its `sel=` in a link
                "day": row.date.date().isoformat(),  # hidden on the days before it (fm.days)
            }
        )
    return collection(events.geometry, props)


# An axis of attack: its tail on DeepState's point, its head AXIS_LENGTH px along the bearing.
AXIS_LENGTH = 32
AXIS_BOX = 2 * AXIS_LENGTH + 8  # the icon's square, the tail at its centre, so that any turn fits


def arrow_svg(bearing: float, css: str = "", size: tuple[int, int] = (AXIS_BOX, AXIS_BOX), view: str = "") -> str:
    """An arrow (shaft and head, on a white casing) pointing `bearing` degrees clockwise from north,
    its tail at the centre of a `size` px box (or of `view`, an SVG viewBox, scaled to it). The
    arrow's shapes alone take the pointer."""
    tip, neck, half = -AXIS_LENGTH, -AXIS_LENGTH + 13, 7.5
    shaft, head = f"M0 0V{neck}", f"M0 {tip}L{-half} {neck}L{half} {neck}Z"
    colour, casing = AXIS_STYLE["color"], AXIS_STYLE["casing"]
    view = view or f"{-AXIS_BOX / 2:g} {-AXIS_BOX / 2:g} {AXIS_BOX} {AXIS_BOX}"
    return (
        f"<svg class='{css}' width='{size[0]}' height='{size[1]}' viewBox='{view}' style='display:block;overflow:visible' "
        f"aria-hidden='true'><g transform='rotate({bearing:.1f})' style='pointer-events:visiblePainted;cursor:pointer'>"
        f"<path d='{shaft}' stroke='{casing}' stroke-width='8' stroke-linecap='round'/>"
        f"<path d='{head}' fill='{casing}' stroke='{casing}' stroke-width='4' stroke-linejoin='round'/>"
        f"<path d='{shaft}' stroke='{colour}' stroke-width='4'/><path d='{head}' fill='{colour}'/>"
        f"<circle class='fm-axis-tail' r='0.5' fill='none'/><circle class='fm-axis-tip' cy='{tip}' r='0.5' fill='none'/></g></svg>"
    )


def axis_title(snapshot: str) -> str:
    return _("Direction of attack, as DeepStateMap marked it on {day}").format(day=snapshot)


def axes_collection(axes: gpd.GeoDataFrame) -> str:
    """A day's directions of attack (`data/axes.py`), each an arrow turned by its bearing."""
    props = []
    for row in axes.itertuples(index=False):
        day = row.snapshot.date().isoformat()
        props.append(
            {
                "icon": {
                    "html": f"<div class='fm-axis' data-axis='{esc(row.id)}' data-bearing='{row.bearing:.1f}'>{arrow_svg(row.bearing, 'fm-arrow')}</div>",
                    "size": [AXIS_BOX, AXIS_BOX],
                    "anchor": [AXIS_BOX // 2, AXIS_BOX // 2],
                },
                "tooltip": esc(axis_title(day)),
                "popup": popup_html(
                    axis_title(day),
                    [
                        (N_("Bearing"), f"{row.bearing:.1f}° ({_(compass(row.bearing))})"),
                        (N_("DeepState's icon"), row.icon),
                        (N_("What it is"), _("DeepStateMap's assessment: where it drew an arrow, and which way it turned it")),
                    ],
                    "DeepStateMap (deepstatemap.live)",
                ),
            }
        )
    return collection(axes.geometry, props)


def axes_layer(text: str) -> folium.FeatureGroup:
    return _group(LABELS["axes"], text, pane="fm-axes")


def blend(colour: str, under: str, opacity: float) -> str:
    """The colour a fill of `colour` at `opacity` shows over `under` (both #RRGGBB)."""
    top = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    bottom = [int(under[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(t * opacity + b * (1 - opacity)):02X}" for t, b in zip(top, bottom))


def skip_link(key: str) -> str:
    """A link past the map (its markers are out of the tab order; the facts are in the words under it),
    seen only when it has the keyboard's focus."""
    skip = esc(_("Skip the map"))
    return (
        "<style>.fm-skip{position:absolute;left:-9999px}.fm-skip:focus{position:static;display:inline-block;"
        "padding:4px 10px;background:#1A1A1A;color:#fff;border-radius:4px}</style>"
        f"<a class='fm-skip' href='#fm-after-{esc(key)}'>{skip}</a>"
    )


def after_map(key: str, summary: Iterable[str]) -> str:
    """Under the map, where its skip link lands: the map in words, a sentence a layer."""
    text = " ".join(esc(s) for s in summary)
    head = esc(_("The map in words."))
    return (
        f"<div id='fm-after-{esc(key)}' class='fm-summary' tabindex='-1' style='font-size:0.85rem;outline:none'>"
        + (f"<b>{head}</b> {text}" if text else "")
        + "</div>"
    )


# Outage map: the colour says how strongly the sources speak of a region (none, country-wide, named).
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
    for oblast_id, name in zip(oblasts["id"], gazetteer.place_names(oblasts)):
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
    return _layer(LABELS["outages"], geometries, props, pane="fm-areas")


def _flow_popup(row) -> str:
    return popup_html(
        row.what,
        [
            (N_("Date"), row.date),
            (N_("From"), row.from_place),
            (N_("To"), row.to_place),
            (N_("Standing"), row.standing),
            (N_("Reported by"), row.outlet),
            (N_("Quote"), f"“{row.quote}”"),
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
    return _layer(LABELS["flows"], geometries, props, pane="fm-lines")
