"""The situation map as of a day, in two parts: the base that stays, and the dated layers.

Pages hand the dated layers to `st_folium`'s `feature_group_to_add`, so moving the date redraws
them without rebuilding the base map (zoom and centre stay). Exports put both parts in one file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd

from frontmap.data import measure, timeline
from frontmap.data.dataset import Situation
from frontmap.maps import basemap, layers
from frontmap.maps.geojson_layer import IdentityCache, embed_all


@dataclass
class SituationMap:
    base: folium.Map
    dated: list[folium.FeatureGroup]
    note: str | None  # said under the map when no front line exists for the day


def build(
    sit: Situation,
    day: dt.date,
    shown: tuple[str, ...],
    basemap_choice: str = "auto",
    centre: tuple[float, float] = basemap.CENTRE,
    zoom: int = basemap.ZOOM,
    extra: list[folium.FeatureGroup] | None = None,
    bounds: list[list[float]] | None = None,
    since: dt.date | None = None,
    ahead: list[dt.date] | None = None,
) -> SituationMap:
    """The map of the day; `since`, an earlier day: the land that changed hands in between is
    hatched and the earlier front line drawn as a dashed ghost. The front lines of the days either
    side, and of `ahead` (the next frames of a play-through), are fetched ahead by the browser."""
    fmap = basemap.base_map(sit.oblasts, sit.countries, basemap_choice, centre, zoom, bounds)
    # Every layer goes with the dated ones, even those that never change (the Dnipro, places): a
    # layer switched on or off then changes no base script, so the map is never remounted. The
    # front line comes first, so that the browser asks for it first; panes set what draws on top.
    dated = []
    snap = timeline.control_on(sit.control_areas, day)
    if "control" in shown:
        wanted = [day + dt.timedelta(days=d) for d in (-1, 1)] + list(ahead or [])
        around = {s.snapshot: s for s in (timeline.control_on(sit.control_areas, d) for d in wanted)}
        prefetch = [_control_text(sit, s) for key, s in around.items() if key and key != snap.snapshot]
        dated.append(layers.control_layer(_control_text(sit, snap), prefetch))
        earlier = timeline.control_on(sit.control_areas, since).snapshot if since else None
        if earlier and snap.snapshot and earlier != snap.snapshot:
            dated += layers.change_layers(*_change_texts(sit, earlier, snap.snapshot))
    if "outages" in shown:
        dated.append(outages_layer(sit, day))
    if "places" in shown:
        dated.append(layers.places_layer(sit.places))
    if "dnipro" in shown:
        dated.append(layers.dnipro_layer(sit.dnipro))
    if "routes" in shown:
        dated.append(layers.routes_layer(timeline.routes_on(sit.routes, sit.route_status, day)))
    if "events" in shown:
        dated.append(layers.events_layer(sit.events[sit.events["date"] <= pd.Timestamp(day)]))
    if "flows" in shown:
        dated.append(layers.flows_layer(timeline.in_range(sit.flows, "date", timeline.FIRST_DAY, day), sit.places))
    dated += extra or []
    return SituationMap(fmap, dated, snap.note if "control" in shown else None)


def outage_levels(sit: Situation, day: dt.date) -> dict[str, tuple[int, str]]:
    """What the sources say of power by oblast by the day (id -> level of `layers.OUTAGE_STYLE`, the
    words): Kyiv named as without electricity, planned outages announced for the whole country (not
    Crimea, held since 2014); the 14 other regions Zelensky counted are not named, so none is guessed."""
    energy = sit.events[sit.events["category"] == "energy"]
    outages = timeline.happened_between(energy, timeline.FIRST_DAY, day)
    said = {}
    if not outages.empty:
        planned = f"planned outages of several hours announced for the whole country ({outages.iloc[-1]['date']:%Y-%m-%d})"
        said = {i: (1, planned) for i in sit.oblasts["id"] if i != "UA-43"}
    if timeline.latest(sit.figures, day, "regions_without_power") is not None:
        said["UA-30"] = (2, "without electricity: named by Zelensky on 2022-11-08")
    return said


def outages_layer(sit: Situation, day: dt.date) -> folium.FeatureGroup:
    """The oblasts by `outage_levels`; Russian-held land is left out of them."""
    held = measure.russian_held_union(sit.control_areas, day)
    return layers.oblast_layer(sit.oblasts, outage_levels(sit, day), "no outage reported by this date", held)


_texts = IdentityCache()


def _control_text(sit: Situation, snap: timeline.ControlSnapshot) -> str:
    """A front line's GeoJSON, made once per snapshot of the shared situation."""
    label = snap.snapshot.isoformat() if snap.snapshot else ""
    return _texts.get(sit.control_areas, snap.snapshot, lambda: layers.control_collection(snap.areas, label))


def _change_texts(sit: Situation, first: dt.date, last: dt.date) -> tuple[str, str]:
    """The hatched change and the ghost line between two front lines, made once per pair."""

    def make() -> tuple[str, str]:
        pieces = measure.change_pieces(sit.control_areas, sit.oblasts, first, last)
        line = measure.earlier_line(sit.control_areas, sit.countries, first)
        return (
            layers.change_collection(pieces, first.isoformat(), last.isoformat()),
            layers.ghost_collection(line, first.isoformat()),
        )

    return _texts.get(sit.control_areas, ("change", first, last), make)


def standalone_html(
    fmap: folium.Map,
    groups: list[folium.FeatureGroup],
    title: str,
    static_dir: Path = basemap.STATIC_DIR,
    legend: str = "",
) -> str:
    """One HTML file that opens offline: the layers added and every local script, style and
    published layer inlined; `legend` (`layers.legend_html`) above the map, so that the file says
    what the page said."""
    for group in groups:
        group.add_to(fmap)
    embed_all(fmap)
    html = fmap.get_root().render()
    basemap.ensure_static_assets(static_dir)

    def local(url: str) -> str:
        return (static_dir / url.removeprefix(basemap.STATIC_URL + "/")).read_text(encoding="utf-8")

    def script(match: re.Match) -> str:
        return f"<script>{local(match.group(1))}</script>"

    def style(match: re.Match) -> str:
        return f"<style>{local(match.group(1))}</style>"

    prefix = re.escape(basemap.STATIC_URL)
    html = re.sub(rf'<script src="({prefix}/[^"]+)"></script>', script, html)
    html = re.sub(rf'<link rel="stylesheet" href="({prefix}/[^"]+)"/>', style, html)
    html = html.replace("<body>", f"<body>{legend}", 1)
    return html.replace("<head>", f"<head><title>{layers.esc(title)}</title>", 1)
