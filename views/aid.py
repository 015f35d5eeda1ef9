"""Aid: the EU's package for 2023 month by month against the IMF's estimate of need."""

import streamlit as st

from frontmap import charts, timeline, ui

sit = ui.situation()
day = ui.view().as_of
figures = sit.figures


def get(metric):
    return timeline.latest(figures, day, metric)


st.title("Aid")
st.caption(f"As of {day:%d %B %Y}.")

monthly = get("eu_package_monthly")
need_low, need_high = get("imf_need_monthly_low"), get("imf_need_monthly_high")
ui.figure_row(
    figures,
    day,
    [
        ("eu_package_2023", "EU package proposed for 2023"),
        ("eu_package_monthly", "Paid each month"),
        ("eu_loan_term", "As a loan over"),
    ],
)

if monthly is not None and need_low is not None and need_high is not None:
    gap_low, gap_high = need_low["value"] - monthly["value"], need_high["value"] - monthly["value"]
    st.markdown(
        f"The IMF estimates Ukraine will need **€{need_low['value']:g}–{need_high['value']:g} billion a month** "
        f"in 2023. The EU's €{monthly['value']:g} billion a month would leave **€{gap_low:g}–{gap_high:g} billion "
        "a month** to other donors; Brussels wants Washington and the others to contribute like the EU."
    )
    st.altair_chart(
        charts.aid_against_need(monthly["value"], need_low["value"], need_high["value"]), width="stretch"
    )
    st.caption(
        f"EU: {monthly['source']}. Need: {need_low['source']}. Interest on the loan is paid by the EU; "
        "the package still needs the member states' approval."
    )
else:
    st.info("The EU's package and the IMF's estimate were reported on 2022-11-09: move the date to see them.")

st.subheader("What the EU gave in 2022")
ui.figure_row(
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
        kiel[["label", "value", "unit", "as_of", "source", "note"]],
        hide_index=True,
        column_config={"as_of": st.column_config.DateColumn("as of")},
    )
ui.credits()
