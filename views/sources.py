"""Sources: every source, the quote behind each figure and event, and any data problems."""

import streamlit as st

from frontmap import i18n
from frontmap.app import cards, headers, shell, source
from frontmap.data import provenance
from frontmap.i18n import _, ngettext
from frontmap.maps import tools
from frontmap.report import tables

sit = source.situation()
LINK = st.column_config.LinkColumn(
    display_text=i18n.pgettext("link", "open"), help=_("The cited document, where it has an address"), width=80
)
# Column widths below are in pixels: each wrapped table fits the 940 px a page has at 1400 px.

shell.title(_("Sources"))
st.markdown(
    _(
        "Every number and event in frontmap carries its source and the date it holds for. The source document "
        "is a news article of **10 November 2022**, known only as a machine translation and with no known "
        "address. Figures and events from other public documents stand beside it, each with its own date and, "
        "where one was found, a link; where none was found, the row says so."
    )
)
st.caption(_("The sources' titles, quotes and notes are in the language of each source (mostly English)."))

st.subheader(_("Data problems"))
problems = [*sit.problems, *tools.gazetteer_checked()[1]]  # (the place search's gazetteer is a file of its own)
if problems:
    st.error(
        ngettext(
            "{n} problem(s) in the data folder; the rows affected are left out, the rest is shown.",
            "{n} problem(s) in the data folder; the rows affected are left out, the rest is shown.",
            len(problems),
        ).format(n=len(problems))
    )
    st.code("\n".join(p.said() for p in problems), language=None)
else:
    st.success(_("The data folder passed validation: no problems."))

st.subheader(_("Datasets"))
datasets = provenance.datasets()
row = max(tables.wrapped_row(datasets["source"], 300), tables.wrapped_row(datasets["licence"], 240))
st.dataframe(
    datasets,
    hide_index=True,
    row_height=row,
    height=tables.height_for(len(datasets), row),
    column_config=headers.config(
        datasets.columns,
        data=st.column_config.TextColumn(width=200),
        source=st.column_config.TextColumn(width=300),
        licence=st.column_config.TextColumn(width=240),
        covers=st.column_config.TextColumn(width=180),
    ),
)

st.subheader(_("Every cited source"))
cited = provenance.linked(provenance.cited_sources(sit))
row = tables.wrapped_row(cited["source_title"], 320)
st.dataframe(
    cited,
    hide_index=True,
    row_height=row,
    height=tables.height_for(len(cited), row),
    placeholder="—",
    column_config=headers.config(
        cited.columns,
        url=LINK,
        source=st.column_config.TextColumn(width=220),
        source_title=st.column_config.TextColumn(width=320),
        url_note=st.column_config.TextColumn(width=160),
        **{"cited for": st.column_config.TextColumn(width=140)},
    ),
)

st.subheader(_("Figures and their quotes"))
figures = provenance.linked(
    sit.figures[["label", "value", "unit", "as_of", "as_of_precision", "area", "source", "url", "quote", "note"]]
).sort_values("as_of")
st.dataframe(
    figures,
    hide_index=True,
    placeholder="—",
    column_config=headers.config(
        figures.columns, as_of=st.column_config.DateColumn(), url=LINK, quote=st.column_config.TextColumn(width="large")
    ),
)

st.subheader(_("Events and their quotes"))
events = provenance.linked(
    sit.events[["date", "date_precision", "title", "place_id", "outlet", "source", "url", "quote"]]
).sort_values("date")
st.dataframe(
    events,
    hide_index=True,
    column_config=headers.config(
        events.columns, date=st.column_config.DateColumn(), url=LINK, quote=st.column_config.TextColumn(width="large")
    ),
)

st.subheader(_("Route statuses and their evidence"))
statuses = provenance.linked(sit.route_status[["valid_from", "route_id", "status", "source", "url", "evidence"]])
st.dataframe(
    statuses.sort_values("valid_from"),
    hide_index=True,
    column_config=headers.config(statuses.columns, valid_from=st.column_config.DateColumn(), url=LINK),
)
cards.credits()
