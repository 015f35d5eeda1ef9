"""A real `streamlit run` on localhost, and Debian's Chromium driven by Playwright, offline.

Every request that leaves localhost is aborted and recorded, so a test sees what a room with no
internet sees. Tests wait on what the page shows (Playwright's auto-waiting), never on sleep().
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--disable-background-networking",
    "--disable-component-update",
]
# (by its source: its title is the map's own, "Map of ... as of ...")
# Every page, by name, as its address (the briefing opened on a slide).
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
MAP_FRAME = "iframe[src*='streamlit_folium']"
# In the map's frame: the map, once folium's script has made it. Until then `map_div` is the element
# of that id (a browser names elements by id on window), which has no layers.
MAP_MADE = "typeof L !== 'undefined' && window.map_div instanceof L.Map"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    return path


class Server:
    """`streamlit run app.py` (or another script) on a free port; ready once it prints its URL."""

    def __init__(self, script: Path = ROOT / "app.py", options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = ARTIFACTS / "streamlit.log"
        ARTIFACTS.mkdir(exist_ok=True)
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--server.enableStaticServing",
                "true",
                *options,
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines = []
        for line in self.proc.stdout:  # blocks until streamlit says where it listens
            lines.append(line)
            if "URL:" in line:
                break
        else:
            raise RuntimeError("streamlit exited before serving:\n" + "".join(lines))
        threading.Thread(target=self._drain, args=(lines,), daemon=True).start()

    def _drain(self, first: list[str]) -> None:
        with self.log.open("w") as out:
            out.writelines(first)
            for line in self.proc.stdout:
                out.write(line)
                out.flush()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


class Watch:
    """What a page did that a user would not see at once: JS errors and requests leaving localhost."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.blocked: list[str] = []
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        page.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(
            ("http://localhost", "http://127.0.0.1", "ws://localhost", "data:", "blob:", "file:")
        ):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def js_errors(self) -> list[str]:
        # A blocked tile is a failed resource load, not a script error; Streamlit's health probe of
        # /<page>/_stcore/health answers 404 (harmless, noted in shared/streamlit-folium-notes.md).
        return [e for e in self.errors if "Failed to load resource" not in e]


@contextlib.contextmanager
def new_page(browser, width: int, height: int, phone: bool = False, **options):
    """A page in a fresh browser context (its own cookies and session) at a screen's size; `phone`:
    touch and a mobile browser; `options`, the context's others (a `locale`)."""
    if phone:
        options |= {"is_mobile": True, "has_touch": True, "device_scale_factor": 1}
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    opened = context.new_page()
    opened.set_default_timeout(60_000)
    try:
        yield opened
    finally:
        context.close()


def settle(page) -> None:
    """Wait until the script run is over and no element is still a loading skeleton."""
    from playwright.sync_api import expect

    expect(page.locator("[data-testid=stApp][data-test-script-state=notRunning]")).to_be_attached()
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


class Deployment:
    """deploy/frontmap.sh's whole set (PostgreSQL + PostGIS with the shipped data, two servers, nginx)
    on free ports in a temporary folder; `url` is nginx's, `database` the store's."""

    def __init__(self, publish_key: str) -> None:
        self.state = Path(tempfile.mkdtemp(prefix="frontmap-deploy-"))
        self.state.chmod(0o755)  # the cluster in it belongs to postgres when run as root
        ports = {name: str(free_port()) for name in ("PORT", "PORT_A", "PORT_B", "PGPORT")}
        self.env = {k: v for k, v in os.environ.items() if k != "FRONTMAP_DATABASE_URL"}
        self.env |= ports | {"STATE": str(self.state), "PY": sys.executable, "FRONTMAP_PUBLISH_KEY": publish_key}
        self.script = str(ROOT / "deploy" / "frontmap.sh")
        try:
            subprocess.run([self.script, "start"], env=self.env, check=True, timeout=600, capture_output=True)
        except BaseException:
            self.stop()
            raise
        self.url = f"http://127.0.0.1:{ports['PORT']}"
        self.database = (self.state / "database_url").read_text().strip()

    def stop(self) -> None:
        subprocess.run([self.script, "stop"], env=self.env, timeout=120)
        ARTIFACTS.mkdir(exist_ok=True)
        for log in self.state.glob("*.log"):  # kept for a failure's post-mortem
            shutil.copy(log, ARTIFACTS / f"deploy-{log.name}")
        shutil.rmtree(self.state, ignore_errors=True)


def first_seen(page, url: str, shows, since: float, give_up: float = 60) -> float:
    """Reload until the page shows it; seconds from `since` (a time.monotonic()) to the start of the
    load that did: what the server knew when asked."""
    while True:
        started = time.monotonic()
        page.goto(url)
        settle(page)
        if shows(page):
            return started - since
        if time.monotonic() - since > give_up:
            raise AssertionError(f"not seen within {give_up} s: {url}")


@contextlib.contextmanager
def pinned(browser, deployment: Deployment, server: str):
    """A page whose session nginx keeps on server `a` or `b` (the cookie nginx sets itself)."""
    with new_page(browser, 1400, 1000) as page:
        page.context.add_cookies([{"name": "frontmap_server", "value": server, "url": deployment.url}])
        yield page


def open_map(page, url: str, drawn: str, visible: bool = False):
    """Go to a page and wait until its map has `drawn` (a selector inside the map's frame; shown, if
    `visible`) and the run is over; the map scrolled into view. Returns the frame's locator and the
    frame itself."""
    from playwright.sync_api import expect

    page.goto(url)
    frame = page.frame_locator(MAP_FRAME).first
    found = expect(frame.locator(drawn).first)
    found.to_be_visible() if visible else found.to_be_attached()
    settle(page)
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    return frame, next(f for f in page.frames if "streamlit_folium" in f.url)


def click_as_a_user(page, target) -> None:
    """A click on an element as a person makes it: scrolled into view first, then clicked once the
    scroll's events have gone by. (Playwright's own click scrolls and presses in one frame; a list
    that opens on the press then sees the scroll and shuts, which no hand on a wheel can cause.)"""
    target.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    target.click()


def time_bar_point(page):
    """Where the page's time bar draws a day: a function of a day, giving (x, y) on the screen at
    the middle of that day's bar."""
    bar = page.locator(".st-key-fm_shell_bar .fm-timebar")
    first = dt.date.fromisoformat(bar.get_attribute("data-first"))
    days = int(bar.get_attribute("data-days"))
    box = page.locator(".st-key-fm_shell_bar .fm-tb-strip").bounding_box()
    return lambda day: (box["x"] + ((day - first).days + 0.5) * box["width"] / days, box["y"] + box["height"] / 2)


def click_at(page, inner, point: tuple[float, float]) -> None:
    """A click on the map where `point` (lat, lon) is drawn (the map's own latLngToContainerPoint)."""
    x, y = inner.evaluate(
        "([lat, lon]) => { const r = map.getContainer().getBoundingClientRect(), p = map.latLngToContainerPoint([lat, lon]);"
        " return [r.left + p.x, r.top + p.y]; }",
        list(point),
    )
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


# Every front line the map draws, in order, with the time it appeared (on the page's clock), as
# `window.__lines` ([day, ms], ...): a day's areas carry the class fm-snap-<its line's date>.
RECORD_LINES = """(frameSel) => {
  const doc = document.querySelector(frameSel).contentDocument;
  window.__lines = [];
  new MutationObserver(() => {
    const path = doc.querySelector('path[class*="fm-snap-"]');
    const day = path && path.getAttribute('class').match(/fm-snap-(\\S+)/)[1];
    const last = window.__lines[window.__lines.length - 1];
    if (day && (!last || last[0] !== day)) window.__lines.push([day, performance.now()]);
  }).observe(doc.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['class']});
}"""
