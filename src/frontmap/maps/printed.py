"""The printed map (PNG, PDF, GIF): the same layers as the web map, drawn with matplotlib.

Each layer's painter is named in the layer registry (`maps/registry.py`); `draw_map` paints the
layers shown in the registry's print order. Figure objects, not pyplot: pyplot's global state is
shared by the threads that serve viewers. Hatching as well as lightness, so that the areas stay
apart when printed in greyscale.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from frontmap import i18n, styles
from frontmap.data import gazetteer, measure, outages, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _
from frontmap.maps import annotations, registry

# Every printed text in a font that holds Latin and Cyrillic: matplotlib's own DejaVu Sans (in its
# wheel, whatever the machine has), named so that no system font takes its place. A glyph missing
# from it fails the tests (pyproject's filterwarnings).
FONT = {"font.family": "DejaVu Sans"}
matplotlib.rcParams.update(FONT)  # (the process's matplotlib prints only the app's maps and slides)

HATCH = {"occupied_2022": "///", "occupied_2014": "xx", "crimea": "xx", "grey_zone": ".."}


@dataclass(frozen=True)
class View:
    """What a printed map frames and shows: a web map's centre and zoom, and its layers."""

    centre: tuple[float, float]
    zoom: int
    shown: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    """What the painters draw from: the situation on a day, framed by `bounds` (west, south, east,
    north); `change`, the land that changed hands since `since` (`measure.change_pieces`), outlined."""

    sit: Situation
    day: dt.date
    bounds: tuple[float, float, float, float]
    change: gpd.GeoDataFrame | None = None
    since: dt.date | None = None


def view_bounds(
    centre: tuple[float, float], zoom: int, aspect: float = 1.5
) -> tuple[float, float, float, float]:
    """Lon/lat bounds of a web-map view of about 900 px wide at this centre and zoom."""
    lat, lon = centre
    lon_span = 900 / 256 * 360 / 2**zoom
    lat_span = lon_span / aspect * max(0.3, abs(math.cos(math.radians(lat))))
    return lon - lon_span / 2, lat - lat_span / 2, lon + lon_span / 2, lat + lat_span / 2


def _dash(style: dict):
    return (0, tuple(float(x) for x in style["dash"].split())) if style["dash"] else "solid"


def control(ax, page: Page) -> list:
    """The control areas, then the land that changed hands (when a range is drawn)."""
    handles = []
    areas = timeline.control_on(page.sit.control_areas, page.day).areas
    for status, style in styles.CONTROL_STYLE.items():
        rows = areas[areas["status"] == status]
        if rows.empty:
            continue
        rows.plot(ax=ax, color=style["fill"], alpha=0.55, edgecolor=style["line"], linewidth=0.6, hatch=HATCH[status])
        handles.append(
            Patch(facecolor=style["fill"], edgecolor=style["line"], hatch=HATCH[status], alpha=0.55, label=_(style["label"]))
        )
    if page.change is not None:
        for kind, style in styles.CHANGE_STYLE.items():
            rows = page.change[page.change["kind"] == kind]
            if rows.empty:
                continue
            dash = _dash(style)
            rows.plot(ax=ax, facecolor="none", edgecolor=style["line"], linewidth=2.4, linestyle=dash, zorder=3)
            handles.append(
                Patch(
                    facecolor="none",
                    edgecolor=style["line"],
                    linewidth=2.4,
                    linestyle=dash,
                    label=_("{km2} {changed} since {day}").format(
                        km2=i18n.km2(rows["km2"].sum()), changed=_(style["label"]), day=i18n.day_month(page.since)
                    ),
                )
            )
    return handles


def power(ax, page: Page) -> list:
    """The oblasts by what the sources say of power (`outages.levels`), hatched for grey."""
    sit = page.sit
    said = outages.levels(sit, page.day)
    held = measure.russian_held_union(sit.control_areas, page.day)
    hatch = {0: None, 1: "..", 2: "\\\\"}
    handles = []
    for level, words in styles.OUTAGE_WORDS.items():
        ids = [i for i in sit.oblasts["id"] if said.get(i, (0,))[0] == level]
        rows = sit.oblasts[sit.oblasts["id"].isin(ids)]
        if rows.empty:
            continue
        style = styles.OUTAGE_STYLE[level]
        shapes = rows.geometry.difference(held) if level else rows.geometry
        shapes.plot(ax=ax, color=style["fill"], alpha=style["opacity"], edgecolor="#555555", linewidth=0.6, hatch=hatch[level])
        handles.append(Patch(facecolor=style["fill"], alpha=style["opacity"], edgecolor="#555555", hatch=hatch[level], label=_(words)))
    return handles


def dnipro(ax, page: Page) -> list:
    water = page.sit.dnipro
    water[water["kind"] == "reservoir"].plot(ax=ax, color="#9CC3E6", edgecolor=styles.DNIPRO_BLUE)
    water[water["kind"] == "river"].plot(ax=ax, color=styles.DNIPRO_BLUE, linewidth=1.5)
    return []


def routes(ax, page: Page) -> list:
    handles = []
    drawn = timeline.routes_on(page.sit.routes, page.sit.route_status, page.day)
    for status, style in styles.ROUTE_STYLE.items():
        rows = drawn[drawn["status"] == status]
        if rows.empty:
            continue
        dash = _dash(style)
        rows.plot(ax=ax, color=style["color"], linewidth=2.2, linestyle=dash)
        handles.append(
            Line2D([], [], color=style["color"], linewidth=2.2, linestyle=dash, label=_("route {status} (approximate course)").format(status=_(style["label"])))
        )
    return handles


def events(ax, page: Page) -> list:
    recent = timeline.happened_between(page.sit.events, page.day - dt.timedelta(days=6), page.day)
    if recent.empty:
        return []
    recent.plot(ax=ax, color="#CC79A7", edgecolor="#1A1A1A", markersize=60, zorder=4)
    return [
        Line2D(
            [], [], marker="o", color="w", markerfacecolor="#CC79A7", markeredgecolor="#1A1A1A", markersize=8,
            label=_("event in the 7 days"),
        )
    ]


AXIS_SHARE = 1 / 18  # an arrow's length, of the map's width


def axes(ax, page: Page) -> list:
    """DeepState's directions of attack on the day, as the web map draws them: an arrow from its
    point along its bearing, on a white casing; each patch's gid names the axis."""
    west, south, east, north = page.bounds
    rows = timeline.valid_on(page.sit.attack_axes, page.day)
    rows = rows[[west <= g.x <= east and south <= g.y <= north for g in rows.geometry]]
    if rows.empty:
        return []
    length = (east - west) * AXIS_SHARE
    squeeze = math.cos(math.radians((south + north) / 2))  # the map's aspect (`draw_map`): a degree north is longer
    casing = [patheffects.withStroke(linewidth=4, foreground=styles.AXIS_STYLE["casing"])]
    for row in rows.itertuples(index=False):
        turn = math.radians(row.bearing)
        tail = (row.geometry.x, row.geometry.y)
        tip = (tail[0] + length * math.sin(turn), tail[1] + length * squeeze * math.cos(turn))
        arrow = FancyArrowPatch(
            tail, tip, arrowstyle="-|>,head_length=0.55,head_width=0.3", mutation_scale=14, linewidth=2.2,
            color=styles.AXIS_STYLE["color"], zorder=4.5, path_effects=casing, shrinkA=0, shrinkB=0,
        )
        arrow.set_gid(f"fm-axis {row.id}")
        ax.add_patch(arrow)
    day = rows["snapshot"].max()
    return [
        Line2D([], [], color=styles.AXIS_STYLE["color"], marker=">", markersize=7, linewidth=2.4,
               label=_("direction of attack as DeepStateMap marked it on {day} (its assessment)").format(day=i18n.day_month(day)))
    ]


def flows(ax, page: Page) -> list:
    """Transfers from outside as on the web map (`layers.flows_layer`): a line where both ends are
    named, a ring on the one named end otherwise."""
    sit = page.sit
    drawn = timeline.in_range(sit.flows, "date", timeline.FIRST_DAY, page.day)
    where = dict(zip(sit.places["id"], sit.places.geometry))
    handles = {}
    for row in drawn.itertuples(index=False):
        start = row.from_place if isinstance(row.from_place, str) else None
        end = row.to_place if isinstance(row.to_place, str) else None
        style = styles.FLOW_STYLE.get(start or end, styles.FLOW_STYLE[None])
        dash = "solid" if row.standing.startswith("reported") else (0, (4, 3))
        if start in where and end in where:
            a, b = where[start], where[end]
            ax.plot([a.x, b.x], [a.y, b.y], color=style["color"], linewidth=3, linestyle=dash, zorder=4)
        elif (start or end) in where:
            p = where[start or end]
            ax.scatter([p.x], [p.y], s=420, facecolors="none", edgecolors=style["color"], linewidths=3, linestyle=dash, zorder=4)
        else:
            continue
        handles[style["label"]] = Line2D([], [], color=style["color"], linewidth=3, label=_("arms or cash {origin}").format(origin=_(style["label"])))
    return list(handles.values())


def _unclutter(places, gap: float) -> list:
    """Places to label, cities first, leaving out any closer than `gap` degrees to one already kept."""
    kept = []
    for row in places.sort_values("kind", key=lambda k: k != "city").itertuples(index=False):
        if all(
            abs(row.geometry.x - k.geometry.x) > gap or abs(row.geometry.y - k.geometry.y) > gap / 2
            for k in kept
        ):
            kept.append(row)
    return kept


def places(ax, page: Page) -> list:
    west, south, east, north = page.bounds
    labelled = page.sit.places[page.sit.places["label"] != "none"]
    labelled = labelled.cx[west:east, south:north]
    labelled.plot(ax=ax, color="#1A1A1A", markersize=18, zorder=5)
    names = dict(zip(labelled["id"], gazetteer.place_names(labelled)))
    for row in _unclutter(labelled, (east - west) / 22):
        left = row.label == "left"
        ax.annotate(
            names[row.id],
            (row.geometry.x, row.geometry.y),
            parse_math=False,
            xytext=(-4 if left else 4, 3),
            textcoords="offset points",
            ha="right" if left else "left",
            fontsize=8,
            fontweight="bold",
            zorder=6,
        )
    return []


def draw_map(
    ax,
    sit: Situation,
    view: View,
    day: dt.date,
    change=None,
    since: dt.date | None = None,
    drawings: list[annotations.Annotation] = (),
    legend: bool = True,
) -> None:
    """The view's map on a day, with its legend; `change` (the land that changed hands since
    `since`), outlined; a slide's `drawings` over it all."""
    west, south, east, north = bounds = view_bounds(view.centre, view.zoom)
    ax.set_facecolor("#DCE7EF")
    sit.countries.plot(ax=ax, color="#F7F5F0", edgecolor="#8A8A8A", linewidth=0.6)
    sit.oblasts.boundary.plot(ax=ax, color="#B0B0B0", linewidth=0.4)
    page = Page(sit, day, bounds, change, since)
    handles = []
    for layer in registry.in_print_order(view.shown):
        handles += globals()[layer.painter](ax, page)
    annotations.paint(ax, list(drawings))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(0.3, math.cos(math.radians(view.centre[0]))))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    if handles and legend:
        ax.legend(handles=handles, loc="lower left", fontsize=8, framealpha=0.9)
