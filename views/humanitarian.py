"""Humanitarian: the displaced, refugees, and the deported children."""

import streamlit as st

from frontmap import charts, timeline, ui

sit = ui.situation()
day = ui.view().as_of
figures = sit.figures

st.title("The humanitarian picture")
st.caption(f"As of {day:%d %B %Y}. Each number gives its source and the date it holds for.")

st.subheader("Displaced within Ukraine")
left, right = st.columns([1, 2])
with left:
    ui.figure_card(
        timeline.latest(figures, day, "internally_displaced"),
        "Internally displaced (latest)",
        missing=f"No count dated on or before {day}",
    )
    st.markdown(
        "The source article gives **6.9 million**. IOM's surveys, cited beside it, "
        "counted fewer as people went home: each figure is shown with its own date."
    )
with right:
    st.altair_chart(
        charts.timeline_chart(
            figures, ["internally_displaced"], day, "Internally displaced people", 1e6, "million"
        ),
        width="stretch",
    )

st.subheader("Refugees abroad")
left, right = st.columns([1, 2])
with left:
    ui.figure_card(
        timeline.latest(figures, day, "refugees_recorded_in_europe"),
        "Refugees recorded across Europe",
        missing=f"No UNHCR count dated on or before {day}",
    )
    st.markdown(
        "The source article counts no refugees abroad. It warns that *“a new wave of refugees may flock "
        "to Eastern Europe in winter”* as Russia strikes the power grid. The counts here are UNHCR's."
    )
with right:
    st.altair_chart(
        charts.timeline_chart(
            figures,
            ["refugees_recorded_in_europe", "temporary_protection_registrations"],
            day,
            "Refugees from Ukraine in Europe (UNHCR)",
            1e6,
            "million",
        ),
        width="stretch",
    )

st.subheader("Deported children")
deported = timeline.latest(figures, day, "children_deported")
returned = timeline.latest(figures, day, "children_returned")
july = timeline.latest(figures, day, "children_transferred_july")
cols = st.columns(3)
with cols[0]:
    ui.figure_card(deported, "Deported or forcibly displaced", missing=f"Not reported by {day}")
with cols[1]:
    ui.figure_card(returned, "Sent back to Ukraine", missing=f"Not reported by {day}")
with cols[2]:
    ui.figure_card(july, "Transferred in July 2022 alone", missing=f"Not reported by {day}")
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
