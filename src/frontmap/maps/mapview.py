"""The situation map as of a day, in two parts: the base that stays, and the dated layers.

Pages hand the dated layers to `st_folium`'s `feature_group_to_add`, so moving the date redraws
them without rebuilding the base map (zoom and centre stay). Exports put both parts in one file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd
import shapely

from frontmap import limits
from frontmap.data import measure, provenance, timeline
from frontmap.data.dataset import Situation
from frontmap.maps import basemap, layers, pointcloud
from frontmap.maps.geojson_layer import IdentityCache, embed_all, publish


@dataclass
class SituationMap:
    base: folium.Map
    dated: list[folium.FeatureGroup]
    note: str | None  # said over the map when no front line exists for the day
    title: str  # "Map of control areas and places as of 2022-11-12"
    summary: list[str]  # the map in words, a sentence a layer, from the rows drawn


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
    narrow_bounds: list[list[float]] | None = None,
) -> SituationMap:
    """The map of the day; `since`, an earlier day: the land that changed hands in between is
    hatched and the earlier front line drawn as a dashed ghost. The front lines of the days either
    side, and of `ahead` (the next frames of a play-through), are fetched ahead by the browser.
    `narrow_bounds`: the frame of a map narrower than a tablet (a phone's), instead of `bounds`."""
    fmap = basemap.base_map(sit.oblasts, sit.countries, basemap_choice, centre, zoom, bounds, narrow_bounds)
    # Every layer goes with the dated ones, even those that never change (the Dnipro, places): a
    # layer switched on or off then changes no base script, so the map is never remounted. The
    # front line comes first, so that the browser asks for it first; panes set what draws on top.
    dated = []
    snap = timeline.control_on(sit.control_areas, day)
    before_first = "control" in shown and snap.snapshot is None
    if before_first:  # what is known before the first line: Crimea and the areas held since 2014
        snap, text = _held_since_2014(sit)
        if text:
            dated.append(layers.control_layer(text))
    elif "control" in shown:
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
    routes = timeline.routes_on(sit.routes, sit.route_status, day)
    if "routes" in shown:
        dated.append(layers.routes_layer(routes))
    upto = (sit.events["date"] <= pd.Timestamp(day)).to_numpy()
    # the same frame for the same day, whoever asks: what is made of it is then made once
    events = _texts.get(sit.events, ("upto", day), lambda: sit.events[upto])
    if "events" in shown:
        dated.append(events_layer(sit, events, upto))
    if "flows" in shown:
        dated.append(
            layers.flows_layer(timeline.in_range(sit.flows, "date", timeline.FIRST_DAY, day), sit.places)
        )
    dated += extra or []
    note = snap.note if before_first else None
    title = f"Map of {layers.what_is_shown(shown)} as of {day.isoformat()}"
    said = _texts.get(sit.events, ("summary", tuple(sorted(shown)), day), lambda: summary(sit, shown, snap, routes, events))
    return SituationMap(fmap, dated, note, title, said)


_event_clouds = IdentityCache(size=8)


def events_layer(sit: Situation, events: pd.DataFrame, upto) -> folium.FeatureGroup:
    """The events `upto` a day: while they are few, each a dot with its popup and source; past
    `limits.MAX_EVENT_DOTS` (a data folder of an ACLED export), all of them as one point cloud,
    published once for every viewer, of which a date step sends only the mask of the day's.
    `events`, those `upto` the day."""
    if len(sit.events) <= limits.MAX_EVENT_DOTS:
        return layers.events_layer(events)
    points, url = _event_clouds.get(sit.events, "cloud", lambda: _published_cloud(sit.events))
    group = folium.FeatureGroup(name=layers.LAYERS["events"])
    pointcloud.CloudLayer(
        points, url, pointcloud.mask_text(upto), slot=layers.LAYERS["events"], label="events"
    ).add_to(group)
    return group


def _published_cloud(events) -> tuple[pointcloud.Cloud, str]:
    geometry = events.geometry.values
    points = pointcloud.encode(
        shapely.get_x(geometry),
        shapely.get_y(geometry),
        events["category"].to_numpy(dtype=object),
        layers.EVENT_COLOURS,
    )
    return points, publish(points.data, suffix=".bin")


@timeline.once_per_day  # a few ms of geopandas on every run of /front otherwise
def places_bounds(places, ids: tuple[str, ...]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the places named (None where the data has none of them)."""
    chosen = places[places["id"].isin(ids)]
    if chosen.empty:
        return None
    west, south, east, north = (float(x) for x in chosen.total_bounds)
    return [[south, west], [north, east]]


def _held_since_2014(sit: Situation) -> tuple[timeline.ControlSnapshot, str | None]:
    """Before the first front line: Crimea and the parts of Donetsk and Luhansk held since 2014, as
    the first line draws them (and their GeoJSON), with a notice that no line of the day exists."""
    first = sit.control_areas["valid_from"].min()
    if pd.isna(first):
        return timeline.ControlSnapshot(
            sit.control_areas, None, "No front-line data exists: nothing is drawn."
        ), None
    first = first.date()
    areas = timeline.control_on(sit.control_areas, first).areas
    areas = areas[areas["status"].isin(SINCE_2014)]
    note = (
        f"No front-line data exists before {first.day} {first:%B %Y}. Drawn: Crimea and the areas held since 2014, "
        f"as DeepStateMap's first line ({first.isoformat()}) shows them."
    )
    text = _texts.get(
        sit.control_areas, ("since 2014", first), lambda: layers.control_collection(areas, first.isoformat())
    )
    return timeline.ControlSnapshot(areas, None, note), text


SINCE_2014 = ("crimea", "occupied_2014")


def summary(
    sit: Situation, shown, snap: timeline.ControlSnapshot, routes: pd.DataFrame, events: pd.DataFrame
) -> list[str]:
    """What the map shows, in words: a sentence for each layer shown, from the rows it draws."""
    said = []
    if "control" in shown:
        if snap.snapshot:
            km2 = _texts.get(sit.control_areas, ("km2", snap.snapshot), lambda: _area_by_status(snap.areas))
            held = "; ".join(f"{layers.CONTROL_STYLE[s]['label']} {v:,.0f} km²" for s, v in km2.items())
            said.append(
                f"Control areas from DeepStateMap's front line of {snap.snapshot}: {held}; the rest of Ukraine Ukrainian-held."
            )
        elif snap.note:
            said.append(snap.note)
    if "places" in shown:
        near = sit.places[sit.places["scope"] == "theatre"]
        said.append(f"Places marked: {', '.join(near['name'])}.")
    if "dnipro" in shown:
        said.append(f"Water: {' and '.join(sit.dnipro['name'])}.")
    if "routes" in shown:
        lines = [
            f"{r.name}: {layers.ROUTE_STYLE[r.status]['label']}"
            + (f" since {r.status_since:%Y-%m-%d} ({r.status_source})" if pd.notna(r.status_since) else "")
            for r in routes.itertuples(index=False)
        ]
        said.append(f"Routes, their course approximate: {'; '.join(lines)}.")
    if "events" in shown:
        latest = events.sort_values("date").tail(3).iloc[::-1]
        recent = "; ".join(f"{e.date:%Y-%m-%d} {e.title}" for e in latest.itertuples(index=False))
        said.append(f"{len(events)} events up to this day" + (f", the latest: {recent}." if recent else "."))
    return said


def _area_by_status(areas) -> dict[str, float]:
    sizes = measure.to_equal_area(list(areas.geometry)).area.to_numpy() / 1e6
    totals: dict[str, float] = {}
    for status, size in zip(areas["status"], sizes):
        totals[status] = totals.get(status, 0.0) + float(size)
    return {s: totals[s] for s in layers.CONTROL_STYLE if s in totals}


def outage_levels(sit: Situation, day: dt.date) -> dict[str, tuple[int, str]]:
    """What the sources say of power by oblast by the day (id -> level of `layers.OUTAGE_STYLE`, the
    words): Kyiv named as without electricity, planned outages announced for the whole country (not
    Crimea, held since 2014); the 14 other regions Zelensky counted are not named, so none is guessed."""
    energy = timeline.of_category(sit.events, "energy")
    outages = timeline.happened_between(energy, timeline.FIRST_DAY, day)
    said = {}
    if not outages.empty:
        planned = f"planned outages of several hours for the whole country on {outages.iloc[-1]['date']:%Y-%m-%d}"
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


def explore_html(sit: Situation, rows_group: folium.FeatureGroup, count: int, filters) -> str:
    """Explore's map as a file: the filtered rows (`explore.rows_layer`) over the control areas of
    the range's last day, with the filters used (an `explore.Filters`) in its note."""
    parts = build(sit, filters.last, ("control",), "auto", extra=[rows_group])
    used = [f"{count:,} rows dated {filters.first.isoformat()} to {filters.last.isoformat()}"]
    for label, values in (
        ("category", filters.categories),
        ("place or oblast", filters.places),
        ("side", filters.sides),
    ):
        if values:
            used.append(f"{label}: {', '.join(values)}")
    if filters.text:
        used.append(f"text contains “{filters.text}”")
    legend = layers.legend_html(("control", "events")).replace("event: ", "row: ")
    note = export_note(sit, "frontmap: filtered rows", filters.last, legend, used)
    return standalone_html(parts.base, parts.dated, note)


@dataclass
class ExportNote:
    """What an exported map says of itself, as map controls: the file travels alone."""

    title: str
    as_of: dt.date  # the day the map shows
    front_line: dt.date | None  # the snapshot its control areas come from
    legend: str  # `layers.legend_html`
    sources: str
    more: list[str] = field(default_factory=list)  # what else made the map: filters, a range's change


def export_note(
    sit: Situation, title: str, day: dt.date, legend: str, more: list[str] | None = None
) -> ExportNote:
    front = timeline.control_on(sit.control_areas, day).snapshot
    return ExportNote(title, day, front, legend, provenance.credits(sit), list(more or []))


EXPORT_CSS = (
    ".fm-export{background:rgba(255,255,255,.95);color:#111;padding:6px 10px;border-radius:6px;"
    "box-shadow:0 1px 5px rgba(0,0,0,.35);font:13px/1.4 sans-serif;max-width:44vw}"
    ".fm-export h1{font-size:19px;line-height:1.2;margin:0 0 3px}.fm-export .fm-asof{font-size:16px;font-weight:700}"
    ".fm-export-sources{font-size:11px;max-width:48vw}.fm-export .fm-legend{margin:0}"
)


def _note_controls(map_name: str, note: ExportNote, made: dt.datetime) -> str:
    """A script that puts the note on the map as Leaflet controls (its text escaped here)."""
    esc = layers.esc
    front = (
        f"Front line: DeepStateMap of {note.front_line.isoformat()}"
        if note.front_line
        else "No front line on or before this day"
    )
    head = (
        f"<h1>{esc(note.title)}</h1><div class='fm-asof'>As of {note.as_of:%d %B %Y}</div>"
        f"<div class='fm-front'>{esc(front)}</div>"
        + "".join(f"<div>{esc(line)}</div>" for line in note.more)
        + f"<div class='fm-made'>Made {made:%Y-%m-%d %H:%M} UTC by frontmap</div>"
    )
    boxes = [
        ("topright", "fm-export-title", head),
        ("bottomleft", "fm-export-legend", note.legend),
        ("bottomright", "fm-export-sources", f"Sources: {esc(note.sources)}"),
    ]
    # "</" never closes the script early, whatever the text held
    data = json.dumps(boxes).replace("</", "<\\/")
    return (
        f"<style>{EXPORT_CSS}</style><script>(function () {{ var boxes = {data};"
        "boxes.forEach(function (b) { var c = L.control({position: b[0]}); c.onAdd = function () {"
        "var d = L.DomUtil.create('div', 'fm-export ' + b[1]); d.innerHTML = b[2];"
        "L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d); return d; };"
        f"c.addTo({map_name}); }}); }})();</script>"
    )


def standalone_html(
    fmap: folium.Map,
    groups: list[folium.FeatureGroup],
    note: ExportNote,
    static_dir: Path = basemap.STATIC_DIR,
    made: dt.datetime | None = None,
) -> str:
    """One HTML file that opens offline: the layers added and every local script, style and
    published layer inlined; the note (title, dates, legend, sources, when made) as map controls,
    so that the file says what the page said."""
    basemap.use_local_assets()  # (the app does so on start; a script that exports may not have)
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
    made = made or dt.datetime.now(dt.UTC)
    html = html.replace("</html>", _note_controls(fmap.get_name(), note, made) + "</html>")
    return html.replace("<head>", f"<head><title>{layers.esc(note.title)}</title>", 1)
