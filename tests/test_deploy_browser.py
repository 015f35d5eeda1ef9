"""The deploy/ example, whole: PostgreSQL + PostGIS, two servers, nginx in front with sticky sessions.
A browser pinned to one server publishes a layer that a browser pinned to the other sees; a snapshot
added with the CLI reaches both within 10 s."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time

import pytest
from browser import ARTIFACTS, ROOT, Deployment, Watch, click_as_a_user, first_seen, pinned, settle
from playwright.sync_api import expect

from frontmap.data.deepstate import OCCUPIED_FILL

pytestmark = pytest.mark.browser
SEEN_WITHIN = 10  # seconds: a change in the store reaches every server's pages in that time
CSV = "date,title,category,latitude,longitude\n2022-11-10,Ferry seen at Kakhovka,crossing,46.6,32.6\n2022-11-11,Barge sunk,crossing,46.7,32.7\n"


@pytest.fixture(scope="module")
def deployed():
    running = Deployment(publish_key="team-key")
    yield running
    running.stop()


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
        # the map answers the upload with its own rerun, which closes a list opened before it
        expect(a.frame_locator("iframe[src*='streamlit_folium']").first.locator(".fm-cloud-total")).to_be_attached()
        settle(a)
        click_as_a_user(a, a.get_by_label("Publish an upload to the team"))
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
        click_as_a_user(b, b.get_by_label("Team layers to show"))
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


def test_a_phone_on_one_server_steps_a_projector_on_the_other(browser, deployed):
    with pinned(browser, deployed, "a") as projector, pinned(browser, deployed, "b") as phone:
        assert projector.goto(f"{deployed.url}/briefing?deck=kherson-2022-11&slide=3&basemap=offline").headers["x-frontmap-server"] == "a"
        expect(projector.get_by_text("3 / 10")).to_be_visible()
        code = projector.locator(".fm-room-code").inner_text().split()[-1]
        assert phone.goto(f"{deployed.url}/briefing?room={code}&role=remote").headers["x-frontmap-server"] == "b"
        expect(phone.locator(".fm-remote-now")).to_contain_text("3 / 10")  # the room is in the team's store
        settle(projector)
        phone.locator(".st-key-remote_next button").click()
        expect(projector.get_by_text("4 / 10")).to_be_visible()
        expect(phone.locator(".fm-remote-now")).to_contain_text("4 / 10")
