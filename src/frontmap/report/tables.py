"""Tables as a reader scans them: what matters first, coloured as the map draws it, nothing cut off."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from frontmap.data import provenance
from frontmap.maps import layers

ROW = 35  # px: the grid's row of one line
# Streamlit's grid wraps a text cell only when a row is taller than 4rem (64 px): three lines.
WRAPPED_ROW = 66  # px
LINE = 19  # px: a wrapped line of the grid's text
CHAR = 7  # px: an average character of the grid's font, a little generous
HEADER = 36  # px: the grid's header row and borders


def height_for(rows: int, row_height: int = WRAPPED_ROW) -> int:
    """A grid's height that shows every row, with no scrolling inside it."""
    return HEADER + rows * row_height + 2


def wrapped_row(texts: pd.Series, width: int) -> int:
    """A row height that shows the longest of the texts whole in a column of that many pixels
    (at least the three lines from which the grid wraps)."""
    longest = int(texts.astype(str).str.len().max()) if len(texts) else 0
    lines = -(-longest * CHAR // (width - 16))  # 16 px: the cell's padding
    return max(WRAPPED_ROW, lines * LINE + 10)


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on the colour."""
    return max(("#000000", "#FFFFFF"), key=lambda ink: contrast(ink, colour))


def status_chip(status: str) -> str:
    """CSS for a route status's cell: the map line's colour, with ink that reads on it."""
    colour = layers.ROUTE_STYLE[status]["color"]
    return f"background-color: {colour}; color: {ink_on(colour)}; font-weight: 600"


def _chips(table: pd.DataFrame, statuses: pd.Series) -> Styler:
    colours = [status_chip(s) for s in statuses]
    return table.style.apply(lambda _: colours, subset=["status"])


def route_table(routes: pd.DataFrame) -> Styler:
    """Routes as of a day (`timeline.routes_on`): status first, as a chip coloured like the map's line,
    then since when, the route, and who said so with a link to the document."""
    table = pd.DataFrame(
        {
            "status": routes["status"].map(lambda s: layers.ROUTE_STYLE[s]["label"]),
            "since": routes["status_since"].map(lambda d: d.date().isoformat() if pd.notna(d) else "—"),
            "route": routes["name"],
            "source": routes["status_source"],
            "url": routes["status_url"].map(provenance.web_url),
        }
    ).reset_index(drop=True)
    return _chips(table, routes["status"])


def history_table(history: pd.DataFrame) -> Styler:
    """Every dated change of a route's status (`timeline.route_history`): when, the status as a chip,
    the route, who said so and the document, then the quote (the widest, last)."""
    table = pd.DataFrame(
        {
            "from": history["valid_from"].dt.strftime("%Y-%m-%d"),
            "status": history["status"].map(lambda s: layers.ROUTE_STYLE[s]["label"]),
            "route": history["name"],
            "source": history["source"],
            "url": history["url"].map(provenance.web_url),
            "evidence": history["evidence"],
        }
    ).reset_index(drop=True)
    return _chips(table, history["status"])
