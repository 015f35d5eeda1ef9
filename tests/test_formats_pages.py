"""What Explore shows for the new formats: what was guessed under the file's name, a layer to
choose, repeated problems as one line (the rest on demand and as a download), KML and GeoPackage
downloads."""

import json

from apptest import open_page, text_of
from test_formats import UA_CSV, frame

from frontmap.data.formats import ogr


def upload(at, *files):
    at.file_uploader(key="upload_files").set_value([(name, data, "application/octet-stream") for name, data in files]).run()
    return at


def test_a_ukrainian_excel_csv_says_what_was_guessed():
    at = upload(open_page("views/explore.py"), ("ua.csv", UA_CSV.encode("cp1251")))
    shown = text_of(at)
    assert "ua.csv (CSV): 2 rows loaded, 0 problem(s)" in shown
    assert "encoding Windows-1251" in shown and "decimal commas in 'широта' and 'довгота'" in shown
    assert "dates in 'дата' read as DD.MM.YYYY (day first)" in shown


def test_137_far_rows_are_one_line_and_the_full_list_is_on_demand():
    lines = ["name,lat,lon"] + [f"Base {i},55.0,{83 + i / 100}" for i in range(137)] + ["Depot,46.6,32.6"]
    at = upload(open_page("views/explore.py"), ("cir.csv", "\n".join(lines).encode()))
    first = at.code[0].value
    assert first == "cir.csv: 137 lines: coordinates far outside the region; kept, check them (lines 2, 3, 4, 5, 6 and 132 more)"
    assert any(e.label == "All 137 problems of cir.csv" for e in at.expander)
    assert "cir.csv: line 138: coordinates far outside the region (55.0, 84.36); kept, check them" in at.code[1].value
    assert "138 rows loaded" in text_of(at)


def test_a_geopackage_layer_is_chosen_on_the_page():
    data = ogr.write_geopackage({"two": frame(), "one": frame().iloc[:1]})
    at = upload(open_page("views/explore.py"), ("qgis.gpkg", data))
    assert "qgis.gpkg (GeoPackage): 2 rows loaded" in text_of(at)
    at.selectbox(key="layer_qgis.gpkg").set_value("one").run()
    assert "qgis.gpkg (GeoPackage): 1 rows loaded" in text_of(at)
    labels = [b.label for b in at.get("download_button")]
    assert "Rows as KML" in labels and "Rows as GeoPackage" in labels


def test_timemap_events_take_their_sources_when_uploaded_together_or_after():
    from test_formats import EVENTS, SOURCES

    events, sources = ("events.json", json.dumps(EVENTS).encode()), ("sources.json", json.dumps(SOURCES).encode())
    at = upload(open_page("views/explore.py"), events)
    assert "sources named by id only" in text_of(at)
    upload(at, events, sources)
    shown = text_of(at)
    assert "citations from sources.json" in shown and "events.json (TimeMap): 1 rows loaded, 2 problem(s)" in shown
    assert "source 'S9' is not in sources.json; kept without it" in "\n".join(c.value for c in at.code)
