"""The analyst's workspace: date filtering at its edges, uploads of every kind, downloads, measures."""

import base64
import datetime as dt
import json
import re
import zlib

import geopandas as gpd
import hypothesis.strategies as st
import numpy as np
import pandas as pd
import pytest
import shapely
from apptest import assert_no_failure, map_scripts, open_page, text_of
from hypothesis import given, settings
from pyproj import Geod

from frontmap import limits, safetext
from frontmap.app import workspace
from frontmap.data import explore, measure, timeline, uploads
from frontmap.maps import layers, pointcloud, rowmap

DAYS = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2022, 12, 31))


def dated_rows(days: list[dt.date]) -> gpd.GeoDataFrame:
    n = len(days)
    frame = pd.DataFrame({c: [f"{c}{i}" for i in range(n)] for c in uploads.ROW_COLUMNS})
    frame["date"] = pd.to_datetime(pd.Series(days, dtype="object")).astype("datetime64[s]")
    return gpd.GeoDataFrame(frame, geometry=[shapely.Point(33, 47)] * n, crs="EPSG:4326")


@settings(max_examples=200, deadline=None)
@given(days=st.lists(DAYS, max_size=40), a=DAYS, b=DAYS)
def test_date_range_keeps_every_row_in_range_and_none_outside(days, a, b):
    first, last = min(a, b), max(a, b)
    rows = dated_rows(days)
    kept = explore.apply(rows, explore.Filters(first, last))
    expected = sorted(d for d in days if first <= d <= last)
    assert sorted(kept["date"].dt.date) == expected


@settings(max_examples=200, deadline=None)
@given(starts=st.lists(st.tuples(DAYS, st.integers(0, 5)), max_size=30), a=DAYS, b=DAYS)
def test_events_between_two_days_overlap_rule(starts, a, b):
    first, last = min(a, b), max(a, b)
    events = pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(len(starts))],
            "date": pd.to_datetime(pd.Series([s for s, _ in starts], dtype="object")).astype("datetime64[s]"),
            "end_date": pd.to_datetime(
                pd.Series([s + dt.timedelta(days=k) if k else None for s, k in starts], dtype="object")
            ).astype("datetime64[s]"),
        }
    )
    got = set(timeline.happened_between(events, first, last)["id"])
    want = {f"e{i}" for i, (s, k) in enumerate(starts) if s <= last and s + dt.timedelta(days=k) >= first}
    assert got == want


def test_filters_by_category_place_side_and_text(situation):
    rows = explore.all_rows(situation, [])
    only = explore.apply(rows, explore.Filters(categories=("withdrawal",)))
    assert set(only["category"]) == {"withdrawal"} and len(only) == 6
    assert set(explore.apply(rows, explore.Filters(places=("Donetsk Oblast",)))["place"]) == {
        "Bakhmut",
        "Soledar",
        "Avdiivka",
    }
    assert set(explore.apply(rows, explore.Filters(sides=("ukraine",)))["side"]) == {"ukraine"}
    assert list(explore.apply(rows, explore.Filters(text="STREMOUSOV"))["row_id"]) == [
        "ev039",  # 27 October: the administration on the left bank
        "ev049",  # 3 November: the troops will likely leave
        "ev014",
        "ev029",  # dated the 9th, as the death was confirmed that day
        "ev030",
        "ev028",
    ]


def test_filters_round_trip_through_the_url():
    f = explore.Filters(
        dt.date(2022, 11, 1), dt.date(2022, 11, 15), ("supply",), ("Kherson",), ("russia",), "bridge"
    )
    back, notes = workspace.from_query(workspace.to_query(f))
    assert back == f and notes == []
    _, notes = workspace.from_query({"from": "2022-13-01"})
    assert "not a date" in notes[0]


ACLED_HEADER = ",".join(uploads.ACLED_COLUMNS)


def acled_row(i, date="2022-11-09", lat="46.6354", lon="32.6169", notes="Shelling of the city."):
    values = {c: "" for c in uploads.ACLED_COLUMNS}
    values.update(
        event_id_cnty=f"UKR{i}",
        event_date=date,
        year="2022",
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Russia (2000-)",
        admin1="Kherson",
        location="Kherson",
        latitude=lat,
        longitude=lon,
        source="Ukrinform",
        notes=notes,
        fatalities="0",
        country="Ukraine",
    )
    return ",".join(f'"{values[c]}"' for c in uploads.ACLED_COLUMNS)


def test_acled_export_loads_with_row_problems():
    lines = [
        ACLED_HEADER,
        acled_row(1),
        acled_row(2, date="09 November 2022"),
        acled_row(3, date="next week"),
        acled_row(4, lat=""),
        acled_row(5, lat="146.6"),
    ]
    up = uploads.load("acled.csv", "\n".join(lines).encode())
    assert up.kind == "ACLED" and list(up.rows["row_id"]) == ["UKR1", "UKR2"]
    assert list(up.rows["date"].dt.date) == [dt.date(2022, 11, 9)] * 2
    assert (
        up.rows.iloc[0]["category"] == "Explosions/Remote violence" and up.rows.iloc[0]["oblast"] == "Kherson"
    )
    problems = "\n".join(up.problems)
    assert "line 4: bad date 'next week' in event_date" in problems
    assert "line 5: missing coordinate" in problems and "line 6: coordinates outside WGS84" in problems


def test_acled_unknown_and_missing_columns():
    up = uploads.load("acled.csv", (ACLED_HEADER + ",my_column\n" + acled_row(1) + ',"x"').encode())
    assert "unknown column 'my_column' (kept as it is)" in up.problems[0] and len(up.rows) == 1
    broken = uploads.load("acled.csv", b"event_id_cnty,event_date\nUKR1,2022-11-09\n")
    assert (
        broken.rows.empty and "missing ACLED column(s): event_type, latitude, longitude" in broken.problems[0]
    )


def test_plain_csv_with_lat_lon_and_a_malformed_one():
    text = (
        "name,lat,lon,date,category\nDepot,46.70,33.10,2022-11-10,supply\nNowhere,,33.1,2022-11-10,supply\n"
    )
    up = uploads.load("mine.csv", text.encode())
    assert (
        up.kind == "CSV"
        and list(up.rows["title"]) == ["Depot"]
        and "line 3: missing coordinate" in up.problems[0]
    )
    assert (
        uploads.load("x.csv", b"name,where\nA,somewhere\n")
        .problems[0]
        .endswith(
            "no latitude/longitude columns (looked for latitude, lat, y, широта, шир and longitude, lon, lng, long, x, довгота, долгота, довг, долг, or a column of latitude, longitude pairs)"
        )
    )
    assert "malformed CSV" in uploads.load("bad.csv", b'a,b\n"unclosed,1\n').problems[0]


def test_geojson_upload_and_a_malformed_one():
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Point A", "date": "2022-11-11"},
                "geometry": {"type": "Point", "coordinates": [32.6, 46.6]},
            },
            {
                "type": "Feature",
                "properties": {"name": "Bad"},
                "geometry": {"type": "Point", "coordinates": [500, 46]},
            },
            {
                "type": "Feature",
                "properties": {"name": "Area"},
                "geometry": {"type": "Polygon", "coordinates": [[[33, 46], [34, 46], [34, 47], [33, 46]]]},
            },
        ],
    }
    up = uploads.load("mine.geojson", json.dumps(doc).encode())
    assert (
        list(up.rows["title"]) == ["Point A", "Area"]
        and "feature 2: coordinates outside WGS84" in up.problems[0]
    )
    assert (
        "malformed JSON"
        in uploads.load("bad.geojson", b'{"type": "FeatureCollection", "features": [}').problems[0]
    )


def test_a_file_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_UPLOAD_BYTES", 2 * limits.MB)
    up = uploads.load("huge.csv", b"lat,lon\n" + b"46.6,32.6\n" * 220_000)
    assert up.rows.empty
    assert up.problems == [
        "huge.csv: 2.10 MB is over the 2 MB limit for a file; filter the export by date or region first"
    ]


@pytest.mark.parametrize(
    "page, key", [("views/explore.py", "upload_files"), ("views/front.py", "front_snapshot"), ("views/briefing.py", "deck_upload")]
)
def test_a_file_the_server_no_longer_holds_is_passed_over(monkeypatch, page, key):
    """A browser that reconnects to a restarted server still lists its files: Streamlit then gives
    `DeletedFile`s, with no name and no bytes, and the page shows without a fault."""
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

    at = open_page(page)
    monkeypatch.setattr(MemoryUploadedFileManager, "get_files", lambda self, session_id, file_ids: [])
    at.file_uploader(key=key).set_value(("kept.geojson", b'{"type": "FeatureCollection", "features": []}', "application/geo+json"))
    at.run()
    assert_no_failure(at)
    assert "kept.geojson" not in text_of(at)


def test_html_in_an_upload_is_escaped_in_popups_and_tooltips():
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    up = uploads.load("evil.csv", ACLED_HEADER.encode() + b"\n" + acled_row(1, notes=evil).encode())
    import folium

    m = folium.Map()
    rowmap.popups(up.rows).add_to(m)  # a selected row's popup, the only place its text is drawn
    html = m.get_root().render()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    # the popup's HTML travels inline as JSON (an upload is never published), its `<` escaped
    assert "&lt;script&gt;alert(1)" in html and "/app/static/published" not in html
    assert safetext.esc(evil).startswith("&lt;script&gt;")


def test_a_downloaded_csv_loads_back_to_the_same_rows(situation):
    rows = explore.all_rows(situation, [])
    back = uploads.load("back.csv", explore.to_csv(rows))
    a = explore.table(rows).drop(columns="dataset")
    b = explore.table(back.rows).drop(columns="dataset")
    pd.testing.assert_frame_equal(a, b[a.columns], check_dtype=False)


def test_geojson_download_reloads_too(situation):
    rows = explore.all_rows(situation, [])
    back = uploads.load("back.geojson", explore.to_geojson(rows))
    assert list(back.rows["row_id"]) == list(rows["row_id"])
    assert list(back.rows["date"]) == list(rows["date"])


GEOD = Geod(ellps="WGS84")


def test_area_agrees_with_a_geodesic_computation_on_a_known_polygon():
    cell = shapely.box(33.0, 47.0, 34.0, 48.0)  # one degree square in Kherson/Zaporizhzhia
    geodesic = abs(GEOD.geometry_area_perimeter(cell)[0]) / 1e6
    assert measure.area_km2(cell) == pytest.approx(geodesic, rel=1e-3)
    assert geodesic == pytest.approx(8_300, rel=0.02)  # 111.2 km × 74.6 km


def test_distance_agrees_with_a_geodesic_computation():
    point = shapely.Point(33.0, 47.0)
    area = shapely.box(33.1, 46.5, 34.0, 47.5)
    expected = GEOD.inv(33.0, 47.0, 33.1, 47.0)[2] / 1000  # due east along the parallel: 7.6 km
    assert measure.distance_km(point, area) == pytest.approx(expected, rel=5e-3)
    assert measure.distance_km(shapely.Point(33.5, 47.0), area) == 0


def test_right_bank_of_kherson_changed_hands(situation):
    change = measure.changed_hands(
        situation.control_areas, situation.oblasts, dt.date(2022, 11, 9), dt.date(2022, 11, 12)
    )
    by = change.by_oblast.set_index("oblast")
    assert by.loc["Kherson Oblast", "to_ukraine_km2"] > 2_500
    assert change.to_ukraine_km2 > change.to_russia_km2 * 50
    kherson = situation.places.set_index("id").loc["kherson"].geometry
    assert measure.distance_to_russian_held(situation.control_areas, kherson, dt.date(2022, 11, 9)) == 0
    after = measure.distance_to_russian_held(situation.control_areas, kherson, dt.date(2022, 11, 12))
    assert 0.3 < after < 10  # across the Dnipro


def click(at, value: dict) -> None:
    """What the map sends after a click: streamlit-folium's own key, and (its on_change) the page's."""
    at.session_state[map_scripts(at)[0]["key"]] = value
    at.session_state["explore_map"] = value


def test_explore_page_filters_from_the_url_and_a_map_click_selects_rows():
    at = open_page("views/explore.py", **{"from": "2022-11-08", "to": "2022-11-12", "cat": "withdrawal"})
    assert "**4 of 62 rows** match" in text_of(at)
    assert len(at.dataframe[0].value) == 4
    click(at, {
        "last_object_clicked_tooltip": "2022-11-11: Russia's defence ministry says its withdrawal "
        "from the right bank is complete [ev020]",
        "last_object_clicked_count": 1,
        "last_clicked": {"lat": 46.6, "lng": 32.6},
    })
    at.run()
    assert "Selected on the map: 1 row(s)." in text_of(at)
    assert list(at.dataframe[0].value["row_id"]) == ["ev020"]
    click(at, {
        "last_object_clicked_tooltip": "Kherson",
        "last_object_clicked_count": 2,
        "last_clicked": {"lat": 46.6, "lng": 32.6},
    })
    at.run()
    assert len(at.dataframe[0].value) == 4  # the four withdrawal rows at Kherson
    click(at, {
        "last_object_clicked_tooltip": "Kherson",
        "last_object_clicked_count": 2,
        "last_clicked": {"lat": 48.0, "lng": 30.0},
    })  # a click on the empty map
    at.run()
    assert "Selected on the map" not in text_of(at) and len(at.dataframe[0].value) == 4
    at.text_input(key="ex_q").input("Shoigu").run()
    assert at.query_params["q"] in ("Shoigu", ["Shoigu"]) and len(at.dataframe[0].value) == 1


def test_an_upload_shows_on_every_map_page_for_that_session_only():
    at = open_page("views/front.py", as_of="2022-11-12")
    up = uploads.load(
        "mine.csv", b"name,lat,lon,date\nMy depot,46.7,33.1,2022-11-10\nLater,46.8,33.2,2022-11-20\n"
    )
    at.session_state["uploads"] = [up]
    at.run()
    script = map_scripts(at)[0]["feature_group"]
    call = re.search(r'fm\.cloud\([^,]+, "([^"]+)", "([^"]+)", (\{.*?\})\);', script)
    assert call and json.loads(call.group(3))["count"] == 2
    mask = np.unpackbits(
        np.frombuffer(zlib.decompress(base64.b64decode(call.group(2))), np.uint8), count=2, bitorder="little"
    )
    assert mask.tolist() == [1, 0]  # the same dates filter uploads: "Later" is not drawn yet
    other = open_page("views/front.py", as_of="2022-11-12")  # another viewer's session
    assert "fm.cloud" not in map_scripts(other)[0]["feature_group"]


def test_every_row_is_in_the_cloud_and_the_mask_says_which_pass(situation):
    rows = explore.all_rows(situation, [])
    points = rowmap.cloud(rows)
    assert points.count == len(rows) == int.from_bytes(points.data[8:12], "little")
    assert len(points.data) == 12 + 11 * len(rows)
    keep = explore.matches(rows, explore.Filters(dt.date(2022, 11, 8), dt.date(2022, 11, 12)))
    bits = np.unpackbits(
        np.frombuffer(zlib.decompress(base64.b64decode(pointcloud.mask_text(keep))), np.uint8),
        count=len(rows),
        bitorder="little",
    )
    assert bits.astype(bool).tolist() == keep.tolist()
    assert pointcloud.mask_text(np.ones(len(rows), bool)) is None  # all of them: no mask at all


def test_a_range_left_to_the_browser_sends_the_other_filters_and_settles_dates_the_cloud_cannot_carry():
    rows = gpd.GeoDataFrame(
        {
            "date": pd.to_datetime(["2022-11-01", "2022-11-20", "1950-05-09", None]),
            "category": ["Shelling", "Shelling", "Shelling", "Strike"],
        },
        geometry=[shapely.Point(33, 47)] * 4,
        crs="EPSG:4326",
    )
    others = np.array([True, True, True, True])
    group = rowmap.rows_layer(rows, others, rowmap.cloud(rows), "u", dates=(dt.date(2022, 11, 1), dt.date(2022, 11, 12)))
    layer = next(c for c in group._children.values() if isinstance(c, pointcloud.CloudLayer))
    assert layer.options["range"] == [19297, 19308]  # days since 1970 of the range's ends
    sent = np.unpackbits(np.frombuffer(zlib.decompress(base64.b64decode(layer.mask)), np.uint8), count=4, bitorder="little")
    # the row of 20 Nov is the browser's to hide (and to show on a wider range); 1950 has no day number there
    assert sent.tolist() == [1, 1, 0, 1]
    assert rowmap.cloud(rows).dates_lost.tolist() == [False, False, True, False]


def test_a_cloud_selection_picks_its_rows_and_a_forged_one_picks_nothing(situation):
    rows = explore.all_rows(situation, [])
    keep = np.ones(len(rows), bool)
    picked = rowmap.selected(rows, keep, "rows:0,2")
    assert np.flatnonzero(picked).tolist() == [0, 2]
    bits = np.zeros(len(rows), bool)
    bits[[1, 3]] = True
    key = "bits:" + base64.b64encode(np.packbits(bits, bitorder="little").tobytes()).decode()
    assert np.flatnonzero(rowmap.selected(rows, keep, key)).tolist() == [1, 3]
    for forged in (
        "rows:99999",
        "rows:1,x",
        "bits:!!",
        "bits:" + "A" * 40,
        "rows:" + "1," * 10**6,
        "rows:-1",
    ):
        assert pointcloud.selection(forged, len(rows)) is None
    assert not rowmap.selected(rows, keep, "rows:99999").any()  # a forged key: no rows, no error


def test_the_event_list_escapes_its_text_and_links_only_web_addresses(situation):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    events = situation.events.head(2).assign(title=evil, quote=evil, outlet=evil)
    events = events.assign(url=["javascript:alert(1)", "https://example.org/a?b=1&c='x'"], source_title=evil)
    markup = layers.event_list_html(events)
    assert "<script" not in markup and "<img" not in markup and "javascript:" not in markup
    assert markup.count("&lt;script&gt;alert(1)") >= 8  # title, quote, outlet and source of each
    assert "href='https://example.org/a?b=1&amp;c=&#x27;x&#x27;'" in markup


def test_the_pieces_that_changed_hands_add_up_to_the_measured_change(situation):
    first, last = dt.date(2022, 11, 9), dt.date(2022, 11, 12)
    pieces = measure.change_pieces(situation.control_areas, situation.oblasts, first, last)
    change = measure.changed_hands(situation.control_areas, situation.oblasts, first, last)
    lost = pieces[pieces["kind"] == "lost"].set_index("oblast")["km2"]
    assert lost["Kherson Oblast"] == pytest.approx(
        change.by_oblast.set_index("oblast").loc["Kherson Oblast", "to_ukraine_km2"], abs=0.1
    )
    assert lost.sum() == pytest.approx(change.to_ukraine_km2, rel=0.001)  # all of it is drawn
    kherson = situation.places.set_index("id").loc["kherson"].geometry
    assert (
        pieces[pieces["kind"] == "lost"].geometry.contains(kherson).any()
    )  # the city is in the land Russia lost


def test_the_area_held_each_day_is_the_area_of_that_days_polygons(situation):
    areas = measure.held_area_by_day(situation.control_areas)
    for day in (dt.date(2022, 9, 5), dt.date(2022, 11, 12)):
        held = timeline.russian_held(timeline.control_on(situation.control_areas, day))
        expected = sum(measure.area_km2(g) for g in held.geometry)
        assert areas[areas["day"] == pd.Timestamp(day)]["km2"].sum() == pytest.approx(expected, rel=1e-6)
    total = areas.groupby("day")["km2"].sum()
    # the Kharkiv counteroffensive and the Kherson withdrawal are drops
    assert total[pd.Timestamp("2022-09-05")] - total[pd.Timestamp("2022-09-15")] > 5_000
    assert total[pd.Timestamp("2022-11-09")] - total[pd.Timestamp("2022-11-12")] > 3_000


def test_the_animated_front_has_a_frame_a_day_each_with_its_date(situation):
    import io

    from PIL import Image

    from frontmap.maps import animation

    first, last = dt.date(2022, 11, 9), dt.date(2022, 11, 12)
    gif = Image.open(io.BytesIO(animation.front_gif(situation, first, last)))
    assert gif.n_frames == 4
    frames = []
    for i in range(gif.n_frames):
        gif.seek(i)
        frames.append(gif.convert("RGB").tobytes())
    assert len(set(frames)) == 4  # each day its own picture (the right bank changes on the 11th)
    titles = [animation.frame_title(situation, d) for d in animation.days_between(first, last)]
    assert titles[0] == "As of 09 November 2022 · front line of 2022-11-09 (DeepStateMap)"
    assert titles[3].startswith("As of 12 November 2022")
    with pytest.raises(ValueError, match="more than the 62"):
        animation.days_between(dt.date(2022, 8, 1), dt.date(2022, 11, 12))


def test_a_session_keeps_the_range_counts_of_its_latest_filters_only(situation):
    import dataclasses

    import streamlit as st

    from frontmap.app import session_rows

    rows = explore.all_rows(situation, [])
    shown = explore.Filters(dt.date(2022, 11, 1), dt.date(2022, 11, 12))
    for n in range(workspace.MAX_COUNTS_HELD + 8):
        counts = workspace.range_counts(rows, dataclasses.replace(shown, text=f"word {n}"))
    held = st.session_state[session_rows._CACHE]["range counts"][1]
    assert len(held) == workspace.MAX_COUNTS_HELD
    assert "'word 7'" not in " ".join(held) and f"'word {n}'" in list(held)[-1]  # the oldest went first
    assert counts == list(held.values())[-1]
