"""What changed between two days, on the page: the compare-with chooser (in the URL), the km² line,
the digest of what changed, and the Russian-held area over time.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from frontmap import safetext, styles
from frontmap.app import source, state, urlstate
from frontmap.data import measure, provenance, timeline
from frontmap.data.dataset import Situation
from frontmap.report import charts, digest

log = logging.getLogger(__name__)


def _compared(sit: Situation, day: dt.date, since: dt.date | None) -> tuple[dt.date, measure.Change | None]:
    """The earlier day (7 days before when none is chosen) and what changed hands from its front
    line to the day's (None where either has none); measured once per pair, for every viewer."""
    earlier = since or day - dt.timedelta(days=7)
    before = timeline.control_on(sit.control_areas, earlier).snapshot
    now = timeline.control_on(sit.control_areas, day).snapshot
    return earlier, source._change(source.data_dir(), before, now) if before and now else None


def change_line(sit: Situation, day: dt.date, since: dt.date | None = None) -> str:
    """What changed hands between the earlier day and the day, as a line of markdown."""
    earlier, change = _compared(sit, day, since)
    span = f"From {earlier:%d %b} to {day:%d %b}" if since else f"In the 7 days to {day:%d %b}"
    if change is None:
        first = sit.control_areas["valid_from"].min()
        at = f" (the first is of {first.date().isoformat()})" if pd.notna(first) else ""
        return f"**{span}:** no front line to compare{at}."
    return f"**{span}:** {safetext.md(measure.describe(change))}."


def what_changed(sit: Situation, day: dt.date, since: dt.date | None = None) -> None:
    """The digest of what changed since the earlier day: a sentence per data row, each with its source."""
    earlier, change = _compared(sit, day, since)
    sections = digest.digest(sit, earlier, day, change)
    st.subheader(f"What changed from {earlier:%d %b} to {day:%d %b}")
    if not sections:
        st.write("Nothing in the data changed in between.")
    for name, lines in sections.items():
        items = "\n".join(
            f"- {safetext.md(line.text)} · {provenance.source_markdown(line.source, line.source_title, line.url, line.url_note)}"
            for line in lines
        )
        st.markdown(f"**{safetext.md(name)}**\n\n{items}")


@st.cache_data(show_spinner="Measuring the area held on each day…", max_entries=32)
def _held_areas(data_dir: str, oblast: str | None) -> pd.DataFrame:
    sit = source._load(data_dir)
    region = sit.oblasts.set_index("name").geometry.get(oblast) if oblast else None
    return measure.held_area_by_day(sit.control_areas, region)


def held_area_over_time(sit: Situation, day: dt.date) -> None:
    """Russian-held area per day, for Ukraine or an oblast, with the method beneath."""
    oblast = st.selectbox("Area held in", [None, *sorted(sit.oblasts["name"])], format_func=lambda o: o or "all of Ukraine", key="held_in")
    chart = charts.held_area_chart(_held_areas(source.data_dir(), oblast), day, timeline.KEY_DAYS, styles.CONTROL_STYLE)
    st.altair_chart(chart, width="stretch")
    st.caption(
        "Method: each Russian-held polygon of DeepStateMap's daily lines, measured in an equal-area "
        "projection (EPSG:3035, edges densified), counted on every day it is valid; grey zone left out."
    )


def _since(text: str, span: timeline.Span):
    day, note = timeline.parse_day(text, timeline.SOURCE_DAY, span)
    return (None, None) if note else (day, None)  # an unusable day compares with nothing, silently


COMPARE = urlstate.Schema(
    "compare",
    (urlstate.Key("since", _since, lambda span: None, lambda day: day.isoformat()),),
    to_widgets=lambda v: {"since": v["since"]},
    from_widgets=lambda s: {"since": s["since"]},
)


def compared(v: state.ViewState) -> dt.date | None:
    """The earlier day to compare the map with (the link's, or the chooser's), before the chooser
    is drawn (`compare_with`, under the map); none where the day shown moved before it."""
    COMPARE.sync_in(st.session_state, st.query_params, source.span())
    chosen = st.session_state["since"]
    if chosen is not None and chosen >= v.as_of:  # the day moved before it: nothing to compare
        st.session_state["since"] = chosen = None
    return chosen


def compare_with(v: state.ViewState) -> dt.date | None:
    """The chooser of an earlier day to compare the map with, kept in the URL (`?since=2022-11-05`):
    the day before, 7 or 30 days before, or a key date (after `compared`)."""
    span = source.span()
    labels: dict[dt.date | None, str] = {None: "nothing"}
    for days, what in ((1, "the day before"), (7, "7 days before"), (30, "30 days before")):
        labels[v.as_of - dt.timedelta(days=days)] = what
    labels.update({d: name for name, d in timeline.KEY_DAYS.items() if d < v.as_of})
    chosen = st.session_state["since"]
    if chosen is not None and chosen not in labels:
        labels[chosen] = "the linked day"
    st.selectbox(
        "Compare with",
        options=sorted(labels, key=lambda d: (d is not None, d or dt.date.min)),
        format_func=lambda d: "Compare with " + labels[d] + (f" · {d:%d %b %Y}" if d else ""),
        key="since",
        label_visibility="collapsed",
        placeholder="Compare with nothing",  # (Streamlit shows its placeholder for the None option)
        help="Hatches the land that changed hands since that day and draws its front line as a dashed ghost. "
        "With nothing, the last 7 days are summed up under the map.",
    )
    return COMPARE.sync_out(st.session_state, st.query_params, span)["since"]

