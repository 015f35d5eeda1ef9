"""Humanitarian: the displaced, refugees, and the deported children."""

import streamlit as st

from frontmap import i18n
from frontmap.app import cards, shell, sidebar, source
from frontmap.data import timeline
from frontmap.i18n import N_, _
from frontmap.report import charts

sit = source.situation()
day = sidebar.view().as_of
figures = sit.figures

shell.title(_("The humanitarian picture"))
st.caption(
    _("As of {day}. Each number gives its source and the date it holds for.").format(day=i18n.day(day))
)
later = st.toggle(
    _("Show later figures"),
    key="show_later",
    help=_("Figures dated after the as-of date, drawn faded and marked as later in the legend."),
)


def by_source(metrics: list[str], title: str) -> None:
    """The latest figure of each source and method on the left; every figure on the right, one line
    per source and method, so that no line joins two of them."""
    left, right = st.columns([1, 2])
    with left:
        rows = timeline.latest_per_series(figures, day, metrics[0])
        for row in rows:
            cards.figure_card(row, row["series_key"].rsplit(" (", 1)[0])  # the source and method
        if not rows:
            cards.figure_card(None, title, missing=_("Nothing dated on or before {day}").format(day=day.isoformat()))
    with right:
        chart = charts.timeline_chart(figures, metrics, day, title, 1e6, _("million"), show_later=later)
        st.altair_chart(chart, width="stretch")


st.subheader(_("Displaced within Ukraine"))
by_source(["internally_displaced"], _("Internally displaced people"))

st.subheader(_("Refugees abroad"))
by_source(["refugees_recorded_in_europe", "temporary_protection_registrations"], _("Refugees from Ukraine in Europe"))

st.subheader(_("Deported children"))
deported = timeline.latest(figures, day, "children_deported")
returned = timeline.latest(figures, day, "children_returned")
cards.figure_row(
    figures,
    day,
    [
        ("children_deported", N_("Deported or forcibly displaced")),
        ("children_returned", N_("Sent back to Ukraine")),
        ("children_transferred_july", N_("Transferred in July 2022 alone")),
    ],
)
if deported is not None and returned is not None:
    share = returned["value"] / deported["value"]
    st.markdown(
        _("**{returned} of {deported}** have been sent back: **{share}**.").format(
            returned=i18n.number(int(returned["value"])),
            deported=i18n.number(int(deported["value"])),
            share=i18n.percent(share),
        )
    )
    rows = figures[figures["id"].isin([deported["id"], returned["id"]])]
    st.altair_chart(charts.compare_bars(rows, _("Children deported against children returned")), width="stretch")
cards.event_list(
    timeline.happened_between(timeline.of_category(sit.events, "humanitarian"), timeline.FIRST_DAY, day),
    _("No humanitarian event in the sources up to this date."),
)
cards.credits()
