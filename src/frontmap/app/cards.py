"""Figures and events as cards: each number with where it came from and as of when.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from frontmap import i18n, safetext
from frontmap.app import source
from frontmap.data import provenance, timeline
from frontmap.i18n import _
from frontmap.maps import layers
from frontmap.report.numbers import card_label, format_value

log = logging.getLogger(__name__)


def figure_card(row: pd.Series | None, label: str | None = None, missing: str | None = None) -> None:
    """A number with its label, and beneath it where it came from and as of when (the source's own
    words, its label and note, in their language: marked so on a page in another)."""
    if row is None:
        st.metric(label or "", "—")
        st.caption(missing or _("No figure yet"))
        return
    label, unit = card_label(label or row["label"] + i18n.source_language_note(), row["unit"])
    # a metric's label and value are both markdown: the label and the unit, from figures.csv, are text
    st.metric(safetext.md(label), format_value(row["value"], safetext.md(unit)))
    said = [
        timeline.as_of_text(row),
        provenance.source_markdown(row["source"], row.get("source_title"), row.get("url"), row.get("url_note")),
    ]
    if isinstance(row.get("note"), str) and row["note"]:
        said.append(safetext.md(row["note"] + i18n.source_language_note()))
    st.caption(" · ".join(said))


def figure_row(figures: pd.DataFrame, day: dt.date, cards: list[tuple[str, str]]) -> None:
    """Figure cards side by side: each metric's latest figure on or before the day, under a label."""
    for column, (metric, label) in zip(st.columns(len(cards)), cards):
        with column:
            figure_card(
                timeline.latest(figures, day, metric),
                _(label),
                missing=_("Nothing dated on or before {day}").format(day=day.isoformat()),
            )


def event_list(events: pd.DataFrame, empty: str, newest_first: bool = False) -> None:
    """Events as folded cards: the date and title, then the quote and who reported it."""
    if events.empty:
        st.write(empty)
    else:
        if not i18n.is_english():
            st.caption(_("The events' titles and quotes are in the language of their sources (English)."))
        st.html(layers.event_list_html(events, newest_first))


def credits() -> None:
    """Who the page owes: the datasets, and every outlet a row of the data cites."""
    st.caption(
        safetext.md(provenance.credits(source.situation()))
        + ". "
        + _("Every source, with its address, is on the Sources page.")
    )

