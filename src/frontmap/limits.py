"""The limits that keep one upload, deck or export within a stated time and memory budget.

Each is checked before the expensive step (parsing, building geometry, drawing), and a refusal
names the limit. The README lists them with what they cost at the limit.
"""

from __future__ import annotations

import json
import re

import numpy as np

MB = 2**20
MAX_UPLOAD_BYTES = 60 * MB  # a full ACLED export of Ukraine for 2022 is well under this
MAX_ROWS = 100_000  # rows of one file (CSV lines or GeoJSON features)
MAX_SESSION_ROWS = 100_000  # rows of all the files one browser session holds
MAX_SESSION_POSITIONS = 200_000  # points and vertices of them: the maps draw them on every step
MAX_COLUMNS = 200  # columns of a CSV, distinct property names of a GeoJSON
MAX_CELLS = 4_000_000  # rows x columns of one file: 100,000 ACLED rows load in about 1 s and 130 MB
MAX_POSITIONS = 100_000  # coordinate positions (points and vertices) of one GeoJSON file
MAX_CELL_CHARS = 10_000  # a text cell: it travels to the page in tooltips and popups
MAX_DEPTH = 32  # JSON nesting; a GeoJSON MultiPolygon needs 8
MAX_SLIDES = 20  # slides of a deck: its PDF pack takes about 0.6 s a page
MAX_ANIMATION_DAYS = 62  # frames of an animated GIF of the front: about 0.3 s a frame
MAX_EXPORT_CELLS = 1_000_000  # rows x columns of one download: GeoJSON, the costliest, in about 2 s

# A JSON string, so that brackets inside strings are not counted as nesting.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
# Longer integers become floats: int() refuses past 4,300 digits, and no coordinate needs them.
_INT_DIGITS = 18


def size(n_bytes: int) -> str:
    return f"{n_bytes / MB:,.2f} MB"


def over_upload_size(name: str, n_bytes: int) -> str | None:
    if n_bytes <= MAX_UPLOAD_BYTES:
        return None
    return (
        f"{name}: {size(n_bytes)} is over the {MAX_UPLOAD_BYTES // MB} MB limit for a file; "
        "filter the export by date or region first"
    )


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


def read_json(text: str, max_positions: int | None = MAX_POSITIONS) -> tuple[object, str | None]:
    """Parse JSON within the limits: (document, None) or (None, what is wrong, with its line)."""
    depth, arrays = json_shape(text)
    if depth > MAX_DEPTH:
        return None, f"1: nested deeper than {MAX_DEPTH} levels ({depth:,}); not read"
    if max_positions is not None and arrays > max_positions:
        return None, (
            f"1: about {arrays:,} coordinate positions; the limit is {max_positions:,} coordinate "
            "positions a file (simplify the geometry first)"
        )
    try:
        return json.loads(text, parse_int=_number), None
    except json.JSONDecodeError as err:
        return None, f"{err.lineno}: malformed JSON: {err.msg} (column {err.colno})"
    except (ValueError, RecursionError) as err:  # belt and braces: the checks above should catch these
        return None, f"1: unreadable JSON: {err}"
