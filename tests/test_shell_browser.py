"""The map-first shell in Chromium: the map fills the window under a one-line header on every map
page at a desk's two screens and comes first on a phone; the time bar under it counts the rows of
each day and moves the day; the map's view is a link (`at=`, `sel=`) and Copy link copies it."""

import datetime as dt
import re

import pandas as pd
import pytest
from browser import ARTIFACTS, MAP_FRAME, RECORD_LINES, Watch, click_as_a_user, settle, time_bar_point
from playwright.sync_api import expect
from test_maps_browser import map_frame

pytestmark = pytest.mark.browser

MAP_PAGES = {"overview": "", "front": "front", "supply": "supply", "explore": "explore", "energy": "energy"}
SIZES = {"1400x900": (1400, 900), "1920x1080": (1920, 1080), "390x844": (390, 844)}


def open_at(browser, width, height, address):
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(60_000)
    watch = Watch(page)
    page.goto(address)
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place], path[class*='fm-']").first).to_be_visible()
    settle(page)
    return context, page, watch


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(MAP_PAGES))
def test_the_map_is_the_page(browser, server, name, size):
    width, height = SIZES[size]
    context, page, watch = open_at(browser, width, height, f"{server.url}/{MAP_PAGES[name]}?as_of=2022-11-12&basemap=offline")
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.screenshot(path=ARTIFACTS / f"shell-{name}-{size}.png")
    header = page.locator(".st-key-fm_header").bounding_box()
    if width >= 1000:
        assert box["y"] <= 180, f"the map's top is at {box['y']:.0f} px"
        assert box["height"] >= 0.7 * height, f"the map is {box['height']:.0f} px of {height}"
        assert header["height"] <= 60, "the header is one line"
    else:
        # on a phone: nothing but the header above the map
        assert box["y"] <= header["y"] + header["height"] + 40
        assert box["y"] + box["height"] <= height, "the whole map is on the first screen"
    # the time bar sits under the map, in the first screen on a desk
    bar = page.locator(".st-key-fm_shell_bar .fm-tb-strip").bounding_box()
    assert bar["y"] >= box["y"] + box["height"]
    if width >= 1000:
        assert bar["y"] + bar["height"] <= height
    # the legend is a control on the map, not a block of the page
    expect(page.get_by_test_id("stMain").locator(".fm-legend")).to_have_count(0)
    if name != "energy" and name != "explore":
        expect(page.frame_locator(MAP_FRAME).first.locator(".fm-legend-fold")).to_be_visible()
    assert watch.blocked == [] and watch.js_errors() == []
    context.close()


def bars(page) -> dict[str, int]:
    cells = page.locator(".st-key-fm_shell_bar .fm-tb-bar")
    return {c.get_attribute("data-day"): int(c.get_attribute("data-count")) for c in cells.all()}


def test_the_time_bar_counts_the_rows_of_each_day_and_a_click_moves_the_day(page, server, situation):
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline")
    expect(page.locator(".st-key-fm_shell_bar .fm-tb-bar").first).to_be_attached()
    settle(page)
    # every event and every dated route status is a row of its day (both layers are shown)
    dates = pd.concat([situation.events["date"], situation.route_status["valid_from"]])
    expected = dates[dates >= "2022-02-24"].dt.date.value_counts()  # (a status older than the span is on no day)
    assert bars(page) == {d.isoformat(): int(n) for d, n in expected.items()}
    # the key days are marked and named; the day shown is said
    expect(page.locator(".st-key-fm_shell_bar .fm-tb-keyday")).to_have_count(4)
    expect(page.locator(".st-key-fm_shell_bar .fm-tb-now")).to_contain_text("12 Nov 2022")

    # a click on a day's bar goes there: the page follows (header, URL)
    page.mouse.click(*time_bar_point(page)(dt.date(2022, 11, 9)))
    expect(page).to_have_url(re.compile(r"as_of=2022-11-09"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("9 November 2022")
    # (the sidebar's slider too: the step reran the page's fragment, which writes it)
    expect(page.get_by_test_id("stSidebar").get_by_role("slider")).to_have_attribute("aria-valuetext", "2022-11-09")
    settle(page)
    # a key day's button goes there too
    page.locator(".st-key-fm_shell_bar .fm-tb-keyday", has_text="Counteroffensive").click()
    expect(page).to_have_url(re.compile(r"as_of=2022-08-29"))
    settle(page)
    # the arrow keys step a day, on the bar and on the map
    page.locator(".st-key-fm_shell_bar .fm-tb-a").focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"as_of=2022-08-30"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("30 August 2022")
    settle(page)
    page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").focus()
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"as_of=2022-08-29"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("29 August 2022")
    assert watch.js_errors() == []


ONE_POPUP_OPEN = """() => { const open = [...document.querySelectorAll('.leaflet-popup')];
  return open.length === 1 && open[0].style.opacity !== '0'; }"""


def centre_and_zoom(page):
    return map_frame(page).evaluate("[map.getCenter().lat, map.getCenter().lng, map.getZoom()]")


def test_the_view_is_a_link_down_to_the_map_and_its_open_event(browser, server, situation):
    event = situation.events.set_index("id").loc["ev019"]  # Snihurivka, 10 November
    address = f"{server.url}/front?as_of=2022-11-12&basemap=offline&at=46.9,32.7,9&sel=ev019"
    context, page, watch = open_at(browser, 1400, 900, address)
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(event["title"][:40])
    lat, lon, zoom = centre_and_zoom(page)
    assert abs(lat - 46.9) < 0.0009 and abs(lon - 32.7) < 0.0013 and zoom == 9  # within 100 m
    # a pan writes the address as the map moves (no server run needed), and a date step keeps it
    map_frame(page).evaluate("map.setView([47.1, 33.2], 10, {animate: false})")
    expect(page).to_have_url(re.compile(r"at=47\.10000%2C33\.20000%2C10"))
    page.get_by_test_id("stSidebar").get_by_role("button", name="Day before").click()
    expect(page).to_have_url(re.compile(r"as_of=2022-11-11"))
    settle(page)
    expect(page).to_have_url(re.compile(r"at=47\.10000%2C33\.20000%2C10"))
    assert centre_and_zoom(page) == [47.1, 33.2, 10]
    # the event's popup is open again on the new day, once; closing it takes `sel` out of the link.
    # The run's layers reach the map after the run (its frame's title then names the day), and the
    # old day's popup fades out for 200 ms as its layer leaves: wait for the one open popup.
    expect(page.locator(MAP_FRAME).first).to_have_attribute("title", re.compile("as of 2022-11-11"))
    map_frame(page).wait_for_function(ONE_POPUP_OPEN)
    frame.locator(".leaflet-popup-close-button").click()
    expect(page).not_to_have_url(re.compile(r"sel="))
    # Copy link copies the address as it stands
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    # the copied link opens on the same view
    copied = page.url
    context.close()
    context, page, watch = open_at(browser, 1400, 900, copied)
    lat, lon, zoom = centre_and_zoom(page)
    assert abs(lat - 47.1) < 0.0009 and abs(lon - 33.2) < 0.0013 and zoom == 10
    assert watch.js_errors() == []
    context.close()


def test_a_bad_view_in_a_link_is_said_and_ignored(browser, server):
    address = f"{server.url}/front?as_of=2022-11-12&basemap=offline&at=99,32.6,9&sel=ev999"
    context, page, watch = open_at(browser, 1400, 900, address)
    expect(page.get_by_text("The link's at: '99,32.6,9' is not a map view")).to_be_visible()
    expect(page.get_by_text("The link's sel: no event has the id 'ev999'")).to_be_visible()
    west, east = map_frame(page).evaluate("[map.getBounds().getWest(), map.getBounds().getEast()]")
    assert west < 32.62 and east > 38.0  # its own frame: the contact line
    expect(page).not_to_have_url(re.compile(r"at=99"))
    assert watch.js_errors() == []
    context.close()


def test_explore_range_is_the_bar_with_two_handles(page, server, situation):
    watch = Watch(page)
    page.goto(f"{server.url}/explore?from=2022-11-01&to=2022-11-12&basemap=offline")
    handles = page.locator(".st-key-fm_shell_bar .fm-tb-handle")
    expect(handles.first).to_have_attribute("data-day", "2022-11-01")
    expect(handles.nth(1)).to_have_attribute("data-day", "2022-11-12")
    settle(page)
    dates = situation.events["date"]
    expected = dates[dates >= "2022-02-24"].dt.date.value_counts()  # (an event older than the span is on no day)
    assert bars(page) == {d.isoformat(): int(n) for d, n in expected.items()}
    handles.nth(1).focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"to=2022-11-10"))
    inside = ((situation.events["date"] >= "2022-11-01") & (situation.events["date"] <= "2022-11-10")).sum()
    expect(page.get_by_text(f"{inside} of {len(situation.events)} rows")).to_be_visible()
    assert watch.js_errors() == []


def test_a_click_opens_the_lists_under_explores_map(page, server):
    """Explore's filters sit in its fragment, under the map: a click opens their lists, and a
    category chosen there narrows the rows."""
    page.goto(f"{server.url}/explore?basemap=offline")
    expect(page.frame_locator(MAP_FRAME).first.locator(".fm-cloud-total")).to_be_attached()
    settle(page)
    total = int(re.search(r"of ([\d,]+) rows", page.get_by_text(re.compile(r"rows\*?\*? match")).first.inner_text()).group(1).replace(",", ""))
    click_as_a_user(page, page.get_by_label("Category"))
    expect(page.get_by_role("option").first).to_be_visible()
    page.get_by_role("option").first.click()
    page.keyboard.press("Escape")
    line = page.get_by_text(re.compile(r"rows\*?\*? match")).first
    expect(line).to_have_text(re.compile(rf"^(?!{total:,} of)[\d,]+ of {total:,} rows match"))


def test_a_drag_on_the_time_bar_draws_the_days_in_the_browser_and_runs_the_server_once(page, server, situation):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-13&basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("path.fm-snap-2022-11-13").first).to_be_attached()
    settle(page)
    # the index of every day's line is published in the background: the map has it by the next run
    expect(frame.locator("path.fm-snap-2022-11-13").first).to_be_attached()
    map_frame(page).wait_for_function("fm.days && fm.days.show('2022-11-13')")
    page.evaluate(RECORD_LINES, MAP_FRAME)
    bar = page.locator(".st-key-fm_shell_bar .fm-timebar")
    point = time_bar_point(page)
    page.mouse.move(*point(dt.date(2022, 11, 13)))
    page.mouse.down()
    before = len(sent)
    for back in range(1, 11):
        page.mouse.move(*point(dt.date(2022, 11, 13) - dt.timedelta(days=back)))
        expect(bar).to_have_attribute("data-value", (dt.date(2022, 11, 13) - dt.timedelta(days=back)).isoformat())
    assert len(sent) == before, "the server was asked to run during the drag"
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"as_of=2022-11-03"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("3 November 2022")
    settle(page)
    expect(frame.locator("path.fm-snap-2022-11-03").first).to_be_attached()
    drawn = page.evaluate("window.__lines.map(([day]) => day)")
    # the days were drawn as the hand moved (a few may be skipped while one loads), never stale at release
    assert drawn[-1] == "2022-11-03" and len(drawn) >= 3, drawn
    assert drawn == sorted(drawn, reverse=True), drawn
    assert watch.js_errors() == []


def test_a_drag_of_explores_range_draws_the_rows_in_the_browser_and_runs_the_server_once(page, server, situation):
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    watch = Watch(page)
    page.goto(f"{server.url}/explore?from=2022-11-01&to=2022-11-12&basemap=offline")
    total = page.frame_locator(MAP_FRAME).first.locator(".fm-cloud-total")
    dates = situation.events["date"]

    def dated_in(first, last):
        return int(((dates >= first) & (dates <= last)).sum())

    expect(total).to_have_attribute("data-count", str(dated_in("2022-11-01", "2022-11-12")))
    settle(page)
    point = time_bar_point(page)
    page.mouse.move(*point(dt.date(2022, 11, 12)))
    page.mouse.down()
    before = len(sent)
    for back in range(1, 8):
        last = dt.date(2022, 11, 12) - dt.timedelta(days=back)
        page.mouse.move(*point(last))
        expect(total).to_have_attribute("data-count", str(dated_in("2022-11-01", last.isoformat())))
    assert len(sent) == before, "the server was asked to run during the drag"
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"to=2022-11-05"))
    matching = dated_in("2022-11-01", "2022-11-05")
    expect(page.get_by_text(f"{matching} of {len(situation.events)} rows")).to_be_visible()
    settle(page)
    expect(total).to_have_attribute("data-count", str(matching))
    assert watch.js_errors() == []


def test_a_date_step_reruns_the_page_and_the_language_the_app(page, server):
    """On /front a date step reruns the page's fragment (shell.dated) alone; what it writes into
    the sidebar (the date's slider and steps) follows it, and the header's language reruns the
    whole app: the sidebar and the navigation speak it too."""
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("slider")).to_have_attribute("aria-valuetext", "2022-11-12")
    settle(page)
    sidebar.get_by_role("button", name="Day after ▶").click()
    expect(page).to_have_url(re.compile(r"as_of=2022-11-13"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("13 November 2022")
    expect(sidebar.get_by_role("slider")).to_have_attribute("aria-valuetext", "2022-11-13")
    settle(page)
    sidebar.get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"as_of=2022-11-11"))
    expect(page.locator(".st-key-fm_header")).to_contain_text("11 November 2022")
    settle(page)
    page.locator(".st-key-fm_lang").get_by_text("УК", exact=True).click()
    expect(page).to_have_url(re.compile(r"lang=uk"))
    expect(sidebar.get_by_text("Станом на")).to_be_visible()  # "As of", written by the page's fragment
    expect(sidebar.get_by_text("Шари карти")).to_be_visible()  # "Map layers", written by the app
    expect(sidebar.get_by_role("link", name="Фронт")).to_be_visible()  # the navigation
    expect(page.locator(".st-key-fm_header")).to_contain_text("11 листопада 2022")
    assert watch.js_errors() == []
