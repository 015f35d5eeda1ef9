"""Overview: the situation map as of the day, then the headline numbers and the last seven days."""

import streamlit as st

from frontmap import i18n
from frontmap.app import cards, mapframe, shell, sidebar, source
from frontmap.data import timeline
from frontmap.i18n import N_, _

sit = source.situation()


def page() -> None:
    view = sidebar.view()
    day = view.as_of
    shell.header(_("Ukraine as of {day}").format(day=i18n.day(day)), sit, day)
    parts = shell.slots()
    with parts.map:
        mapframe.situation_map(sit, view, key="overview_map", words=parts.words)
    with parts.bar:
        shell.day_bar(shell.day_counts(sit, view.layers), day)

    st.caption(
        _(
            "The war as it stood in November 2022: the Russian withdrawal from Kherson, the fighting around "
            "Bakhmut, Soledar and Avdiivka, supply across the Dnipro, and the humanitarian picture."
        )
    )
    cards.figure_row(
        sit.figures,
        day,
        [
            ("internally_displaced", N_("Displaced within Ukraine")),
            ("people_without_power", N_("Without electricity")),
            ("children_deported", N_("Children deported or displaced")),  # longer is cut at 1400 px
            ("eu_package_2023", N_("EU package proposed for 2023")),
        ],
    )
    st.subheader(_("The 7 days up to this date"))
    cards.event_list(timeline.week_to(sit.events, day), _("Nothing in the sources happened in these seven days."))
    cards.credits()


shell.dated(page)  # a date step reruns this page's map and text alone
