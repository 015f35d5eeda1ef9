"""Every page at a desk's two screens and a phone's, screenshot into test-artifacts/ to be looked at:
first what the screen shows on opening, then the whole page. Measured on the way: no number in a
card is cut ("100 …"), nothing wider than the screen, no script error."""

import re

import pytest
from browser import ARTIFACTS, MAP_FRAME, PAGES, Watch, settle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"1400x900": (1400, 900), "1920x1080": (1920, 1080), "390x844": (390, 844)}
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
        # its own layers (places, areas, oblasts), fetched after the base: not just the outlines
        frame = page.frame_locator(MAP_FRAME).nth(i)
        expect(frame.locator("[data-place], path[class*='fm-']").first).to_be_visible()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("svg.marks, canvas").first).to_be_attached()


def first_screen_and_whole_page(page, width: int, name: str) -> None:
    """Screenshots of what the screen shows first (`screen-<name>.png`) and of the whole page
    (`page-<name>.png`), once drawn; nothing cut, nothing wider than the screen."""
    drawn(page)
    page.screenshot(path=ARTIFACTS / f"screen-{name}.png")
    assert page.evaluate(CUT_METRICS) == [], "a card's number or label is cut"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "wider than the screen"
    # The whole page: Streamlit scrolls inside its own container, so the window grows to hold it.
    page.set_viewport_size({"width": width, "height": min(page.evaluate(PAGE_HEIGHT), 12_000)})
    drawn(page)
    page.screenshot(path=ARTIFACTS / f"page-{name}.png")


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
    first_screen_and_whole_page(page, width, f"{name}-{size}")
    assert watch.blocked == [] and watch.js_errors() == []
    context.close()


# A caption's colour as the eye gets it: its colour at its opacity over the page's background.
CAPTION_COLOURS = """() => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const back = rgb(getComputedStyle(document.querySelector('[data-testid=stMain]')).backgroundColor
        .replace('rgba(0, 0, 0, 0)', getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor));
    return [...document.querySelectorAll('[data-testid=stMain] [data-testid=stCaptionContainer]')].map(e => {
        const style = getComputedStyle(e), alpha = Number(style.opacity);
        return [rgb(style.color).map((c, i) => c * alpha + back[i] * (1 - alpha)), back];
    });
}"""


def ratio(front, back) -> float:
    def luminance(rgb):
        lin = [c / 255 / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(front), luminance(back)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_dark_theme_is_chosen_in_the_sidebar_kept_in_the_url_and_captions_read(page, server):
    watch = Watch(page)
    page.goto(f"{server.url}/aid?as_of=2022-11-12")
    expect(page.locator("h1").first).to_be_visible()
    settle(page)
    light = page.evaluate(CAPTION_COLOURS)
    assert light and min(ratio(c, b) for c, b in light) >= 5.0  # WCAG asks 4.5: a margin
    page.get_by_role("link", name="Dark, high contrast").click()
    expect(page).to_have_url(re.compile(r"embed_options=dark_theme"))
    expect(page.get_by_test_id("stApp")).to_have_css("background-color", "rgb(0, 0, 0)")
    settle(page)
    assert "as_of=2022-11-12" in page.url  # the view came along
    dark = page.evaluate(CAPTION_COLOURS)
    assert dark and min(ratio(c, b) for c, b in dark) >= 7.0
    expect(page.get_by_test_id("stSidebar").get_by_text("Dark, high contrast")).to_be_visible()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Front").click()
    expect(page.locator("h1").first).to_have_text("The front")
    # the tab stays dark, and so does its address (Streamlit alone drops embed_options on a page
    # switch): after the switch and after a date step, a copied link opens dark
    expect(page.get_by_test_id("stApp")).to_have_css("background-color", "rgb(0, 0, 0)")
    expect(page).to_have_url(re.compile(r"/front\?.*embed_options=dark_theme"))
    page.get_by_test_id("stSidebar").get_by_role("button", name="Day before").click()
    expect(page).to_have_url(re.compile(r"as_of=2022-11-11.*embed_options=dark_theme|embed_options=dark_theme.*as_of=2022-11-11"))
    drawn(page)
    page.screenshot(path=ARTIFACTS / "screen-front-dark-1400.png")
    assert watch.js_errors() == []
