"""The limits that keep one upload, deck or export within a stated time and memory budget.

Each is checked before the expensive step (parsing, building geometry, drawing), and a refusal
names the limit. The README lists them with what they cost at the limit.
"""

from __future__ import annotations

import contextlib
import gc
import json
import re
import zlib

import numpy as np

from frontmap.i18n import Msg, msg

MB = 2**20
MAX_UPLOAD_BYTES = 60 * MB  # a file as sent: a full ACLED export of Ukraine for 2022 is well under this
MAX_UNPACKED_BYTES = 400 * MB  # a gzipped file unpacked: 1,000,000 ACLED rows are about 310 MB
MAX_ROWS = 1_000_000  # rows of one CSV or Parquet file: about 1.2 GB of server memory at the limit
MAX_FEATURES = 100_000  # features of one GeoJSON file: each is parsed as a Python object
MAX_SESSION_ROWS = 1_000_000  # rows of all the files one browser session holds
MAX_SESSION_POSITIONS = 200_000  # vertices of its lines and polygons: sent as GeoJSON on every step
MAX_COLUMNS = 200  # columns of a CSV, distinct property names of a GeoJSON
MAX_CELLS = 32_000_000  # rows x columns of one file: 1,000,000 ACLED rows of 31 columns
MAX_POSITIONS = 100_000  # coordinate positions (points and vertices) of one GeoJSON file
MAX_CELL_CHARS = 10_000  # a text cell: it travels to the page in tooltips and popups
MAX_DEPTH = 32  # JSON nesting; a GeoJSON MultiPolygon needs 8
MAX_SLIDES = 20  # slides of a deck: its PDF pack takes about 0.6 s a page
# A slide's drawings (maps/annotations.py): each is drawn on every step of the projector's map and
# printed on its page; 30 of 200 vertices are about 150 KB of TOML, within a deck's 1 MB.
MAX_ANNOTATIONS = 30  # annotations a slide
MAX_ANNOTATION_VERTICES = 200  # [lon, lat] pairs an annotation
MAX_ANNOTATION_TEXT = 120  # characters of a label's or marker's text: one line on the map
MAX_RADIUS_KM = 500.0  # a circle's radius
MAX_ANIMATION_DAYS = 62  # frames of an animated GIF of the front: about 0.3 s a frame
MAX_PROBLEMS = 10_000  # problems listed for one file's rows (the rest are counted)
MAX_EVENT_DOTS = 2_000  # a data folder's events drawn one by one with popups; more go through the point cloud
MAX_POPUPS = 200  # selected rows whose popups go on the map: each is about 2.7 KB of HTML
MAX_EXPORT_CELLS = 1_000_000  # rows x columns of one download: GeoJSON, the costliest, in about 2 s
# Explore's lasso (data/lasso.py), kept in the link: Kherson oblast's outline, simplified, is 259 corners
MAX_SHAPE_POLYGONS = 10
MAX_SHAPE_VERTICES = 300  # corners a polygon, after simplifying
MAX_SHAPE_CHARS = 4_000  # the link's `shape=` (Kherson oblast's outline: about 1,700)
MAX_DRAWN_VERTICES = 5_000  # corners a polygon as the browser sends it, before simplifying

# A JSON string, so that brackets inside strings are not counted as nesting.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# Longer integers become floats: int() refuses past 4,300 digits, and no coordinate needs them.
_INT_DIGITS = 18


def size(n_bytes: int) -> Msg:
    return msg("{size} MB", size=n_bytes / MB)


def over_upload_size(name: str, n_bytes: int) -> Msg | None:
    if n_bytes <= MAX_UPLOAD_BYTES:
        return None
    return msg(
        "{file}: {size} is over the {limit} MB limit for a file; filter the export by date or region first",
        file=name, size=size(n_bytes), limit=MAX_UPLOAD_BYTES // MB,
    )


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector off while a bulk step makes objects that hold no cycles (a million
    points): its full passes would otherwise triple the step's time. Back on at once after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def gunzip(name: str, data: bytes) -> tuple[bytes, Msg | None]:
    """A gzipped file unpacked, reading no further than `MAX_UNPACKED_BYTES` (a small file may
    unpack to gigabytes): (data, None) or (b"", what is wrong)."""
    unpack = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = unpack.decompress(data, MAX_UNPACKED_BYTES + 1)
    except zlib.error as err:
        return b"", msg("{file}: not a readable gzip file ({error})", file=name, error=err)
    if len(out) > MAX_UNPACKED_BYTES or unpack.unconsumed_tail:
        return b"", msg("{file}: unpacks to more than {limit} MB, the limit for an unpacked file", file=name, limit=MAX_UNPACKED_BYTES // MB)
    return out, None


def json_shape(text: str) -> tuple[int, int]:
    """(deepest nesting, number of arrays) of a JSON text, without parsing it: in linear time and
    without recursion. The arrays bound the coordinate positions of a GeoJSON from above."""
    brackets = _STRING.sub("", text).encode("utf-8", "replace").translate(None, _NOT_BRACKETS)
    if not brackets:
        return 0, 0
    codes = np.frombuffer(brackets, dtype=np.uint8)
    opens = (codes == ord("[")) | (codes == ord("{"))
    depth = int(np.cumsum(np.where(opens, 1, -1), dtype=np.int64).max())
    return depth, int((codes == ord("[")).sum())


def _number(text: str) -> int | float:
    return int(text) if len(text) <= _INT_DIGITS else float(text)


def read_json(text: str, max_positions: int | None = MAX_POSITIONS) -> tuple[object, tuple[int, Msg] | None]:
    """Parse JSON within the limits: (document, None) or (None, (its line, what is wrong))."""
    depth, arrays = json_shape(text)
    if depth > MAX_DEPTH:
        return None, (1, msg("nested deeper than {limit} levels ({depth}); not read", limit=MAX_DEPTH, depth=depth))
    if max_positions is not None and arrays > max_positions:
        return None, (1, msg(
            "about {found} coordinate positions; the limit is {limit} coordinate positions a file (simplify the geometry first)",
            found=arrays, limit=max_positions,
        ))
    try:
        return json.loads(text, parse_int=_number), None
    except json.JSONDecodeError as err:
        return None, (err.lineno, msg("malformed JSON: {error} (column {column})", error=err.msg, column=str(err.colno)))
    except (ValueError, RecursionError) as err:  # belt and braces: the checks above should catch these
        return None, (1, msg("unreadable JSON: {error}", error=err))
