"""Hostile uploads and a data folder with script in its text, in Chromium: messages naming the file
and the row or limit, the good rows loaded, no script run, no request leaving localhost."""

import os
import re

import pytest
from browser import ARTIFACTS, MAP_FRAME, MAP_MADE, PAGES, Server, Watch, settle
from hostile.corpus import FOLDERS, broken_folder, uploads
from playwright.sync_api import expect

from frontmap import safetext
from frontmap.data.dataset import DEFAULT_DATA_DIR

pytestmark = pytest.mark.browser

IN_CHROMIUM = [
    "deep.geojson",
    "properties_list.geojson",
    "line_column.csv",
    "huge_number.geojson",
    "bogus_type.geojson",
    "header_only.csv",
    "script_title.csv",
    "[log in again](javascript:alert(1)).csv",
    "![](http://198.51.100.7/pixel.png).geojson",
    "formulas.csv",
    "many_columns.csv",
    "truncated.geojson",
    "pixel_description.kml",
    "laughs.kml",
]
CASES = {c.name: c for c in uploads() if c.name in IN_CHROMIUM}

# Every popup and tooltip of the map opened in turn: what a reader's clicks and hovers would render.
OPEN_ALL = """() => { let n = 0;
    map_div.eachLayer(l => {
        if (l.getPopup && l.getPopup()) { l.openPopup(l.getLatLng ? l.getLatLng() : map_div.getCenter()); n++; }
        if (l.getTooltip && l.getTooltip()) { l.openTooltip(l.getLatLng ? l.getLatLng() : map_div.getCenter()); }
    });
    return n; }"""


def nothing_ran(page) -> None:
    assert page.evaluate("document.title") != "PWNED"
    for frame in page.frames:
        assert frame.evaluate("document.title") != "PWNED"
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("img[src*='198.51.100.7']").count() == 0
    # nor a link made of the text: a bare address in escaped markdown was still autolinked (issue 24)
    assert page.locator("a[href*='198.51.100.7'], a[href*='outside.example']").count() == 0


def test_hostile_uploads_in_chromium(page, server):
    assert len(CASES) >= 10
    watch = Watch(page)
    page.goto(f"{server.url}/explore?basemap=offline")
    page.locator("input[type=file]").set_input_files(
        [{"name": c.name, "mimeType": "text/plain", "buffer": c.data} for c in CASES.values()]
    )
    for case in CASES.values():
        name = safetext.unlinked(case.name)  # as shown: a word joiner where an autolink would start
        if case.good_rows:
            expect(page.get_by_text(f"{name} (", exact=False).first).to_be_visible()
            expect(page.get_by_text(re.compile(rf"{case.good_rows:,} rows loaded")).first).to_be_visible()
        else:
            expect(page.get_by_text(f"{name}: ", exact=False).first).to_be_visible()
        if case.expect:
            expect(page.get_by_text(case.expect, exact=False).first).to_be_attached()
    settle(page)
    expect(page.locator(MAP_FRAME).first).to_be_visible()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    inner.wait_for_function(MAP_MADE)
    assert inner.evaluate(OPEN_ALL) > 0
    page.screenshot(path=ARTIFACTS / "hostile-uploads.png", full_page=True)
    nothing_ran(page)
    assert watch.blocked == [], watch.blocked
    assert watch.js_errors() == []


def server_on(tmp_path_factory, corruption: str) -> Server:
    """A server on a copy of the shipped data folder broken one way (`hostile.corpus.FOLDERS`)."""
    folder = broken_folder(DEFAULT_DATA_DIR, tmp_path_factory.mktemp("data") / "geo", corruption)
    old = os.environ.get("FRONTMAP_DATA")
    os.environ["FRONTMAP_DATA"] = str(folder)
    try:
        return Server()
    finally:
        if old is None:
            del os.environ["FRONTMAP_DATA"]
        else:
            os.environ["FRONTMAP_DATA"] = old


@pytest.fixture(scope="module")
def markup_server(tmp_path_factory):
    running = server_on(tmp_path_factory, "markup_in_text")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def every_markup_server(tmp_path_factory):
    running = server_on(tmp_path_factory, "markup_in_every_text_field")
    yield running
    running.stop()


@pytest.mark.parametrize("name", list(PAGES))
def test_markup_in_every_text_field_is_text_on_every_page(page, every_markup_server, name):
    # issue 24: every text field of every table holds HTML, markdown and bare addresses
    watch = Watch(page)
    # the briefing on a slide with figure cards
    address = "briefing?deck=kherson-2022-11&slide=7" if name == "briefing" else PAGES[name]
    page.goto(f"{every_markup_server.url}/{address}{'&' if '?' in address else '?'}basemap=offline")
    settle(page)
    expect(page.get_by_text("outside.example", exact=False).first).to_be_attached()  # shown, as text
    nothing_ran(page)
    assert watch.blocked == [], watch.blocked


@pytest.mark.parametrize(
    "path",
    [
        "front?as_of=2022-11-12&basemap=offline",
        "?as_of=2022-11-12&basemap=offline",
        "energy?as_of=2022-11-12&basemap=offline",  # figure cards, as on / (issue 24)
    ],
)
def test_script_in_a_data_folder_runs_nowhere(page, markup_server, path):
    assert "markup_in_text" in FOLDERS
    watch = Watch(page)
    page.goto(f"{markup_server.url}/{path}")
    expect(page.locator(MAP_FRAME).first).to_be_visible()
    settle(page)
    # the markdown image in the figures' source and the events' titles is there, as text
    expect(page.get_by_text("198.51.100.7/pixel.png)", exact=False).first).to_be_attached()
    if not path.startswith("energy"):  # the energy map has no river
        inner = next(f for f in page.frames if "streamlit_folium" in f.url)
        # the river's layer is fetched after the map draws: open everything until its tooltip is there
        river_open = "[...document.querySelectorAll('.leaflet-tooltip')].some(t => t.textContent.includes('Dnipro'))"
        inner.wait_for_function(f"{MAP_MADE} && ({OPEN_ALL})() > 0 && {river_open}")
        # the river's and the places' names are in the open tooltips, as text
        shown = page.frame_locator(MAP_FRAME).first.locator(".leaflet-tooltip, .leaflet-popup-content")
        expect(shown.filter(has_text="Dnipro<script>").first).to_be_attached()
    nothing_ran(page)
    assert watch.blocked == [], watch.blocked


def test_the_x_of_an_uploaded_file_removes_its_rows(page, server):
    keep, drop = CASES["line_column.csv"], CASES["script_title.csv"]
    watch = Watch(page)
    page.goto(f"{server.url}/explore?basemap=offline")
    page.locator("input[type=file]").set_input_files(
        [{"name": c.name, "mimeType": "text/csv", "buffer": c.data} for c in (keep, drop)]
    )
    expect(page.get_by_text(f"{drop.name} (CSV): 2 rows loaded", exact=False)).to_be_visible()
    expect(page.get_by_text(f"{keep.name} (CSV): 2 rows loaded", exact=False)).to_be_visible()
    page.get_by_role("button", name=f"Remove {drop.name}").click()  # the file chip's x
    expect(page.get_by_text(f"{drop.name} (CSV)", exact=False)).to_have_count(0)
    expect(page.get_by_text(f"{keep.name} (CSV): 2 rows loaded", exact=False)).to_be_visible()
    settle(page)
    assert watch.js_errors() == []


def test_a_hostile_deck_shows_as_text(page, server):
    from test_hostile import HOSTILE_DECK

    watch = Watch(page)
    page.goto(f"{server.url}/briefing?basemap=offline")
    page.get_by_text("Briefings and exports").click()
    page.locator("input[type=file]").set_input_files(
        {"name": "evil.toml", "mimeType": "application/toml", "buffer": HOSTILE_DECK.encode()}
    )
    settle(page)  # a deck that loads opens at once
    expect(
        page.get_by_role("heading", name="[log in again](javascript:alert(1))", exact=False)
    ).to_be_visible()
    expect(page.get_by_text("<script>document.title='PWNED'</script>", exact=False)).to_be_visible()
    settle(page)
    assert page.locator("iframe[srcdoc], form[action*='198.51.100.7']").count() == 0
    nothing_ran(page)
    page.screenshot(path=ARTIFACTS / "hostile-deck.png", full_page=True)
    assert watch.blocked == [], watch.blocked
