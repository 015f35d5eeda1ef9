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

from frontmap import cache, i18n, safetext
from frontmap.data import provenance, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _
from frontmap.maps import basemap, registry, situation_layers
from frontmap.maps.geojson_layer import embed_all
from frontmap.maps.legend import legend_html


@dataclass
class SituationMap:
    base: folium.Map | None  # None where the caller keeps its own (`base` made once per distinct base)
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
    with_base: bool = True,
) -> SituationMap:
    """The map of the day; `since`, an earlier day: the land that changed hands in between is
    hatched and the earlier front line drawn as a dashed ghost. The front lines of the days either
    side, and of `ahead` (the next frames of a play-through), are fetched ahead by the browser.
    `narrow_bounds`: the frame of a map narrower than a tablet (a phone's), instead of `bounds`.
    `with_base=False`: the dated layers only, for a caller that keeps the base (`base`)."""
    fmap = base(sit, basemap_choice, centre, zoom, bounds, narrow_bounds) if with_base else None
    # Every layer goes with the dated ones, even those that never change (the Dnipro, places): a
    # layer switched on or off then changes no base script, so the map is never remounted. The
    # front line comes first, so that the browser asks for it first; panes set what draws on top.
    d = situation_layers.day_of(sit, day, shown, since, ahead)
    dated = [group for layer in registry.shown(shown) for group in layer.web(d)]
    dated += extra or []
    note = d.snap.note if d.before_first else None
    title = _("Map of {layers} as of {day}").format(layers=registry.what_is_shown(shown), day=day.isoformat())
    said = _words.get(sit.events, (tuple(sorted(shown)), day), lambda: summary(d, shown))
    return SituationMap(fmap, dated, note, title, said)


_words = cache.IdentityCache()


def base(
    sit: Situation,
    basemap_choice: str,
    centre: tuple[float, float],
    zoom: int,
    bounds: list[list[float]] | None,
    narrow_bounds: list[list[float]] | None,
) -> folium.Map:
    """The map under the dated layers: land, borders, oblasts, tiles, the frame and the tools."""
    return basemap.base_map(
        sit.oblasts, sit.countries, basemap_choice, centre, zoom, bounds, narrow_bounds, places=sit.places
    )


@cache.once  # a few ms of geopandas on every run of /front otherwise
def places_bounds(places, ids: tuple[str, ...]) -> list[list[float]] | None:
    """[[south, west], [north, east]] around the places named (None where the data has none of them)."""
    chosen = places[places["id"].isin(ids)]
    if chosen.empty:
        return None
    west, south, east, north = (float(x) for x in chosen.total_bounds)
    return [[south, west], [north, east]]


def summary(d: situation_layers.Day, shown) -> list[str]:
    """What the map shows, in words: a sentence for each layer shown, from the rows it draws."""
    said = [layer.words(d) for layer in registry.shown(shown) if layer.words]
    return [sentence for sentence in said if sentence]


def explore_html(sit: Situation, rows_group: folium.FeatureGroup, count: int, filters) -> str:
    """Explore's map as a file: the filtered rows (`rows.rows_layer`) over the control areas of
    the range's last day, with the filters used (an `explore.Filters`) in its note."""
    parts = build(sit, filters.last, ("control",), "auto", extra=[rows_group])
    used = [
        i18n.ngettext("{n} row dated {first} to {last}", "{n} rows dated {first} to {last}", count).format(
            n=i18n.number(count), first=filters.first.isoformat(), last=filters.last.isoformat()
        )
    ]
    for label, values in (
        (_("category"), filters.categories),
        (_("place or oblast"), filters.places),
        (_("side"), filters.sides),
    ):
        if values:
            used.append(f"{label}: {', '.join(values)}")
    if filters.text:
        used.append(_("text contains “{text}”").format(text=filters.text))
    if filters.shape:
        used.append(_("inside the shape drawn (outlined in purple)"))
    # the events' swatch names the rows here
    legend = legend_html(("control", "events")).replace(_("event: {kinds}").split("{")[0], _("row: "))
    note = export_note(sit, _("frontmap: filtered rows"), filters.last, legend, used)
    return standalone_html(parts.base, parts.dated, note)


@dataclass
class ExportNote:
    """What an exported map says of itself, as map controls: the file travels alone."""

    title: str
    as_of: dt.date  # the day the map shows
    front_line: dt.date | None  # the snapshot its control areas come from
    legend: str  # `legend.legend_html`
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
    esc = safetext.esc
    front = (
        _("Front line: DeepStateMap of {day}").format(day=note.front_line.isoformat())
        if note.front_line
        else _("No front line on or before this day")
    )
    as_of = _("As of {day}").format(day=i18n.day(note.as_of))
    by = _("Made {when} UTC by frontmap").format(when=f"{made:%Y-%m-%d %H:%M}")
    head = (
        f"<h1>{esc(note.title)}</h1><div class='fm-asof'>{esc(as_of)}</div>"
        f"<div class='fm-front'>{esc(front)}</div>"
        + "".join(f"<div>{esc(line)}</div>" for line in note.more)
        + f"<div class='fm-made'>{esc(by)}</div>"
    )
    boxes = [
        ("topright", "fm-export-title", head),
        ("bottomleft", "fm-export-legend", note.legend),
        ("bottomright", "fm-export-sources", esc(_("Sources: {sources}").format(sources=note.sources))),
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
    return html.replace("<head>", f"<head><title>{safetext.esc(note.title)}</title>", 1)
