"""100,000 uploaded rows in Chromium: every one counted on the map, the map's count the table's,
and a click on a cell selecting exactly its rows. The rows are SYNTHETIC (scripts/synthetic_acled.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from browser import MAP_FRAME, ROOT
from playwright.sync_api import expect

sys.path.insert(0, str(ROOT / "scripts"))
import synthetic_acled  # noqa: E402

ROWS = 100_000


def matching(page) -> int:
    """The page's count of matching rows, once the run that holds the upload has drawn it."""
    counted = page.get_by_text(re.compile(r"of 100,0\d\d rows")).first
    expect(counted).to_be_visible(timeout=60_000)
    text = counted.inner_text()
    return int(re.search(r"([\d,]+) of [\d,]+ rows", text).group(1).replace(",", ""))


def test_a_100k_upload_is_all_on_the_map_and_a_cell_click_selects_its_rows(page, server, tmp_path):
    path = synthetic_acled.write(ROWS, tmp_path / "synthetic-100k.csv")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{server.url}/explore?basemap=offline")
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text(re.compile(r"100,000 rows loaded")).first).to_be_visible(timeout=60_000)
    frame = page.frame_locator(MAP_FRAME).first
    total = frame.locator(".fm-cloud-total")
    expected = matching(page)
    assert expected > ROWS - 1_000  # nearly all of them: a few of the source's events are later
    expect(total).to_have_attribute("data-count", str(expected), timeout=30_000)

    # A filter change: only the mask travels, and the map's count follows the table's.
    search = page.get_by_label("Search titles, notes and places")
    search.fill("SYNTHETIC row 12")  # rows 12, 120-129, 1,200-1,299 and 12,000-12,999
    search.press("Enter")
    expect(page.get_by_text(re.compile(r"1,111 of 100,0\d\d rows"))).to_be_visible(timeout=60_000)
    expect(page.get_by_text(re.compile(r"Page \(of [\d,]+\)"))).to_be_visible()
    expected = 1_111
    expect(total).to_have_attribute("data-count", str(expected), timeout=30_000)

    # A click on the busiest cell selects its rows: the table's count is the cell's.
    cell = frame.locator(".fm-cloud-count").first
    expect(cell).to_be_visible()
    counts = [int(t.replace(",", "")) for t in frame.locator(".fm-cloud-count").all_inner_texts()]
    biggest = max(range(len(counts)), key=counts.__getitem__)
    frame.locator(".fm-cloud-count").nth(biggest).click(force=True)
    expect(page.get_by_text(f"Selected on the map: {counts[biggest]:,} row(s).")).to_be_visible(
        timeout=30_000
    )
    page.screenshot(path=str(ROOT / "test-artifacts" / "explore-100k-selected-1400.png"))
    Path(path).unlink()
