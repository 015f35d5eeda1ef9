"""The shipped situation: its figures, its geometry and what holds on the key days."""

import datetime as dt

import geopandas as gpd
import pytest

from frontmap import styles
from frontmap.data import timeline
from frontmap.maps import registry

# Every figure the source gives that a panel shows: (metric, value).
SOURCE_FIGURES = [
    ("internally_displaced", 6_900_000),
    ("people_without_power", 4_000_000),
    ("regions_without_power", 14),
    ("children_deported", 10_500),
    ("children_returned", 96),
    ("children_transferred_july", 1_800),
    ("eu_package_2023", 18),
    ("eu_package_monthly", 1.5),
    ("eu_loan_term", 35),
    ("eu_aid_given_2022", 4.2),
    ("eu_aid_planned_november", 2.5),
    ("imf_need_monthly_low", 3),
    ("imf_need_monthly_high", 4),
    ("iran_cash", 140),
    ("shahed_136", 100),
    ("shahed_131", 60),
    ("mohajer_6", 6),
    ("winter_low", -20),
]


def test_shipped_data_has_no_problems(situation):
    assert [str(p) for p in situation.problems] == []


@pytest.mark.parametrize(("metric", "value"), SOURCE_FIGURES)
def test_every_source_figure_is_present_with_source_and_date(situation, metric, value):
    rows = situation.figures[situation.figures["metric"] == metric]
    seed_rows = rows[rows["value"] == value]
    assert len(seed_rows) == 1, f"{metric} = {value} missing"
    row = seed_rows.iloc[0]
    assert row["source"] and row["quote"] and not gpd.pd.isna(row["as_of"])


def test_public_figures_keep_their_citation(situation):
    idp = situation.figures[situation.figures["metric"] == "internally_displaced"]
    assert set(idp["value"]) >= {6_900_000, 6_540_000}
    assert idp["source"].str.len().min() > 10


def place(situation, place_id):
    return situation.places.set_index("id").loc[place_id].geometry


def test_kherson_russian_held_on_9_november_and_not_on_12th(situation):
    kherson = place(situation, "kherson")
    before = timeline.russian_held(timeline.control_on(situation.control_areas, dt.date(2022, 11, 9)))
    after = timeline.control_on(situation.control_areas, dt.date(2022, 11, 12)).areas
    assert before.contains(kherson).any()
    assert not after.contains(kherson).any()


@pytest.mark.parametrize("town", ["bakhmut", "soledar", "avdiivka"])
def test_donetsk_front_towns_held_by_ukraine_within_10_km_of_the_line(situation, town):
    held = timeline.russian_held(timeline.control_on(situation.control_areas, dt.date(2022, 11, 10)))
    point = gpd.GeoSeries([place(situation, town)], crs=4326).to_crs(3035).iloc[0]
    assert not held.contains(place(situation, town)).any()
    assert held.to_crs(3035).distance(point).min() < 10_000


def test_no_control_line_before_the_first_snapshot(situation):
    snap = timeline.control_on(situation.control_areas, dt.date(2022, 3, 1))
    assert snap.areas.empty and "No front-line snapshot" in snap.note
    assert timeline.control_on(situation.control_areas, dt.date(2022, 4, 3)).note is None


def test_control_areas_cover_every_day_from_first_snapshot(situation):
    day = dt.date(2022, 4, 3)
    while day <= timeline.span_of(situation).last:
        statuses = set(timeline.control_on(situation.control_areas, day).areas["status"])
        assert {"occupied_2022", "crimea", "occupied_2014"} <= statuses, day
        day += dt.timedelta(days=1)


def test_required_places_within_one_km_of_reference(situation):
    # A second reference for each place, besides the one it was taken from: another Wikipedia's
    # infobox (de, sr, nl, sco), or the article's current coordinates where ours came from elsewhere;
    # Structurae for the railway bridge. Read from stored copies of those pages.
    reference = {
        "kherson": (46.6333, 32.6167),
        "kyiv": (50.45000, 30.52333),  # sco.wikipedia
        "mykolaiv": (46.97500, 31.99500),
        "nova_kakhovka": (46.75, 33.38333),  # de.wikipedia, minutes
        "snihurivka": (47.07361, 32.80000),
        "beryslav": (46.83833, 33.42250),  # de.wikipedia
        "oleshky": (46.62389, 32.71556),  # de.wikipedia
        "henichesk": (46.16667, 34.81111),  # de.wikipedia: 46° 10′ 0″ N, 34° 48′ 40″ O
        "armiansk": (46.11667, 33.68333),  # de.wikipedia, minutes
        "dzhankoi": (45.70778, 34.38861),  # de.wikipedia
        "melitopol": (46.83333, 35.36667),  # nl.wikipedia, minutes
        "berdiansk": (46.75972, 36.78444),  # en.wikipedia, an earlier revision
        "mariupol": (47.09583, 37.54944),
        "zaporizhzhia": (47.85079, 35.11829),  # fr.wikipedia, as tripomatic.com quotes it: 47°51'2.829" N 35°7'5.832" E
        "donetsk": (48.00278, 37.80528),
        "bakhmut": (48.5944, 38.0003),
        "soledar": (48.70, 38.06667),  # de.wikipedia, minutes; en.wikipedia: 48°41′49″N 38°04′17″E
        "avdiivka": (48.14528, 37.74500),
        "kerch": (45.36194, 36.47111),
        "rostov": (47.22250, 39.71000),
        "taganrog": (47.21667, 38.91667),
        "kakhovka_dam": (46.77611, 33.37167),
        "antonivskyi_rail_bridge": (46.67559, 32.79654),
        "antonivskyi_road_bridge": (46.66917, 32.72056),
        "crimean_bridge": (45.3086, 36.5061),
        "novoazovsk": (47.11667, 38.08333),  # de.wikipedia, minutes
        "manhush": (47.05, 37.29806),  # de.wikipedia
        "chonhar": (46.03333, 34.55),  # de.wikipedia, minutes
        "tuzla_island": (45.26861, 36.54944),  # en.wikipedia's Tuzla Spit only: no second reference found
        "tuzla_dam": (45.24417, 36.59194),
        # the Kharkiv–Luhansk sector
        "izium": (49.21667, 37.25),  # de.wikipedia, minutes
        "lyman": (48.98333, 37.81667),  # de.wikipedia, minutes
        "svatove": (49.41667, 38.16667),  # de.wikipedia, minutes
        "kreminna": (49.05, 38.21667),  # de.wikipedia, minutes (as en.wikipedia's own)
        "kharkiv": (50.0, 36.22917),  # el.wikipedia's infobox (Platonov 1929: 50.00278, 36.22875)
        "kupiansk": (49.70639, 37.61667),  # it.wikipedia (the same figure as ru.wikipedia's)
        "lysychansk": (48.92041, 38.42736),  # Natural Earth 1:10m populated places
        # outside the theatre: the one place added since, for the BCC's Geneva session (ev026)
        "geneva": (46.2, 6.15),  # a Chinese page on Geneva (guizhouymce.cn): 46°12′ N, 6°09′ E, minutes
    }
    theatre = set(situation.places.loc[situation.places["scope"] == "theatre", "id"])
    assert theatre <= set(reference), theatre - set(reference)
    for place_id, (lat, lon) in reference.items():
        got = gpd.GeoSeries([place(situation, place_id)], crs=4326).to_crs(3035).iloc[0]
        want = gpd.GeoSeries(gpd.points_from_xy([lon], [lat]), crs=4326).to_crs(3035).iloc[0]
        assert got.distance(want) < 1000, place_id
    needed = {
        "kherson",
        "bakhmut",
        "soledar",
        "avdiivka",
        "donetsk",
        "kyiv",
        "mykolaiv",
        "nova_kakhovka",
        "snihurivka",
        "melitopol",
        "dzhankoi",
        "zaporizhzhia",
    }
    assert needed <= set(situation.places["id"])
    assert situation.places.set_index("id").loc["kherson", "oblast"] == "Kherson Oblast"


def test_dnipro_is_a_real_line_with_the_reservoir(situation):
    kinds = set(situation.dnipro["kind"])
    assert kinds == {"river", "reservoir"}
    vertices = gpd.GeoSeries(situation.dnipro.geometry).count_coordinates().sum()
    assert vertices > 300


def test_route_status_is_dated_history(situation):
    road = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12)).set_index("id")
    assert road.loc["antonivskyi_road_bridge", "status"] == "destroyed"
    earlier = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 10)).set_index(
        "id"
    )
    assert earlier.loc["antonivskyi_road_bridge", "status"] == "damaged"
    assert situation.routes["approximate"].all()


def test_a_status_holds_since_its_first_dated_quote(situation):
    on_10th = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 10)).set_index("id")
    assert on_10th.loc["antonivskyi_road_bridge", "status"] == "damaged"
    assert on_10th.loc["antonivskyi_road_bridge", "status_since"] == gpd.pd.Timestamp("2022-07-29")
    # No source dates a status of the Azov route: it is drawn as having none, not as "open".
    assert (on_10th.loc[on_10th["part_of"] == "Land route to Crimea along the Sea of Azov", "status"] == "unknown").all()
    statuses = situation.route_status.sort_values("valid_from")
    repeats = statuses.groupby("route_id")["status"].apply(lambda s: (s == s.shift()).sum())
    assert repeats.sum() == 0  # a row is a change, never a restatement
    assert statuses["evidence"].str.len().min() > 20 and statuses["url"].str.startswith("https://").all()


def test_a_status_is_drawn_only_on_the_segment_it_was_dated_for(situation):
    # The bridges fell on 11-11; no source dates a status of the roads and railways that lead to them.
    on_12th = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12)).set_index("id")
    for bridge, approach in (
        ("antonivskyi_road_bridge", "crimea_road_right_bank"),
        ("antonivskyi_rail_bridge", "crimea_rail_right_bank"),
    ):
        assert on_12th.loc[bridge, "status"] == "destroyed" and on_12th.loc[approach, "status"] == "unknown"
        assert on_12th.loc[bridge, "part_of"] == on_12th.loc[approach, "part_of"]
    # the railway no longer turns back to Oleshky: it runs on to its own bridge
    assert "Oleshky" not in on_12th.loc["crimea_rail_right_bank", "via"]
    # the Kerch bridge is drawn shore to shore: from Kerch to the Tuzla dam's islet by the Taman shore
    routes = situation.routes.set_index("id")
    kerch = routes.loc["crimean_bridge"].geometry
    assert kerch.coords[0] == place(situation, "kerch").coords[0]
    assert kerch.coords[-1] == (36.60722, 45.21361)  # en.wikipedia, Tuzla Spit: the southern islet
    length = gpd.GeoSeries([kerch], crs=4326).to_crs(3035).length.iloc[0]
    assert 18_000 < length < 21_000  # the bridge is 19 km; its Kerch end is drawn from the city's centre


def test_the_kakhovka_dam_alone_is_drawn_destroyed(situation):
    # Newslanes (11-12) saw the link across the dam severed: the dam's 3,273 m, not the roads to it.
    on_12th = timeline.routes_on(situation.routes, situation.route_status, dt.date(2022, 11, 12)).set_index("id")
    dam = on_12th.loc["kakhovka_dam_crossing"]
    assert dam["status"] == "destroyed" and dam["kind"] == "bridge"
    assert gpd.GeoSeries([dam.geometry], crs=4326).to_crs(3035).length.iloc[0] == pytest.approx(3273, abs=5)
    middle = gpd.GeoSeries([dam.geometry.interpolate(0.5, normalized=True)], crs=4326).to_crs(3035).iloc[0]
    published = gpd.GeoSeries([place(situation, "kakhovka_dam")], crs=4326).to_crs(3035).iloc[0]
    assert middle.distance(published) < 50
    for approach in ("beryslav_dam_approach", "nova_kakhovka_dam_approach"):
        assert on_12th.loc[approach, "status"] == "unknown" and on_12th.loc[approach, "part_of"] == dam["part_of"]


def test_soledar_lies_outside_every_russian_held_and_grey_area_on_the_source_day(situation):
    areas = timeline.control_on(situation.control_areas, timeline.SOURCE_DAY).areas
    assert {"occupied_2022", "grey_zone"} <= set(areas["status"])
    soledar = gpd.GeoSeries([place(situation, "soledar")], crs=4326)
    assert not areas.intersects(soledar.iloc[0]).any()
    assert areas.to_crs(3035).distance(soledar.to_crs(3035).iloc[0]).min() > 0


def test_a_figure_with_no_date_of_its_own_never_outranks_a_dated_one(situation):
    day = dt.date(2022, 11, 12)
    shown = timeline.latest(situation.figures, day, "internally_displaced")
    assert shown["value"] == 6_540_000 and shown["as_of"] == gpd.pd.Timestamp("2022-10-27")
    article = situation.figures.set_index("id").loc["fs001"]
    assert article["as_of_precision"] == "reported"
    assert timeline.as_of_text(article) == "Date unknown; reported 2022-11-10"
    assert timeline.as_of_text(shown) == "As of 2022-10-27"
    # alone, it is still shown, and said to be undated
    only = situation.figures[situation.figures["metric"] == "eu_aid_given_2022"]
    assert timeline.as_of_text(timeline.latest(only, day, "eu_aid_given_2022")).startswith("Date unknown")


def test_every_day_around_kherson_has_an_event_from_a_stored_report(situation):
    # issue 24: 25 October to 15 November, each day with an event in the theatre, each with its
    # address and verbatim quote (wire services, official statements, news sites)
    events, places = situation.events, situation.places
    theatre = set(places.loc[places["scope"] == "theatre", "id"])
    day = dt.date(2022, 10, 25)
    while day <= dt.date(2022, 11, 15):
        that = events[(events["date"] == gpd.pd.Timestamp(day)) & events["place_id"].isin(theatre)]
        assert len(that) >= 1, day
        day += dt.timedelta(days=1)
    added = events[events["id"] >= "ev037"]
    assert len(added) >= 22
    assert added["url"].str.startswith("https://").all() and added["quote"].str.len().gt(20).all()


def test_dates_the_sources_do_not_give_are_not_given(situation):
    events = situation.events.set_index("id")
    assert events.loc["ev003", "date_precision"] == "approximate" and "end of August" in events.loc["ev003", "title"]
    # 29 August is dated by its own source, Ukraine's southern command
    on_29th = situation.events[situation.events["date"] == gpd.pd.Timestamp("2022-08-29")]
    assert len(on_29th) == 1 and (on_29th["date_precision"] == "exact").all() and on_29th["url"].notna().all()
    assert timeline.KEY_DAYS["Right bank retaken"] == dt.date(2022, 11, 11)
    kherson = place(situation, "kherson")
    assert not timeline.russian_held(timeline.control_on(situation.control_areas, dt.date(2022, 11, 11))).contains(
        kherson
    ).any()
    g20 = events.loc["ev023"]
    assert "Indonesia" in g20["title"] and "Bali" not in g20["title"] and "Indonesia" in g20["quote"]


def test_flows_draw_only_what_was_reported(situation):
    flows = situation.flows
    assert "moscow" not in set(flows["from_place"]) | set(flows["to_place"])
    assert not flows["what"].str.contains("uniform").any()  # an order in production is not a shipment
    assert set(flows["standing"]) == {"reported (a security source, to Sky News)", "claimed by the US, denied by North Korea"}
    drones = flows.set_index("id").loc["fl002"]
    assert "at least one" in drones["quote"].lower() and "at least one" in drones["what"]


def test_every_citation_has_an_address_or_says_why_not_and_names_no_file_of_ours(situation):
    for name in ("figures", "events", "route_status", "flows"):
        frame = getattr(situation, name)
        assert (frame["url"].notna() | frame["url_note"].notna()).all(), name
        assert frame["url"].dropna().str.match(r"https?://").all(), name
        for column in ("source", "source_title"):
            text = " ".join(frame[column].dropna())
            assert "shared/" not in text and "README" not in text and ".csv" not in text, (name, column)
    article = situation.figures[situation.figures["url"].isna() & situation.figures["source"].str.contains("source article")]
    assert (article["source_title"].str.contains("machine translation")).all()


@pytest.mark.parametrize(
    ("day", "title"),
    [
        ("2022-02-24", "invades"),
        ("2022-08-29", "counteroffensive"),
        ("2022-10-25", "Arestovych"),
        ("2022-11-08", "Zelensky"),
        ("2022-11-08", "nuclear"),
        ("2022-11-09", "withdraw"),
        ("2022-11-09", "Stremousov"),
        ("2022-11-09", "18-billion"),
        ("2022-11-09", "outages"),
        ("2022-08-20", "Il-76"),
        ("2022-11-15", "G20"),
        ("2022-11-16", "G20"),
    ],
)
def test_key_events_are_dated_with_outlet_and_quote(situation, day, title):
    d = dt.date.fromisoformat(day)
    hits = timeline.happened_between(situation.events, d, d)
    match = hits[hits["title"].str.contains(title)]
    assert not match.empty, (day, title)
    assert (match["outlet"].str.len() > 0).all() and (match["quote"].str.len() > 0).all()


def test_week_to_includes_both_ends(situation):
    week = timeline.week_to(situation.events, dt.date(2022, 11, 15))
    assert week["date"].min().date() >= dt.date(2022, 11, 9)
    assert "G20" in " ".join(week["title"])


def test_parse_day_falls_back_with_a_note():
    assert timeline.parse_day("2022-11-12") == (dt.date(2022, 11, 12), None)
    day, note = timeline.parse_day("yesterday")
    assert day == timeline.SOURCE_DAY and "not a date" in note
    day, note = timeline.parse_day("2023-05-01")
    assert day == timeline.SOURCE_DAY and "outside" in note


def test_the_disk_cache_gives_the_same_situation_and_follows_a_changed_file(data_copy, tmp_path):
    import dataclasses

    from frontmap.data import situation_cache

    cache = tmp_path / "cache"
    first = situation_cache.load(data_copy, cache)
    assert len(list(cache.iterdir())) == 1
    again = situation_cache.load(data_copy, cache)  # from the pickle
    for field in dataclasses.fields(first):
        a, b = getattr(first, field.name), getattr(again, field.name)
        assert a.equals(b) if hasattr(a, "equals") else a == b, field.name
    events = data_copy / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    changed = situation_cache.load(data_copy, cache)
    assert len(list(cache.iterdir())) == 2 and len(changed.problems) > len(first.problems)
    next(cache.iterdir()).write_bytes(b"not a pickle")  # a damaged cache file is loaded afresh
    assert len(situation_cache.load(data_copy, cache).places) == len(first.places)


def test_the_legend_draws_each_style_once_as_the_map_draws_it():
    from frontmap.maps import basemap, layers, situation_layers
    from frontmap.maps.legend import legend_html

    legend = legend_html(registry.LAYERS, uploads=True)
    assert legend.count(situation_layers.SINCE_2014_LABEL) == 1 and "Crimea (Russian-held since 2014)" not in legend
    assert layers.blend("#D55E00", basemap.LAND, 0.5) in legend  # the fill at the map's opacity
    assert "outside Ukraine" in legend and "your uploaded rows" in legend
    assert "event: politics, diplomacy" in legend and "event: fighting" in legend
    assert styles.ROUTE_STYLE["open"]["color"] != styles.DNIPRO_BLUE


def test_every_route_style_stands_out_over_every_fill():
    from frontmap.maps import basemap, layers
    from frontmap.report.tables import contrast

    fills = [layers.blend(s["fill"], basemap.LAND, styles.FILL_OPACITY) for s in styles.CONTROL_STYLE.values()]
    for status, style in styles.ROUTE_STYLE.items():
        # the line on its white casing, and the casing against whatever lies under it
        assert contrast(style["color"], styles.ROUTE_CASING) >= 1.9, status
    for fill in fills:  # the casing itself shows as an edge over every control area
        assert contrast(styles.ROUTE_CASING, fill) >= 1.2, fill
    assert contrast(styles.ROUTE_STYLE["damaged"]["color"], fills[1]) < 1.5  # why the casing is there
