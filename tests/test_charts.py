"""What a chart of dated figures shows: one line per source and method, counts from zero, nothing
after the as-of date unless asked for, and then marked as later."""

import datetime as dt

import pandas as pd

from frontmap.data import timeline
from frontmap.report import charts

DAY = dt.date(2022, 11, 10)


def chart_rows(chart) -> pd.DataFrame:
    spec = chart.to_dict()
    data = spec["datasets"]
    return pd.DataFrame(max(data.values(), key=len))


def test_no_line_joins_two_sources_or_people_to_connections(situation):
    for metric in ("internally_displaced", "people_without_power", "refugees_recorded_in_europe"):
        rows = chart_rows(charts.timeline_chart(situation.figures, [metric], dt.date(2022, 11, 30), metric))
        figures = situation.figures[situation.figures["metric"] == metric]
        keyed = figures.assign(line=timeline.series_of(figures), date=figures["as_of"].dt.strftime("%Y-%m-%d"))
        for _, line in rows.groupby("line"):
            both = keyed.merge(line[["date", "value"]], on=["date", "value"])
            assert both["line"].nunique() == 1 and both["unit"].nunique() == 1, metric
    power = chart_rows(charts.timeline_chart(situation.figures, ["people_without_power"], dt.date(2022, 11, 30), "p"))
    assert {"Zelensky's addresses (people)", "Zelensky's addresses (consumers)"} <= set(power["line"])
    idp = chart_rows(charts.timeline_chart(situation.figures, ["internally_displaced"], DAY, "idp"))
    article = idp[idp["value"] == 6_900_000]
    assert len(article) == 1 and article["line"].iloc[0] != idp[idp["value"] == 6_540_000]["line"].iloc[0]
    assert article["when"].iloc[0] == "Date unknown; reported 2022-11-10"


def test_displacement_and_refugees_each_draw_one_series_point_by_point(situation):
    # issue 24: IOM's survey rounds and UNHCR's refugees across Europe, each a line of at least 8
    # points, every point with its address and quote; the seed's undated figure beside them
    for metric, series in (
        ("internally_displaced", "IOM General Population Survey"),
        ("refugees_recorded_in_europe", "UNHCR data portal"),
    ):
        rows = situation.figures[situation.figures["metric"] == metric]
        points = rows[rows["series"] == series]
        assert len(points) >= 8 and points["url"].str.startswith("https://").all()
        assert points["quote"].str.len().gt(0).all()
        assert set(rows["series"].fillna(rows["source"])) - {series} <= {"source article, no date of its own"}
        drawn = chart_rows(charts.timeline_chart(situation.figures, [metric], DAY, metric, show_later=True))
        assert (drawn["line"] == f"{series} (people)").sum() == len(points)


def test_counts_start_at_zero(situation):
    spec = charts.timeline_chart(situation.figures, ["internally_displaced"], DAY, "idp", 1e6).to_dict()
    assert all(layer["encoding"]["y"]["scale"]["zero"] for layer in spec["layer"][:2])


def test_nothing_after_the_as_of_date_unless_asked_and_then_marked(situation):
    shown = chart_rows(charts.timeline_chart(situation.figures, ["refugees_recorded_in_europe"], DAY, "r"))
    assert (shown["date"] <= "2022-11-10").all() and not shown["after"].any()
    later = chart_rows(
        charts.timeline_chart(situation.figures, ["refugees_recorded_in_europe"], DAY, "r", show_later=True)
    )
    after = later[later["date"] > "2022-11-10"]
    assert len(after) == 6 and after["after"].all()  # 15, 29 and 30 November, 6, 20 and 31 December
    assert set(after["timing"]) == {"later than the as-of date"}


def test_compared_bars_share_one_linear_scale_from_zero_and_keep_their_height(situation):
    rows = situation.figures[situation.figures["metric"].isin(["children_deported", "children_returned"])]
    spec = charts.compare_bars(rows, "children").to_dict()
    x = spec["layer"][0]["encoding"]["x"]
    assert x["scale"]["domain"][0] == 0 and x["scale"].get("type", "linear") == "linear"
    # Streamlit's default "fit" squeezed the axes into the height and left the bars none
    assert spec["autosize"]["type"] == "fit-x" and spec["height"] == {"step": charts.ROW}
    shown = chart_rows(charts.compare_bars(rows, "children"))
    assert set(shown["number"]) == {"10,500", "96"}
    assert all("As of 2022-11-08" in h for h in shown["heading"])  # given at the meeting of the 8th
