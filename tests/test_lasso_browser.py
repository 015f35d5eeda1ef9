"""Explore's lasso in Chromium, offline: a shape clicked around Kherson oblast keeps the rows inside it
(the count, the table and the link follow), comes back with the link, and clears."""

import re
from urllib.parse import parse_qs, urlparse

import geopandas as gpd
import pandas as pd
import pytest
from browser import ARTIFACTS, MAP_FRAME, ROOT, Watch, click_at, open_map, settle
from playwright.sync_api import expect

from frontmap.data import explore, lasso, timeline
from frontmap.data.dataset import load_situation

pytestmark = pytest.mark.browser

OBLASTS = gpd.read_file(ROOT / "data" / "geo" / "oblasts.geojson")
KHERSON = OBLASTS.loc[OBLASTS["id"] == "UA-65"].geometry.iloc[0]
DRAW = "Draw a shape: keep the rows inside it"


def corners() -> list[tuple[float, float]]:
    """The oblast's mainland outline, 2 km wider and simplified to a few dozen corners, as (lat, lon)."""
    mainland = max(KHERSON.geoms, key=lambda p: p.area)
    outline = mainland.buffer(0.02).simplify(0.08).exterior.coords[:-1]
    return [(lat, lon) for lon, lat in outline]






def expected(text: str) -> set[str]:
    """The shipped events inside the shape of a link's text, by geopandas, within the page's days."""
    sit = load_situation()
    rows = explore.all_rows(sit, [])
    span = timeline.span_of(sit)
    dated = explore.apply(rows, explore.Filters(span.first, span.last))
    polygon = gpd.GeoDataFrame(geometry=[lasso.parse(text)[0]], crs="EPSG:4326")
    return set(gpd.sjoin(dated, polygon, predicate="within")["row_id"])


def shape_in_address(page) -> str:
    page.wait_for_function("new URL(location.href).searchParams.has('shape')")
    return parse_qs(urlparse(page.url).query)["shape"][0]


def shows_rows(page, ids: set[str], total: int) -> None:
    """The count says them; the table's first rows and its CSV download are them."""
    expect(page.get_by_text(re.compile(rf"^{len(ids)} of {total} rows match, inside the shape drawn")).first).to_be_visible()
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    cells = grid.locator("td", has_text=re.compile(r"^ev\d{3}$"))
    expect(cells.first).to_be_attached()
    assert set(cells.all_inner_texts()) <= ids
    with page.expect_download() as started:
        page.get_by_role("button", name="Rows as CSV").click()
    assert set(pd.read_csv(started.value.path())["row_id"]) == ids


def test_a_lasso_around_kherson_oblast_filters_the_rows_is_in_the_link_and_clears(page, server):
    watch = Watch(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    frame, inner = open_map(page, f"{server.url}/explore?basemap=offline", ".fm-cloud-total")
    total = int(re.search(r"of (\d+) rows", page.get_by_text(re.compile(r"of \d+ rows match")).first.inner_text()).group(1))
    minx, miny, maxx, maxy = KHERSON.bounds
    # (clear of the controls in the top left corner)
    inner.evaluate("(b) => map.fitBounds(b, {animate: false, paddingTopLeft: [260, 150], paddingBottomRight: [30, 30]})", [[miny, minx], [maxy, maxx]])

    frame.get_by_role("button", name="Measure distances").click()
    frame.get_by_role("button", name=DRAW).click()  # the ruler is put away: one tool takes the clicks
    expect(frame.locator(".fm-ruler-panel")).to_be_hidden()
    expect(frame.locator(".fm-lasso-status")).to_have_text(re.compile("Click corners or drag"))
    points = corners()
    for point in points:
        click_at(page, inner, point)
    expect(frame.locator(".fm-lasso-status")).to_have_text(re.compile(rf"^{len(points)} corner"))
    expect(frame.locator(".leaflet-popup")).to_have_count(0)  # a click while drawing opens nothing
    click_at(page, inner, points[0])  # the first corner closes it

    text = shape_in_address(page)
    ids = expected(text)
    assert len(ids) > 10  # Kherson, Nova Kakhovka, the bridges, Henichesk...
    expect(page.get_by_text(re.compile(rf"^{len(ids)} of {total} rows match")).first).to_be_visible()
    expect(frame.locator(".fm-lasso-status")).to_have_text("Rows inside the shape (1 polygon)")
    expect(frame.locator("path.fm-lasso-line[fill-opacity='0.05']")).to_have_count(1)  # the shape, as the page keeps it
    settle(page)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / "explore-lasso-1400x900.png"))
    shows_rows(page, ids, total)
    expect(page.get_by_text("Selected on the map:")).to_have_count(0)

    # The address, opened again: the same shape drawn, the same rows.
    page.goto(page.url)
    frame, inner = open_map(page, page.url, ".fm-cloud-total")
    shows_rows(page, ids, total)
    expect(frame.locator(".fm-lasso-status")).to_have_text("Rows inside the shape (1 polygon)")
    assert shape_in_address(page) == text

    # The map's Clear shape: gone from the rows, the map and the address.
    frame.get_by_role("button", name="Clear shape").click()
    page.wait_for_function("!new URL(location.href).searchParams.has('shape')")
    expect(page.get_by_text("inside the shape drawn")).to_have_count(0)
    expect(frame.locator(".fm-lasso-status")).to_be_hidden()

    # Escape drops a sketch; a drag draws freehand and closes as the button is let go.
    frame.get_by_role("button", name=DRAW).click()
    click_at(page, inner, points[0])
    expect(frame.locator(".fm-lasso-status")).to_have_text(re.compile("^1 corner"))
    page.keyboard.press("Escape")
    expect(frame.locator(".fm-lasso-status")).to_have_text(re.compile("Click corners or drag"))
    box = page.locator(MAP_FRAME).first.bounding_box()
    centre = inner.evaluate("() => { const r = map.getContainer().getBoundingClientRect(), s = map.getSize(); return [r.left + s.x / 2, r.top + s.y / 2]; }")
    x, y = box["x"] + centre[0], box["y"] + centre[1]
    page.mouse.move(x - 100, y - 60)
    page.mouse.down()
    for dx, dy in ((100, -60), (100, 60), (-100, 60), (-100, -40)):
        page.mouse.move(x + dx, y + dy, steps=8)
    page.mouse.up()
    assert shape_in_address(page)
    expect(page.get_by_text("inside the shape drawn").first).to_be_visible()

    # The page's Clear shape button does the same.
    page.get_by_role("button", name="Clear shape").click()
    page.wait_for_function("!new URL(location.href).searchParams.has('shape')")
    expect(frame.locator(".fm-lasso-status")).to_be_hidden()
    assert watch.js_errors() == []
