"""DeepState snapshots uploaded: both layouts read as a front line (one row a status), drawn with
the uploads, and measured against the shipped line of their day (km² between them)."""

import datetime as dt
import json

import shapely
import shapely.geometry
from apptest import map_scripts, open_page, text_of

from frontmap.data import deepstate, measure, timeline, uploads

DAY = dt.date(2022, 11, 12)


def archive_layout(sit) -> bytes:
    """The archive's layout made from the shipped line: named, coloured features, Crimea wrapped
    in a GeometryCollection as early snapshots do, and a point that is not part of the control map."""
    fills = {"occupied_2022": deepstate.OCCUPIED_FILL, "occupied_2014": "#880e4f", "crimea": "#880e4f", "grey_zone": "#bdbdbd"}
    names = {"occupied_2022": "Окуповано /// Occupied", "occupied_2014": "ОРДЛО /// CADR and CALR", "crimea": "Окупований Крим /// Occupied Crimea", "grey_zone": "Unknown status"}
    features = []
    for status, geom in zip(*(timeline.control_on(sit.control_areas, DAY).areas[c] for c in ("status", "geometry"))):
        shape = shapely.geometry.mapping(geom)
        if status == "crimea":
            shape = {"type": "GeometryCollection", "geometries": [shape]}
        features.append({"type": "Feature", "properties": {"name": names[status], "fill": fills[status]}, "geometry": shape})
    features.append({"type": "Feature", "properties": {"name": "Direction of attack", "fill": "#ff0000"}, "geometry": {"type": "Point", "coordinates": [37.6, 48.1]}})
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def single_layout(sit, minus=None) -> bytes:
    held = measure.russian_held_union(sit.control_areas, DAY)
    if minus is not None:
        held = held.difference(minus)
    return json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(held)}]}).encode()


def test_the_archive_layout_is_a_front_line_not_unrelated_shapes(situation):
    up = uploads.load("2022-11-12.geojson", archive_layout(situation))
    assert up.kind == "DeepState snapshot" and up.problems == []
    assert sorted(up.rows["category"]) == ["crimea", "grey_zone", "occupied_2014", "occupied_2022"]
    assert set(up.rows["date"].dt.date) == {DAY} and "day 2022-11-12 from the file name" in up.guessed
    note = deepstate.compared_with_shipped(up.rows, situation.control_areas, DAY)
    assert "in the shipped line of 2022-11-12" in note


def test_the_current_export_and_the_km2_between_it_and_the_shipped_line(situation):
    cut = shapely.box(37.0, 47.5, 37.5, 48.0).intersection(measure.russian_held_union(situation.control_areas, DAY))
    up = uploads.load("deepstate-2022-11-12.geojson", single_layout(situation, minus=cut))
    assert up.kind == "DeepState snapshot" and list(up.rows["category"]) == ["russian_held"]
    note = deepstate.compared_with_shipped(up.rows, situation.control_areas, DAY)
    only_shipped = float(note.split(", ")[-1].split(" km²")[0].replace(",", ""))
    assert abs(only_shipped - measure.area_km2(cut)) < 0.02 * measure.area_km2(cut)


FIELD = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "field"}, "geometry": {"type": "Polygon", "coordinates": [[[33, 46], [33.1, 46], [33.1, 46.1], [33, 46]]]}}]}


def test_an_ordinary_polygon_is_not_taken_for_a_snapshot():
    assert uploads.load("mine.geojson", json.dumps(FIELD).encode()).kind == "GeoJSON"


def test_a_snapshot_uploaded_on_explore_is_measured_on_front(situation):
    at = open_page("views/explore.py")
    at.file_uploader(key="upload_files").set_value([("2022-11-12.geojson", archive_layout(situation), "application/geo+json")]).run()
    assert "2022-11-12.geojson (DeepState snapshot): 4 rows loaded" in text_of(at)
    at.switch_page("views/front.py")
    at.query_params["as_of"] = "2022-11-12"
    at.run()
    shown = text_of(at)
    assert "2022-11-12.geojson:" in shown and "km² between them" in shown
    assert any(b.label == "This day as GeoPackage (for QGIS)" for b in at.get("download_button"))


def test_the_days_geopackage_has_its_five_layers(situation):
    from frontmap.data import explore
    from frontmap.data.formats import ogr

    data = explore.day_geopackage(situation, DAY)
    assert ogr.layers(data) == ["control_areas", "attack_axes", "places", "routes", "events"]


def test_a_snapshot_uploaded_on_front_is_measured_in_the_same_run(situation):
    at = open_page("views/front.py", as_of="2022-11-12")
    uploader = at.file_uploader(key="front_snapshot")
    uploader.set_value(("deepstate-2022-11-12.geojson", single_layout(situation), "application/geo+json")).run()
    assert "deepstate-2022-11-12.geojson: " in text_of(at) and "km² between them" in text_of(at)
    assert [u.kind for u in at.session_state["uploads"]] == ["DeepState snapshot"]
    assert any("deepstate-2022-11-12.geojson" in str(v) for v in map_scripts(at)[0].values())  # on this run's map
    at.file_uploader(key="front_snapshot").set_value(("field.geojson", json.dumps(FIELD).encode(), "application/geo+json")).run()
    assert "field.geojson is not a DeepState snapshot: it was read as GeoJSON and is drawn as an upload." in text_of(at)
    assert [u.name for u in at.session_state["uploads"]] == ["field.geojson"]  # the replaced snapshot left


def test_a_styled_geojson_in_deepstates_colour_is_not_a_snapshot():
    styled = json.loads(json.dumps(FIELD))
    styled["features"][0]["properties"] |= {"fill": deepstate.OCCUPIED_FILL, "name": "My area"}
    assert uploads.load("mine.geojson", json.dumps(styled).encode()).kind == "GeoJSON"
    assert uploads.load("deepstate-mine.geojson", json.dumps(styled).encode()).kind == "DeepState snapshot"


def test_an_uploaded_snapshot_is_drawn_as_a_front_line_beside_the_days(situation):
    at = open_page("views/front.py", as_of="2022-11-12")
    at.file_uploader(key="front_snapshot").set_value(("deepstate-2022-11-12.geojson", single_layout(situation), "application/geo+json")).run()
    drawn = " ".join(str(v) for v in map_scripts(at)[0].values())
    assert "fm-snapshot-line" in drawn and "front line of 2022-11-12 in the uploaded DeepState snapshot" in drawn
    assert "front line in your uploaded DeepState snapshot" in drawn  # the legend on the map says what it is
    # the line is the snapshot's own edge: for the shipped line, the day's front line itself
    [(said, line)] = deepstate.uploaded_front_lines(at.session_state["uploads"], situation.countries)
    shipped = measure.earlier_line(situation.control_areas, situation.countries, DAY)
    near = line.intersection(shipped.buffer(0.01)).length / line.length  # within about 1 km
    assert near > 0.9, near  # (off it: bits of coast, where the upload is cut by the oblasts' outline)
