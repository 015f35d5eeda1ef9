"""Bar charts measured as Chromium draws them (Vega's SVG), not as their spec says: every bar with a
number above 0 is seen, 96 beside 10,500 keeps its proportion, and no two texts overlap or leave
the chart, at a desk's widths and a phone's."""

import re

import pytest
from browser import Watch, settle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SIZES = {"1400": (1400, 900), "1920": (1920, 1080), "phone": (390, 844)}
PAGES = ["humanitarian", "aid"]  # the bars of a number (supply's are spans of days)
SLACK = 4  # px: a glyph's box is its font's line, wider than the ink (a rotated axis title)

# Each chart: its box, its bars (box and accessible label) and its visible texts, in page pixels.
MEASURE = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart]')].map(chart => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {
        box: box(chart),
        bars: [...chart.querySelectorAll('g.mark-rect.role-mark path')].map(p => ({
            box: box(p), label: p.getAttribute('aria-label') || '' })),
        texts: [...chart.querySelectorAll('text')]
            .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0'
                && t.getAttribute('opacity') !== '0')
            .map(t => ({ box: box(t), text: t.textContent })),
    };
})"""


def overlap(a, b) -> float:
    """The area two boxes share, in px²."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return max(width, 0) * max(height, 0)


def value_of(label: str) -> float | None:
    found = re.search(r"(?:^|; )(?:value|значення): ([-\d,.]+)", label)  # (its tooltip's title, either language)
    return float(found.group(1).replace(",", "")) if found else None


# (in Ukrainian too: its words are longer, and must neither overlap nor leave the chart)
@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", PAGES)
def test_every_bar_is_seen_and_no_text_overlaps(browser, server, name, size, lang):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{server.url}/{name}?as_of=2022-11-12&basemap=offline&lang={lang}")
    expect(page.locator("h1").first).to_be_visible()
    settle(page)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    expect(charts.first).to_be_attached()
    for i in range(charts.count()):  # Vega draws once a chart is near the view
        charts.nth(i).scroll_into_view_if_needed()
        expect(charts.nth(i).locator("svg.marks")).to_be_visible()
    measured = page.evaluate(MEASURE)
    bars = [bar for chart in measured for bar in chart["bars"]]
    assert bars, "no bar drawn"
    for chart in measured:
        for bar in chart["bars"]:
            left, top, right, bottom = bar["box"]
            assert max(right - left, bottom - top) >= 8, f"a bar too thin to see: {bar['label']}"
            value = value_of(bar["label"])
            if value is None or value > 0:
                assert min(right - left, bottom - top) >= 2, f"a bar with a number and no length: {bar['label']}"
        texts = chart["texts"]
        for j, one in enumerate(texts):
            assert "…" not in one["text"], f"text cut at {size}: {one['text']!r}"
            assert chart["box"][0] - SLACK <= one["box"][0] and one["box"][2] <= chart["box"][2] + SLACK, (
                f"text outside its chart at {size}: {one['text']!r}"
            )
            for other in texts[j + 1 :]:
                assert overlap(one["box"], other["box"]) <= 2, (
                    f"texts overlap at {size}: {one['text']!r} and {other['text']!r}"
                )
    if name == "humanitarian":  # one linear scale: 96 of 10,500 is drawn as 96 of 10,500
        lengths = {value_of(b["label"]): b["box"][2] - b["box"][0] for b in bars if value_of(b["label"])}
        assert lengths[96] == pytest.approx(lengths[10_500] * 96 / 10_500, abs=1)
    assert watch.js_errors() == []
    context.close()
