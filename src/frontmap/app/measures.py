"""What changed between two days, on the page: the compare-with chooser (in the URL), the km² line,
the digest of what changed, and the Russian-held area over time.
"""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from frontmap import cache, i18n, safetext, styles
from frontmap.app import source, state, urlstate
from frontmap.data import gazetteer, measure, provenance, timeline
from frontmap.data.dataset import Situation
from frontmap.i18n import _
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
    """What changed hands between the earlier day and the day, as a line of markdown: made once
    per day, earlier day and language, for every viewer."""
    return _lines.get((sit.control_areas, sit.oblasts), (day, since), lambda: _change_line(sit, day, since))


_lines = cache.IdentityCache(size=256)


def _change_line(sit: Situation, day: dt.date, since: dt.date | None) -> str:
    earlier, change = _compared(sit, day, since)
    span = (
        _("From {first} to {last}").format(first=i18n.day_month(earlier), last=i18n.day_month(day))
        if since
        else _("In the 7 days to {day}").format(day=i18n.day_month(day))
    )
    if change is None:
        first = sit.control_areas["valid_from"].min()
        at = " " + _("(the first is of {day})").format(day=first.date().isoformat()) if pd.notna(first) else ""
        return f"**{span}:** " + _("no front line to compare") + f"{at}."
    return f"**{span}:** {safetext.md(measure.describe(change, names=measure.oblast_names(sit.oblasts)))}."


def what_changed(sit: Situation, day: dt.date, since: dt.date | None = None) -> None:
    """The digest of what changed since the earlier day: a sentence per data row, each with its source."""
    earlier, change = _compared(sit, day, since)
    sections = digest.digest(sit, earlier, day, change)
    st.subheader(_("What changed from {first} to {last}").format(first=i18n.day_month(earlier), last=i18n.day_month(day)))
    if not sections:
        st.write(_("Nothing in the data changed in between."))
    for name, lines in sections.items():
        items = "\n".join(
            f"- {safetext.md(line.text)} · {provenance.source_markdown(line.source, line.source_title, line.url, line.url_note)}"
            for line in lines
        )
        st.markdown(f"**{safetext.md(_(name))}**\n\n{items}")


@st.cache_data(show_spinner=False, max_entries=32)  # (its spinner, in the viewer's language, is the caller's)
def _held_areas(data_dir: str, oblast: str | None) -> pd.DataFrame:
    sit = source._load(data_dir)
    region = sit.oblasts.set_index("name").geometry.get(oblast) if oblast else None
    return measure.held_area_by_day(sit.control_areas, region)


def held_area_over_time(sit: Situation, day: dt.date) -> None:
    """Russian-held area per day, for Ukraine or an oblast, with the method beneath."""
    names = {None: _("all of Ukraine")} | dict(zip(sit.oblasts["name"], gazetteer.place_names(sit.oblasts)))
    oblast = st.selectbox(_("Area held in"), [None, *sorted(sit.oblasts["name"])], format_func=names.get, key="held_in")
    with st.spinner(_("Measuring the area held on each day…")):
        areas = _held_areas(source.data_dir(), oblast)
    chart = charts.held_area_chart(areas, day, timeline.KEY_DAYS, styles.CONTROL_STYLE)
    st.altair_chart(chart, width="stretch")
    st.caption(
        _(
            "Method: each Russian-held polygon of DeepStateMap's daily lines, measured in an equal-area "
            "projection (EPSG:3035, edges densified), counted on every day it is valid; grey zone left out."
        )
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


def compare_with(v: state.ViewState) -> dt.date | None:
    """An earlier day to compare the map with, kept in the URL (`?since=2022-11-05`): the day before,
    7 or 30 days before, or a key date."""
    span = source.span()
    COMPARE.sync_in(st.session_state, st.query_params, span)
    labels: dict[dt.date | None, str] = {None: _("nothing")}
    for days, what in ((1, _("the day before")), (7, _("7 days before")), (30, _("30 days before"))):
        labels[v.as_of - dt.timedelta(days=days)] = what
    labels.update({d: _(name) for name, d in timeline.KEY_DAYS.items() if d < v.as_of})
    chosen = st.session_state["since"]
    if chosen is not None and chosen >= v.as_of:  # the day moved before it: nothing to compare
        st.session_state["since"] = None
    elif chosen is not None and chosen not in labels:
        labels[chosen] = _("the linked day")
    st.selectbox(
        _("Compare with"),
        options=sorted(labels, key=lambda d: (d is not None, d or dt.date.min)),
        format_func={
            d: _("Compare with {what}").format(what=what) + (f" · {i18n.day_short(d)}" if d else "")
            for d, what in labels.items()
        }.get,
        key="since",
        label_visibility="collapsed",
        placeholder=_("Compare with nothing"),  # (Streamlit shows its placeholder for the None option)
        help=_(
            "Hatches the land that changed hands since that day and draws its front line as a dashed ghost. "
            "With nothing, the last 7 days are summed up under the map."
        ),
    )
    return COMPARE.sync_out(st.session_state, st.query_params, span)["since"]

