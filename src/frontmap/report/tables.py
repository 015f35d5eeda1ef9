"""Tables as a reader scans them: what matters first, coloured as the map draws it, nothing cut off."""

from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from frontmap import cache, safetext, styles
from frontmap.data import provenance
from frontmap.i18n import N_, _

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
    colour = styles.ROUTE_STYLE[status]["color"]
    return f"background-color: {colour}; color: {ink_on(colour)}; font-weight: 600"


def _chips(table: pd.DataFrame, statuses: pd.Series) -> Styler:
    colours = [status_chip(s) for s in statuses]
    return table.style.apply(lambda _: colours, subset=["status"])


ROUTE_TABLE_CSS = (
    "<style>.fm-routes{width:100%;border-collapse:collapse;line-height:1.45}"
    ".fm-routes th,.fm-routes td{text-align:left;vertical-align:top;padding:6px 10px;"
    "border-bottom:1px solid rgba(128,128,128,.35)}"
    ".fm-routes th{font-weight:600}.fm-routes td:nth-child(2){white-space:nowrap}"
    # the outline keeps a black chip ("destroyed") visible on the dark theme's black
    ".fm-chip{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap;"
    "box-shadow:0 0 0 1px rgba(128,128,128,.7)}"
    # a phone: each route a block (status and since, then the route, then its source), not 4 columns
    "@media (max-width:640px){.fm-routes thead{display:none}.fm-routes tr{display:block;padding:8px 0;"
    "border-bottom:1px solid rgba(128,128,128,.35)}.fm-routes td{display:block;border:0;padding:2px 0}"
    ".fm-routes td:first-child,.fm-routes td:nth-child(2){display:inline-block;margin-right:10px}"
    ".fm-routes td:nth-child(3){font-weight:600}}</style>"
)


@cache.once  # one table per day's routes (`timeline.routes_on`), whoever asks
def route_table_html(routes: pd.DataFrame) -> str:
    """The same routes as one plain HTML table (a chip per status, its source linked): what a date
    step sends and the browser draws again is one element, not a grid and the styles of its cells."""
    rows = []
    for r in routes.itertuples(index=False):
        label = safetext.esc(_(styles.ROUTE_STYLE[r.status]["label"]))
        chip = f"<span class='fm-chip' style='{status_chip(r.status)}'>{label}</span>"
        since = r.status_since.date().isoformat() if pd.notna(r.status_since) else "—"
        source = provenance.source_html(r.status_source, r.status_title, r.status_url, r.status_url_note)
        rows.append(f"<tr><td>{chip}</td><td>{since}</td><td>{safetext.esc(r.name)}</td><td>{source}</td></tr>")
    head = "".join(f"<th>{safetext.esc(_(h))}</th>" for h in (N_("status"), N_("since"), N_("route"), N_("source")))
    head = f"<tr>{head}</tr>"
    return f"{ROUTE_TABLE_CSS}<table class='fm-routes'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def history_table(history: pd.DataFrame) -> Styler:
    """Every dated change of a route's status (`timeline.route_history`): when, the status as a chip,
    the route, who said so and the document, then the quote (the widest, last)."""
    table = pd.DataFrame(
        {
            "from": history["valid_from"].dt.strftime("%Y-%m-%d"),
            "status": history["status"].map(lambda s: _(styles.ROUTE_STYLE[s]["label"])),
            "route": history["name"],
            "source": history["source"],
            "url": history["url"].map(provenance.web_url),
            "evidence": history["evidence"],
        }
    ).reset_index(drop=True)
    return _chips(table, history["status"])
