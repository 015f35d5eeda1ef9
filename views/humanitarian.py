"""Humanitarian: the displaced, refugees, and the deported children."""

import streamlit as st

from frontmap import charts, timeline, ui

sit = ui.situation()
day = ui.view().as_of
figures = sit.figures

st.title("The humanitarian picture")
st.caption(f"As of {day:%d %B %Y}. Each number gives its source and the date it holds for.")

st.subheader("Displaced within Ukraine")
ui.trend(
    figures,
    day,
    ["internally_displaced"],
    "Internally displaced (latest)",
    "The source article gives **6.9 million**. IOM's surveys, cited beside it, "
    "counted fewer as people went home: each figure is shown with its own date.",
    "Internally displaced people",
)

st.subheader("Refugees abroad")
ui.trend(
    figures,
    day,
    ["refugees_recorded_in_europe", "temporary_protection_registrations"],
    "Refugees recorded across Europe",
    "The source article counts no refugees abroad. It warns that *“a new wave of refugees may flock "
    "to Eastern Europe in winter”* as Russia strikes the power grid. The counts here are UNHCR's.",
    "Refugees from Ukraine in Europe (UNHCR)",
)

st.subheader("Deported children")
deported = timeline.latest(figures, day, "children_deported")
returned = timeline.latest(figures, day, "children_returned")
ui.figure_row(
    figures,
    day,
    [
        ("children_deported", "Deported or forcibly displaced"),
        ("children_returned", "Sent back to Ukraine"),
        ("children_transferred_july", "Transferred in July 2022 alone"),
    ],
)
if deported is not None and returned is not None:
    share = returned["value"] / deported["value"]
    st.markdown(
        f"**{int(returned['value'])} of {int(deported['value']):,}** children have come back: "
        f"**{share:.1%}**. Ukraine planned to raise their return at the G20 summit in Bali on 15–16 November."
    )
    rows = figures[figures["id"].isin([deported["id"], returned["id"]])]
    st.altair_chart(charts.compare_bars(rows, "Children deported against children returned"), width="stretch")
ui.event_list(
    timeline.happened_between(sit.events[sit.events["category"] == "humanitarian"], timeline.FIRST_DAY, day),
    "No humanitarian event in the sources up to this date.",
)
ui.credits()
