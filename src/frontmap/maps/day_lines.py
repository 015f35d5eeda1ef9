"""Every front line's published file, so that the browser can draw any day at once: a step or a
scrub on the time bar swaps the map's front line in the browser (`fm.days` in
static/frontmap-leaflet.js) before, or without, a server run.

The files are the same as the map's own (`layers.control_collection`, content-addressed), made once
per set of front lines: in a background thread after the first map that asks, and remembered on
disk (`days-<fingerprint>.json` beside them), so that a restarted server or a second one behind the
same folder knows them at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import threading

import geopandas as gpd
import pandas as pd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from frontmap import cache, i18n
from frontmap.data import timeline
from frontmap.maps import layers
from frontmap.maps.geojson_layer import PUBLISHED_DIR, publish, remember

log = logging.getLogger(__name__)

_indexes = cache.IdentityCache(size=4)


class DayLines:
    """The snapshot each day of the span shows (`runs`: the first day of each run of days with the
    same line), and the address of each line's file once it is published."""

    def __init__(self, areas: gpd.GeoDataFrame, span: timeline.Span) -> None:
        self.first = span.first
        self.runs = _runs(areas, span)
        self.urls: dict[str, str] = {}
        self._areas = areas
        self._lock = threading.Lock()
        self._started = False
        self._index: tuple[int, str] | None = None
        # (the lines' words, their tooltips, are in a language: a set of them for each)
        self._language = i18n.current()
        self._file = PUBLISHED_DIR / f"days-{self._language}-{_fingerprint(areas)}.json"
        try:
            self.urls = json.loads(self._file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.urls = {}

    def index_url(self) -> str:
        """The address of the index the browser reads (`fm.days`): the days' runs and the lines
        published so far; published again only when more are."""
        with self._lock:
            urls = dict(self.urls)
        if self._index is None or self._index[0] != len(urls):
            text = json.dumps({"first": self.first.isoformat(), "runs": self.runs, "urls": urls}, sort_keys=True)
            self._index = (len(urls), publish(text, suffix=".json"))
        return self._index[1]

    def note(self, label: str, url: str) -> None:
        """A line the map published itself (the day's, the days around it)."""
        with self._lock:
            self.urls.setdefault(label, url)

    def publish_all(self) -> None:
        """Publish the lines not known yet, once, in a thread of their own (a few seconds of work)."""
        with self._lock:
            missing = {label for _, label in self.runs if label} - set(self.urls)
            if self._started or not missing:
                return
            self._started = True
        threading.Thread(target=self._publish, args=(sorted(missing),), daemon=True, name="day-lines").start()

    def _publish(self, labels: list[str]) -> None:
        i18n.set_language(self._language)  # (a thread of its own starts in the default)
        try:
            for label in labels:
                day = dt.date.fromisoformat(label)
                snap = timeline.control_on(self._areas, day)
                url = publish(layers.control_collection(snap.areas, label))
                with self._lock:
                    self.urls[label] = url
            with self._lock:
                text = json.dumps(self.urls, sort_keys=True)
            remember(text, self._file)
        except Exception:  # a line not published is drawn by the server's run instead
            log.exception("publishing the front lines of every day")


def day_lines(areas: gpd.GeoDataFrame, span: timeline.Span) -> DayLines:
    return _indexes.get(areas, (span.first, span.last), lambda: DayLines(areas, span))


def _runs(areas: gpd.GeoDataFrame, span: timeline.Span) -> list[tuple[int, str | None]]:
    """[(first day's index, snapshot label or None)] for each run of days showing the same line."""
    runs: list[tuple[int, str | None]] = []
    if areas.empty:
        return [(0, None)]
    spans = areas[["snapshot", "valid_from", "valid_to"]].drop_duplicates("snapshot").sort_values("valid_from")
    day, i = span.first, 0
    for row in spans.itertuples(index=False):
        start = max(row.valid_from.date(), span.first)
        end = span.last if pd.isna(row.valid_to) else min(row.valid_to.date(), span.last)
        if end < start:
            continue
        if start > day:
            runs.append(((day - span.first).days, None))
        runs.append(((start - span.first).days, row.snapshot.date().isoformat()))
        day = end + dt.timedelta(days=1)
        i += 1
    if day <= span.last:
        runs.append(((day - span.first).days, None))
    return runs


def _fingerprint(areas: gpd.GeoDataFrame) -> str:
    """The front lines' identity: their dates and shapes (the same data, the same files)."""
    digest = hashlib.sha256()
    digest.update(pd.util.hash_pandas_object(areas.drop(columns=areas.geometry.name), index=False).values.tobytes())
    for wkb in shapely.to_wkb(areas.geometry.values):
        digest.update(wkb)
    return digest.hexdigest()[:20]


class DayIndex(MacroElement):
    """Tells the map where the index of every day's front line is (`fm.days.set`), with the options
    of the layers it swaps: the control areas' and the events' slot."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        if (fm.days) fm.days.set({{ this.url|tojson }}, {{ this.options|tojson }}, {{ this.events|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, url: str, options: dict, events_slot: str) -> None:
        super().__init__()
        self._name = "DayIndex"
        self.url, self.options, self.events = url, options, events_slot

    def embed(self) -> None:
        self.url = None  # a file opened offline has no app to fetch the days from
