"""The briefing room in Chromium at a projector's 1920x1080: every slide of the shipped deck, its
map filling the screen with the title, date and legend large on it; controls out of sight until the
mouse moves or H; no blank frame between slides."""

import io
import re
import time

import pytest
from browser import ARTIFACTS, MAP_FRAME, Watch, new_page, settle
from PIL import Image
from playwright.sync_api import expect

from frontmap.briefing import decks
from frontmap.maps import rowmap

pytestmark = pytest.mark.browser

DECK = decks.BRIEFINGS_DIR / "kherson-2022-11.toml"
LABEL_PX = "() => Math.min(...[...document.querySelectorAll('.fm-place .fm-label')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
OPACITY = "() => +getComputedStyle(document.querySelector('.st-key-fm_controls')).opacity"


@pytest.fixture
def projector(browser):
    with new_page(browser, 1920, 1080) as opened:
        yield opened


def _map_frame(page):
    return next(f for f in page.frames if "streamlit_folium" in f.url)


def _map_pixels(page) -> Image.Image:
    return Image.open(io.BytesIO(page.locator(MAP_FRAME).screenshot())).convert("RGB")


def _drawn(pixels: Image.Image) -> bool:
    """A map, not a blank frame: land, water and areas give many colours, none covering it all."""
    colours = pixels.getcolors(maxcolors=1 << 20)
    return len(colours) > 50 and max(n for n, _ in colours) < 0.9 * pixels.size[0] * pixels.size[1]


def test_every_slide_fills_the_projector_with_large_title_date_labels_and_legend(projector, server):
    page = projector
    deck, _ = decks.parse_deck(DECK.read_bytes(), DECK.name)
    watch = Watch(page)
    page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=1&basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    for number, slide in enumerate(deck.slides, start=1):
        expect(page.get_by_text(f"{number} / {len(deck.slides)}")).to_be_visible()
        expect(page.locator(".st-key-fm_over h1")).to_have_text(slide.title)
        settle(page)
        for layer, drawn in (("control", "path.fm-area"), ("places", "[data-place]"), ("dnipro", "path.fm-dnipro")):
            if layer in slide.layers:
                expect(frame.locator(drawn).first).to_be_attached()
        page.wait_for_function(f"({OPACITY})() === 0")
        page.screenshot(path=ARTIFACTS / f"briefing-1080-slide{number:02d}.png")
        box = page.locator(MAP_FRAME).bounding_box()
        # the map fills the screen's height, and no more
        assert box["height"] >= 1080 - 40 and box["y"] + box["height"] <= 1080 and box["width"] >= 1300
        inner = _map_frame(page)
        leaflet = inner.evaluate("(() => { const r = document.querySelector('.leaflet-container').getBoundingClientRect(); return r.height; })()")
        assert leaflet >= box["height"] - 2  # Leaflet's own box too, not just its frame
        # the title and date sit on the map, large
        for part, least in ((".st-key-fm_over h1", 40), (".st-key-fm_over .fm-date", 28)):
            on = page.locator(part).bounding_box()
            assert box["x"] <= on["x"] and on["y"] + on["height"] <= box["y"] + box["height"]
            assert page.locator(part).evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= least
        legend = page.locator(".st-key-fm_legend .fm-legend")
        assert legend.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 18
        if "places" in slide.layers:
            assert inner.evaluate(LABEL_PX) >= 16
        if number < len(deck.slides):
            page.keyboard.press("PageDown")
    assert watch.blocked == [] and watch.js_errors() == []


def test_controls_show_on_mouse_move_or_h_and_fade(projector, server):
    page = projector
    Watch(page)
    page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=2&basemap=offline")
    expect(page.get_by_text("2 / 10")).to_be_visible()
    settle(page)
    page.wait_for_function(f"({OPACITY})() === 0")  # out of sight from the start
    # The mouse is over the map, whose frame has a document of its own: the clicker's script binds
    # the page's document, then each frame's on a 250 ms poll. The run settles before the map's frame
    # has loaded, and a move before its document is bound is nobody's (a person's next move wakes it).
    page.wait_for_function("document.__frontmapKeys === true")
    expect(page.frame_locator(MAP_FRAME).first.locator("path.fm-area").first).to_be_attached()
    _map_frame(page).wait_for_function("document.__frontmapKeys === true")
    page.mouse.move(900, 500)
    page.mouse.move(920, 520)
    page.wait_for_function(f"({OPACITY})() === 1")
    page.screenshot(path=ARTIFACTS / "briefing-1080-controls.png")
    page.wait_for_function(f"({OPACITY})() === 0")  # faded again
    page.keyboard.press("h")
    page.wait_for_function(f"({OPACITY})() === 1")
    page.keyboard.press("h")
    page.wait_for_function(f"({OPACITY})() === 0")


def test_no_blank_frame_while_stepping_slides(projector, server):
    page = projector
    watch = Watch(page)
    page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=3&basemap=offline")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator("[data-place=kherson]")).to_be_visible()
    settle(page)
    assert _drawn(_map_pixels(page))
    for number in (4, 5, 6, 7):
        page.keyboard.press("PageDown")
        # sample the map while the step runs, until the new slide has settled and a second after
        # (at least twice a step, however slow a screenshot is on a loaded machine)
        start, samples = time.monotonic(), 0
        while True:
            assert _drawn(_map_pixels(page)), f"blank map while stepping to slide {number}"
            samples += 1
            done = page.evaluate(
                f"""() => document.body.innerText.includes('{number} / 10')
                && !!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')"""
            )
            if done and samples >= 2 and time.monotonic() - start > 1.5:
                break
    assert watch.js_errors() == []


def test_an_uploaded_deck_opens_at_once_and_is_listed(projector, server, tmp_path):
    page = projector
    watch = Watch(page)
    page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=3&basemap=offline")
    expect(page.get_by_text("3 / 10")).to_be_visible()
    settle(page)
    mine = tmp_path / "my-room.toml"
    mine.write_text('title = "Mine"\n[[slides]]\ntitle = "Only slide"\nas_of = 2022-11-12\nlayers = ["control"]\n')
    page.keyboard.press("h")  # the controls, to reach the exports
    page.get_by_text("Briefings and exports").click()
    page.locator(".st-key-deck_upload input[type=file]").set_input_files(mine)
    expect(page.locator(".st-key-fm_over h1")).to_have_text("Only slide")  # one upload, no other click
    expect(page.get_by_text("1 / 1")).to_be_visible()
    chooser = page.get_by_role("combobox", name="Briefing")
    expect(chooser).to_have_value("my-room")
    chooser.click()  # listed beside the shipped deck
    expect(page.get_by_role("option", name="my-room")).to_be_visible()
    expect(page.get_by_role("option", name="kherson-2022-11")).to_be_visible()
    page.keyboard.press("Escape")
    assert "deck=my-room" in page.url
    assert watch.js_errors() == []


def _offline_file(page, path):
    """Open a file with every request that is not for a file (tiles, anything) refused."""
    errors, asked = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            asked.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.goto(path.as_uri())
    return errors, asked


def test_a_slide_exported_as_html_opens_offline_with_its_story(projector, tmp_path, situation):
    deck, _ = decks.parse_deck(DECK.read_bytes(), DECK.name)
    index = next(i for i, s in enumerate(deck.slides) if s.play_to and s.play_to.isoformat() == "2022-11-12")
    path = tmp_path / "slide.html"
    path.write_text(decks.slide_html(situation, deck, index), encoding="utf-8")
    errors, asked = _offline_file(projector, path)
    page = projector
    expect(page.locator("[data-place=kherson]")).to_be_visible()
    expect(page.locator("path.fm-lost").first).to_be_attached()  # the right bank, hatched as changed
    head = page.locator(".fm-export-title")
    expect(head).to_be_visible()
    expect(head).to_contain_text(deck.slides[index].title)
    expect(head).to_contain_text("As of 12 November 2022")
    expect(head).to_contain_text("Front line: DeepStateMap of 2022-11-12")
    expect(head).to_contain_text("km² ceased to be Russian-held")
    expect(page.locator(".fm-export-legend")).to_be_visible()
    expect(page.locator(".fm-export-legend")).to_contain_text("ceased to be Russian-held")
    expect(page.locator(".fm-export-sources")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "export-slide5-offline.png")
    assert errors == [] and all(not u.startswith("file:") for u in asked)


def test_explore_exported_as_html_carries_the_control_areas_and_filters(projector, tmp_path, situation):
    import datetime as dt

    from frontmap.data import explore
    from frontmap.maps import mapview

    chosen = explore.Filters(first=dt.date(2022, 11, 1), last=dt.date(2022, 11, 11), categories=("withdrawal",))
    rows = explore.apply(explore.all_rows(situation, []), chosen)
    path = tmp_path / "rows.html"
    path.write_text(mapview.explore_html(situation, rowmap.export_layer(rows), len(rows), chosen), encoding="utf-8")
    errors, _ = _offline_file(projector, path)
    page = projector
    expect(page.locator("path.fm-snap-2022-11-11").first).to_be_attached()  # the range's last day's front
    expect(page.locator(f".fm-cloud-total[data-count='{len(rows)}']")).to_be_attached()  # every row, inside the file
    head = page.locator(".fm-export-title")
    expect(head).to_contain_text("As of 11 November 2022")
    expect(head).to_contain_text(f"{len(rows)} rows dated 2022-11-01 to 2022-11-11")
    expect(head).to_contain_text("category: withdrawal")
    expect(page.locator(".fm-export-legend")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "export-explore-offline.png")
    assert errors == []


def test_a_phone_in_another_browser_context_steps_the_projector(browser, server):
    with new_page(browser, 1920, 1080) as projector, new_page(browser, 390, 844) as phone:
        watch = Watch(projector)
        projector.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=3&basemap=offline")
        expect(projector.get_by_text("3 / 10")).to_be_visible()
        code = projector.locator(".fm-room-code").inner_text().split()[-1]
        projector.keyboard.press("h")
        projector.get_by_text(f"Phone remote · room {code}").click()
        expect(projector.locator(".st-key-room_qr img")).to_be_visible()  # the QR code, made on the server
        projector.screenshot(path=ARTIFACTS / "briefing-1080-room.png")
        projector.keyboard.press("h")

        Watch(phone)
        phone.goto(f"{server.url}/briefing?room={code}&role=remote")
        expect(phone.locator(".fm-remote-now")).to_have_text("3 / 10 · 'The most intense fighting' expected in Kherson")
        expect(phone.locator(".fm-remote-next")).to_contain_text("The withdrawal order")
        expect(phone.locator(".fm-remote-notes")).to_contain_text("long battle")
        expect(phone.locator(".fm-clock")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
        phone.screenshot(path=ARTIFACTS / "remote-390.png")
        for number in (4, 5, 6):
            settle(projector)
            phone.locator(".st-key-remote_next button").click()
            expect(projector.get_by_text(f"{number} / 10")).to_be_visible()
            expect(phone.locator(".fm-remote-now")).to_contain_text(f"{number} / 10")
        # the projector's own keys are seen on the phone too
        settle(projector)
        projector.keyboard.press("PageUp")
        expect(phone.locator(".fm-remote-now")).to_contain_text("5 / 10")
        assert watch.js_errors() == []

        phone.goto(f"{server.url}/briefing?room=WRONG2&role=remote")
        expect(phone.get_by_text("No briefing room has the code 'WRONG2'")).to_be_visible()
        expect(phone.locator(".st-key-remote_next")).to_have_count(0)


def test_every_click_on_an_export_yields_its_file_while_the_room_polls(projector, server, tmp_path):
    """The room's poll reruns a part of the page four times a second, and a slide step reruns all
    of it: a click on a download still always yields the file (it once lost one in five)."""
    page = projector
    page.goto(f"{server.url}/briefing?deck=kherson-2022-11&slide=4&basemap=offline")
    expect(page.get_by_text("4 / 10")).to_be_visible()
    expect(page.locator(".fm-room-code")).to_contain_text("remote:")  # the room is open: it polls
    settle(page)
    page.keyboard.press("h")  # the controls, to reach the exports
    page.get_by_text("Briefings and exports").click()
    export = page.get_by_test_id("stDownloadButton").filter(has_text="Map as HTML")
    # a slow link (the room's wifi): each response comes a second late, while the poll runs on
    network = page.context.new_cdp_session(page)
    network.send("Network.emulateNetworkConditions", {"offline": False, "latency": 1000, "downloadThroughput": -1, "uploadThroughput": -1})
    for attempt in range(8):
        if attempt == 4:  # a full rerun between clicks: the next click must use the new run's file
            page.keyboard.press("PageDown")
            expect(page.get_by_text("5 / 10")).to_be_visible()
            settle(page)
            if not export.is_visible():  # the new slide's controls open with the exports folded
                page.get_by_text("Briefings and exports").click()
        expect(export).to_be_visible()
        with page.expect_download() as started:
            export.click()
        download = started.value
        assert download.failure() is None, f"click {attempt + 1}: {download.failure()}"
        saved = tmp_path / f"slide-{attempt}.html"
        download.save_as(saved)
        assert "fm-export" in saved.read_text(encoding="utf-8"), f"click {attempt + 1}: not the slide's map"
