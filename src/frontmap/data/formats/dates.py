"""The date formats an upload's date column is read in, each with what to say when it was used.

ISO and older ACLED exports first, then spreadsheets' day-first dates (Ukraine and Russia write
`09.11.2022`). `09/11/2022` is read day first, unless the column holds a date only month first
fits (`11/25/2022`): then the whole column is read month first, never a mix of the two.
"""

from __future__ import annotations

import pandas as pd

from frontmap.i18n import N_

FORMATS = {
    "%Y-%m-%d": None,
    "%d %B %Y": None,
    "%d/%m/%Y": N_("DD/MM/YYYY (day first)"),
    "%Y-%m-%dT%H:%M:%S": None,
    "%Y-%m-%dT%H:%M:%SZ": None,
    "%d.%m.%Y": N_("DD.MM.YYYY (day first)"),
    "%d.%m.%Y %H:%M": N_("DD.MM.YYYY HH:MM (day first)"),
    "%d.%m.%Y %H:%M:%S": N_("DD.MM.YYYY HH:MM:SS (day first)"),
    "%Y.%m.%d": N_("YYYY.MM.DD"),
}
MONTH_FIRST = {"%m/%d/%Y": N_("MM/DD/YYYY (month first: some dates fit no other reading)")}


def formats_for(raw: pd.Series) -> dict[str, str | None]:
    """FORMATS, with the slashed dates read month first when only that reading fits them all."""
    parts = raw.str.extract(r"^(\d{1,2})/(\d{1,2})/\d{4}$").dropna().astype(int)
    if parts.empty or (parts[0] > 12).any() or not (parts[1] > 12).any():
        return FORMATS
    return {(fmt if fmt != "%d/%m/%Y" else "%m/%d/%Y"): (said if fmt != "%d/%m/%Y" else MONTH_FIRST["%m/%d/%Y"]) for fmt, said in FORMATS.items()}


def dated_column(frame: pd.DataFrame) -> str | None:
    """A column whose filled cells are mostly dates in one of the known formats (KML's ExtendedData
    names its fields freely: "Дата", "when", "Date of strike")."""
    for column in frame.columns:
        cells = frame[column].astype(str).str.strip()
        cells = cells[cells != ""].head(200)
        if cells.empty:
            continue
        for fmt in FORMATS:
            if pd.to_datetime(cells, format=fmt, errors="coerce").notna().mean() >= 0.8:
                return column
    return None
