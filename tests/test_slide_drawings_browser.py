"""Drawing on a slide in Chromium: an arrow and a label drawn with Leaflet.draw's tools on the
projector's map stay with the slide, leave in the deck's TOML, come back in a fresh session in the
same place, and are in the PNG, the PDF page and on the phone remote."""

import io
import re
import tomllib

import numpy as np
import pypdfium2
import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, new_page, settle
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image
from playwright.sync_api import expect

from frontmap.briefing import decks
from frontmap.maps import annotations

pytestmark = pytest.mark.browser

SLIDE = 4  # "The withdrawal order", at Kherson
ARROW = [(47.05, 32.3), (46.98, 32.6), (46.82, 32.72)]  # [lat, lon] clicked: from Mykolaiv's east, curving south
LABEL = (46.9, 33.3)
PLACED = (46.8, 33.05)  # where the label is first placed, before the edit tool moves it to LABEL
AT_LABEL = (
    "([lat, lon]) => { const e = document.querySelector('.fm-drawn-label .fm-drawn-text'); if (!e) return false;"
    " const r = e.getBoundingClientRect(), p = window.map.latLngToContainerPoint([lat, lon]);"
    " return Math.abs(r.left + r.width / 2 - p.x) < 3 && Math.abs(r.top + r.height / 2 - p.y) < 3; }"
)
TEXT = "Counter-attack <b>here</b>"
RED = np.array([0xB3, 0x00, 0x1B])


def _map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _on_screen(page, lat: float, lon: float) -> tuple[float, float]:
    """Where a point of the map is on the page (the map's own projection)."""
    box = page.locator(MAP_FRAME).bounding_box()
    p = _map_frame(page).evaluate(f"(() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }})()")
    return box["x"] + p[0], box["y"] + p[1]


# Leaflet.draw ignores a click within 50 ms of the last vertex (it takes it for a double click): a
# person never clicks that fast, a test does. Each click waits for the tool to take the next.
READY = (
    "(tool) => { const k = Object.keys(window).find((k) => /^draw_control/.test(k));"
    " return k && !window[k]._toolbars.draw._modes[tool].handler._disableMarkers; }"
)


def _click_points(page, tool: str, points) -> None:
    inner = _map_frame(page)
    for lat, lon in points:
        inner.wait_for_function(READY, arg=tool)
        page.mouse.click(*_on_screen(page, lat, lon))


def _still(page) -> None:
    """The map at the slide's zoom, not in the middle of moving there."""
    _map_frame(page).wait_for_function("() => window.map && window.map.getZoom() === 9 && !window.map._animatingZoom")


def _drawings(page, count: int) -> None:
    expect(page.get_by_text(f"Draw on this slide ({count})")).to_be_visible()
    settle(page)


def _near(image: np.ndarray, x: float, y: float, colour: np.ndarray, radius: int = 6, tolerance: int = 40) -> bool:
    """A pixel of `colour` within `radius` pixels of (x, y)."""
    x, y = int(round(x)), int(round(y))
    patch = image[max(0, y - radius) : y + radius + 1, max(0, x - radius) : x + radius + 1, :3].astype(int)
    return bool((np.abs(patch - colour).max(axis=2) <= tolerance).any())


def _red_pixels(image: np.ndarray) -> int:
    return int((np.abs(image[:, :, :3].astype(int) - RED).max(axis=2) <= 40).sum())


def _tools_on(page, url: str, tools: tuple[str, str] = ("Draw on this slide (0)", "Drawing tools on the map")):
    """The slide at `url` with its drawing tools on the map (`tools`: the words that open them)."""
    page.goto(url)
    expect(page.get_by_text(f"{SLIDE} / 10")).to_be_visible()
    settle(page)
    page.keyboard.press("h")  # the controls pinned
    page.get_by_text(tools[0]).click()
    page.get_by_text(tools[1]).click()
    page.keyboard.press("h")  # unpinned, the controls stay away while the tools are on
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-draw-draw-polyline")).to_be_visible()
    return frame


def test_an_arrow_and_a_label_drawn_on_a_slide_travel_with_the_deck(browser, server, situation, tmp_path):
    with new_page(browser, 1400, 900) as page:
        watch = Watch(page)
        frame = _tools_on(page, f"{server.url}/briefing?deck=kherson-2022-11&slide={SLIDE}&basemap=offline")
        page.get_by_text("red, dashed").click()
        settle(page)
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        _still(page)

        # an arrow: three points, the last clicked twice to finish
        frame.locator(".leaflet-draw-draw-polyline").click()
        _click_points(page, "polyline", [*ARROW, ARROW[-1]])
        _drawings(page, 1)

        # a label: its text typed beside the map, then placed with the label tool
        page.get_by_text("blue, solid").click()
        page.get_by_role("textbox", name="Text of the next label").fill(TEXT)
        page.get_by_role("textbox", name="Text of the next label").press("Enter")
        settle(page)
        frame.locator(".leaflet-draw-draw-circlemarker").click()
        page.mouse.click(*_on_screen(page, *PLACED))
        _drawings(page, 2)
        _map_frame(page).wait_for_function(AT_LABEL, arg=list(PLACED))
        # Leaflet.draw's own drafts have given way to the two drawings, unseen until edited
        _map_frame(page).wait_for_function("() => window.drawnItems.getLayers().length === 2")

        # the label moved with the edit tool: dragged by its handle, saved
        frame.locator(".leaflet-draw-edit-edit").click()
        handle = frame.locator(".leaflet-edit-move")
        expect(handle).to_have_count(1)
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(*_on_screen(page, *LABEL), steps=12)
        page.mouse.up()
        frame.locator(".leaflet-draw-actions a", has_text="Save").click()
        _map_frame(page).wait_for_function(AT_LABEL, arg=list(LABEL))
        settle(page)
        page.screenshot(path=ARTIFACTS / "drawings-1400-drawn.png")

        # away and back: still there
        page.keyboard.press("PageDown")
        expect(page.get_by_text(f"{SLIDE + 1} / 10")).to_be_visible()
        _drawings(page, 0)
        page.keyboard.press("PageUp")
        expect(page.get_by_text(f"{SLIDE} / 10")).to_be_visible()
        _drawings(page, 2)

        page.keyboard.press("h")
        page.get_by_text("Briefings and exports").click()
        with page.expect_download() as got:
            page.get_by_test_id("stDownloadButton").filter(has_text="Briefing as TOML").click()
        saved = tmp_path / "kherson-2022-11.toml"
        got.value.save_as(saved)
        assert watch.blocked == [] and watch.js_errors() == []

    drawn = tomllib.loads(saved.read_text(encoding="utf-8"))["slides"][SLIDE - 1]["annotations"]
    assert [(a["type"], a["colour"], a.get("text", "")) for a in drawn] == [("arrow", "red", ""), ("label", "blue", TEXT)]
    # where it was clicked, to within a pixel's worth at zoom 9 (0.003°)
    assert np.allclose([c[::-1] for c in drawn[0]["coords"]], ARROW, atol=0.003)
    assert np.allclose(drawn[1]["coords"][0][::-1], LABEL, atol=0.003)

    deck, problems = decks.parse_deck(saved.read_bytes(), saved.name)
    assert problems == []

    # a fresh session: the deck loaded from the file, the drawings where they were drawn
    with new_page(browser, 1400, 900) as page:
        watch = Watch(page)
        page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide={SLIDE}&basemap=offline")
        expect(page.get_by_text(f"{SLIDE} / 10")).to_be_visible()
        settle(page)
        _drawings(page, 0)
        page.keyboard.press("h")
        page.get_by_text("Briefings and exports").click()
        page.locator(".st-key-deck_upload input[type=file]").set_input_files(saved)
        expect(page.get_by_text("1 / 10")).to_be_visible()  # a deck loaded opens at its first slide
        for number in range(2, SLIDE + 1):
            settle(page)
            page.locator(".st-key-slide_next button").click()
            expect(page.get_by_text(f"{number} / 10")).to_be_visible()
        _drawings(page, 2)
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        frame = page.frame_locator(MAP_FRAME).first
        label = frame.locator(".fm-drawn-label .fm-drawn-text")
        expect(label).to_have_text(TEXT)  # as text: the <b> shows, nothing is bold
        assert frame.locator(".fm-drawn-label b").count() == 0
        page.keyboard.press("h")  # the controls away, to see the map
        page.mouse.move(5, 5)
        _still(page)
        box = label.bounding_box()
        x, y = _on_screen(page, *LABEL)
        assert abs(box["x"] + box["width"] / 2 - x) < 3 and abs(box["y"] + box["height"] / 2 - y) < 3
        shot = np.asarray(Image.open(io.BytesIO(page.screenshot())).convert("RGB"))
        page.screenshot(path=ARTIFACTS / "drawings-1400-reloaded.png")
        # the arrow's red on its middle point, on screen
        assert _near(shot, *_on_screen(page, *ARROW[1]), RED)

        code = page.locator(".fm-room-code").inner_text().split()[-1]
        page.keyboard.press("h")
        page.get_by_text("Briefings and exports").click()  # folded again on each new slide
        with page.expect_download() as got:
            page.get_by_test_id("stDownloadButton").filter(has_text="Slide as PNG").click()
        png = tmp_path / "slide.png"
        got.value.save_as(png)
        with page.expect_download() as got:
            page.get_by_test_id("stDownloadButton").filter(has_text="Briefing as PDF").click()
        pdf = tmp_path / "deck.pdf"
        got.value.save_as(pdf)
        with page.expect_download() as got:
            page.get_by_test_id("stDownloadButton").filter(has_text="Map as HTML").click()
        html = tmp_path / "slide.html"
        got.value.save_as(html)

        with new_page(browser, 390, 844) as phone:
            phone.goto(f"{server.url}/briefing?room={code}&role=remote")
            expect(phone.locator(".fm-remote-now")).to_contain_text(f"{SLIDE} / 10")
            expect(phone.locator(".fm-remote-drawn li")).to_have_text(["arrow, red", f"label, blue: “{TEXT}”"])
            expect(phone.locator(".st-key-remote_drawn img")).to_be_visible()
            phone.locator(".st-key-remote_drawn").scroll_into_view_if_needed()
            phone.screenshot(path=ARTIFACTS / "drawings-remote-390.png", full_page=True)
        assert watch.blocked == [] and watch.js_errors() == []

    # the offline HTML file: the label as text, where it was drawn, with nothing fetched
    with new_page(browser, 1400, 900) as page:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(html.as_uri())
        expect(page.locator(".fm-drawn-label .fm-drawn-text")).to_have_text(TEXT)
        box = page.locator(".fm-drawn-label .fm-drawn-text").bounding_box()
        name = page.evaluate("Object.keys(window).find((k) => /^map_/.test(k) && window[k] instanceof L.Map)")
        spot = page.evaluate(f"(() => {{ const p = window['{name}'].latLngToContainerPoint([{LABEL[0]}, {LABEL[1]}]); return [p.x, p.y]; }})()")
        assert abs(box["x"] + box["width"] / 2 - spot[0]) < 3 and abs(box["y"] + box["height"] / 2 - spot[1]) < 3
        page.screenshot(path=ARTIFACTS / "drawings-1400-html.png")
        assert errors == []

    # the PNG: the arrow's red where the slide's own map puts its middle point
    fig = decks.slide_figure(situation, deck, SLIDE - 1)
    FigureCanvasAgg(fig).draw()  # the map's frame as saved (its aspect applied)
    image = np.asarray(Image.open(png).convert("RGB"))
    scale = 110 / fig.dpi
    ax = fig.axes[0]
    x, y = ax.transData.transform((ARROW[1][1], ARROW[1][0]))
    assert _near(image, x * scale, image.shape[0] - y * scale, RED, radius=9)  # (dashed: a gap is 5 px)
    # the PDF: the slide's page has the arrow's red and the label's text; the page before has neither
    document = pypdfium2.PdfDocument(pdf)
    pages = [np.asarray(document[i].render(scale=1).to_pil().convert("RGB")) for i in (SLIDE - 2, SLIDE - 1)]
    assert _red_pixels(pages[0]) == 0 and _red_pixels(pages[1]) > 100
    assert TEXT in document[SLIDE - 1].get_textpage().get_text_range()
    assert annotations.PALETTE["red"]["colour"] == "#B3001B"


@pytest.mark.parametrize(
    ("lang", "tools", "length", "short"),
    [
        ("uk", ("Малювати на цьому слайді (0)", "Інструменти малювання на карті"), r"^\d\d,\d\d\xa0км$", r"^\d{2,3}\xa0м$"),
        ("en", ("Draw on this slide (0)", "Drawing tools on the map"), r"^\d\d\.\d\d km$", r"^\d{2,3} m$"),
    ],
)
def test_a_lines_running_length_is_said_in_the_pages_language(browser, server, lang, tools, length, short):
    """Leaflet.draw's live readout while a line is drawn: km or m, and the decimal sign, as the
    page's language writes them ("24,05 км" against "24.05 km")."""
    with new_page(browser, 1400, 900) as page:
        watch = Watch(page)
        frame = _tools_on(page, f"{server.url}/briefing?deck=kherson-2022-11&slide={SLIDE}&basemap=offline&lang={lang}", tools)
        page.locator(MAP_FRAME).scroll_into_view_if_needed()
        _still(page)
        frame.locator(".leaflet-draw-draw-polyline").click()
        _click_points(page, "polyline", ARROW[:1])
        readout = frame.locator(".leaflet-draw-tooltip-subtext")
        page.mouse.move(*_on_screen(page, *ARROW[1]), steps=4)  # about 24 km from the first point
        expect(readout).to_have_text(re.compile(length))
        page.screenshot(path=ARTIFACTS / f"drawings-{lang}-running-length.png")
        x, y = _on_screen(page, *ARROW[0])
        page.mouse.move(x + 2, y, steps=2)  # two pixels from it at zoom 9: some hundred metres
        expect(readout).to_have_text(re.compile(short))
        assert watch.blocked == [] and watch.js_errors() == []
