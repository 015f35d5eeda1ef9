"""Routes say they are approximate wherever they are drawn."""

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from frontmap.briefing import decks
from frontmap.maps import layers, mapview

CURATED = Path(__file__).resolve().parents[1] / "scripts" / "curated"


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
    azov = situation.routes[situation.routes["part_of"] == "Land route to Crimea along the Sea of Azov"]
    via = " – ".join(azov["via"])
    assert "Chonhar strait" in via and "Henichesk" not in via and len(azov) == 3  # a status per segment
    # The Syvash is water on the basemap (it was land in the 1:50m outlines, and the old line ran
    # 22 km across it); Natural Earth's coast lies up to ~3 km off the real one (Taganrog,
    # Berdiansk, the narrow Tup-Dzhankoi peninsula): a segment along a shore may graze the water,
    # none may cross it but a bridge.
    land = shapely.union_all(situation.countries.geometry.values)
    for row in situation.routes[situation.routes["kind"] != "bridge"].itertuples(index=False):
        coords = shapely.get_coordinates(row.geometry)
        for a, b in zip(coords, coords[1:]):
            sea = gpd.GeoSeries([shapely.LineString([a, b]).difference(land)], crs=4326).to_crs(3035).length.iloc[0]
            assert sea < 5_000, (row.id, a, b, sea)


def test_every_waypoint_is_a_place_or_a_referenced_crossing():
    routes = pd.read_csv(CURATED / "routes.csv")
    known = set(pd.read_csv(CURATED / "places.csv")["id"])
    waypoints = pd.read_csv(CURATED / "waypoints.csv")
    assert waypoints["reference"].str.contains("°").all()  # a coordinate as its source gives it
    stops = {s for w in routes["waypoints"] for s in w.split(";")}
    assert stops <= known | set(waypoints["id"]), stops - known - set(waypoints["id"])


def test_the_exported_map_says_so_too(situation):
    parts = mapview.build(situation, dt.date(2022, 11, 12), ("control", "routes"), "offline")
    note = mapview.export_note(situation, "Kherson", dt.date(2022, 11, 12), layers.legend_html(["control", "routes"]))
    html = mapview.standalone_html(parts.base, parts.dated, note)
    assert "approximate course" in html and "fm-route" in html
