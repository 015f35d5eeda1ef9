"""Bad data is reported as FILE:ROW: problem, and the good rows still load."""

import json

import pytest

from frontmap.__main__ import main
from frontmap.data.dataset import load_situation


def problems_of(folder, file):
    return [str(p) for p in load_situation(folder).problems if p.file == file]


def edit_csv(path, line_no, column, value):
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    rows[line_no - 1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def edit_feature(path, number, change):
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc["features"][number - 1])
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_malformed_json_names_the_file_and_line(data_copy):
    (data_copy / "places.geojson").write_text('{"type": "FeatureCollection", "features": [\n{,}\n]}')
    found = problems_of(data_copy, "places.geojson")
    assert found and found[0].startswith("places.geojson:2: malformed JSON")
    assert len(load_situation(data_copy).figures) > 30  # the rest still loads


def test_malformed_csv_row_is_reported_and_others_kept(data_copy):
    path = data_copy / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'fz001,aid,"unclosed\n', encoding="utf-8")
    situation = load_situation(data_copy)
    assert any(str(p).startswith("figures.csv:59: malformed CSV") for p in situation.problems)
    assert len(situation.figures) == 57  # every row before the broken one still loads


def test_missing_required_column(data_copy):
    path = data_copy / "events.csv"
    text = path.read_text(encoding="utf-8").replace(",outlet,", ",reporter,", 1)
    path.write_text(text, encoding="utf-8")
    assert problems_of(data_copy, "events.csv") == ["events.csv:1: missing required column(s): outlet"]


def test_unparsable_date(data_copy):
    edit_csv(data_copy / "events.csv", 3, "date", "2022-13-45")
    found = problems_of(data_copy, "events.csv")
    assert len(found) == 1 and found[0].startswith("events.csv:3: date:") and "2022-13-45" in found[0]
    assert len(load_situation(data_copy).events) == 61


def test_a_status_without_evidence_is_refused(data_copy):
    edit_csv(data_copy / "route_status.csv", 3, "evidence", "  ")
    found = problems_of(data_copy, "route_status.csv")
    assert found == ["route_status.csv:3: evidence: a status needs evidence: the dated source's own words (got '  ')"]
    assert len(load_situation(data_copy).route_status) == 5


@pytest.mark.parametrize("file", ["figures.csv", "events.csv", "route_status.csv", "flows.csv"])
def test_a_citation_without_url_needs_a_note_saying_none_was_found(data_copy, file):
    edit_csv(data_copy / file, 2, "url", "")
    edit_csv(data_copy / file, 2, "url_note", "")
    found = problems_of(data_copy, file)
    assert len(found) == 1 and found[0].startswith(f"{file}:2: ") and "citation without url" in found[0]


def test_a_route_vertex_in_the_sea_is_refused_unless_a_bridge(data_copy):
    def into_the_sea(feature):
        feature["geometry"]["coordinates"][2] = [36.2, 46.6]  # the Sea of Azov, off Berdiansk

    routes = json.loads((data_copy / "routes.geojson").read_text(encoding="utf-8"))["features"]
    azov = next(i for i, f in enumerate(routes, start=1) if f["properties"]["id"] == "azov_m14_road")
    bridge = next(i for i, f in enumerate(routes, start=1) if f["properties"]["id"] == "crimean_bridge")
    edit_feature(data_copy / "routes.geojson", azov, into_the_sea)
    edit_feature(data_copy / "routes.geojson", bridge, into_the_sea)  # a bridge may cross water
    assert problems_of(data_copy, "routes.geojson") == [
        f"routes.geojson:{azov}: vertex 3 (36.2000, 46.6000) lies in the sea: only a bridge segment may leave the land"
    ]


def test_a_route_vertex_in_the_syvash_is_refused(data_copy):
    def into_the_syvash(feature):  # the lagoon the old Azov line crossed for 22 km
        feature["geometry"]["coordinates"][1] = [34.57, 45.84]

    routes = json.loads((data_copy / "routes.geojson").read_text(encoding="utf-8"))["features"]
    road = next(i for i, f in enumerate(routes, start=1) if f["properties"]["id"] == "crimea_m18_road")
    edit_feature(data_copy / "routes.geojson", road, into_the_syvash)
    assert problems_of(data_copy, "routes.geojson") == [
        f"routes.geojson:{road}: vertex 2 (34.5700, 45.8400) lies in the sea: only a bridge segment may leave the land"
    ]


def test_a_url_must_be_a_web_address(data_copy):
    edit_csv(data_copy / "events.csv", 5, "url", "javascript:alert(1)")
    found = problems_of(data_copy, "events.csv")
    assert found == ["events.csv:5: url: url must start with http:// or https:// (got 'javascript:alert(1)')"]


def test_range_that_ends_before_it_starts(data_copy):
    edit_csv(data_copy / "events.csv", 4, "end_date", "2022-01-01")
    assert "end_date 2022-01-01 is before date" in problems_of(data_copy, "events.csv")[0]
    edit_feature(
        data_copy / "control_areas.geojson", 5, lambda f: f["properties"].update(valid_to="2022-01-01")
    )
    found = problems_of(data_copy, "control_areas.geojson")
    assert found[0].startswith("control_areas.geojson:5:") and "before valid_from" in found[0]


def test_coordinates_outside_wgs84_or_far_outside_the_region(data_copy):
    edit_feature(data_copy / "places.geojson", 1, lambda f: f["geometry"].update(coordinates=[232.6, 46.6]))
    edit_feature(data_copy / "places.geojson", 2, lambda f: f["geometry"].update(coordinates=[-60.0, -20.0]))
    found = problems_of(data_copy, "places.geojson")
    assert found[0].startswith("places.geojson:1: coordinates outside WGS84")
    assert found[1].startswith("places.geojson:2: coordinates far outside the region")


def test_event_coordinates_outside_wgs84_or_far_outside_the_region(data_copy):
    edit_csv(data_copy / "events.csv", 2, "lat", "146.6")
    edit_csv(data_copy / "events.csv", 4, "lon", "-32.6")  # a sign error puts Kherson in the Atlantic
    found = problems_of(data_copy, "events.csv")
    assert any(p.startswith("events.csv:2: coordinates outside WGS84") for p in found)
    assert any(p.startswith("events.csv:4: coordinates far outside the region") for p in found)


@pytest.mark.parametrize(
    ("coordinates", "expected"),
    [
        ([], "empty Polygon"),
        (
            [[[33.0, 46.0], [34.0, 47.0], [34.0, 46.0], [33.0, 47.0], [33.0, 46.0]]],
            "self-intersecting Polygon",
        ),
        ([[[33.0, 46.0], [34.0, 46.0]]], "unreadable geometry"),
    ],
)
def test_empty_invalid_or_self_intersecting_polygon(data_copy, coordinates, expected):
    edit_feature(
        data_copy / "control_areas.geojson",
        3,
        lambda f: f.update(geometry={"type": "Polygon", "coordinates": coordinates}),
    )
    found = problems_of(data_copy, "control_areas.geojson")
    assert len(found) == 1 and found[0].startswith(f"control_areas.geojson:3: {expected}")


def test_figure_without_source_or_date(data_copy):
    edit_csv(data_copy / "figures.csv", 2, "source", "")
    edit_csv(data_copy / "figures.csv", 3, "as_of", "")
    found = problems_of(data_copy, "figures.csv")
    assert found[0].startswith("figures.csv:2: source:")
    assert found[1].startswith("figures.csv:3: as_of:")


def test_duplicate_id(data_copy):
    edit_csv(data_copy / "figures.csv", 5, "id", "fs001")
    assert problems_of(data_copy, "figures.csv") == ["figures.csv:5: duplicate id 'fs001' (first at row 2)"]


def test_non_numeric_value(data_copy):
    edit_csv(data_copy / "figures.csv", 6, "value", "about ten")
    found = problems_of(data_copy, "figures.csv")
    assert found[0].startswith("figures.csv:6: value:") and "about ten" in found[0]


def test_cli_prints_problems_and_exits_non_zero(data_copy, capsys):
    edit_csv(data_copy / "figures.csv", 6, "value", "about ten")
    assert main(["validate", str(data_copy)]) == 1
    assert "figures.csv:6: value:" in capsys.readouterr().out


def test_cli_passes_on_shipped_data(capsys):
    assert main(["validate", "data/geo"]) == 0
    assert capsys.readouterr().out == ""


def test_loading_never_writes_to_the_data_folder(data_copy):
    before = {p.name: p.stat().st_mtime_ns for p in data_copy.iterdir()}
    load_situation(data_copy)
    assert {p.name: p.stat().st_mtime_ns for p in data_copy.iterdir()} == before
