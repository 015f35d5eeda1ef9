"""Explore's uploads in Chromium, where Streamlit's browser decides which run a change asks for."""

from __future__ import annotations

import re
import sys

from browser import MAP_FRAME, MAP_MADE, ROOT, settle
from playwright.sync_api import expect

sys.path.insert(0, str(ROOT / "scripts"))
import synthetic_acled  # noqa: E402

# Streamlit 1.67 sends the widget changes of one moment as one rerun, from a zero-delay timer (its body
# calls sendUpdateWidgetsMessage), and a change made inside a fragment first turns the whole batch into
# a run of that fragment. Holding that timer until released puts the uploader's change in the map's
# batch for certain, as it is by chance when a file finishes uploading as the map sends its value.
HOLDER = """
  window.fmMapValues = 0;  // the map's values sent, from the page's start
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'streamlit:setComponentValue') window.fmMapValues += 1;
  });
  window.fmHeld = [];
  window.fmHold = () => {
    const later = window.setTimeout;
    window.setTimeout = (fn, ms, ...rest) => {
      if (typeof fn === 'function' && String(fn).includes('sendUpdateWidgetsMessage')) {
        window.fmHeld.push(() => fn(...rest));
        return 0;
      }
      return later(fn, ms, ...rest);
    };
    window.fmRelease = () => { window.setTimeout = later; window.fmHeld.splice(0).forEach((f) => f()); };
  };
"""
TWO_FRAMES = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def test_a_file_that_arrives_with_the_maps_value_is_read_and_listed(page, server, tmp_path):
    path = synthetic_acled.write(100, tmp_path / "synthetic-100.csv")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.add_init_script(HOLDER)
    page.goto(f"{server.url}/explore?basemap=offline")
    expect(page.get_by_text(re.compile(r"of \d+ rows")).first).to_be_visible()
    page.wait_for_function("window.fmMapValues > 0")  # the map's first value (its view) is sent
    settle(page)
    expect(page.locator(MAP_FRAME).first).to_be_visible()
    inner = next(f for f in page.frames if "streamlit_folium" in f.url)
    inner.wait_for_function(MAP_MADE)

    page.evaluate("window.fmHold()")
    inner.evaluate("map_div.fire('click', {latlng: L.latLng(48.5, 35.0)})")  # a click on the map
    page.wait_for_function("window.fmMapValues > 1 && window.fmHeld.length > 0")  # its value, not sent yet
    with page.expect_response(lambda r: r.request.method == "PUT" and r.ok):  # the file is on the server
        page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_test_id("stFileUploader").get_by_role("progressbar")).to_have_count(0)  # and listed
    page.evaluate(TWO_FRAMES)  # the uploader's value is set in an effect after that drawing
    page.evaluate("window.fmRelease()")

    expect(page.get_by_text(re.compile(r"synthetic-100\.csv \(ACLED\): 100 rows loaded"))).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"of 1\d\d rows")).first).to_be_visible()  # the table counts them
