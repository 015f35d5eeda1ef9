"""Every claim one click from its source: links only to web addresses, in cards, popups, the PDF
and the credits; no citation names a file of ours."""

import datetime as dt

import folium
import pypdfium2
from apptest import with_published

from frontmap.briefing import decks
from frontmap.data import provenance, timeline
from frontmap.maps import layers


def test_sources_are_links_only_to_web_addresses():
    html = provenance.source_html("Babel <b>", "A <i>title</i>", "https://babel.ua/en/news/1?a=1&b='2'")
    assert html.startswith("Babel &lt;b&gt; · <a href='https://babel.ua/en/news/1?a=1&amp;b=&#x27;2&#x27;'")
    assert "A &lt;i&gt;title&lt;/i&gt;</a>" in html and "rel='noopener noreferrer'" in html
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "file:///etc/passwd"):
        assert "<a " not in provenance.source_html("s", "t", bad, "none found")
        assert "](" not in provenance.source_markdown("s", "t", bad, "none found")
    md = provenance.source_markdown("Kyiv [Independent]", "x)y", "https://kyivindependent.com/a_(b)")
    assert md == "Kyiv \\[Independent\\] · [x)y](https://kyivindependent.com/a_%28b%29)"
    assert "no known address" in provenance.source_text(
        {"source": "source article (2022-11-10)", "url": None, "url_note": "no known address"}
    )


def test_popups_link_their_source(situation):
    events = situation.events[situation.events["id"] == "ev019"]
    popup = layers.event_popups(events)[0]
    assert "<a href='https://kyivindependent.com/" in popup and "target='_blank'" in popup
    routes = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12))
    bridge = routes[routes["id"] == "antonivskyi_road_bridge"].iloc[0]
    assert bridge["status_url"].startswith("https://euromaidanpress.com/")
    fmap = folium.Map()
    layers.routes_layer(routes).add_to(fmap)
    assert "https://euromaidanpress.com/" in with_published(fmap.get_root().render())  # the layer's file


def test_credits_name_every_outlet_and_no_file_of_ours(situation):
    said = "; ".join(provenance.outlets(situation))
    for outlet in ("Babel", "Kyiv Independent", "UK Ministry of Defence", "Kiel Institute", "UNHCR", "IOM",
                   "Sky News", "Reuters", "machine translation"):
        assert outlet in said, outlet
    assert "README" not in said and "shared/" not in said


def test_the_pdf_prints_each_source_with_its_address(situation):
    deck, problems = decks.parse_deck(
        (decks.BRIEFINGS_DIR / "kherson-2022-11.toml").read_text(encoding="utf-8"), "kherson-2022-11.toml"
    )
    assert deck is not None, problems
    lines = decks.deck_sources(situation, deck)
    assert any("https://kyivindependent.com/" in line for line in lines)  # Snihurivka, slide 5
    assert any("no known address" in line and "machine translation" in line for line in lines)


def test_sources_that_fill_a_page_continue_on_the_next(situation, monkeypatch):
    deck, _ = decks.parse_deck(
        (decks.BRIEFINGS_DIR / "kherson-2022-11.toml").read_text(encoding="utf-8"), "kherson-2022-11.toml"
    )
    monkeypatch.setattr(decks, "SOURCE_LINES", 25)
    pdf = pypdfium2.PdfDocument(decks.deck_pdf(situation, deck))
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(deck.slides), len(pdf))]
    pages = [page for page in pages if not page.startswith("What changed")]  # the digest comes first
    assert len(pages) >= 3 and all(page.startswith("Sources") for page in pages)
    assert "OpenStreetMap" in pages[-1]  # the datasets come last: nothing is cut


def test_the_sources_page_and_every_maps_credit_line_name_deepstates_directions_of_attack():
    datasets = provenance.datasets()
    row = datasets[datasets["data"] == "Directions of attack (arrows)"].iloc[0]
    assert row["source"].startswith("DeepStateMap's assessment") and "N x 22.5°" in row["source"]
    assert provenance.DATASETS_LINE.startswith("Front lines and directions of attack: DeepStateMap")
