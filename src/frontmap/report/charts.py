"""Charts of the figures (Altair, which Streamlit ships). Each point keeps its source for the tooltip."""

from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pandas as pd

from frontmap import i18n
from frontmap.data import timeline
from frontmap.i18n import _
from frontmap.report.numbers import format_value

# Streamlit's default autosize ("fit") squeezes axes and title into a chart's height, which left
# a short bar chart no room for its bars: fit the width only, and the height is the plot's.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")

# Bars on one scale from 0: a row is two lines of label above its bar, so that no two texts share a line.
BAR = 18  # px: a bar's thickness
BAR_BLUE = "#0072B2"
# Lines that must show on the light theme and the dark one: 3.5:1 on white, 6:1 on black.
MID_GREY = "#888888"
LINE = 16  # px: a line of label
LABEL_TOP = 6  # px: from the row's top to its label's
BAR_TOP = LABEL_TOP + 2 * LINE + 8  # px: clear of the label and of its number's taller line
ROW = BAR_TOP + BAR + 16  # px: a row
BAR_OFFSET = BAR_TOP + BAR // 2 - ROW // 2  # px: from the row's middle down to the bar's


def time_axis(day_month: str | None = None) -> alt.Axis:
    """A time axis in the page's language. Vega writes months in English only: in another language
    the labels are an expression over Babel's month names. `day_month`: "%d %b" ticks; else Vega's
    own ticks, labelled as it would (a year at its start, a month at its first day, else the day)."""
    if i18n.is_english():
        return alt.Axis(format=day_month) if day_month else alt.Axis()
    months = json.dumps([i18n.month_short(dt.date(2022, m, 1)) for m in range(1, 13)], ensure_ascii=False)
    day = f"timeFormat(datum.value, '%-d') + ' ' + {months}[month(datum.value)]"
    if day_month:
        return alt.Axis(labelExpr=day)
    first = "month(datum.value) == 0 && date(datum.value) == 1 ? timeFormat(datum.value, '%Y') : "
    return alt.Axis(labelExpr=first + f"date(datum.value) == 1 ? {months}[month(datum.value)] : {day}")


def series(figures: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """The rows of some metrics, in date order, ready to chart (dates as strings for Vega), each
    with its series: one line per metric, source and method (see `timeline.series_of`)."""
    rows = figures[figures["metric"].isin(metrics)].sort_values("as_of").copy()
    rows["date"] = rows["as_of"].dt.strftime("%Y-%m-%d")
    rows["line"] = (rows["label"] + " · " if len(metrics) > 1 else "") + timeline.series_of(rows)
    rows["when"] = [timeline.as_of_text(r) for _, r in rows.iterrows()]
    return rows[["date", "when", "metric", "label", "line", "value", "unit", "area", "source", "note"]]


def timeline_chart(
    figures: pd.DataFrame,
    metrics: list[str],
    day: dt.date,
    title: str,
    scale: float = 1.0,
    unit: str = "",
    show_later: bool = False,
) -> alt.LayerChart:
    """Dated figures as points, joined only within one series, with a rule at the as-of day. Counts
    start at 0. Figures dated after the day are left out unless `show_later`, and then faded and
    marked "later" in the legend and tooltip."""
    data = series(figures, metrics).assign(shown=lambda d: d["value"] / scale)
    data["after"] = data["date"] > day.isoformat()
    if not show_later:
        data = data[~data["after"]]
    data["timing"] = data["after"].map({True: _("later than the as-of date"), False: _("on or before the as-of date")})
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=time_axis()),
        y=alt.Y("shown:Q", title=unit, scale=alt.Scale(zero=True)),
        color=alt.Color(
            "line:N",
            title=None,
            # a line's name on lines of its own parts (metric · source), so that a phone cuts none
            legend=alt.Legend(
                orient="bottom", columns=1, labelLimit=300, labelExpr="split(datum.label, ' · ')"
            ),
        ),
        detail="line:N",
    )
    tooltip = [
        alt.Tooltip("when:N", title=_("Date")),
        alt.Tooltip("value:Q", title=_("Value"), format=","),
        alt.Tooltip("unit:N", title=_("unit")),
        alt.Tooltip("area:N", title=_("area")),
        alt.Tooltip("source:N", title=_("source")),
        alt.Tooltip("note:N", title=_("note")),
        alt.Tooltip("timing:N", title=_("Shown")),
    ]
    lines = base.mark_line(strokeWidth=2)
    points = base.mark_point(size=80, filled=True).encode(
        opacity=alt.condition("datum.after", alt.value(0.3), alt.value(1.0)),
        shape=alt.Shape("timing:N", title=None, legend=alt.Legend(orient="bottom") if show_later else None),
        tooltip=tooltip,
    )
    rule = (
        alt.Chart(pd.DataFrame({"date": [day.isoformat()]}))
        .mark_rule(strokeDash=[4, 3], color=MID_GREY)
        .encode(x="date:T")
    )
    return (lines + points + rule).properties(title=title, height=300)


def aid_against_need(monthly_eu: float, need_low: float, need_high: float) -> alt.LayerChart:
    """2023 month by month: the EU's proposed payment against the IMF's estimated need (a band)."""
    months = [i18n.month_short(d) for d in pd.date_range("2023-01-01", "2023-12-01", freq="MS").date]  # the title says 2023
    data = pd.DataFrame({"month": months, "EU": monthly_eu, "low": need_low, "high": need_high})
    band = (
        alt.Chart(data)
        .mark_area(opacity=0.35, color="#E69F00")
        .encode(
            x=alt.X("month:O", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("low:Q", title=_("billion EUR per month"), scale=alt.Scale(domain=[0, need_high * 1.15])),
            y2="high:Q",
            tooltip=[
                alt.Tooltip("low:Q", title=_("IMF need, low")),
                alt.Tooltip("high:Q", title=_("IMF need, high")),
            ],
        )
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color="#0072B2", size=22)
        .encode(
            x=alt.X("month:O", sort=None),
            y="EU:Q",
            tooltip=[alt.Tooltip("month:O", title=_("month")), alt.Tooltip("EU:Q", title=_("EU proposal"))],
        )
    )
    return (band + bars).properties(
        height=300,
        # short lines, as a phone cuts a long title; a title, not a subtitle, as only the title takes
        # the theme's colour (a subtitle stays black on the dark theme)
        title=alt.TitleParams(
            [_("The EU's proposal (bars) against"), _("the IMF's estimate of need (band), 2023")], anchor="start"
        ),
        autosize=FIT_WIDTH,
    )


def compare_bars(rows: pd.DataFrame, title: str) -> alt.LayerChart:
    """A few figures of one unit on one linear scale from 0, each bar with its label and date above
    it and its number at its end: 96 beside 10,500 is a sliver, and its number still reads.

    Every text is one that Streamlit's chart theme colours (axes, title), so that it reads on the
    light and the dark theme alike: the labels are the y axis's, drawn over the plot above each bar;
    the numbers, which no theme colours, are large (WCAG's 3:1) in the bars' blue, 5.1:1 on white
    and 4.1:1 on black."""
    data = rows.assign(
        shown=rows["value"],
        date=rows["as_of"].dt.strftime("%Y-%m-%d"),
        when=[timeline.as_of_text(row) for _, row in rows.iterrows()],
        number=[format_value(v, u) for v, u in zip(rows["value"], rows["unit"])],
    )
    data["heading"] = data["label"] + "\n" + data["when"]  # two lines: figures of different dates say so
    unit = str(data["unit"].iloc[0]) if len(data) else ""
    top = float(data["value"].max()) * 1.25 if len(data) else 1.0  # room for the longest bar's number
    base = alt.Chart(data).encode(
        y=alt.Y(
            "heading:N",
            sort=None,
            title=None,
            scale=alt.Scale(paddingInner=0, paddingOuter=0),
            axis=alt.Axis(
                labelExpr="split(datum.value, '\\n')",
                labelAlign="left",
                labelBaseline="top",
                labelPadding=0,
                labelOffset=LABEL_TOP - ROW // 2,
                labelFontSize=13,
                labelLineHeight=LINE,
                labelLimit=0,
                ticks=False,
                domain=False,
                grid=False,
            ),
        ),
    )
    x = alt.X(
        "shown:Q",
        title=_("{unit}, on one scale from 0").format(unit=unit),
        scale=alt.Scale(domain=[0, top], nice=False),
        axis=alt.Axis(format=",~f", tickCount=5, labelFontSize=12, titleFontSize=12, grid=False),
    )
    bars = base.mark_bar(color=BAR_BLUE, size=BAR, yOffset=BAR_OFFSET).encode(
        x=x,
        tooltip=[
            alt.Tooltip("label:N", title=_("label")),
            alt.Tooltip("value:Q", title=_("value"), format=","),
            alt.Tooltip("when:N", title=_("Date")),
            alt.Tooltip("source:N", title=_("source")),
        ],
    )
    numbers = base.mark_text(
        align="left", baseline="middle", dx=5, yOffset=BAR_OFFSET, fontSize=19, fontWeight="bold",
        color=BAR_BLUE,
    ).encode(x=x, text="number:N")
    return (bars + numbers).properties(
        title=alt.TitleParams(title, anchor="start"), height=alt.Step(ROW), autosize=FIT_WIDTH
    )


def route_status_timeline(history: pd.DataFrame, last_day: dt.date, styles: dict[str, dict]) -> alt.Chart:
    """Each route's dated statuses (`timeline.route_history`) as bars, from one change to the next
    or through the last day; each status by its style's label and colour (`styles.ROUTE_STYLE`)."""
    end_of_view = pd.Timestamp(last_day) + pd.Timedelta(days=1)
    rows = history.assign(until=history.groupby("route_id")["valid_from"].shift(-1).fillna(end_of_view))
    data = rows.assign(
        start=rows["valid_from"].dt.strftime("%Y-%m-%d"),
        end=rows["until"].dt.strftime("%Y-%m-%d"),
        status=rows["status"].map(lambda s: _(styles[s]["label"])),
    )
    colours = {_(style["label"]): style["color"] for style in styles.values()}
    first = min(rows["valid_from"].min(), end_of_view - pd.Timedelta(days=7)) if len(rows) else end_of_view
    scale = alt.Scale(domain=list(colours), range=list(colours.values()))
    domain = [first.strftime("%Y-%m-%d"), end_of_view.strftime("%Y-%m-%d")]
    return (
        alt.Chart(data)
        .mark_bar(stroke=MID_GREY, strokeWidth=1)  # a "destroyed" bar is black, as on the map
        .encode(
            x=alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=time_axis("%d %b")),
            x2="end:T",
            y=alt.Y("name:N", title=None, axis=alt.Axis(labelLimit=380), scale=alt.Scale(paddingInner=0.35)),
            color=alt.Color("status:N", scale=scale, legend=alt.Legend(orient="bottom", title=None)),
            tooltip=[
                alt.Tooltip("name:N", title=_("route")),
                alt.Tooltip("status:N", title=_("status")),
                alt.Tooltip("start:N", title=_("from")),
                alt.Tooltip("evidence:N", title=_("evidence")),
                alt.Tooltip("source:N", title=_("source")),
            ],
        )
        .properties(height=alt.Step(30), title=_("Dated status of each route"))
    )


def held_area_chart(
    areas: pd.DataFrame, day: dt.date, key_days: dict[str, dt.date], styles: dict[str, dict]
) -> alt.LayerChart:
    """Russian-held area per day (`measure.held_area_by_day`), stacked: since 2022 on top of since
    2014 on top of Crimea; a rule at the day shown and at each key day."""
    order = ["crimea", "occupied_2014", "occupied_2022"]
    data = areas.assign(
        label=areas["status"].map(lambda s: _(styles[s]["label"])),
        stack=areas["status"].map(order.index),
        thousand_km2=areas["km2"] / 1000,
        date=areas["day"].dt.strftime("%Y-%m-%d"),
    )
    labels = [_(styles[s]["label"]) for s in order]
    top = float(data.groupby("date")["thousand_km2"].sum().max() * 1.15) if len(data) else 1.0
    colour = alt.Color(
        "label:N",
        # Crimea lighter than the rest held since 2014 (one colour on the map): the stack shows both.
        scale=alt.Scale(domain=labels, range=["#A47F6E", *(styles[s]["fill"] for s in order[1:])]),
        legend=alt.Legend(orient="bottom", title=None, labelLimit=400),
        sort=labels,
    )
    area = (
        alt.Chart(data)
        .mark_area(opacity=0.85)
        .encode(
            x=alt.X("date:T", title=None, axis=time_axis("%d %b")),
            y=alt.Y("thousand_km2:Q", stack="zero", title=_("thousand km² Russian-held"), scale=alt.Scale(domain=[0, top])),
            color=colour,
            order=alt.Order("stack:Q"),
            tooltip=["date:T", "label:N", alt.Tooltip("km2:Q", format=",.0f", title=_("km²"))],
        )
    )
    marks = pd.DataFrame([{"date": d.isoformat(), "what": f"{_(name)} ({i18n.day_month(d)})"} for name, d in key_days.items()])
    rules = alt.Chart(marks).mark_rule(strokeDash=[4, 3], color="#555555").encode(x="date:T", tooltip=["what:N"])
    shown = (
        alt.Chart(pd.DataFrame([{"date": day.isoformat(), "what": _("shown: {day}").format(day=i18n.day_short(day))}]))
        .mark_rule(color="#0072B2", strokeWidth=2)
        .encode(x="date:T", tooltip=["what:N"])
    )
    return (area + rules + shown).properties(
        height=300, title=_("Russian-held area, from DeepStateMap's polygons (dashed: key days; blue: the day shown)")
    )
