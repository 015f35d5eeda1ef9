"""What only a browser shows: the map renders offline, its markers, the date moving the front."""

import re

import pytest
from browser import ARTIFACTS, MAP_FRAME, PAGES, Watch, settle
from playwright.sync_api import expect

from frontmap.maps import legend

pytestmark = pytest.mark.browser

# The pages with the shared sidebar and its date (Explore has its own range; Briefing none).
SIDEBAR_PAGES = {name: path for name, path in PAGES.items() if name not in ("explore", "briefing")}

# Paths drawn over a point of the map, seen from inside the map's iframe: SVG paths are hit-tested
# on their fill, so a polygon counts only where it really covers the point.
AREAS_AT = """([x, y]) => document.elementsFromPoint(x, y)
    .filter(e => e.classList && e.classList.contains('fm-area'))
    .map(e => [...e.classList].find(c => c.startsWith('fm-') && c !== 'fm-area'))"""
CENTRE_OF = """(el) => { const r = el.getBoundingClientRect();
    const dot = el.querySelector('span'); const d = dot.getBoundingClientRect();
    return [d.left + d.width / 2, d.top + d.height / 2]; }"""


def open_map(page, server, path):
    watch = Watch(page)
    page.goto(f"{server.url}/{path}")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-container")).to_be_visible()
    return watch, frame


def kherson_areas(page):
    frame = page.frame_locator(MAP_FRAME).first
    marker = frame.locator("[data-place=kherson]")
    expect(marker).to_be_visible()
    centre = marker.evaluate(CENTRE_OF)
    inner = next(f for f in page.frames if f.url != page.url and "streamlit_folium" in f.url)
    # Markers sit on top: hide them a moment so that the polygons below can be hit-tested.
    inner.evaluate("document.querySelector('.leaflet-marker-pane').style.visibility = 'hidden'")
    found = inner.evaluate(AREAS_AT, centre)
    inner.evaluate("document.querySelector('.leaflet-marker-pane').style.visibility = ''")
    return found


def test_front_map_renders_offline_with_markers_and_the_dnipro(page, server):
    watch, frame = open_map(page, server, "front?as_of=2022-11-10&basemap=offline")
    for place in ("kherson", "bakhmut", "soledar", "avdiivka"):
        expect(frame.locator(f"[data-place={place}]")).to_be_visible()
    expect(frame.locator("path.fm-dnipro.fm-river")).to_have_count(1)
    expect(frame.locator("path.fm-occupied_2022").first).to_be_attached()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    image_path = inner.evaluate("L.Icon.Default.imagePath")
    assert image_path == "/app/static/vendor/leaflet/images/"
    icon = page.request.get(f"{server.url}{image_path}marker-icon.png")
    assert icon.ok and icon.headers["content-type"] == "image/png"
    page.screenshot(path=ARTIFACTS / "front-offline.png", full_page=True)
    assert watch.blocked == []  # nothing tried to leave localhost
    assert watch.js_errors() == []


def test_moving_the_date_changes_the_area_over_kherson_and_keeps_the_view(page, server):
    watch, frame = open_map(page, server, "front?as_of=2022-11-09&basemap=offline")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")).to_have_text("2022-11-09")
    assert "fm-occupied_2022" in kherson_areas(page)
    frame.locator(".leaflet-control-zoom-in").click()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    inner.wait_for_function("map_div.getZoom() === 8")
    slider = page.get_by_role("slider", name="As of")
    for day in ("2022-11-10", "2022-11-11", "2022-11-12"):  # one key, one day, as a user steps
        slider.press("ArrowRight")
        expect(page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")).to_have_text(day)
        settle(page)
    expect(page.get_by_text("front line of 12 Nov 2022")).to_be_visible()
    # the bridges fell on 11 November: their new status shows that the dated layers were redrawn
    expect(frame.locator("path.fm-route-destroyed").first).to_be_attached()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert "fm-occupied_2022" not in kherson_areas(page)
    assert inner.evaluate("map_div.getZoom()") == 8  # the base map was not rebuilt
    assert re.search(r"as_of=2022-11-12", page.url)
    page.screenshot(path=ARTIFACTS / "front-2022-11-12.png", full_page=True)
    assert watch.js_errors() == []


def test_a_link_opens_at_its_date(page, server):
    open_map(page, server, "front?as_of=2022-08-29&basemap=offline")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")).to_have_text("2022-08-29")
    expect(page.get_by_text("front line of 29 Aug 2022")).to_be_visible()


def test_online_basemap_falls_back_to_the_offline_outlines(page, server):
    watch, frame = open_map(page, server, "front?as_of=2022-11-10")
    expect(frame.locator("[data-place=kherson]")).to_be_visible()
    expect(frame.locator(".leaflet-offline-basemap-pane path").first).to_be_attached()
    assert all("tile.openstreetmap.org" in url for url in watch.blocked)
    assert watch.js_errors() == []


def test_overview_reads_on_a_phone(browser, server):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server.url}/?as_of=2022-11-12&basemap=offline")
    expect(page.locator("h1").first).to_have_text("Ukraine as of 12 November 2022")
    expect(page.get_by_text("6.54 million")).to_be_visible()  # IOM, dated; the article's 6.9 has no date
    expect(page.frame_locator(MAP_FRAME).first.locator("[data-place=kherson]")).to_be_attached()
    settle(page)
    # nothing wider than the screen: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=ARTIFACTS / "overview-phone.png", full_page=True)
    assert watch.js_errors() == []
    context.close()


@pytest.mark.parametrize("name", list(SIDEBAR_PAGES))
def test_every_page_renders_in_the_browser(page, server, name):
    watch = Watch(page)
    page.goto(f"{server.url}/{SIDEBAR_PAGES[name]}?as_of=2022-11-12&basemap=offline")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSliderThumbValue")).to_have_text("2022-11-12")
    expect(page.locator("h1").first).to_be_visible()
    settle(page)
    if page.locator(MAP_FRAME).count():
        expect(page.frame_locator(MAP_FRAME).first.locator(".leaflet-container path").first).to_be_attached()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    for i in range(charts.count()):
        expect(charts.nth(i).locator("canvas, svg").first).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / f"page-{name}.png", full_page=True)
    assert watch.blocked == [] and watch.js_errors() == []


def test_briefing_keys_step_the_slides_and_the_map_follows(page, server):
    watch, frame = open_map(page, server, "briefing?deck=kherson-2022-11&slide=3&basemap=offline")
    expect(page.get_by_text("3 / 10")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("'The most intense fighting' expected in Kherson")
    expect(frame.locator("[data-place=kherson]")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("4 / 10")).to_be_visible()
    expect(page.locator("h1").first).to_have_text("The withdrawal order")
    assert "slide=4" in page.url
    page.keyboard.press("PageDown")  # what a clicker sends
    expect(page.get_by_text("5 / 10")).to_be_visible()
    page.keyboard.press("PageUp")
    expect(page.get_by_text("4 / 10")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("5 / 10")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("6 / 10")).to_be_visible()
    # the Donetsk slide: the map moved to Bakhmut, Soledar and Avdiivka
    frame = page.frame_locator(MAP_FRAME).first
    for place in ("bakhmut", "soledar", "avdiivka"):
        expect(frame.locator(f"[data-place={place}]")).to_be_in_viewport()
    page.screenshot(path=ARTIFACTS / "briefing-slide6.png")
    assert watch.blocked == [] and watch.js_errors() == []


def test_exported_map_html_opens_offline(page, tmp_path, situation):
    import datetime as dt

    from frontmap.maps import basemap, mapview

    basemap.use_local_assets()
    day = dt.date(2022, 11, 12)
    shown = ("control", "places", "dnipro", "routes")
    parts = mapview.build(situation, day, shown, "offline")
    note = mapview.export_note(situation, "Kherson <b>x</b>", day, legend.legend_html(shown), ["a filter"])
    path = tmp_path / "map.html"
    path.write_text(mapview.standalone_html(parts.base, parts.dated, note), encoding="utf-8")
    watch = Watch(page)
    page.goto(path.as_uri())
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator("[data-place=kherson]")).to_be_visible()
    expect(page.locator("path.fm-occupied_2022").first).to_be_attached()
    # what the page said, on the map: title (as text), dates, legend, sources, when made
    head = page.locator(".leaflet-control.fm-export-title")
    expect(head).to_contain_text("Kherson <b>x</b>")
    expect(head).to_contain_text("As of 12 November 2022")
    expect(head).to_contain_text("Front line: DeepStateMap of 2022-11-12")
    expect(head).to_contain_text("a filter")
    expect(head).to_contain_text(re.compile(r"Made \d{4}-\d\d-\d\d \d\d:\d\d UTC"))
    expect(page.locator(".leaflet-control.fm-export-legend")).to_contain_text("Russian-held since 2022")
    expect(page.locator(".leaflet-control.fm-export-sources")).to_contain_text("DeepStateMap")
    # the sea in the app's colour, not Leaflet's grey (which reads as "contested")
    sea = page.locator(".leaflet-container").evaluate("e => getComputedStyle(e).backgroundColor")
    assert sea == "rgb(220, 231, 239)"
    assert watch.blocked == [] and watch.js_errors() == []


def test_an_uploaded_script_is_shown_as_text_in_its_popup(page, server, tmp_path):
    evil = tmp_path / "evil.csv"
    evil.write_text(
        'name,lat,lon,date,notes\nDepot,46.75,33.0,2022-11-10,"<script>window.pwned=1</script><b>bold</b>"\n'
    )
    watch = Watch(page)
    page.goto(f"{server.url}/explore?basemap=offline")
    page.locator("input[type=file]").set_input_files(str(evil))
    expect(page.get_by_text("evil.csv (CSV): 1 rows loaded, 0 problem(s)")).to_be_visible()
    expect(page.get_by_text("of 63 rows").first).to_be_visible()  # 62 events and the upload
    frame = page.frame_locator(MAP_FRAME).first
    settle(page)
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    # The upload's point is a dot of the map's cloud: a click there selects it, and the selected
    # row's popup (made only now) goes on the map.
    matching = re.search(r"([\d,]+) of 63 rows", page.get_by_text("of 63 rows").first.inner_text()).group(1)
    expect(frame.locator(f".fm-cloud-total[data-count='{matching}']")).to_be_attached()
    inner.evaluate("window.map.setView([46.75, 33.0], 12, {animate: false})")  # the depot alone in its cell
    inner.evaluate("window.map.fire('click', {latlng: L.latLng(46.75, 33.0)})")
    expect(page.get_by_text("Selected on the map: 1 row(s).")).to_be_visible()
    settle(page)
    # Until the map's script has run, `map_div` is still the <div> of that id.
    depot = """() => { let found = null; if (!window.map) return null;
        window.map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.tooltip
            && l.feature.properties.tooltip.includes('Depot')) found = l; });
        return found; }"""
    inner.wait_for_function(f"({depot})() !== null")
    inner.evaluate(
        f"(() => {{ const l = ({depot})(); l.fire('click', {{latlng: l.getLatLng()}}, true); }})()"
    )
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<script>window.pwned=1</script><b>bold</b>")
    assert inner.evaluate("window.pwned === undefined") and page.evaluate("window.pwned === undefined")
    page.screenshot(path=ARTIFACTS / "explore-upload.png", full_page=True)
    assert watch.js_errors() == []


# Records the smallest height the map's iframe has while the page runs (0 would be a remount).
WATCH_FRAME_HEIGHT = f"""() => {{ const f = document.querySelector("{MAP_FRAME}");
    window.__minHeight = f.getBoundingClientRect().height;
    new ResizeObserver(() => {{ window.__minHeight = Math.min(window.__minHeight,
        f.getBoundingClientRect().height); }}).observe(f); }}"""


def test_date_steps_send_layer_names_not_layers_and_fetch_the_outlines_once(page, server):
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "/app/static/published/" in r.url else None)
    received = [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.__setitem__(0, received[0] + len(p))))
    watch, frame = open_map(page, server, "front?as_of=2022-11-09&basemap=offline")
    expect(frame.locator("path.fm-snap-2022-11-09").first).to_be_attached()
    settle(page)
    page.evaluate("document.querySelector(\"" + MAP_FRAME + "\").contentWindow.__mounted = true")
    page.evaluate(WATCH_FRAME_HEIGHT)
    outlines = [u for u in fetched if fetched.count(u) == 1][:2]
    for day in ("2022-11-10", "2022-11-11", "2022-11-12"):
        received[0] = 0
        page.get_by_role("button", name="Day after").click()
        expect(frame.locator(f"path.fm-snap-{day}").first).to_be_attached()
        expect(frame.locator(f"path.fm-area:not(.fm-snap-{day})")).to_have_count(0)  # the day before's went
        # (the map draws the day before the server's run: the step is over when the page says it)
        expect(page.locator(".st-key-fm_header")).to_contain_text(f"{int(day[-2:])} November 2022")
        settle(page)
        assert received[0] < 60_000, f"{received[0]:,} bytes over the websocket for one date step"
    assert all(fetched.count(u) == 1 for u in fetched), "a published file was fetched twice"
    assert len(outlines) == 2
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert inner.evaluate("window.__mounted === true")  # the same map, never remounted
    assert page.evaluate("window.__minHeight") > 500
    # streamlit-folium's list of groups holds only those on the map (else the tab grows each step)
    assert inner.evaluate("window.feature_group.every(g => window.map.hasLayer(g))")
    assert watch.blocked == [] and watch.js_errors() == []


def test_briefing_steps_slides_without_remounting_the_map(page, server):
    watch, frame = open_map(page, server, "briefing?deck=kherson-2022-11&slide=3&basemap=offline")
    expect(page.get_by_text("3 / 10")).to_be_visible()
    expect(frame.locator("[data-place=kherson]")).to_be_visible()
    settle(page)
    page.evaluate("document.querySelector(\"" + MAP_FRAME + "\").contentWindow.__mounted = true")
    page.evaluate(WATCH_FRAME_HEIGHT)
    for number in (4, 5, 6):
        page.keyboard.press("ArrowRight")
        expect(page.get_by_text(f"{number} / 10")).to_be_visible()
        settle(page)
    # the Donetsk slide: the same map moved to Bakhmut
    expect(frame.locator("[data-place=bakhmut]")).to_be_in_viewport()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    assert inner.evaluate("window.__mounted === true")
    assert page.evaluate("window.__minHeight") > 500  # never collapsed
    assert watch.blocked == [] and watch.js_errors() == []


def test_every_event_in_view_can_be_clicked_for_its_own_popup(page, server, situation):
    watch, frame = open_map(page, server, "front?as_of=2022-11-10&basemap=offline")
    settle(page)
    titles = dict(zip(situation.events["id"], situation.events["title"]))
    events = frame.locator("[data-event]")
    expect(events.first).to_be_attached()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    # A popup pans the map to fit; the next click would land mid-pan. Keep the view still.
    inner.evaluate("L.Popup.prototype.options.autoPan = false")
    box = inner.evaluate("(() => { const r = map_div.getContainer().getBoundingClientRect(); return [r.width, r.height]; })()")
    clicked = 0
    for i in range(events.count()):
        event = events.nth(i)
        x, y = event.evaluate("e => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }")
        if not (0 < x < box[0] and 0 < y < box[1]):
            continue  # outside the view
        event.click()  # a real click where the dot is: it fails if anything else takes it
        popup = frame.locator(".leaflet-popup-content")
        expect(popup).to_contain_text(titles[event.get_attribute("data-event")])
        page.keyboard.press("Escape")  # as a viewer closes it; the close button may sit under the page's header
        expect(popup).to_have_count(0)
        clicked += 1
    page.screenshot(path=ARTIFACTS / "front-events.png")
    assert clicked >= 8  # Kherson's, Bakhmut's, Snihurivka's and the others in view
    assert watch.js_errors() == []


def test_front_opens_on_the_whole_contact_line(page, server, situation):
    import datetime as dt

    from frontmap.data import timeline

    watch, frame = open_map(page, server, "front?as_of=2022-11-12&basemap=offline")
    expect(frame.locator("path.fm-snap-2022-11-12").first).to_be_attached()
    (south, west), (north, east) = timeline.front_bounds(situation.control_areas, dt.date(2022, 11, 12))
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    inner.wait_for_function(
        f"window.map && window.map.getBounds().pad(0.02).contains(L.latLngBounds([[{south}, {west}], [{north}, {east}]]))"
    )
    page.screenshot(path=ARTIFACTS / "front-framed.png")
    assert watch.js_errors() == []


def test_clicker_keys_work_after_a_toggle_was_clicked(page, server):
    watch, frame = open_map(page, server, "briefing?deck=kherson-2022-11&slide=5&basemap=offline")
    expect(page.get_by_text("5 / 10")).to_be_visible()
    settle(page)
    playing = page.locator(".st-key-playing input")
    page.keyboard.press("p")  # play the slide's days
    expect(playing).to_be_checked()
    page.keyboard.press(" ")  # pause
    expect(playing).not_to_be_checked()
    settle(page)
    notes = page.locator(".st-key-show_notes input")
    page.locator(".st-key-show_notes label").click()  # focus now sits on the toggle
    expect(notes).to_be_checked()
    settle(page)
    page.keyboard.press("PageDown")
    expect(page.get_by_text("6 / 10")).to_be_visible()
    settle(page)
    page.keyboard.press("n")
    expect(notes).not_to_be_checked()
    settle(page)
    for key, counter in (("Home", "1 / 10"), ("End", "10 / 10"), ("PageUp", "9 / 10")):
        page.keyboard.press(key)
        expect(page.get_by_text(counter)).to_be_visible()
        settle(page)
    shown = "() => document.body.classList.contains('fm-show-controls')"
    page.keyboard.press("h")
    page.wait_for_function(shown)
    page.keyboard.press("h")
    page.wait_for_function(f"!({shown})()")
    assert watch.js_errors() == []


def test_a_compare_link_hatches_both_ways_and_draws_the_earlier_line(page, server):
    watch, frame = open_map(page, server, "front?as_of=2022-11-12&since=2022-11-09&basemap=offline")
    for kind in ("lost", "gained"):
        path = frame.locator(f"path.fm-{kind}").first
        expect(path).to_be_attached()
        fill = path.evaluate("p => getComputedStyle(p).fill")
        assert f"fm-hatch-{kind}" in fill, fill  # the hatch pattern, not a flat colour
    expect(frame.locator("path.fm-ghost")).to_have_count(1)
    expect(page.get_by_text("From 09 Nov to 12 Nov:")).to_be_visible()
    settle(page)
    page.screenshot(path=ARTIFACTS / "front-compare.png")
    assert watch.js_errors() == []


def test_the_front_plays_its_days_with_the_map_mounted(page, server):
    watch, frame = open_map(page, server, "front?as_of=2022-11-12&since=2022-11-09&basemap=offline")
    expect(frame.locator("path.fm-snap-2022-11-12").first).to_be_attached()
    settle(page)
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    # Every front line the map shows while it plays, in order, and any moment with none at all.
    inner.evaluate("""() => { window.__mounted = true; window.__seen = []; window.__blank = false;
        new MutationObserver(() => {
            const snaps = [...document.querySelectorAll('path.fm-area')].map(p => [...p.classList].find(c => c.startsWith('fm-snap-')));
            if (!snaps.length) window.__blank = true;
            const last = window.__seen[window.__seen.length - 1];
            if (snaps.length && snaps[0] !== last) window.__seen.push(snaps[0]);
        }).observe(document.body, {subtree: true, childList: true, attributes: true}); }""")
    page.get_by_text("▶ Play").click()
    expect(page.locator(".st-key-front_frame_playing input")).to_be_checked()
    expect(page.locator(".st-key-front_frame_playing input")).not_to_be_checked()  # stopped at the end
    seen = inner.evaluate("window.__seen")
    assert seen[-4:] == ["fm-snap-2022-11-09", "fm-snap-2022-11-10", "fm-snap-2022-11-11", "fm-snap-2022-11-12"], seen
    assert inner.evaluate("window.__blank") is False  # never a moment without a front line
    assert inner.evaluate("window.__mounted === true")
    assert watch.js_errors() == []
