"""Routes say they are approximate wherever they are drawn."""

import datetime as dt
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from frontmap.briefing import decks
from frontmap.data import timeline
from frontmap.maps import legend, mapview

CURATED = Path(__file__).resolve().parents[1] / "scripts" / "curated"


def test_every_legend_that_draws_routes_says_they_are_approximate(situation):
    assert "approximate course" in legend.legend_html(["routes"])
    assert "approximate" not in legend.legend_html(["control", "places"])
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
    spans = pd.read_csv(CURATED / "spans.csv")  # a bridge's ends: its published middle and length
    assert spans["reference"].str.contains(" m|kilomet").all() and set(spans["id"]) <= known
    ends = {f"{i}:{bank}" for i in spans["id"] for bank in ("right", "left")}
    stops = {s for w in routes["waypoints"] for s in w.split(";")}
    assert stops <= known | set(waypoints["id"]) | ends, stops - known - set(waypoints["id"]) - ends


def test_the_exported_map_says_so_too(situation):
    parts = mapview.build(situation, dt.date(2022, 11, 12), ("control", "routes"), "offline")
    note = mapview.export_note(situation, "Kherson", dt.date(2022, 11, 12), legend.legend_html(["control", "routes"]))
    html = mapview.standalone_html(parts.base, parts.dated, note)
    assert "approximate course" in html and "fm-route" in html


def test_a_bridge_is_drawn_as_its_span_and_only_the_span_is_destroyed(situation):
    routes = situation.routes.set_index("id")
    places = situation.places.set_index("id").geometry
    for bridge, published_m in (("antonivskyi_road_bridge", 1366), ("antonivskyi_rail_bridge", 1000)):
        span = routes.loc[bridge, "geometry"]
        metric = gpd.GeoSeries([span, places[bridge]], crs=4326).to_crs(3035)
        assert abs(metric.iloc[0].length - published_m) < 0.02 * published_m, bridge
        assert metric.iloc[0].interpolate(0.5, normalized=True).distance(metric.iloc[1]) < 50, bridge
        assert len(shapely.get_coordinates(span)) == 2  # no town at either end
    on_12th = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12)).set_index("id")
    assert on_12th.loc["antonivskyi_road_bridge", "status"] == "destroyed"
    # its approaches are segments of their own, with no status of the bridge's
    assert on_12th.loc[["kherson_road_approach", "crimea_road_right_bank"], "status"].eq("unknown").all()
    destroyed = on_12th[on_12th["status"] == "destroyed"]
    assert gpd.GeoSeries(destroyed.geometry, crs=4326).to_crs(3035).length.sum() < 15_000  # spans and the dam
