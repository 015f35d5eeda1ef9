"""Aid: the EU's package for 2023 month by month against the IMF's estimate of need."""

import streamlit as st

from frontmap.app import cards, sidebar, source
from frontmap.data import timeline
from frontmap.report import charts

sit = source.situation()
day = sidebar.view().as_of
figures = sit.figures


def get(metric):
    return timeline.latest(figures, day, metric)


st.title("Aid")
st.caption(f"As of {day:%d %B %Y}.")

monthly = get("eu_package_monthly")
need_low, need_high = get("imf_need_monthly_low"), get("imf_need_monthly_high")
cards.figure_row(
    figures,
    day,
    [
        ("eu_package_2023", "EU package proposed for 2023"),
        ("eu_package_monthly", "Paid each month"),
        ("eu_loan_term", "Loans repaid over up to"),
    ],
)

cards.figure_row(
    figures,
    day,
    [
        ("imf_need_monthly_low", "IMF estimate of need in 2023, low end"),
        ("imf_need_monthly_high", "IMF estimate of need in 2023, high end"),
    ],
)
if monthly is not None and need_low is not None and need_high is not None:
    st.altair_chart(
        charts.aid_against_need(monthly["value"], need_low["value"], need_high["value"]), width="stretch"
    )
else:
    st.info(f"No EU package or IMF estimate is dated on or before {day}: move the date to see them.")
cards.event_list(
    timeline.happened_between(timeline.of_category(sit.events, "aid"), timeline.FIRST_DAY, day),
    "No aid event in the sources up to this date.",
    newest_first=True,
)

st.subheader("What the EU gave in 2022")
cards.figure_row(
    figures,
    day,
    [
        ("eu_aid_given_2022", "Given so far in 2022"),
        ("eu_aid_planned_november", "More by the end of November"),
    ],
)

st.subheader("All donors' commitments (Kiel Institute)")
kiel = timeline.figures_on(figures[figures["metric"].str.startswith("aid_committed")], day)
if kiel.empty:
    st.write(f"No Kiel Institute figure dated on or before {day}.")
else:
    st.altair_chart(
        charts.compare_bars(kiel.reset_index(drop=True), "Committed to Ukraine (latest of each)"),
        width="stretch",
    )
    st.dataframe(
        kiel[["label", "value", "unit", "as_of", "source", "url", "note"]],
        hide_index=True,
        column_config={
            "as_of": st.column_config.DateColumn("as of"),
            "url": st.column_config.LinkColumn("document", display_text="open"),
        },
    )
cards.credits()
