"""Many points (100,000 and more) drawn by the browser from a compact copy, aggregated by zoom.

A folium marker per row costs about 2.7 KB of HTML and a DOM node each: 100,000 rows took a minute
to build and 10-22 s to redraw. Here the browser gets the points once, as a binary file (float32
longitude and latitude, a byte for the colour, two for the day: 11 bytes a row), and a filter change or a date step
sends only which rows match, as a deflated bitset (for rows in date order, a few hundred bytes).
`static/frontmap-leaflet.js` (`fm.cloud`) bins the matching points in the view into cells of a few
dozen pixels at each zoom and draws one circle per cell with its count: every row is counted on the
map, and a lone row is its own dot. A click on a dot or a cell selects its rows: the map sends the
selection back as the clicked object's key (`selection`), and the page filters the table with it.
Popups are built on demand by the page, for the selected rows only.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from frontmap import i18n
from frontmap.i18n import _

MAGIC = b"FMPC2\x00\x00\x00"  # format and version; the count follows as a little-endian uint32
UNDATED = 0xFFFF  # a row's day number where it has no date (days since 1970-01-01 otherwise)
MAX_SELECTION_CHARS = 2_000_000  # a click's key: a bitset of 1,000,000 rows is 167 KB of base64
_LIST = re.compile(r"^\d{1,7}(,\d{1,7})*$")
GREY = "#7F7F7F"


@dataclass(frozen=True)
class Cloud:
    """The binary copy of some points and what the browser needs to draw it. `dates_lost`: which
    points have a date their day number cannot hold (before 1970, after 2149): the browser takes
    them for undated, so only the server can judge them by date."""

    data: bytes
    count: int
    palette: tuple[str, ...]
    dates_lost: np.ndarray = field(compare=False)


def encode(
    xs: np.ndarray, ys: np.ndarray, kinds: np.ndarray, colour_of: dict[str, str], days: np.ndarray | None = None
) -> Cloud:
    """Points (longitude, latitude), each of a kind drawn in `colour_of[kind]` (grey if none) and of
    a day (`days`, datetime64; none for undated), as `MAGIC`, count, lon[], lat[], colour code[],
    day number[] (uint16: the browser hides the rows after a day it draws before the server's run).
    Vectorised: a million points in well under a second."""
    codes, names = pd.factorize(pd.Series(kinds, dtype=object).fillna(""), sort=False)
    colours = [colour_of.get(name, GREY) for name in names]
    palette = tuple(dict.fromkeys(colours))[:255] or (GREY,)
    lookup = np.array([palette.index(c) if c in palette else 0 for c in colours] or [0], dtype=np.uint8)
    count = len(xs)
    numbers = day_numbers(days, count)
    data = b"".join(
        (
            MAGIC,
            np.uint32(count).tobytes(),
            np.asarray(xs, dtype="<f4").tobytes(),
            np.asarray(ys, dtype="<f4").tobytes(),
            lookup[codes].tobytes(),
            numbers.tobytes(),
        )
    )
    dated = np.zeros(count, dtype=bool) if days is None else ~np.isnat(np.asarray(days, dtype="datetime64[D]"))
    return Cloud(data, count, palette, dated & (numbers == UNDATED))


def day_numbers(days: np.ndarray | None, count: int) -> np.ndarray:
    """Days since 1970-01-01 as little-endian uint16, UNDATED for a row without a date."""
    if days is None:
        return np.full(count, UNDATED, dtype="<u2")
    numbers = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
    undated = np.isnat(np.asarray(days, dtype="datetime64[D]")) | (numbers < 0) | (numbers >= UNDATED)
    return np.where(undated, UNDATED, numbers).astype("<u2")


def mask_text(keep: np.ndarray) -> str | None:
    """Which rows match, for the browser: None for all of them, else a deflated bitset in base64
    (bit i of byte i // 8, lowest bit first)."""
    keep = np.asarray(keep, dtype=bool)
    if keep.all():
        return None
    bits = np.packbits(keep, bitorder="little").tobytes()
    return base64.b64encode(zlib.compress(bits, 6)).decode("ascii")


def selection(key: str | None, count: int) -> np.ndarray | None:
    """The rows a click on the map selected (a boolean array over the cloud's rows), from the key
    the browser sent: `rows:3,17,42` for a few, `bits:<base64>` for many. Anything else, or a key
    naming a row the cloud does not have, selects nothing (None): the key comes from the browser."""
    if not key or len(key) > MAX_SELECTION_CHARS:
        return None
    kind, _, body = key.strip().partition(":")
    out = np.zeros(count, dtype=bool)
    if kind == "rows" and _LIST.match(body):
        picked = np.array(body.split(","), dtype=np.int64)
        if picked.max() >= count:
            return None
        out[picked] = True
        return out
    if kind == "bits":
        try:
            bits = np.frombuffer(base64.b64decode(body, validate=True), dtype=np.uint8)
        except (binascii.Error, ValueError):
            return None
        if len(bits) != (count + 7) // 8:
            return None
        return np.unpackbits(bits, count=count, bitorder="little").astype(bool)
    return None


class CloudLayer(MacroElement):
    """The points of a `Cloud` served at `url`, those in `mask` drawn (`fm.cloud` in the browser).

    `slot` names the layer so that the browser keeps it (and its fetched points) across reruns:
    only the mask travels when the filters change."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        fm.cloud({{ this._parent.get_name() }}, {{ this.url|tojson }}, {{ this.mask|tojson }}, {{ this.options|tojson }});
        {% endmacro %}"""
    )

    def __init__(
        self,
        cloud: Cloud,
        url: str,
        mask: str | None,
        slot: str,
        label: str = "rows",
        since: dt.date | None = None,
        dates: tuple[dt.date, dt.date] | None = None,
    ):
        """`since`: the mask is just the rows dated from that day to the map's day (and the undated
        ones), which the browser can then work out itself for another day (`fm.days`). `dates`
        (first, last): the mask is of every filter but the dates, and the browser keeps the rows
        dated in them (and the undated), for this range and the next one it is given (`fm.range`)."""
        super().__init__()
        self._name = "CloudLayer"
        self.url, self.mask = url, mask
        self.options = {"slot": slot, "palette": list(cloud.palette), "count": cloud.count, "words": words(label)}
        epoch = dt.date(1970, 1, 1)
        if since is not None:
            self.options["since"] = (since - epoch).days
        if dates is not None:
            self.options["range"] = [(dates[0] - epoch).days, (dates[1] - epoch).days]


def words(label: str) -> dict:
    """The cloud's words in the session's language (`label`: "events" or "rows"), each count's forms
    by the browser's plural categories, `{n}` in them."""
    total = (
        i18n.plural_forms("{n} event on the map", "{n} events on the map")
        if label == "events"
        else i18n.plural_forms("{n} row on the map", "{n} rows on the map")
    )
    return {
        "locale": i18n.js_locale(),
        "total": total,
        "here": i18n.plural_forms("{n} row here: click to select", "{n} rows here: click to select"),
        "failed": _("The rows could not be loaded: reload the page."),
    }


def data_url(data: bytes) -> str:
    """The data as a `data:` address, for a file that must open offline with its points inside."""
    return "data:application/octet-stream;base64," + base64.b64encode(data).decode("ascii")
