"""The maps for every reader: a keyboard passes them in a few steps, a screen reader hears their
name and what they show; notices and labels stay on the map."""

import re

import pytest
from browser import MAP_FRAME, Watch, settle
from playwright.sync_api import expect
from test_screens_browser import CAPTION_COLOURS, ratio

pytestmark = pytest.mark.browser

FOCUS_OUTSIDE_MAP = "() => document.activeElement && document.activeElement.tagName !== 'IFRAME'"


def test_the_map_has_a_name_words_under_it_and_a_keyboard_passes_it(page, server):
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline")
    frame = page.locator(MAP_FRAME).first
    expect(frame).to_have_attribute("title", re.compile(r"^Map of control areas, .* as of 2022-11-12$"))
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place=kherson]")).to_be_visible()
    settle(page)
    words = page.locator("#fm-after-front_map")
    expect(words).to_contain_text("front line of 2022-11-12")
    expect(words).to_contain_text("Antonivskyi railway bridge: destroyed since 2022-11-11")
    # From the skip link, Enter lands under the map.
    skip = page.get_by_role("link", name="Skip the map")
    skip.focus()
    expect(skip).to_be_visible()  # seen once it has the focus
    page.keyboard.press("Enter")
    expect(words).to_be_focused()
    # Tab from the skip link: through the map's own controls (the frame, zoom in and out, the place
    # search, the ruler, Leaflet's link) and out, none of its dozens of shapes and markers on the way.
    skip.focus()
    presses = 0
    page.keyboard.press("Tab")
    while presses < 20 and not page.evaluate(FOCUS_OUTSIDE_MAP):
        page.keyboard.press("Tab")
        presses += 1
    assert presses <= 7, f"{presses} Tab presses inside the map"
    after = page.evaluate("document.activeElement.getBoundingClientRect().top")
    assert after > frame.bounding_box()["y"] + frame.bounding_box()["height"] - 1
    colours = page.evaluate(CAPTION_COLOURS)
    assert colours and min(ratio(c, b) for c, b in colours) >= 5.0  # WCAG asks 4.5: a margin
    assert watch.js_errors() == []


# Places whose dot is in the map's view, with their label's box and the map's (in the frame).
LABELS = """() => { const edge = map.getContainer().getBoundingClientRect();
    return [...document.querySelectorAll('.fm-icon .fm-place')].map(p => {
        const dot = p.firstElementChild.getBoundingClientRect(), label = p.querySelector('.fm-label');
        if (!label || dot.left < edge.left || dot.right > edge.right || dot.top < edge.top || dot.bottom > edge.bottom) return null;
        const box = label.getBoundingClientRect();
        return [p.dataset.place, box.left >= edge.left - 0.5 && box.right <= edge.right + 0.5];
    }).filter(Boolean); }"""


def map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


@pytest.mark.parametrize("width,height", [(1400, 900), (390, 844)])
def test_no_label_runs_past_the_map_edge(browser, server, width, height):
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline")
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place=bakhmut]")).to_be_visible()
    settle(page)
    inner = map_frame(page)
    inner.evaluate("map.setZoom(map.getZoom())")  # a moveend, as after any pan
    labels = inner.evaluate(LABELS)
    assert len(labels) >= 10
    assert [name for name, inside in labels if not inside] == []
    context.close()


def test_on_a_phone_the_map_comes_first_frames_kherson_to_bakhmut_and_folds_its_legend(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("[data-place=bakhmut]")).to_be_visible()
    settle(page)
    controls = page.locator(".st-key-fm_shell_controls")  # Compare with, Play: under the map
    assert page.locator(MAP_FRAME).bounding_box()["y"] < controls.bounding_box()["y"]
    expect(page.get_by_test_id("stMain").locator(".fm-legend")).to_have_count(0)  # only the map's own
    inner = map_frame(page)
    west, east = inner.evaluate("[map.getBounds().getWest(), map.getBounds().getEast()]")
    assert west < 32.62 and east > 38.0 and east - west < 9  # Kherson and Bakhmut, not the whole country
    fold = frame.locator(".fm-legend-fold")
    expect(fold).to_be_visible()
    fold.get_by_text("Legend").click()
    expect(fold.get_by_text("Russian-held since 2022")).to_be_visible()
    assert watch.js_errors() == []
    context.close()


def test_before_the_first_front_line_a_large_notice_sits_over_the_map_and_crimea_is_drawn(page, server):
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-03-12&basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    notice = frame.locator(".fm-notice")
    expect(notice).to_contain_text("No front-line data exists before 3 April 2022")
    assert float(notice.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px")) >= 20
    expect(frame.locator("path.fm-crimea").first).to_be_attached()
    expect(frame.locator("path.fm-occupied_2014").first).to_be_attached()
    expect(frame.locator("path.fm-occupied_2022")).to_have_count(0)
    # A later day has a line: the notice goes, and the map stays mounted.
    page.get_by_test_id("stSidebar").get_by_role("button", name="Day after").click()
    expect(frame.locator(".fm-notice")).to_contain_text("No front-line data")  # 13 March: still none
    page.goto(f"{server.url}/front?as_of=2022-04-03&basemap=offline")
    expect(page.frame_locator(MAP_FRAME).first.locator("path.fm-occupied_2022").first).to_be_attached()
    expect(page.frame_locator(MAP_FRAME).first.locator(".fm-notice")).to_have_count(0)
    assert watch.js_errors() == []


# The map's land and a place label's colour, as the eye gets them, inside the map's frame.
MAP_COLOURS = """() => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const land = document.querySelector('path.fm-land'), label = document.querySelector('.fm-place .fm-label');
    return {dark: map.getContainer().classList.contains('fm-dark'),
            land: rgb(getComputedStyle(land).fill), label: rgb(getComputedStyle(label).color)};
}"""


def test_in_the_dark_theme_the_map_is_dark_and_its_labels_read(page, server):
    watch = Watch(page)
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline&embed_options=dark_theme")
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place=kherson]")).to_be_visible()
    settle(page)
    inner = map_frame(page)
    colours = inner.evaluate(MAP_COLOURS)
    assert colours["dark"] and max(colours["land"]) < 80  # not the light theme's #F7F5F0
    assert ratio(colours["label"], colours["land"]) >= 7.0
    # the legend's swatches are blended over the same dark land
    assert "background:#3C3C3C" in inner.evaluate("document.querySelector('.fm-legend-fold .fm-legend').innerHTML")
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline&embed_options=light_theme")
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place=kherson]")).to_be_visible()
    settle(page)
    assert not map_frame(page).evaluate(MAP_COLOURS)["dark"]
    assert watch.js_errors() == []
