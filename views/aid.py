"""Aid: the EU's package for 2023 month by month against the IMF's estimate of need."""

import streamlit as st

from frontmap import i18n
from frontmap.app import cards, headers, shell, sidebar, source
from frontmap.data import timeline
from frontmap.i18n import N_, _
from frontmap.report import charts

sit = source.situation()
day = sidebar.view().as_of
figures = sit.figures


def get(metric):
    return timeline.latest(figures, day, metric)


shell.title(_("Aid"))
st.caption(_("As of {day}").format(day=i18n.day(day)) + ".")

monthly = get("eu_package_monthly")
need_low, need_high = get("imf_need_monthly_low"), get("imf_need_monthly_high")
cards.figure_row(
    figures,
    day,
    [
        ("eu_package_2023", N_("EU package proposed for 2023")),
        ("eu_package_monthly", N_("Paid each month")),
        ("eu_loan_term", N_("Loans repaid over up to")),
    ],
)

cards.figure_row(
    figures,
    day,
    [
        ("imf_need_monthly_low", N_("IMF estimate of need in 2023, low end")),
        ("imf_need_monthly_high", N_("IMF estimate of need in 2023, high end")),
    ],
)
if monthly is not None and need_low is not None and need_high is not None:
    st.altair_chart(
        charts.aid_against_need(monthly["value"], need_low["value"], need_high["value"]), width="stretch"
    )
else:
    st.info(_("No EU package or IMF estimate is dated on or before {day}: move the date to see them.").format(day=day.isoformat()))
cards.event_list(
    timeline.happened_between(timeline.of_category(sit.events, "aid"), timeline.FIRST_DAY, day),
    _("No aid event in the sources up to this date."),
    newest_first=True,
)

st.subheader(_("What the EU gave in 2022"))
cards.figure_row(
    figures,
    day,
    [
        ("eu_aid_given_2022", N_("Given so far in 2022")),
        ("eu_aid_planned_november", N_("More by the end of November")),
    ],
)

st.subheader(_("All donors' commitments (Kiel Institute)"))
kiel = timeline.figures_on(figures[figures["metric"].str.startswith("aid_committed")], day)
if kiel.empty:
    st.write(_("No Kiel Institute figure dated on or before {day}.").format(day=day.isoformat()))
else:
    st.altair_chart(
        charts.compare_bars(kiel.reset_index(drop=True), _("Committed to Ukraine (latest of each)")),
        width="stretch",
    )
    st.dataframe(
        kiel[["label", "value", "unit", "as_of", "source", "url", "note"]],
        hide_index=True,
        column_config=headers.config(
            ("label", "value", "unit", "as_of", "source", "url", "note"),
            as_of=st.column_config.DateColumn(),
            url=st.column_config.LinkColumn(display_text=i18n.pgettext("link", "open")),
        ),
    )
cards.credits()
