"""Tables as a reader scans them: the route's status first, coloured as the map draws its line,
in ink that reads on it; links only to web addresses; rows tall enough for their longest quote."""

import datetime as dt
import re

import pandas as pd

from frontmap import styles
from frontmap.data import timeline
from frontmap.report import tables


def test_the_routes_table_leads_with_a_status_chip_coloured_like_the_map(situation):
    routes = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12))
    html = tables.route_table_html(routes)
    assert "<th>status</th><th>since</th><th>route</th><th>source</th>" in html
    assert html.count("<tr><td><span class='fm-chip'") == len(routes)
    for status in set(routes["status"]):
        colour = styles.ROUTE_STYLE[status]["color"]
        assert f"style='background-color: {colour}; color: {tables.ink_on(colour)}; font-weight: 600'" in html
        assert tables.contrast(colour, tables.ink_on(colour)) >= 4.5, status
    kakhovka = html.split("Road and rail crossing on the Kakhovka dam")[0].rsplit("<tr>", 1)[1]
    assert ">destroyed</span></td><td>2022-11-12</td>" in kakhovka
    hrefs = re.findall(r"href='([^']*)'", html)
    assert hrefs and all(re.match(r"https?://", h) for h in hrefs)


def test_text_in_the_routes_table_is_escaped(situation):
    routes = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12)).copy()
    routes["name"] = "<script>alert(1)</script>"
    routes["status_source"] = "<img src=x onerror=alert(1)>"
    routes["status_url"] = "javascript:alert(1)"
    html = tables.route_table_html(routes)
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


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
