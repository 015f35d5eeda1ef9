"""Sources: every source, the quote behind each figure and event, and any data problems."""

import streamlit as st

from frontmap.app import cards, source
from frontmap.data import provenance
from frontmap.maps import tools
from frontmap.report import tables

sit = source.situation()
LINK = st.column_config.LinkColumn(
    "document", display_text="open", help="The cited document, where it has an address", width=80
)
# Column widths below are in pixels: each wrapped table fits the 940 px a page has at 1400 px.

st.title("Sources")
st.markdown(
    "Every number and event in frontmap carries its source and the date it holds for. The source document "
    "is a news article of **10 November 2022**, known only as a machine translation and with no known "
    "address. Figures and events from other public documents stand beside it, each with its own date and, "
    "where one was found, a link; where none was found, the row says so."
)

st.subheader("Data problems")
problems = [*sit.problems, *tools.gazetteer_checked()[1]]  # (the place search's gazetteer is a file of its own)
if problems:
    st.error(
        f"{len(problems)} problem(s) in the data folder; the rows affected are left out, the rest is shown."
    )
    st.code("\n".join(str(p) for p in problems), language=None)
else:
    st.success("The data folder passed validation: no problems.")

st.subheader("Datasets")
datasets = provenance.datasets()
row = max(tables.wrapped_row(datasets["source"], 300), tables.wrapped_row(datasets["licence"], 240))
st.dataframe(
    datasets,
    hide_index=True,
    row_height=row,
    height=tables.height_for(len(datasets), row),
    column_config={
        "data": st.column_config.TextColumn(width=200),
        "source": st.column_config.TextColumn(width=300),
        "licence": st.column_config.TextColumn(width=240),
        "covers": st.column_config.TextColumn(width=180),
    },
)

st.subheader("Every cited source")
cited = provenance.linked(provenance.cited_sources(sit))
row = tables.wrapped_row(cited["source_title"], 320)
st.dataframe(
    cited,
    hide_index=True,
    row_height=row,
    height=tables.height_for(len(cited), row),
    placeholder="—",
    column_config={
        "url": LINK,
        "source": st.column_config.TextColumn(width=220),
        "source_title": st.column_config.TextColumn("title", width=320),
        "url_note": st.column_config.TextColumn("no address because", width=160),
        "cited for": st.column_config.TextColumn(width=140),
    },
)

st.subheader("Figures and their quotes")
st.dataframe(
    provenance.linked(
        sit.figures[["label", "value", "unit", "as_of", "as_of_precision", "area", "source", "url", "quote", "note"]]
    ).sort_values("as_of"),
    hide_index=True,
    placeholder="—",
    column_config={
        "as_of": st.column_config.DateColumn("as of"),
        "as_of_precision": "date is",
        "url": LINK,
        "quote": st.column_config.TextColumn(width="large"),
    },
)

st.subheader("Events and their quotes")
st.dataframe(
    provenance.linked(
        sit.events[["date", "date_precision", "title", "place_id", "outlet", "source", "url", "quote"]]
    ).sort_values("date"),
    hide_index=True,
    column_config={
        "date": st.column_config.DateColumn(),
        "date_precision": "date is",
        "url": LINK,
        "quote": st.column_config.TextColumn(width="large"),
    },
)

st.subheader("Route statuses and their evidence")
st.dataframe(
    provenance.linked(sit.route_status[["valid_from", "route_id", "status", "source", "url", "evidence"]]).sort_values(
        "valid_from"
    ),
    hide_index=True,
    column_config={"valid_from": st.column_config.DateColumn("from"), "url": LINK},
)
cards.credits()
