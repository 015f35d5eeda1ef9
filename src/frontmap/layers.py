"""folium layers of the situation. Every text from data is escaped before it reaches HTML.

Layers are FeatureGroups so that a page can hand the date-dependent ones to `st_folium`'s
`feature_group_to_add`: the base map stays, its zoom and centre with it, and only these change.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable

import folium
import geopandas as gpd
import pandas as pd

from frontmap import timeline
from frontmap.provenance import source_html

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
    "open": {"label": "open", "color": "#0072B2", "dash": None, "weight": 4},
    "damaged": {"label": "damaged", "color": "#E69F00", "dash": "10 6", "weight": 4},
    "destroyed": {"label": "destroyed", "color": "#000000", "dash": "2 6", "weight": 4},
    "unknown": {"label": "no dated status", "color": "#7F7F7F", "dash": "1 4", "weight": 2},
}
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
ROUTES_APPROXIMATE = "routes: approximate course, drawn through the places they join"
LAYERS = {
    "control": "Control areas",
    "places": "Places",
    "dnipro": "The Dnipro",
    "routes": "Supply routes",
    "events": "Events",
}


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


def _geojson(frame: gpd.GeoDataFrame, columns: list[str]) -> str:
    """GeoJSON text of some columns; dates become ISO strings (Timestamps do not serialise)."""
    out = frame[[*columns, "geometry"]].copy()
    for column in columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d").fillna("")
    return out.to_json(drop_id=True)


def control_layer(areas: gpd.GeoDataFrame, snapshot_label: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYERS["control"])
    for status, style in CONTROL_STYLE.items():
        rows = areas[areas["status"] == status]
        if rows.empty:
            continue
        rows = rows.assign(
            popup=popup_html(
                style["label"],
                [("As of", snapshot_label), ("Front line of", rows["snapshot"].max())],
                "DeepStateMap (deepstatemap.live)",
            ),
            tooltip=esc(style["label"]),
        )
        folium.GeoJson(
            _geojson(rows, ["status", "popup", "tooltip"]),
            name=style["label"],
            style_function=lambda _, s=style, st=status: {
                "fillColor": s["fill"],
                "fillOpacity": 0.5,
                "color": s["line"],
                "weight": 1.2,
                "dashArray": s["dash"],
                "className": f"fm-area fm-{st}",
            },
            popup=folium.GeoJsonPopup(["popup"], labels=False),
            tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
        ).add_to(group)
    return group


def places_layer(places: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYERS["places"])
    for row in places.itertuples(index=False):
        big = row.kind == "city"
        size = 9 if big else 7
        dot = (
            f"<span style='width:{size}px;height:{size}px;border-radius:{'50%' if row.kind in ('city', 'town') else '2px'};"
            f"background:#1A1A1A;border:2px solid #fff;flex:none'></span>"
        )
        label = f"<span class='fm-label'>{esc(row.name)}</span>" if row.label != "none" else ""
        left = row.label == "left"
        icon = folium.DivIcon(
            html=(
                f"<div class='fm-place fm-{esc(row.kind)}' data-place='{esc(row.id)}' "
                f"style='display:flex;flex-direction:{'row-reverse' if left else 'row'};align-items:center;gap:3px;"
                "white-space:nowrap;font:600 12px sans-serif;color:#1A1A1A;text-shadow:0 0 3px #fff,0 0 3px #fff'>"
                f"{dot}{label}</div>"
            ),
            icon_size=(150, 16),
            # The dot, not the box, sits on the coordinates.
            icon_anchor=(150 - size // 2 - 2, 8) if left else (size // 2 + 2, 8),
        )
        folium.Marker(
            [row.geometry.y, row.geometry.x],
            icon=icon,
            tooltip=esc(row.name),
            popup=folium.Popup(
                popup_html(
                    row.name, [("Kind", row.kind), ("Oblast", row.oblast)], f"coordinates: {row.coord_source}"
                ),
                max_width=340,
            ),
        ).add_to(group)
    return group


def dnipro_layer(dnipro: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=LAYERS["dnipro"])
    if dnipro.empty:  # a broken file: folium refuses a tooltip field that no feature has
        return group
    folium.GeoJson(
        _geojson(dnipro, ["name", "kind"]),
        style_function=lambda f: {
            "color": DNIPRO_BLUE,
            "weight": 3 if f["properties"]["kind"] == "river" else 1,
            "fillColor": "#9CC3E6",
            "fillOpacity": 0.8,
            "className": f"fm-dnipro fm-{f['properties']['kind']}",
        },
        tooltip=folium.GeoJsonTooltip(["name"], labels=False),
        interactive=True,
    ).add_to(group)
    return group


def routes_layer(routes: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Routes as of a day: `routes` carries `status`, `status_since` and its source (timeline.routes_on)."""
    group = folium.FeatureGroup(name=LAYERS["routes"])
    if routes.empty:  # a broken file: folium refuses a tooltip field that no feature has
        return group
    frame = routes.assign(
        popup=[
            popup_html(
                r.name,
                [
                    ("Kind", r.kind),
                    ("Status", ROUTE_STYLE[r.status]["label"]),
                    ("Since", r.status_since),
                    ("Evidence", r.status_evidence),
                    ("Via", r.via),
                    (
                        "Geometry",
                        "approximate: drawn through the places it joins" if r.approximate else "surveyed",
                    ),
                ],
                r.status_source,
                getattr(r, "status_url", None),
                getattr(r, "status_title", None),
            )
            for r in routes.itertuples(index=False)
        ],
        tooltip=[f"{esc(r.name)}: {ROUTE_STYLE[r.status]['label']}" for r in routes.itertuples(index=False)],
    )
    folium.GeoJson(
        _geojson(frame, ["id", "status", "popup", "tooltip"]),
        style_function=lambda f: {
            "color": ROUTE_STYLE[f["properties"]["status"]]["color"],
            "weight": ROUTE_STYLE[f["properties"]["status"]]["weight"],
            "dashArray": ROUTE_STYLE[f["properties"]["status"]]["dash"],
            "opacity": 0.9,
            "className": f"fm-route fm-route-{f['properties']['status']}",
        },
        popup=folium.GeoJsonPopup(["popup"], labels=False),
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
    ).add_to(group)
    return group


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
    frame: gpd.GeoDataFrame, name: str, popups: list[str], tooltips: list[str], colours: list[str], css: str
) -> folium.FeatureGroup:
    """Many points as one GeoJson (fast at 100,000 rows), each a circle with its own popup."""
    group = folium.FeatureGroup(name=name)
    if frame.empty:
        return group
    data = frame[["geometry"]].assign(popup=popups, tooltip=tooltips, colour=colours)
    features = json.loads(data.to_json(drop_id=True))
    folium.GeoJson(
        features,
        marker=folium.CircleMarker(radius=7, weight=1.5, fill=True, fill_opacity=0.9),
        style_function=lambda f: {
            "fillColor": f["properties"]["colour"],
            "color": "#1A1A1A",
            "className": css,
        },
        popup=folium.GeoJsonPopup(["popup"], labels=False),
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
    ).add_to(group)
    return group


def events_layer(events: gpd.GeoDataFrame) -> folium.FeatureGroup:
    return points_layer(
        events,
        LAYERS["events"],
        event_popups(events),
        [f"{esc(d.date().isoformat())}: {esc(t)}" for d, t in zip(events["date"], events["title"])],
        [EVENT_COLOURS.get(c, "#7F7F7F") for c in events["category"]],
        "fm-event",
    )


def legend_html(shown: Iterable[str]) -> str:
    """The legend of the layers shown, as HTML for st.markdown (swatches match the map's styles)."""
    shown = set(shown)
    items = []
    if "control" in shown:
        for style in CONTROL_STYLE.values():
            border = "dashed" if style["dash"] else "solid"
            items.append(
                f"<span class='fm-swatch' style='background:{style['fill']};border:2px {border} {style['line']}'>"
                f"</span>{esc(style['label'])}"
            )
        items.append(
            "<span class='fm-swatch' style='background:#F7F5F0;border:1px solid #8A8A8A'></span>Ukrainian-held"
        )
    if "routes" in shown:
        for style in ROUTE_STYLE.values():
            line = "dashed" if style["dash"] else "solid"
            items.append(
                f"<span class='fm-line' style='border-top:4px {line} {style['color']}'></span>route {style['label']}"
            )
        items.append(esc(ROUTES_APPROXIMATE))
    if "dnipro" in shown:
        items.append(f"<span class='fm-line' style='border-top:3px solid {DNIPRO_BLUE}'></span>the Dnipro")
    if "events" in shown:
        items.append(
            "<span class='fm-swatch' style='background:#CC79A7;border-radius:50%'></span>event (click for source)"
        )
    css = (
        "<style>.fm-legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:0.85rem;margin:2px 0 6px}"
        ".fm-legend span.fm-item{display:inline-flex;align-items:center;gap:6px}"
        ".fm-swatch{display:inline-block;width:16px;height:12px}"
        ".fm-line{display:inline-block;width:24px;height:0}</style>"
    )
    return (
        css
        + "<div class='fm-legend'>"
        + "".join(f"<span class='fm-item'>{i}</span>" for i in items)
        + "</div>"
    )


# Outage map: the colour says how strongly the sources speak of a region (none, country-wide, named).
OUTAGE_STYLE = {
    0: {"fill": "#FFFFFF", "opacity": 0.2, "css": "fm-oblast"},
    1: {"fill": "#F0E442", "opacity": 0.55, "css": "fm-oblast fm-planned"},
    2: {"fill": "#E69F00", "opacity": 0.9, "css": "fm-oblast fm-marked"},
}


def oblast_layer(
    oblasts: gpd.GeoDataFrame, said: dict[str, tuple[int, str]], default: str, held=None
) -> folium.FeatureGroup:
    """Oblasts coloured by what the sources say of each (id -> (level of OUTAGE_STYLE, the words)).
    `held`, a geometry, is cut out of the coloured ones: what a Ukrainian source says of a region
    does not reach the part of it Russia holds."""
    group = folium.FeatureGroup(name="Oblasts")
    if oblasts.empty:  # a broken file: folium refuses a tooltip field that no feature has
        return group
    if held is not None and not held.is_empty:
        cut = [g.difference(held) if i in said else g for i, g in zip(oblasts["id"], oblasts.geometry)]
        oblasts = oblasts.set_geometry(cut)
    frame = oblasts.assign(
        level=[said.get(i, (0, default))[0] for i in oblasts["id"]],
        words=[said.get(i, (0, default))[1] for i in oblasts["id"]],
    )
    frame["tooltip"] = [f"{esc(n)}: {esc(w)}" for n, w in zip(frame["name"], frame["words"])]
    folium.GeoJson(
        _geojson(frame, ["id", "level", "tooltip"]),
        style_function=lambda f: {
            "fillColor": OUTAGE_STYLE[f["properties"]["level"]]["fill"],
            "fillOpacity": OUTAGE_STYLE[f["properties"]["level"]]["opacity"],
            "color": "#555555",
            "weight": 1,
            "className": OUTAGE_STYLE[f["properties"]["level"]]["css"],
        },
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False),
    ).add_to(group)
    return group


def flows_layer(flows: pd.DataFrame, places: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Arms, cash and goods from outside as lines between places, each with what the source said."""
    group = folium.FeatureGroup(name="From outside")
    where = dict(zip(places["id"], places.geometry))
    for row in flows.itertuples(index=False):
        start, end = where[row.from_place], where[row.to_place]
        folium.PolyLine(
            [(start.y, start.x), (end.y, end.x)],
            color="#CC79A7" if row.from_place == "pyongyang" else "#009E73",
            weight=4,
            dash_array=None if row.standing == "reported" else "8 6",
            class_name="fm-flow",
            tooltip=f"{esc(row.what)} ({esc(row.standing)})",
            popup=folium.Popup(
                popup_html(
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
                ),
                max_width=340,
            ),
        ).add_to(group)
    return group
