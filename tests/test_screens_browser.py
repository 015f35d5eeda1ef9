"""Every page at a desk's two screens and a phone's, screenshot into test-artifacts/ to be looked at:
first what the screen shows on opening, then the whole page. Measured on the way: no number in a
card is cut ("100 …"), nothing wider than the screen, no script error."""

import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, settle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"1400x900": (1400, 900), "1920x1080": (1920, 1080), "390x844": (390, 844)}
PAGES = {
    "overview": "",
    "front": "front",
    "humanitarian": "humanitarian",
    "energy": "energy",
    "aid": "aid",
    "supply": "supply",
    "explore": "explore",
    "sources": "sources",
    "briefing": "briefing?deck=kherson-2022-11&slide=4",
}
# A card's number or label whose text runs past its box (Streamlit cuts it with an ellipsis).
CUT_METRICS = """() => [...document.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricLabel]')]
    .filter(e => [e, ...e.querySelectorAll('*')].some(x => x.scrollWidth > x.clientWidth + 1))
    .map(e => e.innerText)"""
PAGE_HEIGHT = """() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], section')]
    .map(e => e.scrollHeight))"""


def drawn(page) -> None:
    """Wait until every map has drawn its shapes and every chart its marks."""
    settle(page)
    for i in range(page.locator(MAP_FRAME).count()):
        expect(page.frame_locator(MAP_FRAME).nth(i).locator(".leaflet-container path").first).to_be_attached()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg.marks, canvas").first).to_be_attached()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_at_every_size(browser, server, name, size):
    width, height = SIZES[size]
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone, device_scale_factor=1
    )
    page = context.new_page()
    watch = Watch(page)
    sep = "&" if "?" in PAGES[name] else "?"
    page.goto(f"{server.url}/{PAGES[name]}{sep}as_of=2022-11-12&basemap=offline")
    expect(page.locator("h1").first).to_be_visible()
    drawn(page)
    page.screenshot(path=ARTIFACTS / f"screen-{name}-{size}.png")
    assert page.evaluate(CUT_METRICS) == [], "a card's number or label is cut"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "wider than the screen"
    # The whole page: Streamlit scrolls inside its own container, so the window grows to hold it.
    page.set_viewport_size({"width": width, "height": min(page.evaluate(PAGE_HEIGHT), 12_000)})
    drawn(page)
    page.screenshot(path=ARTIFACTS / f"page-{name}-{size}.png")
    assert watch.blocked == [] and watch.js_errors() == []
    context.close()
