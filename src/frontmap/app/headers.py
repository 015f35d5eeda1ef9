"""Tables' column headers in the page's language. A column keeps its data name (the one its CSV and
its source use); the header says it. A column the app does not know (an upload's own) keeps its name."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from frontmap import i18n
from frontmap.i18n import N_, _

HEADERS = {
    "row_id": N_("row id"),
    "dataset": N_("dataset"),
    "date": N_("date"),
    "date_precision": N_("date is"),
    "title": N_("title"),
    "category": N_("category"),
    "side": N_("side"),
    "place": N_("place"),
    "place_id": N_("place id"),
    "oblast": N_("oblast"),
    "source": N_("source"),
    "source_title": N_("title"),
    "outlet": N_("outlet"),
    "notes": N_("notes"),
    "note": N_("note"),
    "latitude": N_("latitude"),
    "longitude": N_("longitude"),
    "label": N_("label"),
    "value": N_("value"),
    "unit": N_("unit"),
    "as_of": N_("as of"),
    "as_of_precision": N_("date is"),
    "area": N_("area"),
    "url": N_("document"),
    "url_note": N_("no address because"),
    "quote": N_("quote"),
    "data": N_("data"),
    "licence": N_("licence"),
    "covers": N_("covers"),
    "cited for": N_("cited for"),
    "valid_from": N_("from"),
    "from": N_("from"),
    "route_id": N_("route"),
    "route": N_("route"),
    "status": N_("status"),
    "evidence": N_("evidence"),
    "to_ukraine_km2": N_("to Ukraine (km²)"),
    "to_russia_km2": N_("to Russia (km²)"),
}


CODED = ("category", "side", "dataset")  # columns whose values are the app's words (styles.DATA_WORDS)


def said_values(table: pd.DataFrame) -> pd.DataFrame:
    """A table as shown: the app's own words in its coded columns said in the page's language (a
    value the catalogue does not know, an upload's own, as it is; the downloads keep the data's)."""
    if i18n.is_english():
        return table
    coded = [c for c in CODED if c in table]
    return table.assign(**{c: table[c].map(lambda v: _(v) if isinstance(v, str) else v) for c in coded})


def config(columns: Iterable[str], **own: dict) -> dict:
    """`column_config` for a table of `columns`: each known one headed in the session's language,
    with the settings given in `own` (a `st.column_config.*` column, by its name; `**{"cited for": …}`
    for a name that is no identifier) kept."""
    out = {}
    for name in columns:
        column = dict(own.get(name) or {})
        if not column.get("label") and name in HEADERS:
            column["label"] = _(HEADERS[name])
        if column:
            out[name] = column
    return out
