"""The browser half of `make bench`: frontmap against a bare one-marker st_folium page, in one run.

    python scripts/bench_browser.py [--repeat 5]

Both apps are served by real `streamlit run` processes on free localhost ports and driven by
Debian's Chromium (Playwright), offline. Every figure is a median of --repeat runs and is printed
as frontmap / bare, so that the noise of a shared machine cancels as far as it can. What is timed:

- open: a new browser context goes to the page until the map shows its day (frontmap: the control
  areas of the day's front line; bare: its marker); "cold" is the first viewer of a fresh server.
- date step: "Day after" clicked until the new day is drawn on the map (timed in the page, to the
  animation frame), and the websocket bytes the server sent for that step.
- scrub: a hand dragging /front's time bar over 60 days in 3 s: the days the map drew per second,
  the server runs asked for during the drag, and whether the day drawn at release is the last.
- memory: the server's resident memory after one viewer, and what each further session adds;
  the tab's JS heap after garbage collection, per date step.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import (  # noqa: E402
    CHROMIUM_ARGS,
    MAP_FRAME,
    RECORD_LINES,
    Deployment,
    Server,
    chromium_path,
    first_seen,
    pinned,
    time_bar_point,
)
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import synthetic_acled  # noqa: E402

WARM_VIEWERS = 3
STEPS = 8
HEAP_STEPS = 16
# Consecutive days on which DeepState's front line changed (each has a snapshot of its own).
FRONT_DAYS = ["2022-11-09", "2022-11-10", "2022-11-11", "2022-11-12", "2022-11-13"]

# Animation frames until `test()` holds, resolved with the page's clock then. It gives up after a
# minute with `why()`: a click lost in a rerun fails the bench, not hangs it.
UNTIL = """(test, why) => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const check = () => {
    if (test()) resolve(performance.now());
    else if (performance.now() - t0 > 60000) reject(new Error(why()));
    else requestAnimationFrame(check);
  };
  check();
})"""

# Clicks a button by its text, then counts animation frames until `selector` exists in the map.
CLICK_UNTIL_DRAWN = """async ([button, selector, frameSel]) => {
  const doc = () => document.querySelector(frameSel).contentDocument;
  const btn = [...document.querySelectorAll('button')].find(b => b.innerText.includes(button));
  const t0 = performance.now();
  btn.click();
  const drawn = await (""" + UNTIL + """)(() => { const d = doc(); return d && d.querySelector(selector); },
    () => `${selector} not drawn after ${button}`);
  return drawn - t0;
}"""


class App:
    """A frontmap or bare server, and one viewer's position in its days."""

    def __init__(self, name: str, script: Path, path: str, selector) -> None:
        self.name, self.script, self.path, self.selector = name, script, path, selector
        self.server: Server | None = None
        self.pos, self.direction = 0, 1

    def start(self) -> None:
        self.server = Server(self.script)
        self.pos, self.direction = 0, 1

    def stop(self) -> None:
        self.server.stop()

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.server.proc.pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def step(self, page) -> float:
        """One date step, forth (or back at the end of frontmap's days); ms until drawn."""
        if self.name == "bare page":
            self.pos += 1
        else:
            if not 0 <= self.pos + self.direction < len(FRONT_DAYS):
                self.direction = -self.direction
            self.pos += self.direction
        button = "Day after" if self.direction > 0 else "Day before"
        ms = page.evaluate(CLICK_UNTIL_DRAWN, [button, self.selector(self.pos), MAP_FRAME])
        if self.name != "bare page":  # frontmap draws the day before its server's run: wait for that run
            page.wait_for_function("(d) => location.search.includes('as_of=' + d)", arg=FRONT_DAYS[self.pos])
        settle(page)
        return ms


def frontmap_app() -> App:
    return App(
        "frontmap /front",
        ROOT / "app.py",
        f"front?as_of={FRONT_DAYS[0]}&basemap=offline",
        lambda i: f"path.fm-snap-{FRONT_DAYS[i]}",
    )


def bare_app(workdir: Path) -> App:
    # Streamlit serves /app/static from the folder beside the script: the same local Leaflet files.
    shutil.copy(ROOT / "scripts" / "bench_apps" / "bare.py", workdir / "bare.py")
    (workdir / "static").symlink_to(ROOT / "static")
    return App("bare page", workdir / "bare.py", "", lambda i: f"path.bench-step-{i}")


SENT: dict = {}  # messages each page sent to its server (a run asked for, a widget's value)


def open_page(browser, app: App):
    """A new viewer: its own context and page, websocket bytes counted. Returns (page, ms, counter)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    received = [0]

    def on_ws(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))
        ws.on("framesent", lambda payload: SENT.__setitem__(page, SENT.get(page, 0) + 1))

    page.on("websocket", on_ws)
    page.goto(f"{app.server.url}/{app.path}", wait_until="commit")
    start = page.evaluate("performance.timeOrigin")
    page.frame_locator(MAP_FRAME).first.locator(app.selector(0)).first.wait_for(state="attached")
    drawn_at = page.evaluate("performance.timeOrigin + performance.now()")
    settle(page)
    return page, drawn_at - start, received


def settle(page) -> None:
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(state="attached")


def heap_mb(page) -> float:
    cdp = page.context.new_cdp_session(page)
    cdp.send("HeapProfiler.collectGarbage")
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    cdp.detach()
    return used / 1e6


def measure(browser, app: App, repeat: int) -> dict[str, float]:
    keys = ("cold", "warm", "step", "bytes", "heap", "rss1", "rss_more")
    out: dict[str, list[float]] = {k: [] for k in keys}
    for _ in range(repeat):
        app.start()
        try:
            page, ms, received = open_page(browser, app)
            out["cold"].append(ms)
            out["rss1"].append(app.rss_mb())
            others = []
            for _ in range(WARM_VIEWERS):
                other, ms, _ = open_page(browser, app)
                out["warm"].append(ms)
                others.append(other)
            out["rss_more"].append((app.rss_mb() - out["rss1"][-1]) / len(others))
            for other in others:
                other.context.close()
            for _ in range(STEPS):
                received[0] = 0
                out["step"].append(app.step(page))
                out["bytes"].append(received[0])
            # The tab's heap after garbage collection, before and after as many steps again.
            before = heap_mb(page)
            for _ in range(HEAP_STEPS):
                app.step(page)
            out["heap"].append((heap_mb(page) - before) * 1000 / HEAP_STEPS)
            page.context.close()
        finally:
            app.stop()
    return {k: statistics.median(v) for k, v in out.items()}


# The map's iframe: its smallest height while slides step (0 would be a collapse or a remount).
WATCH_HEIGHT = """(frameSel) => { const f = document.querySelector(frameSel);
    window.__minHeight = f.getBoundingClientRect().height;
    new ResizeObserver(() => { window.__minHeight = Math.min(window.__minHeight,
        f.getBoundingClientRect().height); }).observe(f); }"""
PRESS_UNTIL_DRAWN = """async ([key, selector, frameSel]) => {
  const doc = () => document.querySelector(frameSel).contentDocument;
  const t0 = performance.now();
  document.dispatchEvent(new KeyboardEvent('keydown', {key: key, bubbles: true}));
  const drawn = await (""" + UNTIL + """)(() => { const d = doc(); return d && d.querySelector(selector); },
    () => `${selector} not drawn after ${key}`);
  return drawn - t0;
}"""


def briefing_steps(browser, repeat: int) -> tuple[float, float]:
    """Slides 3 -> 6 of the shipped deck with the clicker's key: ms until each slide's front line is
    drawn (median), and the smallest height the map had meanwhile."""
    from frontmap.briefing import decks
    from frontmap.data import timeline
    from frontmap.data.dataset import load_situation

    deck, _ = decks.parse_deck(
        (decks.BRIEFINGS_DIR / "kherson-2022-11.toml").read_text(encoding="utf-8"), "kherson-2022-11.toml"
    )
    areas = load_situation().control_areas
    snaps = [timeline.control_on(areas, s.first_day).snapshot for s in deck.slides]
    app = frontmap_app()
    times, heights = [], []
    for _ in range(repeat):
        app.start()
        try:
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{app.server.url}/briefing?deck=kherson-2022-11&slide=3&basemap=offline")
            page.frame_locator(MAP_FRAME).first.locator(f"path.fm-snap-{snaps[2]}").first.wait_for(
                state="attached"
            )
            settle(page)
            page.evaluate(WATCH_HEIGHT, MAP_FRAME)
            for number in (4, 5, 6):
                selector = (
                    f"path.fm-snap-{snaps[number - 1]}" if snaps[number - 1] != snaps[number - 2] else "path"
                )
                times.append(page.evaluate(PRESS_UNTIL_DRAWN, ["ArrowRight", selector, MAP_FRAME]))
                page.get_by_text(f"{number} / {len(deck.slides)}").first.wait_for()
                settle(page)
            heights.append(page.evaluate("window.__minHeight"))
            context.close()
        finally:
            app.stop()
    return statistics.median(times), min(heights)


def team_layer_seen(browser, repeat: int) -> tuple[float, float]:
    """deploy/'s set (nginx, two servers, PostGIS): a layer published into the store, and a viewer
    pinned to server b, which has just served it (its version check is fresh), reloading /explore
    until it lists it. Medians of seconds from the publish to
    the start of the load that showed it (what b knew), and to the page showing it."""
    from frontmap.data import team_layers, uploads

    expect.set_options(timeout=30_000)  # a fresh server's first page on a shared machine
    upload = uploads.load(
        "bench.csv", b"date,title,latitude,longitude\n2022-11-10,synthetic (benchmark),46.6,32.6\n"
    )
    known, shown = [], []
    deployment = Deployment(publish_key="bench")
    try:
        with pinned(browser, deployment, "b") as page:
            for i in range(repeat):
                page.goto(f"{deployment.url}/explore")  # b has just asked the store for its version
                settle(page)
                team_layers.publish(deployment.database, upload, f"bench layer {i}", "bench", "bench", "bench")
                published = time.monotonic()
                known.append(
                    first_seen(
                        page,
                        f"{deployment.url}/explore",
                        lambda p, i=i: _listed(p, f"bench layer {i}"),
                        published,
                    )
                )
                shown.append(time.monotonic() - published)
    finally:
        deployment.stop()
    return statistics.median(known), statistics.median(shown)


def _listed(page, name: str) -> bool:
    """Whether the team layers' list offers the layer (its options show when the box is opened)."""
    box = page.get_by_label("Team layers to show")
    if not box.count():
        return False
    box.click()
    found = page.get_by_role("option", name=name, exact=False).count() > 0
    page.keyboard.press("Escape")
    return found


# After a key press on the explore page: animation frames until the map's count of rows changes
# (the time it changed, on the page's clock).
UNTIL_COUNT_CHANGES = """([before, frameSel]) => (""" + UNTIL + """)(() => {
    const d = document.querySelector(frameSel).contentDocument;
    const box = d && d.querySelector('.fm-cloud-total');
    return box && box.dataset.count !== before;
  }, () => `the map's count stayed ${before}`)"""


CLICK_UNTIL_COUNT_CHANGES = """async ([button, before, frameSel]) => {
  const btn = [...document.querySelectorAll('button')].find(b => b.innerText.includes(button));
  const t0 = performance.now();
  btn.click();
  const drawn = await (""" + UNTIL_COUNT_CHANGES + """)([before, frameSel]);
  return drawn - t0;
}"""


def upload_until_counted(page, path: Path, rows: int, timeout: float = 120_000) -> float:
    """Upload a file on /explore: ms until the map counts (at least 90% of) its rows."""
    t0 = page.evaluate("performance.now()")
    page.locator("input[type=file]").set_input_files(str(path))
    page.wait_for_function(
        "([sel, n]) => { const d = document.querySelector(sel).contentDocument;"
        " const b = d && d.querySelector('.fm-cloud-total'); return b && +b.dataset.count >= n; }",
        arg=[MAP_FRAME, rows * 0.9],
        polling="raf",
        timeout=timeout,
    )
    return page.evaluate("performance.now()") - t0


def range_move(page, total) -> float:
    """Move /explore's date range a day (the slider's arrow key): ms until the map's count changed."""
    slider = page.get_by_test_id("stMain").get_by_role("slider").first
    before = total.get_attribute("data-count")
    slider.focus()
    started = page.evaluate("performance.now()")
    slider.press("ArrowRight")
    return page.evaluate(UNTIL_COUNT_CHANGES, [before, MAP_FRAME]) - started


def explore_rows(browser, repeat: int, csv: Path, rows: int) -> dict[str, float]:
    """A SYNTHETIC ACLED export uploaded on /explore: ms from the upload to every row counted on the
    map, the bytes for that first draw (websocket, and the points' binary copy over HTTP), and for
    one-day moves of the date range (the slider's arrow key) ms until the map's count changed and
    the websocket bytes; the server's memory with it loaded; then /front's date steps with it."""
    keys = ("upload", "first_ws", "first_http", "step", "step_bytes", "rss", "front_step", "front_bytes")
    out: dict[str, list[float]] = {k: [] for k in keys}
    app = App("frontmap /explore", ROOT / "app.py", "explore?basemap=offline", lambda i: ".fm-cloud-total")
    for _ in range(repeat):
        app.start()
        try:
            page, _, received = open_page(browser, app)
            fetched = media_bytes(page)
            total = page.frame_locator(MAP_FRAME).first.locator(".fm-cloud-total")
            received[0] = fetched[0] = 0
            out["upload"].append(upload_until_counted(page, csv, rows))
            settle(page)
            out["first_ws"].append(received[0])
            out["first_http"].append(fetched[0])
            out["rss"].append(app.rss_mb())
            for _ in range(STEPS):
                received[0] = 0
                out["step"].append(range_move(page, total))
                settle(page)
                out["step_bytes"].append(received[0])
            # The same session on /front: its date steps carry the upload's mask too.
            page.get_by_test_id("stSidebarNav").get_by_text("Front", exact=True).click()
            total.wait_for()
            settle(page)
            for _ in range(STEPS):
                received[0] = 0
                before = total.get_attribute("data-count")
                # clicked in the page, as the bare page's step is (Playwright's own click adds ~85 ms)
                out["front_step"].append(page.evaluate(CLICK_UNTIL_COUNT_CHANGES, ["Day after", before, MAP_FRAME]))
                settle(page)
                out["front_bytes"].append(received[0])
            page.context.close()
        finally:
            app.stop()
    return {k: statistics.median(v) for k, v in out.items()}


PAN_UNTIL_DRAWN = """(dx) => new Promise(done => { const t0 = performance.now();
  map_div.once('moveend', () => requestAnimationFrame(() => done(performance.now() - t0)));
  map_div.panBy([dx, 0], {animate: false}); })"""


def million_drawn(browser, gz: Path, rows: int) -> dict[str, float]:
    """A SYNTHETIC export of a million rows (gzipped CSV) uploaded on /explore, once: ms from the
    upload to every row counted on the map, a one-day range move (median of 5) and a pan, after
    which the browser bins every matching point in view again (median of 3)."""
    app = App("frontmap /explore", ROOT / "app.py", "explore?basemap=offline", lambda i: ".fm-cloud-total")
    app.start()
    try:
        page, _, _ = open_page(browser, app)
        total = page.frame_locator(MAP_FRAME).first.locator(".fm-cloud-total")
        upload = upload_until_counted(page, gz, rows, timeout=300_000)
        settle(page)
        moves = []
        for _ in range(5):
            moves.append(range_move(page, total))
            settle(page)
        inner = next(f for f in page.frames if "streamlit_folium" in f.url)
        pans = [inner.evaluate(PAN_UNTIL_DRAWN, dx) for dx in (200, -200, 200)]
        page.context.close()
        return {"upload": upload, "move": statistics.median(moves), "pan": statistics.median(pans)}
    finally:
        app.stop()


SESSIONS = 10
SESSION_TTL = 5  # s a closed tab's session is kept for (Streamlit's default is 120: the README says so)


def sessions_released(browser, csv: Path) -> tuple[float, float, float]:
    """Server memory (MB) after one warm-up session, with SESSIONS more open on /explore each with
    an upload of its own, and once they have closed and their sessions ended."""
    server = Server(ROOT / "app.py", ("--server.disconnectedSessionTTL", str(SESSION_TTL)))
    app = App("frontmap /explore", ROOT / "app.py", "explore?basemap=offline", lambda i: ".fm-cloud-total")
    app.server = server

    def session():
        page, _, _ = open_page(browser, app)
        page.locator("input[type=file]").set_input_files(str(csv))
        page.get_by_text(re.compile(r"rows loaded")).first.wait_for()
        settle(page)
        return page

    try:
        session().context.close()  # every page's first run, caches filled
        before = released(app, None, 1e9)
        pages = [session() for _ in range(SESSIONS)]
        held = app.rss_mb()
        for page in pages:
            page.context.close()
        after = released(app, before, SESSION_TTL + 30)
    finally:
        server.stop()
    return before, held, after


def released(app: App, target: float | None, patience: float) -> float:
    """The server's memory once it is back within 10% of `target` or has stopped falling (sessions
    end SESSION_TTL seconds after their tab closes; a bench, not a test, may poll the clock)."""
    deadline, last = time.monotonic() + patience, app.rss_mb()
    while time.monotonic() < deadline:
        time.sleep(1)
        now = app.rss_mb()
        if target is None and abs(now - last) < 1:
            return now
        if target is not None and now <= target * 1.1:
            return now
        last = now
    return app.rss_mb()


def media_bytes(page) -> list[int]:
    """A counter of the bytes the page fetched from Streamlit's in-memory media files."""
    fetched = [0]

    def on_response(response) -> None:
        if "/media/" in response.url:
            # (a response still coming as the measure closes its page has no body left to read)
            with contextlib.suppress(PlaywrightError):
                fetched[0] += len(response.body())

    page.on("response", on_response)
    return fetched


SCRUB_DAYS = 60


def front_scrub(browser, repeat: int) -> dict[str, float]:
    """/front's time bar dragged back over SCRUB_DAYS days in 3 s by a real pointer (20 days a
    second): distinct front lines the map drew per second of the drag (a line of several days counts
    once), the messages the page sent to the
    server meanwhile (a run asked for), and whether the day drawn at release is the one let go on."""
    from frontmap.data import timeline
    from frontmap.data.dataset import load_situation

    areas = load_situation().control_areas
    out: dict[str, list[float]] = {"rate": [], "sent": [], "fresh": []}
    app = App("frontmap /front", ROOT / "app.py", "front?as_of=2022-11-13&basemap=offline", lambda i: "path.fm-snap-2022-11-13")
    for _ in range(repeat):
        app.start()
        try:
            page, _, _ = open_page(browser, app)
            inner = next(f for f in page.frames if "streamlit_folium" in f.url)
            inner.wait_for_function("fm.days && fm.days.show('2022-11-13')", timeout=120_000)
            page.evaluate(RECORD_LINES, MAP_FRAME)
            point = time_bar_point(page)
            last = dt.date(2022, 11, 13)
            page.mouse.move(*point(last))
            page.mouse.down()
            before = SENT.get(page, 0)
            started = page.evaluate("performance.now()")
            for back in range(1, SCRUB_DAYS + 1):
                page.mouse.move(*point(last - dt.timedelta(days=back)))
                time.sleep(0.05)  # a hand's pace: 20 days a second
            during = SENT.get(page, 0) - before
            ended = page.evaluate("performance.now()")
            page.mouse.up()
            final = last - dt.timedelta(days=SCRUB_DAYS)
            expected = timeline.control_on(areas, final).snapshot.isoformat()  # the line of that day
            page.wait_for_function(
                "(d) => window.__lines.length && window.__lines[window.__lines.length - 1][0] === d",
                arg=expected,
                timeout=60_000,
            )
            lines = page.evaluate("window.__lines")
            drawn = [day for day, at in lines if started <= at <= ended + 100]
            out["rate"].append(len(set(drawn)) / ((ended - started) / 1000))
            out["sent"].append(during)
            settle(page)
            out["fresh"].append(float(page.evaluate("window.__lines")[-1][0] == expected))
            page.context.close()
        finally:
            app.stop()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        bare = measure(browser, bare_app(Path(tmp)), args.repeat)
        front = measure(browser, frontmap_app(), args.repeat)
        scrub = front_scrub(browser, args.repeat)
        slide_ms, slide_min_height = briefing_steps(browser, args.repeat)
        team_known, team_shown = team_layer_seen(browser, args.repeat)
        csv = synthetic_acled.write(100_000, Path(tmp) / "synthetic-100k.csv")
        big = explore_rows(browser, args.repeat, csv, 100_000)
        million = million_drawn(browser, synthetic_acled.write(1_000_000, Path(tmp) / "synthetic-1m.csv.gz"), 1_000_000)
        small = synthetic_acled.write(10_000, Path(tmp) / "synthetic-10k.csv")
        start_mb, open_mb, closed_mb = sessions_released(browser, small)
        browser.close()
    rows = [
        ("open to map drawn, cold server", "cold", "ms", 1.15),
        ("open to map drawn, warm server", "warm", "ms", 1.15),
        ("date step until drawn", "step", "ms", 1.0),
        ("websocket bytes per date step", "bytes", "B", None),
        ("server memory after one viewer", "rss1", "MB", 1.5),
        ("each further viewer session", "rss_more", "MB", None),
        ("tab heap growth per date step", "heap", "KB", None),
    ]
    print(f"browser bench: median of {args.repeat} runs; frontmap /front against a bare one-marker page")
    print(f"{'what':36} {'frontmap':>12} {'bare':>12} {'ratio':>7}  target")
    absolute = {"bytes": 60_000, "rss_more": 15, "heap": 100}
    for label, key, unit, ratio_target in rows:
        ratio = front[key] / bare[key] if bare[key] else float("inf")
        if ratio_target is not None:
            target = f"<= {ratio_target}x: {'met' if ratio <= ratio_target else 'NOT met'}"
        else:
            limit = absolute[key]
            target = f"<= {limit:,} {unit}: {'met' if front[key] <= limit else 'NOT met'}"
        print(f"{label:36} {front[key]:>9,.1f} {unit:2} {bare[key]:>9,.1f} {unit:2} {ratio:>6.2f}x  {target}")
    print(
        f"{'scrub: front lines drawn a second':36} {scrub['rate']:>9,.1f}    (a {SCRUB_DAYS}-day drag in 3 s; >= 10: "
        f"{'met' if scrub['rate'] >= 10 else 'NOT met'}); server runs asked during it: {scrub['sent']:.0f} "
        f"({'met' if scrub['sent'] == 0 else 'NOT met'}); the day let go on drawn: {'yes' if scrub['fresh'] == 1 else 'NO'}"
    )
    ratio = slide_ms / bare["step"]
    print(
        f"{'briefing slide step until drawn':36} {slide_ms:>9,.1f} ms {bare['step']:>9,.1f} ms {ratio:>6.2f}x  "
        f"<= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'}"
    )
    print(
        f"{'briefing map height during steps':36} {slide_min_height:>9,.0f} px (never 0: "
        f"{'met' if slide_min_height > 0 else 'NOT met'})"
    )
    print(
        f"{'team layer on the other server':36} {team_known:>9,.1f} s  known to it, {team_shown:.1f} s until "
        f"shown (publish to a reloading viewer on server b, via nginx; <= 10 s: {'met' if team_known <= 10 else 'NOT met'})"
    )
    print("explore with 100,000 SYNTHETIC ACLED rows uploaded (scripts/synthetic_acled.py)")
    ratio = big["step"] / bare["step"]
    for label, value, target in (
        (
            "upload to every row on the map",
            f"{big['upload']:,.0f} ms",
            f"<= 3,000 ms: {'met' if big['upload'] <= 3000 else 'NOT met'}",
        ),
        (
            "first draw, websocket",
            f"{big['first_ws'] / 1e6:,.2f} MB",
            f"<= 2 MB: {'met' if big['first_ws'] <= 2e6 else 'NOT met'}",
        ),
        (
            "first draw, points' binary (HTTP)",
            f"{big['first_http'] / 1e6:,.2f} MB",
            "fetched once per upload",
        ),
        (
            "one-day move of the range, drawn",
            f"{big['step']:,.0f} ms",
            f"{ratio:.2f}x bare step; <= 2x: {'met' if ratio <= 2 else 'NOT met'}",
        ),
        (
            "websocket bytes per range move",
            f"{big['step_bytes'] / 1e3:,.1f} KB",
            f"<= 200 KB: {'met' if big['step_bytes'] <= 200e3 else 'NOT met'}",
        ),
        ("server memory, one such viewer", f"{big['rss']:,.0f} MB", ""),
        (
            "/front date step with it, drawn",
            f"{big['front_step']:,.0f} ms",
            f"{big['front_step'] / bare['step']:.2f}x bare step; <= 1.5x: {'met' if big['front_step'] <= 1.5 * bare['step'] else 'NOT met'}",
        ),
        (
            "websocket bytes per /front step",
            f"{big['front_bytes'] / 1e3:,.1f} KB",
            f"<= 60 KB: {'met' if big['front_bytes'] <= 60e3 else 'NOT met'}",
        ),
    ):
        print(f"{label:36} {value:>14}  {target}")
    within = million["upload"] <= 10 * big["upload"] and million["move"] <= 10 * big["step"]
    print(
        f"1,000,000 SYNTHETIC rows (gzipped CSV): upload to every row on the map {million['upload']:,.0f} ms, "
        f"range move {million['move']:,.0f} ms, pan and re-bin {million['pan']:,.0f} ms "
        f"(within 10x the 100k figures: {'met' if within else 'NOT met'})"
    )
    back = closed_mb <= start_mb * 1.1
    print(
        f"{SESSIONS} sessions with a 10k upload each: server {start_mb:,.0f} MB before, {open_mb:,.0f} MB open, "
        f"{closed_mb:,.0f} MB once closed (within 10% of before: {'met' if back else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
