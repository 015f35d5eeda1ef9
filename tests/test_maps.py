"""The maps in words and on land: a map's name and summary come from the rows it draws; the
offline basemap holds every place a map shows."""

import datetime as dt
import json

import shapely

from frontmap.data import explore, uploads
from frontmap.maps import layers, mapview, registry, rowmap

ALL = tuple(registry.LAYERS)


def test_every_place_a_map_shows_lies_on_the_offline_basemap(situation):
    land = shapely.union_all(situation.countries.geometry.values)
    # bridges, dams and the Tuzla crossing stand in water on purpose
    towns = situation.places[situation.places["kind"].isin(["city", "town", "venue"])]
    assert {"Tehran", "Pyongyang", "Moscow", "Washington, D.C.", "Nusa Dua, Bali"} <= set(towns["name"])
    assert [n for n, g in zip(towns["name"], towns.geometry) if not land.covers(g)] == []


def test_a_map_is_named_and_said_in_words_from_its_rows(situation):
    parts = mapview.build(situation, dt.date(2022, 11, 12), ALL, "offline")
    assert parts.title == "Map of control areas, places, the Dnipro, supply routes, events and DeepState's directions of attack as of 2022-11-12"
    words = " ".join(parts.summary)
    assert "DeepStateMap's front line of 2022-11-12" in words and "Russian-held since 2022 " in words
    assert "Antonivskyi railway bridge: destroyed since 2022-11-11 (Euromaidan Press" in words
    assert "the latest: 2022-11-12 " in words
    assert registry.what_is_shown(["places"]) == "places"
    html = layers.after_map("front_map", ["<b>x</b>"])
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "id='fm-after-front_map'" in html


def test_before_the_first_line_crimea_and_the_areas_held_since_2014_are_drawn_with_a_notice(situation):
    parts = mapview.build(situation, dt.date(2022, 3, 12), ("control",), "offline")
    assert parts.note.startswith("No front-line data exists before 3 April 2022")
    assert parts.summary == [parts.note]
    drawn = next(iter(parts.dated[0]._children.values())).text  # the control layer's GeoJSON
    assert "fm-crimea" in drawn and "fm-occupied_2014" in drawn
    assert "fm-occupied_2022" not in drawn and "fm-grey_zone" not in drawn


def test_many_events_go_through_the_point_cloud_and_a_step_sends_only_its_mask(situation, monkeypatch):
    import base64
    import zlib

    import numpy as np

    from frontmap import limits
    from frontmap.maps import pointcloud
    from frontmap.maps.geojson_layer import STATIC_DIR, STATIC_URL

    monkeypatch.setattr(limits, "MAX_EVENT_DOTS", 5)  # as a data folder of an ACLED export would be
    day = dt.date(2022, 11, 10)
    group = mapview.build(situation, day, ("events",), "offline").dated[0]
    cloud = next(c for c in group._children.values() if isinstance(c, pointcloud.CloudLayer))
    assert cloud.url.startswith(STATIC_URL + "/published/")  # one file for every viewer
    data = (STATIC_DIR / cloud.url.removeprefix(STATIC_URL + "/")).read_bytes()
    assert int.from_bytes(data[8:12], "little") == len(situation.events)
    bits = np.frombuffer(zlib.decompress(base64.b64decode(cloud.mask)), np.uint8)
    shown = np.unpackbits(bits, count=len(situation.events), bitorder="little").astype(bool)
    assert shown.tolist() == (situation.events["date"] <= np.datetime64(day)).tolist()
    later = mapview.build(situation, dt.date(2022, 11, 12), ("events",), "offline").dated[0]
    assert next(c for c in later._children.values() if isinstance(c, pointcloud.CloudLayer)).url == cloud.url


def test_an_upload_in_an_html_export_is_never_run_as_a_template(situation):
    # folium's renderer used to compile what it had rendered as a Jinja template: this title ran
    # Python on the server when the Explore map was saved as HTML (it printed "posix").
    feature = {
        "type": "Feature",
        "properties": {"date": "2022-11-10", "title": "{{ lipsum.__globals__.os.name }} {% if x %}"},
        "geometry": {"type": "LineString", "coordinates": [[32.6, 46.6], [33.4, 46.8]]},
    }
    upload = uploads.load("lines.geojson", json.dumps({"type": "FeatureCollection", "features": [feature]}).encode())
    rows = upload.rows
    chosen = explore.Filters(dt.date(2022, 11, 1), dt.date(2022, 11, 12))
    html = mapview.explore_html(situation, rowmap.export_layer(rows), len(rows), chosen)
    assert "{{ lipsum.__globals__.os.name }} {% if x %}" in html
    assert "posix" not in html
