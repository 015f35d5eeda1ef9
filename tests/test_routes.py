"""Routes say they are approximate wherever they are drawn."""

import datetime as dt

import geopandas as gpd
import shapely

from frontmap.briefing import decks
from frontmap.maps import layers, mapview


def test_every_legend_that_draws_routes_says_they_are_approximate(situation):
    assert "approximate course" in layers.legend_html(["routes"])
    assert "approximate" not in layers.legend_html(["control", "places"])
    deck, _ = decks.parse_deck(
        (decks.BRIEFINGS_DIR / "kherson-2022-11.toml").read_text(encoding="utf-8"), "kherson-2022-11.toml"
    )
    fig = decks.slide_figure(situation, deck, 4, dt.date(2022, 11, 12))  # the slide of the bridges
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "route destroyed (approximate course)" in labels


def test_the_azov_route_crosses_to_crimea_at_chonhar_and_keeps_off_the_sea(situation):
    route = situation.routes.set_index("id").loc["azov_land_route"]
    assert "Chonhar" in route["via"] and "Henichesk" not in route["via"]
    land = shapely.union_all(situation.countries.geometry.values)
    for row in situation.routes[situation.routes["kind"] != "bridge"].itertuples(index=False):
        coords = shapely.get_coordinates(row.geometry)
        for a, b in zip(coords, coords[1:]):
            sea = gpd.GeoSeries([shapely.LineString([a, b]).difference(land)], crs=4326).to_crs(3035).length.iloc[0]
            # Natural Earth's 1:50m coast lies up to ~3 km off the real one (Taganrog, Berdiansk): a
            # segment along the shore may graze it, none may cross the sea (the old line: 43 km)
            assert sea < 5_000, (row.id, a, b, sea)


def test_the_exported_map_says_so_too(situation):
    parts = mapview.build(situation, dt.date(2022, 11, 12), ("control", "routes"), "offline")
    note = mapview.export_note(situation, "Kherson", dt.date(2022, 11, 12), layers.legend_html(["control", "routes"]))
    html = mapview.standalone_html(parts.base, parts.dated, note)
    assert "approximate course" in html and "fm-route" in html
