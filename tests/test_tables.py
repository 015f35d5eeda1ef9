"""Tables as a reader scans them: the route's status first, coloured as the map draws its line,
in ink that reads on it; links only to web addresses; rows tall enough for their longest quote."""

import datetime as dt

import pandas as pd

from frontmap.data import timeline
from frontmap.maps import layers
from frontmap.report import tables


def test_the_routes_table_leads_with_a_status_chip_coloured_like_the_map(situation):
    routes = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12))
    styled = tables.route_table(routes)
    assert list(styled.data.columns) == ["status", "since", "route", "source", "url"]
    html = styled.to_html()
    for status in set(routes["status"]):
        colour = layers.ROUTE_STYLE[status]["color"]
        assert f"background-color: {colour};\n  color: {tables.ink_on(colour)};" in html
        assert tables.contrast(colour, tables.ink_on(colour)) >= 4.5, status
    kakhovka = styled.data[styled.data["route"] == "Road and rail crossing on the Kakhovka dam"].iloc[0]
    assert (kakhovka["status"], kakhovka["since"]) == ("destroyed", "2022-11-12")
    assert styled.data["url"].dropna().str.match(r"https?://").all()


def test_the_history_table_shows_every_change_with_its_quote_last(situation):
    history = timeline.route_history(situation.routes, situation.route_status, dt.date(2022, 11, 12))
    styled = tables.history_table(history)
    assert list(styled.data.columns) == ["from", "status", "route", "source", "url", "evidence"]
    assert len(styled.data) == len(history)


def test_a_wrapped_row_holds_its_longest_text():
    assert tables.wrapped_row(pd.Series(["short"]), 300) == tables.WRAPPED_ROW  # the grid wraps from here
    long = pd.Series(["x" * 200])
    assert tables.wrapped_row(long, 300) >= 5 * tables.LINE  # 200 characters of 7 px in 284 px: 5 lines
    assert tables.height_for(3, 40) == tables.HEADER + 3 * 40 + 2
