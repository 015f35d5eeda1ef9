"""The files analysts pass around, each made here in code: KML/KMZ, GeoPackage, zipped Shapefile,
spreadsheet CSV, TimeMap exports, and the hostile versions of each (`data.formats`)."""

import io
import json
import sqlite3
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from frontmap import limits
from frontmap.data import explore, problems, uploads
from frontmap.data.formats import kml, ogr, safezip

# Kherson's city centre (OpenStreetMap's node for Kherson: 46.6354 N, 32.6169 E); its UTM 36N
# coordinates are made here with pyproj, and must come back within 1 km of it.
KHERSON = (32.6169, 46.6354)
GEOD = Geod(ellps="WGS84")


def km_from_kherson(point) -> float:
    return GEOD.inv(KHERSON[0], KHERSON[1], point.x, point.y)[2] / 1000


def kml_doc(body: str, namespace: bool = True) -> bytes:
    ns = ' xmlns="http://www.opengis.net/kml/2.2"' if namespace else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><kml{ns}><Document>{body}</Document></kml>'.encode()


PLACEMARKS = """
<Folder><name>Strikes</name>
 <Placemark><name>Antonivskyi bridge</name>
  <description><![CDATA[<p>Hit at night<br><img src="http://example.invalid/x.png"> <a href="http://example.invalid/">report</a></p>]]></description>
  <TimeStamp><when>2022-11-09T21:00:00Z</when></TimeStamp>
  <Point><coordinates>32.6867,46.6737,0</coordinates></Point></Placemark>
 <Folder><name>Areas</name>
  <Placemark><name>Bridgehead</name><TimeSpan><begin>2022-11-10</begin><end>2022-11-11</end></TimeSpan>
   <MultiGeometry>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>32.5,46.6 32.8,46.6 32.8,46.8 32.5,46.6</coordinates></LinearRing></outerBoundaryIs></Polygon>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>33.0,46.6 33.2,46.6 33.2,46.8 33.0,46.6</coordinates></LinearRing></outerBoundaryIs></Polygon>
   </MultiGeometry></Placemark>
 </Folder>
</Folder>
<Placemark><name>Road</name><LineString><coordinates>32.6,46.6 33.0,46.9</coordinates></LineString></Placemark>
<Placemark><name>Nothing here</name></Placemark>
"""


@pytest.mark.parametrize("namespace", [True, False])
def test_kml_with_folders_multigeometry_and_times(namespace):
    up = uploads.load("mymaps.kml", kml_doc(PLACEMARKS, namespace))
    assert up.kind == "KML" and list(up.rows["title"]) == ["Antonivskyi bridge", "Bridgehead", "Road"]
    assert [str(d.date()) if d == d else None for d in up.rows["date"]] == ["2022-11-09", "2022-11-10", None]
    assert list(up.rows["folder"])[:2] == ["Strikes", "Strikes / Areas"]
    assert up.rows.geometry.iloc[1].geom_type == "MultiPolygon"
    assert up.rows["date_end"].iloc[1] == "2022-11-11"
    notes = up.rows["notes"].iloc[0]
    assert notes.startswith("Hit at night") and "report" in notes and "<img" not in notes and "http" not in notes
    assert kml.plain_text("<style>p{}</style><p>A<script>alert(1)</script> B</p>") == "A B"
    assert up.problems == ["mymaps.kml: placemark 4: no geometry; left out"]


@pytest.mark.parametrize("value, said", [("09.11.2022", "DD.MM.YYYY (day first)"), ("2022.11.09", "YYYY.MM.DD")])
def test_a_kml_date_in_extended_data_is_used_and_said(value, said):
    body = f"""<Placemark><name>Strike</name><ExtendedData><Data name="Day of strike"><value>{value}</value></Data>
      <Data name="who"><value>unit</value></Data></ExtendedData><Point><coordinates>32.6,46.6</coordinates></Point></Placemark>"""
    up = uploads.load("strikes.kml", kml_doc(body))
    assert str(up.rows["date"].iloc[0].date()) == "2022-11-09" and up.rows["who"].iloc[0] == "unit"
    assert up.guessed == ["dates from ExtendedData 'Day of strike'", f"dates in 'Day of strike' read as {said}"]


def kmz(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_kmz_reads_its_doc_kml():
    up = uploads.load("earth.kmz", kmz({"files/icon.png": b"\x89PNG", "doc.kml": kml_doc(PLACEMARKS)}))
    assert up.kind == "KMZ" and len(up.rows) == 3


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "lol">'
    + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(9))
    + b']><kml><Placemark><name>&j;</name><Point><coordinates>32,46</coordinates></Point></Placemark></kml>'
)


def test_billion_laughs_and_external_entities_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    external = (
        f'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<kml><Placemark><name>&x;</name><Point><coordinates>32,46</coordinates></Point></Placemark></kml>'
    ).encode()
    remote = b'<?xml version="1.0"?><!DOCTYPE kml SYSTEM "http://example.invalid/x.dtd"><kml><Placemark><name>a</name></Placemark></kml>'
    for name, data in (("laughs.kml", BILLION_LAUGHS), ("xxe.kml", external), ("dtd.kml", remote), ("laughs.kmz", kmz({"doc.kml": BILLION_LAUGHS}))):
        up = uploads.load(name, data)
        shown = "\n".join(up.problems)
        assert up.rows.empty and "TOP-SECRET" not in shown, shown
        assert shown.startswith(name) and "declares entities or a DTD" in shown, shown


def test_a_zip_past_the_unpacked_limit_is_refused_from_its_header():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive, archive.open("doc.kml", "w", force_zip64=True) as entry:
        zeros = bytes(limits.MB)
        for _ in range(limits.MAX_UNPACKED_BYTES // limits.MB + 1):
            entry.write(zeros)
    data = out.getvalue()
    assert len(data) < limits.MAX_UPLOAD_BYTES  # the upload is small; what it unpacks to is not
    up = uploads.load("bomb.kmz", data)
    assert up.rows.empty and up.problems == ["bomb.kmz: unpacks to 401.00 MB, over the 400 MB limit for an unpacked file; not opened"]


def test_a_zip_that_understates_its_size_stops_at_the_limit(monkeypatch):
    """A forged header is not trusted: the unpacking itself counts the bytes."""
    data = kmz({"doc.kml": b" " * (3 * limits.MB)})
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 2 * limits.MB)
    files, problem = safezip.read("forged.kmz", data, ["doc.kml"])
    assert files == {} and "unpacks to more than 2 MB" in problem


@pytest.mark.parametrize("member", ["../../etc/passwd.kml", "/etc/doc.kml", "a/../../doc.shp", "C:/doc.kml"])
def test_a_zip_with_a_path_outside_it_is_refused(member):
    up = uploads.load("escape.zip", kmz({member: kml_doc(PLACEMARKS)}))
    assert up.rows.empty and "points outside the archive; not opened" in up.problems[0]


def test_a_zip_of_ten_thousand_files_is_refused():
    data = kmz({f"f{i}.txt": b"" for i in range(10_000)})
    up = uploads.load("many.zip", data)
    assert up.rows.empty and up.problems == [
        f"many.zip: 10,000 entries; the limit is {safezip.MAX_ENTRIES:,} entries in a zip, so it is not opened"
    ]


def frame(crs="EPSG:4326") -> gpd.GeoDataFrame:
    points = gpd.GeoSeries([shapely.Point(KHERSON), shapely.Point(33.39, 47.09)], crs="EPSG:4326")
    return gpd.GeoDataFrame({"name": ["Kherson", "Nova Kakhovka"], "date": ["2022-11-11", "2022-11-12"]}, geometry=points.to_crs(crs))


def test_geopackage_reprojected_with_a_layer_choice():
    data = ogr.write_geopackage({"utm": frame("EPSG:32636"), "plain": frame().iloc[:1]})
    up = uploads.load("qgis.gpkg", data)
    assert up.kind == "GeoPackage" and up.layers == ["utm", "plain"] and len(up.rows) == 2
    assert km_from_kherson(up.rows.geometry.iloc[0]) < 1
    assert "reprojected from EPSG:32636 (WGS 84 / UTM zone 36N) to WGS84" in up.guessed
    assert up.guessed[0] == "layer 'utm' of 2 (utm, plain)"
    assert len(uploads.load("qgis.gpkg", data, layer="plain").rows) == 1


def gpkg_file(tmp_path, data: bytes):
    path = tmp_path / "x.gpkg"
    path.write_bytes(data)
    return path


def test_a_geopackage_of_200_layers_or_10_million_rows_is_refused(tmp_path):
    path = gpkg_file(tmp_path, ogr.write_geopackage({"events": frame()}))
    with sqlite3.connect(path) as db:  # declared, not materialised: the count is what is read first
        db.execute("UPDATE gpkg_ogr_contents SET feature_count = 10000000")
    up = uploads.load("huge.gpkg", path.read_bytes())
    assert up.rows.empty and up.problems == [
        f"huge.gpkg: layer events: 10,000,000 features; the limit is {limits.MAX_ROWS:,} rows a file, so it is not loaded (split or filter it)"
    ]
    with sqlite3.connect(path) as db:
        for i in range(200):
            db.execute(f"CREATE TABLE l{i} (fid INTEGER PRIMARY KEY, geom POINT)")
            db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, 4326)", (f"l{i}", f"l{i}"))
            db.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'POINT', 4326, 0, 0)", (f"l{i}",))
    up = uploads.load("layers.gpkg", path.read_bytes())
    assert up.rows.empty and up.problems == [
        f"layers.gpkg: 201 layers; the limit is {ogr.MAX_LAYERS} layers a GeoPackage (export the layer you want on its own)"
    ]


def shapefile_zip(tmp_path, crs="EPSG:32636", prj: bytes | None = None, keep_prj=True) -> bytes:
    folder = tmp_path / "shp"
    folder.mkdir(exist_ok=True)
    frame(crs).to_file(folder / "events.shp")
    if prj is not None:
        (folder / "events.prj").write_bytes(prj)
    return kmz({f"export/{p.name}": p.read_bytes() for p in folder.iterdir() if keep_prj or p.suffix != ".prj"})


def test_zipped_shapefile_reprojected_from_its_prj(tmp_path):
    up = uploads.load("qgis.zip", shapefile_zip(tmp_path))
    assert up.kind == "Shapefile" and list(up.rows["title"]) == ["Kherson", "Nova Kakhovka"]
    assert km_from_kherson(up.rows.geometry.iloc[0]) < 1
    assert any(g.startswith("reprojected from EPSG:32636") for g in up.guessed)


def test_a_shapefile_without_prj_is_taken_as_wgs84_only_when_it_fits(tmp_path):
    up = uploads.load("lonlat.zip", shapefile_zip(tmp_path, "EPSG:4326", keep_prj=False))
    assert len(up.rows) == 2 and km_from_kherson(up.rows.geometry.iloc[0]) < 1
    assert "no projection given (.prj): coordinates taken as WGS84 longitude/latitude" in up.guessed
    up = uploads.load("utm.zip", shapefile_zip(tmp_path, keep_prj=False))
    assert up.rows.empty and "no projection (.prj) and coordinates that are not longitude/latitude" in up.problems[0]


def test_a_shapefile_with_an_unknown_projection_is_refused(tmp_path):
    up = uploads.load("odd.zip", shapefile_zip(tmp_path, prj=b'PROJCS["Made up",UNKNOWNTHING[1]]'))
    assert up.rows.empty and up.problems == [
        "odd.zip/events.shp: its .prj names a projection GDAL does not know; not loaded (export it again in EPSG:4326)"
    ]


UA_CSV = "дата;широта;довгота;подія\n09.11.2022;46,6354;32,6169;Вибух\n10.11.2022;46,7;32,7;Обстріл\n"


@pytest.mark.parametrize(
    "encoding, said",
    [("cp1251", "encoding Windows-1251 (not UTF-8 from byte 0)"), ("utf-16", "encoding UTF-16"), ("utf-8-sig", None), ("utf-8", None)],
)
def test_a_csv_from_a_ukrainian_excel_is_read_and_the_guesses_said(encoding, said):
    up = uploads.load("ua.csv", UA_CSV.encode(encoding))
    assert list(up.rows["title"]) == ["Вибух", "Обстріл"] and up.problems == []
    assert [str(d.date()) for d in up.rows["date"]] == ["2022-11-09", "2022-11-10"]
    assert km_from_kherson(up.rows.geometry.iloc[0]) < 1
    expected = [
        "fields separated by semicolons",
        "coordinates from columns 'широта' (latitude) and 'довгота' (longitude)",
        "decimal commas in 'широта' and 'довгота' (2 rows)",
        "dates in 'дата' read as DD.MM.YYYY (day first)",
    ]
    assert up.guessed == ([said] if said else []) + expected


def test_russian_headers_with_tabs_and_a_western_csv():
    ru = "Дата\tШирота\tДолгота\tСобытие\n09.11.2022\t46.6354\t32.6169\tВзрыв\n".encode("cp1251")
    up = uploads.load("ru.tsv", ru)
    assert up.rows["title"].iloc[0] == "Взрыв" and "fields separated by tabs" in up.guessed
    west = "name,lat,lon,date\nCafé,46.6354,32.6169,09/11/2022\n".encode("cp1252")
    up = uploads.load("west.csv", west)
    assert up.rows["title"].iloc[0] == "Café" and up.guessed[0].startswith("encoding Windows-1252")


@pytest.mark.parametrize("encoding", ["shift_jis", "koi8_r", "gb18030"])
def test_a_csv_in_an_unknown_encoding_is_refused_with_what_it_reads(encoding):
    data = "名前,緯度,経度\n東京駅,35.68,139.76\n" if encoding != "koi8_r" else UA_CSV.replace("і", "и").replace("ї", "и")
    up = uploads.load("odd.csv", data.encode(encoding))
    assert up.rows.empty and up.problems[0].startswith(
        "odd.csv: not text in an encoding it reads (UTF-8, UTF-16, Windows-1251, Windows-1252)"
    )


EVENTS = [
    {"id": "E1", "date": "11/09/2022", "time": "21:00", "location": "Kherson", "latitude": "46.6354", "longitude": "32.6169", "description": "Bridge hit", "associations": ["Strike"], "sources": ["S1", "S9"]},
    {"id": "E2", "date": "2022-11-10", "location": "Nowhere", "latitude": "", "longitude": "32", "sources": []},
]
SOURCES = {"S1": {"id": "S1", "title": "Video of the bridge", "paths": ["https://example.org/v1"], "type": "Video"}}


def test_timemap_events_alone_and_with_their_sources():
    alone = uploads.load("events.json", json.dumps(EVENTS).encode())
    assert alone.kind == "TimeMap" and list(alone.rows["row_id"]) == ["E1"]
    assert str(alone.rows["date"].iloc[0].date()) == "2022-11-09" and alone.rows["category"].iloc[0] == "Strike"
    assert "dates read as MM/DD/YYYY (TimeMap's default, month first)" in alone.guessed
    assert alone.problems == ["events.json: event 2: coordinate not a number ('', '32'); left out"]
    both = uploads.load("events.json", json.dumps(EVENTS).encode(), others={"sources.json": json.dumps(SOURCES).encode()})
    assert both.rows["source"].iloc[0] == "Video of the bridge https://example.org/v1"
    assert "events.json: event 1: source 'S9' is not in sources.json; kept without it" in both.problems
    assert uploads.load("sources.json", json.dumps(SOURCES).encode()).kind == "TimeMap sources"
    wrapped = uploads.load("export.json", json.dumps({"events": EVENTS}).encode())  # a server's export
    assert wrapped.kind == "TimeMap" and len(wrapped.rows) == 1


def test_137_far_rows_are_one_line_with_their_count_and_first_rows():
    lines = ["name,lat,lon"] + [f"Depot {i},46.6,32.6" for i in range(5)] + [f"Base {i},55.0,{83 + i / 100}" for i in range(137)]
    up = uploads.load("cir.csv", "\n".join(lines).encode())
    assert len(up.rows) == 142 and len(up.problems) == 137
    assert problems.summary_lines("cir.csv", up.problems) == [
        "cir.csv: 137 lines: coordinates far outside the region; kept, check them (lines 7, 8, 9, 10, 11 and 132 more)"
    ]


def test_rows_written_as_kml_and_geopackage_read_back(situation):
    rows = explore.all_rows(situation, [])
    back = uploads.load("rows.kml", kml.write(rows))
    assert list(back.rows["row_id"]) == list(rows["row_id"]) and list(back.rows["date"]) == list(rows["date"])
    assert b"<TimeStamp><when>" in kml.write(rows.iloc[:1])
    again = uploads.load("rows.gpkg", explore.to_geopackage(rows))
    assert list(again.rows["row_id"]) == list(rows["row_id"]) and list(again.rows["date"]) == list(rows["date"])


def test_a_real_zipped_shapefile_natural_earth_countries():
    """tests/samples/naturalearth_lowres.zip (public domain; see tests/samples/README.md)."""
    data = (Path(__file__).parent / "samples" / "naturalearth_lowres.zip").read_bytes()
    up = uploads.load("naturalearth_lowres.zip", data)
    assert up.kind == "Shapefile" and len(up.rows) == 177  # Russia too: it reaches 180.00000000000006
    ukraine = up.rows.geometry[up.rows["title"] == "Ukraine"].iloc[0]
    assert ukraine.contains(shapely.Point(30.5234, 50.4501))  # Kyiv (OpenStreetMap's node)
    # the rest of the world is "far outside the region": one line, not 164 lines
    assert problems.summary_lines(up.name, up.problems) == [
        "naturalearth_lowres.zip: 164 features: coordinates far outside the region; kept, check them (features 1, 2, 3, 4, 5 and 159 more)"
    ]


def test_a_mixed_multigeometry_keeps_its_largest_kind_and_a_cut_kml_its_first_placemarks():
    mixed = """<Placemark><name>Route</name><MultiGeometry><Point><coordinates>32.6,46.6</coordinates></Point>
      <LineString><coordinates>32.6,46.6 33.0,46.9</coordinates></LineString></MultiGeometry></Placemark>"""
    up = uploads.load("route.kml", kml_doc(mixed))
    assert up.rows.geometry.iloc[0].geom_type == "LineString"
    whole = kml_doc(PLACEMARKS)
    cut = uploads.load("cut.kml", whole[: whole.index(b"<Placemark><name>Road")] + b"<Placemark><name>Ro")
    assert list(cut.rows["title"]) == ["Antonivskyi bridge", "Bridgehead"]
    assert "malformed XML after placemark 2" in cut.problems[0] and "the placemarks before it are kept" in cut.problems[0]


def test_a_broken_geopackage_and_one_whose_first_table_has_no_geometry(tmp_path):
    up = uploads.load("broken.gpkg", ogr.SQLITE_MAGIC + b"\x00" * 200)
    assert up.rows.empty and up.problems[0].startswith("broken.gpkg: not a readable GeoPackage")
    path = gpkg_file(tmp_path, ogr.write_geopackage({"events": frame()}))
    with sqlite3.connect(path) as db:  # an attribute table listed before the layer
        db.execute("CREATE TABLE aaa_notes (fid INTEGER PRIMARY KEY, note TEXT)")
        db.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('aaa_notes', 'attributes', 'aaa_notes')")
    up = uploads.load("mixed.gpkg", path.read_bytes())
    assert len(up.rows) == 2 and up.layers[0] == "events"


def test_the_encoding_is_judged_where_the_text_stops_being_ascii():
    data = b"name;lat;lon\n" + b"Depot;46,6;32,6\n" * 80_000 + "Café;46,6;32,6\n".encode("cp1252")
    assert len(data) > 1_000_000
    up = uploads.load("late.csv", data)
    assert up.rows["title"].iloc[-1] == "Café" and up.guessed[0].startswith("encoding Windows-1252")


def test_frontmap_import_reads_files_as_explore_does(tmp_path, capsys):
    from frontmap.__main__ import main

    csv_path, gpkg_path = tmp_path / "ua.csv", tmp_path / "qgis.gpkg"
    csv_path.write_bytes((UA_CSV + "11.11.2022;;32,6;Без координат\n").encode("cp1251"))
    gpkg_path.write_bytes(ogr.write_geopackage({"utm": frame("EPSG:32636"), "plain": frame()}))
    assert main(["import", str(csv_path), str(gpkg_path)]) == 0
    said = capsys.readouterr().err
    assert "ua.csv (CSV): 2 rows loaded, 1 problem(s)" in said and "  guessed: encoding Windows-1251" in said
    assert "  ua.csv: line 4: missing coordinate; left out" in said
    assert "qgis.gpkg (GeoPackage): 2 rows loaded" in said and "guessed: layer 'utm' of 2 (utm, plain)" in said
    assert main(["import", str(tmp_path / "missing.kml")]) == 2


def test_problems_of_a_file_inside_an_archive_group_too():
    found = [f"a.kmz/doc.kml: placemark {n}: no geometry; left out" for n in (2, 5, 9)]
    assert problems.summary_lines("a.kmz", found) == ["a.kmz: 3 placemarks: no geometry; left out (placemarks 2, 5, 9)"]


def test_a_geopackage_polygon_past_the_vertex_limit_is_refused():
    turn = np.linspace(0, 2 * np.pi, limits.MAX_POSITIONS + 10)
    ring = shapely.Polygon(np.column_stack([KHERSON[0] + 0.5 * np.cos(turn), KHERSON[1] + 0.5 * np.sin(turn)]))
    data = ogr.write_geopackage({"huge": gpd.GeoDataFrame({"name": ["huge"]}, geometry=[ring], crs="EPSG:4326")})
    up = uploads.load("huge.gpkg", data)
    assert up.rows.empty and f"the limit is {limits.MAX_POSITIONS:,} coordinate positions a file" in up.problems[0]


def test_excels_sep_line_and_month_first_dates():
    data = "sep=;\nname;lat;lon;date\nDepot;46,6;32,6;11/25/2022\nDump;;32,6;11/09/2022\n".encode("cp1252")
    up = uploads.load("excel.csv", data)
    assert list(up.rows["title"]) == ["Depot"] and str(up.rows["date"].iloc[0].date()) == "2022-11-25"
    assert "fields separated by semicolons (its Excel sep= line)" in up.guessed
    assert "dates in 'date' read as MM/DD/YYYY (month first: some dates fit no other reading)" in up.guessed
    assert up.problems == ["excel.csv: line 4: missing coordinate; left out"]  # the file's own line
    day_first = uploads.load("eu.csv", b"name,lat,lon,date\nA,46.6,32.6,25/11/2022\nB,46.6,32.6,09/11/2022\n")
    assert [str(d.date()) for d in day_first.rows["date"]] == ["2022-11-25", "2022-11-09"]


def test_latitude_and_longitude_in_one_cell_as_google_maps_copies_them():
    data = 'назва,координати,дата\nМіст,"46.6354, 32.6169",09.11.2022\nДепо,"не знаю",10.11.2022\n'.encode()
    up = uploads.load("pairs.csv", data)
    assert list(up.rows["title"]) == ["Міст"] and km_from_kherson(up.rows.geometry.iloc[0]) < 1
    assert "coordinates from column 'координати' (latitude, longitude in one cell)" in up.guessed
    assert up.problems == ["pairs.csv: line 3: coordinate not a number ('не знаю', 'не знаю'); left out"]


def test_frontmap_import_into_a_data_folder_adds_cited_events_and_says_what_it_left_out(data_copy, tmp_path, capsys):
    from frontmap.__main__ import main
    from frontmap.data.dataset import load_situation

    before = load_situation(data_copy)
    lines = [
        "date,latitude,longitude,title,source,notes,url",
        "2022-11-12,46.6354,32.6169,Crowds in Kherson's square,Reuters,Residents gathered in the central square.,https://example.org/r",
        "2022-11-13,46.9750,31.9946,Shelling near Mykolaiv,Kyiv Independent,Shelling was reported overnight.,",
        "2022-11-14,60.0,100.0,Far away,TASS,Siberia.,",  # no place of the folder near it
        "2022-11-14,46.64,32.62,<script>alert(1)</script>,AP,Words.,",  # markup: left out
        ",46.64,32.62,Undated,AP,Words.,",
        "2022-11-15,46.64,32.62,No quote,AP,,",
    ]
    path = tmp_path / "reports.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import", str(path), "--into", str(data_copy)]) == 0
    said = capsys.readouterr().err
    assert f"{data_copy}: 2 event(s) added to events.csv" in said
    assert "no place of the data folder within 25 km" in said and "HTML or script in title" in said
    assert "no date; left out" in said and "no notes (their words, kept as the quote); left out" in said
    after = load_situation(data_copy)
    assert not after.problems and len(after.events) == len(before.events) + 2
    added = after.events[after.events["id"].str.startswith("im")].sort_values("id")
    assert list(added["place_id"]) == ["kherson", "mykolaiv"] and list(added["outlet"]) == ["Reuters", "Kyiv Independent"]
    assert added.iloc[0]["url"] == "https://example.org/r" and "gives no address" in added.iloc[1]["url_note"]
    assert added.iloc[0]["quote"] == "Residents gathered in the central square."
    assert main(["import", str(path), "--into", str(data_copy)]) == 0  # again: new ids, never a clash
    assert len(load_situation(data_copy).events) == len(before.events) + 4
