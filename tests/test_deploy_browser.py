"""The deploy/ example, whole: PostgreSQL + PostGIS, two servers, nginx in front with sticky sessions.
A browser pinned to one server publishes a layer that a browser pinned to the other sees; a snapshot
added with the CLI reaches both within 10 s."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser import ARTIFACTS, ROOT, Watch, free_port, new_page, settle
from playwright.sync_api import expect

from frontmap.data.deepstate import OCCUPIED_FILL

pytestmark = pytest.mark.browser
SEEN_WITHIN = 10  # seconds: a change in the store reaches every server's pages in that time
CSV = "date,title,category,latitude,longitude\n2022-11-10,Ferry seen at Kakhovka,crossing,46.6,32.6\n2022-11-11,Barge sunk,crossing,46.7,32.7\n"


@pytest.fixture(scope="module")
def deployed():
    state = Path(tempfile.mkdtemp(prefix="frontmap-deploy-"))
    state.chmod(0o755)  # the cluster in it belongs to postgres when the tests run as root
    env = {k: v for k, v in os.environ.items() if k != "FRONTMAP_DATABASE_URL"}
    ports = {name: str(free_port()) for name in ("PORT", "PORT_A", "PORT_B", "PGPORT")}
    env |= ports | {"STATE": str(state), "PY": sys.executable, "FRONTMAP_PUBLISH_KEY": "team-key"}
    script = str(ROOT / "deploy" / "frontmap.sh")
    try:
        subprocess.run([script, "start"], env=env, check=True, timeout=600, capture_output=True)
        yield SimpleNamespace(
            url=f"http://127.0.0.1:{ports['PORT']}", database=(state / "database_url").read_text().strip(), state=state
        )
    finally:
        subprocess.run([script, "stop"], env=env, timeout=120)
        ARTIFACTS.mkdir(exist_ok=True)
        for log in state.glob("*.log"):  # kept for a failure's post-mortem
            shutil.copy(log, ARTIFACTS / f"deploy-{log.name}")
        shutil.rmtree(state, ignore_errors=True)  # (the cluster is stopped: its files can go)


@contextlib.contextmanager
def pinned(browser, deployed, server: str):
    """A browser whose session nginx keeps on server `a` or `b` (the cookie it sets itself)."""
    with new_page(browser, 1400, 1000) as page:
        page.context.add_cookies([{"name": "frontmap_server", "value": server, "url": deployed.url}])
        yield page


def first_seen(page, url: str, shows, since: float) -> float:
    """Reload until the page shows it; seconds from `since` to the start of the load that did."""
    while True:
        started = time.monotonic()
        page.goto(url)
        settle(page)
        if shows(page):
            return started - since
        assert time.monotonic() - since < 60, f"not seen within 60 s: {url}"


def rows_matching(page) -> int:
    """The total of the explore page's "N of M rows match" line."""
    line = page.get_by_text(re.compile(r"of [0-9,]+ rows")).first.inner_text()
    return int(re.search(r"of ([0-9,]+) rows", line).group(1).replace(",", ""))


def test_a_layer_published_on_one_server_appears_on_the_other(browser, deployed, tmp_path):
    upload = tmp_path / "sightings.csv"
    upload.write_text(CSV, encoding="utf-8")
    with pinned(browser, deployed, "a") as a, pinned(browser, deployed, "b") as b:
        watch = Watch(a)
        response = a.goto(f"{deployed.url}/explore")
        assert response.headers["x-frontmap-server"] == "a"
        settle(a)
        a.locator("input[type=file]").set_input_files(str(upload))
        expect(a.get_by_text("sightings.csv (CSV): 2 rows loaded")).to_be_visible()
        a.get_by_label("Publish an upload to the team").click()
        a.get_by_role("option", name="sightings.csv").click()
        a.get_by_label("Layer name").fill("Ferry sightings")
        a.get_by_label("Your name").fill("Olena")
        a.get_by_label("Publish key").fill("team-key")
        a.get_by_label("Publish key").press("Enter")
        settle(a)
        a.get_by_role("button", name="Publish", exact=True).click()
        expect(a.get_by_text("Done: every viewer of the team now sees the change.")).to_be_visible()
        published = time.monotonic()

        assert b.goto(f"{deployed.url}/explore").headers["x-frontmap-server"] == "b"
        took = first_seen(b, f"{deployed.url}/explore", lambda p: p.get_by_text("Team layers to show").count() > 0, published)
        assert took < SEEN_WITHIN
        before = rows_matching(b)
        b.get_by_label("Team layers to show").click()
        b.get_by_role("option", name="Ferry sightings", exact=False).click()
        b.keyboard.press("Escape")
        expect(b.get_by_text("Ferry sightings: 2 rows, published by Olena")).to_be_visible()
        settle(b)
        assert rows_matching(b) == before + 2  # the layer's rows join the table and the map
        b.screenshot(path=str(ARTIFACTS / "deploy-team-layer-on-b.png"), full_page=False)
        assert not watch.js_errors()  # (tiles from the internet are blocked: the offline outlines show)


def test_a_snapshot_added_by_the_cli_reaches_both_servers_within_10_s(browser, deployed, tmp_path):
    ring = [[37.0, 47.0], [38.0, 47.0], [38.0, 48.0], [37.0, 48.0], [37.0, 47.0]]
    snapshot = tmp_path / "2022-12-01.geojson"
    feature = {"type": "Feature", "properties": {"fill": OCCUPIED_FILL, "name": "Occupied"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    snapshot.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    url = f"{deployed.url}/?as_of=2022-12-01"
    with pinned(browser, deployed, "a") as a, pinned(browser, deployed, "b") as b:
        for page in (a, b):  # before: the day is past the data's last one
            page.goto(url)
            expect(page.get_by_text("Ukraine as of 10 November 2022")).to_be_visible()
        subprocess.run(
            [sys.executable, "-m", "frontmap", "db", "add-snapshot", str(snapshot), "--date", "2022-12-01", deployed.database],
            check=True, cwd=ROOT, capture_output=True,
        )  # fmt: skip
        added = time.monotonic()
        for page in (a, b):
            took = first_seen(page, url, lambda p: p.get_by_text("Ukraine as of 01 December 2022").count() > 0, added)
            assert took < SEEN_WITHIN
