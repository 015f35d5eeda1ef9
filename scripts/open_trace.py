"""Where an open of /front spends its time, against the bare one-marker page: the time of each
stage in ms from the page's request (a cold open first, not printed, then four warm ones); with
`--profile`, the page's CPU by script instead (Chromium's sampling profiler, ms an open, the mean
of three warm opens).

    .venv/bin/python scripts/open_trace.py [--profile]
"""

import collections
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


def profile(browser, url: str, drawn: str) -> collections.Counter:
    """The main thread's CPU of one open until the map is drawn, in ms by script ("(idle)" while it
    waits, "(program)" for the browser's own work: style, layout, parsing)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 250})
    cdp.send("Profiler.start")
    page.goto(url)
    page.frame_locator(MAP_FRAME).first.locator(drawn).first.wait_for(state="attached")
    found = cdp.send("Profiler.stop")["profile"]
    ctx.close()
    nodes = {node["id"]: node["callFrame"] for node in found["nodes"]}
    spent: collections.Counter = collections.Counter()
    for sample, delta in zip(found["samples"], found["timeDeltas"][1:] + [0]):
        frame = nodes[sample]
        spent[frame["url"].rsplit("/", 1)[-1] or frame["functionName"]] += delta / 1000
    return spent


def main() -> None:
    profiling = "--profile" in sys.argv
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for app in (bb.bare_app(Path(tmp)), bb.frontmap_app()):
            app.start()
            try:
                url = f"{app.server.url}/{app.path}"
                trace(browser, url, app.selector(0))  # cold
                print(app.name)
                if profiling:
                    spent = sum((profile(browser, url, app.selector(0)) for _ in range(3)), collections.Counter())
                    for script, ms in spent.most_common(16):
                        print(f"  {ms / 3:7.0f} ms  {script}")
                    continue
                runs = [trace(browser, url, app.selector(0)) for _ in range(4)]
                for k in runs[-1]:
                    print(f"  {k:32} " + " ".join(f"{r.get(k, -1):6}" for r in runs))
            finally:
                app.stop()


if __name__ == "__main__":
    main()
