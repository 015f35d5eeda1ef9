"""Routes say they are approximate wherever they are drawn."""

import datetime as dt

from frontmap import briefing, layers


def test_every_legend_that_draws_routes_says_they_are_approximate(situation):
    assert "approximate course" in layers.legend_html(["routes"])
    assert "approximate" not in layers.legend_html(["control", "places"])
    deck, _ = briefing.parse_deck(
        (briefing.BRIEFINGS_DIR / "kherson-2022-11.toml").read_text(encoding="utf-8"), "kherson-2022-11.toml"
    )
    fig = briefing.slide_figure(situation, deck, 4, dt.date(2022, 11, 12))  # the slide of the bridges
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "route destroyed (approximate course)" in labels
