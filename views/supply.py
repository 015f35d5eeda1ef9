"""Supply: the Dnipro crossings and the land route to Crimea over time; arms from outside."""

import streamlit as st

from frontmap import i18n, safetext, styles
from frontmap.app import cards, headers, mapframe, shell, sidebar, source
from frontmap.data import provenance, timeline
from frontmap.i18n import N_, _
from frontmap.maps import layers
from frontmap.report import charts, tables

sit = source.situation()


def page() -> None:
    view = sidebar.view()
    day = view.as_of
    shell.header(_("Supply: Dnipro crossings, routes to Crimea"), sit, day)
    parts = shell.slots()
    with parts.map:
        mapframe.situation_map(sit, view, key="supply_map", centre=(46.55, 33.9), zoom=8, words=parts.words)
    with parts.bar:
        shell.day_bar(shell.day_counts(sit, view.layers), day)
    st.caption(_("Each status below is a dated quote from its source."))
    history = timeline.route_history(sit.routes, sit.route_status, day)
    st.altair_chart(
        charts.route_status_timeline(history, day, styles.ROUTE_STYLE),
        width="stretch",
    )
    st.markdown("**" + _("Every dated change of status up to this day") + "**")
    EVIDENCE = 300  # px: the quote's column
    if history.empty:
        st.write(_("No route has a dated status in the sources before this day: they are drawn in grey."))
    else:
        row = tables.wrapped_row(history["evidence"], EVIDENCE)
        st.dataframe(
            tables.history_table(history),
            hide_index=True,
            row_height=row,
            height=tables.height_for(len(history), row),
            placeholder="—",
            column_config=headers.config(
                ("from", "status", "route", "source", "url", "evidence"),
                **{"from": st.column_config.TextColumn(width=100)},
                status=st.column_config.TextColumn(width=110),
                # in pixels: together they fit the 940 px a page has at 1400, and stretch beyond
                route=st.column_config.TextColumn(width=180),
                source=st.column_config.TextColumn(width=170),
                url=st.column_config.LinkColumn(display_text=i18n.pgettext("link", "open"), width=80),
                evidence=st.column_config.TextColumn(width=EVIDENCE),
            ),
        )

    st.subheader(_("Arms from outside"))
    flows = timeline.in_range(sit.flows, "date", timeline.FIRST_DAY, day)
    left, right = st.columns([3, 2])
    with left:
        # A line needs both ends named by the source; "Russia" alone is no place, so such a transfer
        # is ringed at the end that is named (`layers.flows_layer`), and listed below.
        used = set(flows["from_place"].dropna()) | set(flows["to_place"].dropna()) | {"kyiv"}
        show = [
            layers.flows_layer(flows, sit.places),
            layers.places_layer(sit.places[sit.places["id"].isin(used)]),
        ]
        mapframe.show_map(
            mapframe.plain_base(sit, view.basemap, (45.0, 75.0), 3), show, key="flows_map", height=420,
            title=_("Map of arms from outside, reported up to {day}").format(day=day.isoformat()),
        )
        st.caption(
            _(
                "A line joins two places only where the source names both; the places marked are those the "
                "sources name. Each transfer is listed below with its standing: reported, or claimed and denied."
            )
        )
    with right:
        cards.figure_row(sit.figures, day, [("iran_cash", N_("Cash Russia sent to Iran"))])
    # the full width: three numbers in the right column's third of it were cut ("100 …")
    cards.figure_row(
        sit.figures,
        day,
        [("shahed_136", "Shahed-136"), ("shahed_131", "Shahed-131"), ("mohajer_6", "Mohajer-6")],
    )
    if flows.empty:
        st.write(_("No transfer from outside is dated on or before this day in the sources."))
    for flow in flows.sort_values("date").itertuples(index=False):
        md = safetext.md
        with st.expander(f"{flow.date:%Y-%m-%d} · {md(flow.what)} ({md(flow.standing)})"):
            st.markdown(f"> {md(flow.quote)}")
            cite = provenance.source_markdown(flow.source, flow.source_title, flow.url, flow.url_note)
            st.caption(_("Reported by {outlet}").format(outlet=md(flow.outlet)) + f" · {cite}" + i18n.source_language_note())
    cards.credits()


shell.dated(page)  # a date step reruns this page's map and text alone
