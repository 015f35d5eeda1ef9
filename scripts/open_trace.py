"""Where an open of /front spends its time, against the bare one-marker page: the time of each
stage in ms from the page's request (a cold open first, not printed, then four warm ones).

    .venv/bin/python scripts/open_trace.py
"""

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_browser as bb  # noqa: E402
from browser import CHROMIUM_ARGS, MAP_FRAME, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def trace(browser, url: str, drawn: str) -> dict[str, int]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    t0, ev = time.perf_counter(), {}

    def mark(name: str, again: bool = False) -> None:
        if again or name not in ev:
            ev[name] = round((time.perf_counter() - t0) * 1000)

    def asked(r) -> None:
        if "streamlit_folium" in r.url and r.url.endswith(".html"):
            mark("map frame's page asked")
        if "/published/" in r.url:
            mark("first published file asked")
        if "leaflet.js" in r.url:
            mark("leaflet.js asked")

    page.on("websocket", lambda ws: (mark("websocket open"), ws.on("framereceived", lambda f: mark("first message"))))
    page.on("request", asked)
    page.on("requestfinished", lambda r: "/published/" in r.url and mark("last published file done", again=True))
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME).first
    page.locator(MAP_FRAME).first.wait_for(state="attached")
    mark("map frame in the page")
    frame.locator(".leaflet-container").first.wait_for(state="attached")
    mark("Leaflet map made")
    frame.locator(drawn).first.wait_for(state="attached")
    mark("drawn")
    ctx.close()
    return ev

def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for app in (bb.bare_app(Path(tmp)), bb.frontmap_app()):
            app.start()
            try:
                url = f"{app.server.url}/{app.path}"
                trace(browser, url, app.selector(0))  # cold
                runs = [trace(browser, url, app.selector(0)) for _ in range(4)]
                print(app.name)
                for k in runs[-1]:
                    print(f"  {k:32} " + " ".join(f"{r.get(k, -1):6}" for r in runs))
            finally:
                app.stop()


if __name__ == "__main__":
    main()
