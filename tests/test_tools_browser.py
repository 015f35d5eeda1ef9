"""The map's tools in Chromium, offline: a place found by name flies there and is marked, the mark is
in the link and comes back with it; the ruler measures geodesic lengths and takes clicks from
nothing else."""

import json
import re
from pathlib import Path

import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, click_at, open_map, settle
from playwright.sync_api import expect
from pyproj import Geod

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
GEOD = Geod(ellps="WGS84")
FRONT = "front?as_of=2022-11-12&basemap=offline"
# The gazetteer's points (data/geo/gazetteer.csv; test_tools.py holds them within 1 km of Wikipedia's).
GAZETTEER = {"Vuhledar": (47.77973, 37.24999), "Siversk": (48.86476, 38.09683), "Toretsk": (48.39167, 37.87333)}
# The map's centre, and its distance in metres from a point (the tools' own Vincenty).
FROM_CENTRE = "([lat, lon]) => fmTools.geodesic(map.getCenter(), L.latLng(lat, lon))"




def open_front(page, url: str):
    return open_map(page, url, "[data-place=kherson]", visible=True)


def shipped_point(place_id: str) -> tuple[float, float]:
    places = json.loads((ROOT / "data" / "geo" / "places.geojson").read_text(encoding="utf-8"))
    lon, lat = next(f["geometry"]["coordinates"] for f in places["features"] if f["properties"]["id"] == place_id)
    return lat, lon


def wait_centred_on(inner, point: tuple[float, float]) -> None:
    inner.wait_for_function(f"(p) => ({FROM_CENTRE})(p) < 1000", arg=list(point))


def test_a_place_found_by_name_is_flown_to_marked_and_in_the_link(page, server):
    watch = Watch(page)
    frame, inner = open_front(page, f"{server.url}/{FRONT}")
    search = frame.locator(".fm-search-input")
    options = frame.locator(".fm-search-list li")
    # Typed, then chosen with Enter (the first), a click, and the arrow keys.
    search.fill("Vuhl")
    expect(options.first).to_contain_text("Vuhledar")
    search.press("Enter")
    wait_centred_on(inner, GAZETTEER["Vuhledar"])
    expect(frame.locator(".fm-mark[data-mark=Vuhledar]")).to_be_visible()
    page.wait_for_function("new URLSearchParams(location.search).get('mark') === '47.77973,37.24999,Vuhledar'")

    search.fill("Sivers'k")  # apostrophes and case do not matter
    siversk = options.filter(has_text=re.compile(r"^Siversk Ukraine$"))
    expect(siversk).to_have_count(1)
    siversk.click()
    wait_centred_on(inner, GAZETTEER["Siversk"])
    expect(frame.locator(".fm-mark[data-mark=Siversk]")).to_be_visible()
    expect(frame.locator(".fm-mark")).to_have_count(1)  # one mark at a time

    search.fill("dzerzhynsk")  # Toretsk's name until 2016 finds it, and says so
    expect(options.first).to_have_text(re.compile(r"^Toretsk \(Dzerzhyns'?k\)"))
    search.fill("Toretsk")
    expect(options.first).to_contain_text("Toretsk")
    search.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    search.press("Enter")
    wait_centred_on(inner, GAZETTEER["Toretsk"])
    page.wait_for_function("(location.search.match(/mark=([^&]*)/) || [])[1] === '48.39167%2C37.87333%2CToretsk'")
    # Escape closes the list.
    search.fill("Vuhl")
    expect(options.first).to_be_visible()
    search.press("Escape")
    expect(frame.locator(".fm-search-list")).to_be_hidden()

    # Streamlit rewrites the address on a date step: the mark stays in it.
    page.get_by_test_id("stSidebar").get_by_role("button", name="Day after").click()
    page.wait_for_function("location.search.includes('as_of=2022-11-13') && location.search.includes('Toretsk')")
    settle(page)
    link = page.url
    assert "mark=48.39167%2C37.87333%2CToretsk" in link

    # The link opens with the mark shown and the map on it.
    frame, inner = open_front(page, link)
    expect(frame.locator(".fm-mark[data-mark=Toretsk]")).to_be_visible()
    wait_centred_on(inner, GAZETTEER["Toretsk"])
    assert watch.js_errors() == []


def test_a_bad_mark_in_a_link_is_said_and_ignored(page, server):
    frame, _ = open_front(page, f"{server.url}/{FRONT}&mark=47.7,east,Nowhere")
    expect(page.get_by_text("The link's mark: the latitude and longitude are not decimal degrees")).to_be_visible()
    expect(frame.locator(".fm-mark")).to_have_count(0)
    page.wait_for_function("!location.search.includes('mark=')")




def test_the_ruler_measures_kherson_to_mykolaiv_and_takes_no_other_click(page, server):
    watch = Watch(page)
    frame, inner = open_front(page, f"{server.url}/{FRONT}")
    total = frame.locator(".fm-ruler-total")
    frame.get_by_role("button", name="Measure distances").click()
    expect(total).to_have_text("Click the map to measure")
    click_at(page, inner, shipped_point("kherson"))  # on the place's dot: no popup opens
    expect(total).to_have_text("Click the next point")
    click_at(page, inner, shipped_point("mykolaiv"))
    expect(total).to_have_text(re.compile(r"^Total \d+\.\d km$"))
    km = float(total.get_attribute("data-km"))
    assert abs(km - 60.7) <= 0.5  # pyproj's WGS84 geodesic: 60.676 km
    expect(frame.locator(".fm-ruler-leg")).to_have_text([total.inner_text().removeprefix("Total ")])
    expect(frame.locator(".leaflet-popup")).to_have_count(0)
    page.keyboard.press("Escape")
    expect(total).to_have_text("Click the map to measure")
    expect(frame.locator(".fm-ruler-leg")).to_have_count(0)
    frame.get_by_role("button", name="Measure distances").click()  # put away
    expect(frame.locator(".fm-ruler-panel")).to_be_hidden()
    # The browser's Vincenty against pyproj's geodesic (Karney), near and far, to a millimetre.
    pairs = [(shipped_point("kherson"), shipped_point("mykolaiv")), (shipped_point("kyiv"), shipped_point("tehran")),
             ((0.0, 0.0), (0.5, 179.5)), ((48.0, 37.0), (48.0, 37.0))]
    for a, b in pairs:
        metres = inner.evaluate("([a, b]) => fmTools.geodesic(L.latLng(a), L.latLng(b))", [list(a), list(b)])
        assert abs(metres - GEOD.inv(a[1], a[0], b[1], b[0])[2]) < 0.001, (a, b)
    assert watch.js_errors() == []


@pytest.mark.parametrize("width,height", [(1400, 900), (390, 844)])
def test_search_and_ruler_screenshots(browser, server, width, height):
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.set_default_timeout(60_000)
    frame, inner = open_front(page, f"{server.url}/{FRONT}")
    if phone:  # folded to icons: the search opens from its button
        expect(frame.locator(".fm-search-input")).to_be_hidden()
        frame.get_by_role("button", name="Find a place").click()
    frame.get_by_role("button", name="Measure distances").click()
    click_at(page, inner, shipped_point("kherson"))
    click_at(page, inner, shipped_point("mykolaiv"))
    expect(frame.locator(".fm-ruler-leg")).to_have_count(1)
    frame.locator(".fm-search-input").fill("Vuhl")
    expect(frame.locator(".fm-search-list li").first).to_contain_text("Vuhledar")
    page.locator(MAP_FRAME).first.screenshot(path=ARTIFACTS / f"tools-{width}x{height}.png")
    controls = frame.locator(".leaflet-top.leaflet-left").bounding_box()
    assert controls["width"] <= 300  # a corner of the map, not a band across it
    frame.locator(".fm-search-input").press("Escape")  # the list closed: the ruler's total shows
    expect(frame.locator(".fm-ruler-total")).to_be_visible()
    page.locator(MAP_FRAME).first.screenshot(path=ARTIFACTS / f"tools-ruler-{width}x{height}.png")
    context.close()


def test_every_map_page_has_the_search_and_the_ruler(page, server):
    watch = Watch(page)
    for path in ("", "supply", "explore", "energy"):
        page.goto(f"{server.url}/{path}?as_of=2022-11-12&basemap=offline")
        settle(page)
        maps = page.locator(MAP_FRAME)
        expect(maps.first).to_be_attached()
        for n in range(maps.count()):
            frame = maps.nth(n).content_frame
            expect(frame.get_by_role("combobox", name="Find a place")).to_be_attached()
            expect(frame.get_by_role("button", name="Measure distances")).to_be_attached()
    assert watch.js_errors() == []


def test_on_explore_a_click_while_measuring_selects_no_row(page, server):
    watch = Watch(page)
    page.goto(f"{server.url}/explore?basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    cell = frame.locator(".fm-cloud-count").first  # a cell of several rows: a click there selects them
    expect(cell).to_be_attached()
    settle(page)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    box = cell.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    frame.get_by_role("button", name="Measure distances").click()
    page.mouse.click(x, y)
    expect(frame.locator(".fm-ruler-total")).to_have_text("Click the next point")
    settle(page)
    expect(page.get_by_text("Selected on the map:")).to_have_count(0)
    frame.get_by_role("button", name="Measure distances").click()  # off: the same click selects
    page.mouse.click(x, y)
    expect(page.get_by_text("Selected on the map:")).to_be_visible()
    assert watch.js_errors() == []


def test_a_mark_goes_with_the_viewer_to_another_page_where_its_map_stands(page, server):
    frame, _ = open_front(page, f"{server.url}/{FRONT}&mark=47.77973,37.24999,Vuhledar")
    expect(frame.locator(".fm-mark[data-mark=Vuhledar]")).to_be_visible()
    page.get_by_role("link", name="Supply").first.click()
    page.wait_for_url(re.compile(r"/supply\?.*mark=47\.77973%2C37\.24999%2CVuhledar"))
    expect(page.frame_locator(MAP_FRAME).first.locator(".fm-mark[data-mark=Vuhledar]")).to_be_attached()
    settle(page)
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert inner.evaluate(FROM_CENTRE, list(GAZETTEER["Vuhledar"])) > 50_000  # Supply's own view, not the mark's
