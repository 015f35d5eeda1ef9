"""Sources: every source, the quote behind each figure and event, and any data problems."""

import streamlit as st

from frontmap import provenance, ui

sit = ui.situation()

st.title("Sources")
st.markdown(
    "Every number and event in frontmap carries its source and the date it holds for. The source document "
    "is a news article of **10 November 2022**, machine-translated; figures from other public sources stand "
    "beside it with their own citation and date. Nothing is estimated to fill a gap."
)

st.subheader("Data problems")
if sit.problems:
    st.error(
        f"{len(sit.problems)} problem(s) in the data folder; the rows affected are left out, the rest is shown."
    )
    st.code("\n".join(str(p) for p in sit.problems), language=None)
else:
    st.success("The data folder passed validation: no problems.")

st.subheader("Datasets")
st.dataframe(provenance.datasets(), hide_index=True)

st.subheader("Every cited source")
st.dataframe(provenance.cited_sources(sit), hide_index=True)

st.subheader("Figures and their quotes")
st.dataframe(
    sit.figures[["label", "value", "unit", "as_of", "area", "source", "quote", "note"]].sort_values("as_of"),
    hide_index=True,
    column_config={
        "as_of": st.column_config.DateColumn("as of"),
        "quote": st.column_config.TextColumn(width="large"),
    },
)

st.subheader("Events and their quotes")
st.dataframe(
    sit.events[["date", "title", "place_id", "outlet", "source", "quote"]].sort_values("date"),
    hide_index=True,
    column_config={
        "date": st.column_config.DateColumn(),
        "quote": st.column_config.TextColumn(width="large"),
    },
)
ui.credits()
