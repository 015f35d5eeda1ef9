"""The pages in Ukrainian, in Chromium: the header, the time bar and the map's tools speak it, the
places are named in it and found in either script; /front and Overview at a desk's two screens and
a phone's, screenshot into test-artifacts/ to be looked at."""

import re

import pytest
from browser import ARTIFACTS, MAP_FRAME, PAGES, Watch, new_page
from playwright.sync_api import expect
from test_screens_browser import SIZES, drawn, first_screen_and_whole_page

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


OTHER_PAGES = [name for name in PAGES if name not in UK_PAGES]
CYRILLIC = re.compile("[А-Яа-яІіЇїЄєҐґ]")


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", OTHER_PAGES)
def test_every_other_page_in_ukrainian_at_every_size(browser, server, name, size):
    """Each page opened in Ukrainian: its heading in it, nothing cut or wider than the screen, no
    script error; what the screen shows first and the whole page, screenshot to be looked at."""
    width, height = SIZES[size]
    with new_page(browser, width, height, phone=width < 500) as page:
        watch = Watch(page)
        sep = "&" if "?" in PAGES[name] else "?"
        page.goto(f"{server.url}/{PAGES[name]}{sep}as_of=2022-11-12&basemap=offline&lang=uk")
        heading = page.locator("h1").first
        expect(heading).to_have_text(CYRILLIC)
        first_screen_and_whole_page(page, width, f"uk-{name}-{size}")
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
    # the scale bar in Ukrainian units, metres only
    scale = frame.locator(".leaflet-control-scale-line")
    expect(scale.first).to_have_text(re.compile(r"^\d+ к?м$"))
    expect(scale.nth(1)).to_be_hidden()


def test_the_scale_bar_keeps_english_units_in_english(page, server):
    page.goto(f"{server.url}/front?as_of=2022-11-12&basemap=offline&lang=en")
    scale = page.frame_locator(MAP_FRAME).first.locator(".leaflet-control-scale-line")
    expect(scale.first).to_have_text(re.compile(r"^\d+ k?m$"))
    expect(scale.nth(1)).to_have_text(re.compile(r"^\d+ (mi|ft)$"))


def test_explores_map_tools_speak_ukrainian(browser, server):
    """The words the map's own scripts show come from Python in the page's language: the lasso's
    button and the count of the rows drawn."""
    with new_page(browser, 1400, 900) as page:
        watch = Watch(page)
        page.goto(f"{server.url}/explore?basemap=offline&lang=uk")
        page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
        frame = page.frame_locator(MAP_FRAME).first
        expect(frame.locator(".fm-cloud-total")).to_contain_text(re.compile(r"(запис|записи|записів) на карті"))
        lasso = frame.locator(".fm-lasso-toggle")
        expect(lasso).to_have_attribute("aria-label", "Накреслити фігуру: залишити записи всередині неї")
        lasso.click()
        expect(frame.locator(".fm-lasso-status")).to_have_text("Клацайте вершини або обведіть записи, утримуючи кнопку; Esc зупиняє")
        assert watch.js_errors() == []


# What a reader sees of an element: each element's text where it is shown (not hidden, not of size
# 0) and the words a style puts before or after it; an icon's ligature ("upload") is no word.
SEEN = """(root) => {
  const out = [], shown = (s) => s.visibility === "visible" && parseFloat(s.fontSize) > 0;
  const content = (s) => (s.content && s.content !== "none" && s.content !== "normal" && shown(s) ? [JSON.parse(s.content)] : []);
  const walk = (el) => {
    const style = getComputedStyle(el);
    if (style.display === "none" || el.dataset.testid === "stIconMaterial") return;
    out.push(...content(getComputedStyle(el, "::before")));
    let text = "";
    for (const node of el.childNodes) {
      if (node.nodeType === 1) walk(node);
      else if (node.nodeType === 3 && shown(style)) text += node.textContent;
    }
    if (text.trim()) out.push(text.trim());
    out.push(...content(getComputedStyle(el, "::after")));
  };
  walk(root);
  return out.join(" | ");
}"""
TYPES = "GEOJSON, JSON, CSV, TSV, TXT, GZ, PARQUET, KML, KMZ, GPKG, ZIP"


@pytest.mark.parametrize("size", ["desk", "phone"])
@pytest.mark.parametrize(
    ("lang", "said"),
    [("uk", f"Вибрати файли | 60\xa0МБ на файл • {TYPES}"), ("en", f"Upload | 60MB per file • {TYPES}")],
)
def test_the_uploaders_own_words_in_the_pages_language(browser, server, lang, said, size):
    """Streamlit writes its uploader's button and line of limits in English, with no setting: on a
    page in Ukrainian ours are seen in their place, in the same size; in English, Streamlit's own."""
    width, height = (1400, 900) if size == "desk" else (390, 844)
    with new_page(browser, width, height, phone=size == "phone") as page:
        watch = Watch(page)
        page.goto(f"{server.url}/explore?lang={lang}&basemap=offline")
        zone = page.locator(".st-key-upload_files").get_by_test_id("stFileUploaderDropzone")
        expect(zone).to_be_visible()
        zone.scroll_into_view_if_needed()
        page.wait_for_function(f"() => ({SEEN})(document.querySelector('.st-key-upload_files [data-testid=stFileUploaderDropzone]')) === {said!r}")
        sizes = zone.evaluate(
            "z => [z.querySelector('button p'), z.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span')]"
            ".map((e) => getComputedStyle(e).display === 'none' ? getComputedStyle(e.parentElement, '::after') : getComputedStyle(e))"
            ".map((s) => [s.fontSize, s.lineHeight])"
        )
        assert sizes == [["14px", "22.4px"], ["14px", "22.4px"]]  # (Streamlit's own, in either language)
        expect(zone.get_by_role("button", name=said.split(" | ")[0], exact=True)).to_be_visible()  # (its name, said once)
        box = zone.bounding_box()
        assert page.evaluate("document.documentElement.scrollWidth") <= width and box["x"] + box["width"] <= width
        page.screenshot(path=ARTIFACTS / f"uploader-{lang}-{width}.png")
        assert watch.blocked == [] and watch.js_errors() == []
