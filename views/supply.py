"""Supply: the Dnipro crossings and the land route to Crimea over time; arms from outside."""

import streamlit as st

from frontmap import basemap, charts, layers, safetext, timeline, ui

sit = ui.situation()
view = ui.view()
day = view.as_of

st.title("Supply")
st.caption(
    f"As of {day:%d %B %Y}. Kherson oblast holds the only land route to Crimea and the mouth of the Dnipro; "
    "Ukraine's strikes on the bridges made it hard to supply the right bank."
)

st.subheader("The Dnipro crossings and the routes to Crimea")
ui.situation_map(sit, view, key="supply_map", height=520, centre=(46.55, 33.9), zoom=8)
history = timeline.route_history(sit.routes, sit.route_status, day)
st.altair_chart(
    charts.route_status_timeline(history, day, {k: v["color"] for k, v in layers.ROUTE_STYLE.items()}),
    width="stretch",
)
st.markdown("**Every dated change of status up to this day**")
if history.empty:
    st.write("No route has a dated status in the sources before this day: they are drawn in grey.")
else:
    st.dataframe(
        history[["valid_from", "name", "status", "evidence", "source"]],
        hide_index=True,
        column_config={"valid_from": st.column_config.DateColumn("from")},
    )


st.subheader("Arms from outside")
flows = timeline.in_range(sit.flows, "date", timeline.FIRST_DAY, day)
left, right = st.columns([3, 2])
with left:
    fmap = basemap.base_map(sit.oblasts, sit.countries, view.basemap, (45.0, 75.0), 3)
    used = set(flows["from_place"]) | set(flows["to_place"]) | {"kyiv"}
    show = [
        layers.flows_layer(flows, sit.places),
        layers.places_layer(sit.places[sit.places["id"].isin(used)]),
    ]
    ui.show_map(fmap, show, key="flows_map", height=420)
    st.caption("Solid: reported by a source. Dashed: claimed by one side and denied by the other.")
with right:
    ui.figure_row(sit.figures, day, [("iran_cash", "Cash Russia sent to Iran")])
    ui.figure_row(
        sit.figures,
        day,
        [("shahed_136", "Shahed-136"), ("shahed_131", "Shahed-131"), ("mohajer_6", "Mohajer-6")],
    )
if flows.empty:
    st.write("No transfer from outside is dated on or before this day in the sources.")
for flow in flows.sort_values("date").itertuples(index=False):
    md = safetext.md
    with st.expander(f"{flow.date:%Y-%m-%d} · {md(flow.what)} ({md(flow.standing)})"):
        st.markdown(f"> {md(flow.quote)}")
        st.caption(f"Reported by {md(flow.outlet)} · {md(flow.source)}")
st.markdown(
    "The captured Western weapons named are Swedish **NLAW** and American **Javelin** anti-tank missiles and "
    "**Stinger** anti-aircraft missiles; the source says Iran's Revolutionary Guard would reverse-engineer them. "
    "North Korea's KCNA denied any arms deal with Russia."
)
ui.credits()
