"""The shipped situation: its figures, its geometry and what holds on the key days."""

import datetime as dt

import geopandas as gpd
import pytest

from frontmap import timeline

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
    while day <= timeline.LAST_DAY:
        statuses = set(timeline.control_on(situation.control_areas, day).areas["status"])
        assert {"occupied_2022", "crimea", "occupied_2014"} <= statuses, day
        day += dt.timedelta(days=1)


def test_required_places_within_one_km_of_reference(situation):
    # Reference coordinates: the infobox of each place's Wikipedia article (Structurae for the railway
    # bridge), read from stored copies of those pages.
    reference = {
        "kherson": (46.6333, 32.6167),
        "bakhmut": (48.5944, 38.0003),
        "avdiivka": (48.14528, 37.74500),
        "soledar": (48.683, 38.100),
        "snihurivka": (47.07361, 32.80000),
        "henichesk": (46.167, 34.800),
        "kakhovka_dam": (46.77611, 33.37167),
        "antonivskyi_rail_bridge": (46.67559, 32.79654),
        "antonivskyi_road_bridge": (46.66917, 32.72056),
        "crimean_bridge": (45.3086, 36.5061),
    }
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
