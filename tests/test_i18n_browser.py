"""The pages in Ukrainian, in Chromium: the header, the time bar and the map's tools speak it, the
places are named in it and found in either script; /front and Overview at a desk's two screens and
a phone's, screenshot into test-artifacts/ to be looked at."""

import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, new_page
from playwright.sync_api import expect
from test_screens_browser import SIZES, drawn

pytestmark = pytest.mark.browser

UK_PAGES = {"overview": "", "front": "front"}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(UK_PAGES))
def test_front_and_overview_in_ukrainian_at_every_size(browser, server, name, size):
    width, height = SIZES[size]
    with new_page(browser, width, height, phone=width < 500) as page:
        look_in_ukrainian(page, f"{server.url}/{UK_PAGES[name]}?as_of=2022-11-12&basemap=offline&lang=uk", name, size)


def look_in_ukrainian(page, url: str, name: str, size: str) -> None:
    width = page.viewport_size["width"]
    watch = Watch(page)
    page.goto(url)
    expect(page.locator(".fm-asof")).to_contain_text("Станом на 12 листопада 2022")
    drawn(page)
    bar = page.locator(".st-key-fm_shell_bar .fm-tb-now")
    expect(bar).to_contain_text("12 лист. 2022")
    expect(bar).to_contain_text("запис")  # "N датованих записів", its plural form
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("[data-place=kherson] .fm-label")).to_have_text("Херсон")
    expect(frame.locator(".fm-search-input, .fm-search-open").first).to_have_attribute("aria-label", "Знайти місце")
    expect(page.get_by_role("button", name="Копіювати посилання")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"screen-uk-{name}-{size}.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "wider than the screen"
    assert watch.blocked == [] and watch.js_errors() == []


def test_a_place_is_found_in_either_script(browser, server):
    with new_page(browser, 1400, 900, locale="uk-UA") as page:
        found_in_either_script(page, server.url)


def found_in_either_script(page, url: str) -> None:
    # no lang= in the link: the browser's language
    page.goto(f"{url}/front?as_of=2022-11-12&basemap=offline")
    expect(page.locator(".fm-asof")).to_contain_text("Станом на")
    page.wait_for_function("new URLSearchParams(location.search).get('lang') === 'uk'")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("[data-place=kherson]")).to_be_visible()
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    search = frame.locator(".fm-search-input")
    options = frame.locator(".fm-search-list li")
    for typed in ("Вугледар", "Vuhledar"):
        search.fill(typed)
        expect(options.first).to_contain_text("Vuhledar")
    for typed in ("Бахмут", "Bakhmut"):  # a place of the map: its Ukrainian name first
        search.fill(typed)
        expect(options.first).to_contain_text("Бахмут")
        expect(options.first).to_contain_text("на цій карті")
