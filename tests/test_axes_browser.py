"""DeepState's directions of attack on /front: an arrow for each of the day's points, turned as derived."""

import datetime as dt
import math

import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, new_page, settle
from playwright.sync_api import expect
from test_maps_browser import map_frame

from frontmap.data import timeline

pytestmark = pytest.mark.browser

# Each arrow on the map: its axis, its bearing, and where its tail and tip are drawn on the screen.
ARROWS = """() => [...document.querySelectorAll('.fm-axis')].map(a => {
    const at = c => { const r = a.querySelector(c).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; };
    return [a.dataset.axis, parseFloat(a.dataset.bearing), at('.fm-axis-tail'), at('.fm-axis-tip')]; })"""


def test_front_draws_deepstates_axes_as_arrows_turned_as_derived(browser, server, situation):
    day = dt.date(2022, 9, 1)
    derived = timeline.valid_on(situation.attack_axes, day)
    assert len(derived) == 27  # the snapshot's points, all in the theatre (tests/test_axes.py)
    with new_page(browser, 1400, 900) as page:
        watch = Watch(page)
        page.goto(f"{server.url}/front?as_of={day}&basemap=offline")
        arrows = page.frame_locator(MAP_FRAME).first.locator(".fm-axis")
        expect(arrows).to_have_count(len(derived))
        settle(page)
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
        drawn = map_frame(page).evaluate(ARROWS)
        bearings = dict(zip(derived["id"], derived["bearing"]))
        assert sorted(a for a, *_ in drawn) == sorted(bearings)
        for axis, bearing, (x0, y0), (x1, y1) in drawn:
            assert bearing == bearings[axis]
            on_screen = math.degrees(math.atan2(x1 - x0, y0 - y1)) % 360  # north up: the map is conformal
            assert abs((on_screen - bearing + 180) % 360 - 180) < 2, (axis, bearing, on_screen)
            assert math.hypot(x1 - x0, y1 - y0) > 30  # an arrow, not a dot, at the page's zoom
        # Its tooltip credits DeepState and its day; the legend and the words say it is their assessment.
        arrows.first.locator("path").last.hover(force=True)
        expect(page.frame_locator(MAP_FRAME).first.locator(".leaflet-tooltip")).to_have_text(
            "Direction of attack, as DeepStateMap marked it on 2022-09-01"
        )
        expect(page.locator("#fm-after-front_map")).to_contain_text("Directions of attack as DeepStateMap marked them on 2022-09-01 (its assessment): 27 arrows")
        legend = page.frame_locator(MAP_FRAME).first.locator(".fm-legend-fold .fm-legend")  # folded on the map
        expect(legend).to_contain_text("direction of attack: DeepStateMap's assessment")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "front-axes-2022-09-01.png"))
        assert watch.js_errors() == []
