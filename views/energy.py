"""Energy: who is without power, drawn on an oblast map, and the planned outages."""

import streamlit as st

from frontmap import i18n, safetext
from frontmap.app import cards, mapframe, shell, sidebar, source
from frontmap.data import timeline
from frontmap.i18n import N_, _
from frontmap.maps import situation_layers
from frontmap.report import charts

sit = source.situation()


def page() -> None:
    view = sidebar.view()
    day = view.as_of
    figures = sit.figures

    shell.header(_("Power"), sit, day)
    parts = shell.slots()
    with parts.map:
        mapframe.show_map(
            mapframe.plain_base(sit, "offline", (48.4, 31.2), 6), [situation_layers.outages_layer(sit, day)], key="energy_map", height=440,
            title=_("Map of power outages by oblast as of {day}").format(day=day.isoformat()), words=parts.words,
        )
    energy = timeline.of_category(sit.events, "energy")
    with parts.bar:
        shell.day_bar(shell.day_counts_of([energy["date"]], "energy", (sit,)), day, units=i18n.plural_forms("energy event", "energy events"))
    st.caption(
        _(
            "Russia's missile and drone strikes on the grid ahead of winter. Orange: named as without electricity "
            "(Kyiv). Yellow: planned outages of several hours for the whole country on 9 November, announced by "
            "Ukrenergo on the 8th; Russian-held land (DeepStateMap, as of the date) is left white. Zelensky counted "
            "14 other regions without power but did not name them, so none of them is guessed."
        )
    )

    cards.figure_row(
        figures,
        day,
        [
            ("people_without_power", N_("People without electricity")),
            ("regions_without_power", N_("Regions without electricity, besides Kyiv")),
            ("winter_low", N_("Winter can fall to")),
        ],
    )

    outages = timeline.happened_between(energy, timeline.FIRST_DAY, day)
    if not outages.empty:
        latest = outages.iloc[-1]
        md = safetext.md
        st.warning(
            f"**{i18n.day(latest['date'])}: {md(latest['title'])}.** “{md(latest['quote'])}” ({md(latest['source'])})"
            + i18n.source_language_note()
        )

    st.subheader(_("How many without power, over time"))
    later = st.toggle(_("Show later figures"), key="show_later", help=_("Faded, and marked as later in the legend."))
    st.altair_chart(
        charts.timeline_chart(
            figures, ["people_without_power"], day, _("Without electricity"), 1e6, _("million"), show_later=later
        ),
        width="stretch",
    )
    st.caption(
        _(
            "Counts are of people, or of consumers or subscribers (connections), as each source gives them: each is its own "
            "line, and no line joins two sources."
        )
    )
    cards.credits()


shell.dated(page)  # a date step reruns this page's map and text alone
