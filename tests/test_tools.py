"""The map's tools on the server side: the offline gazetteer (derived, validated, published) and the
`mark=` link parameter. The browser's side is in test_tools_browser.py."""

import importlib.util
import json
from pathlib import Path

import pytest
from pyproj import Geod

from frontmap.app import mapmark
from frontmap.data import gazetteer
from frontmap.maps import basemap, mapview, tools

ROOT = Path(__file__).resolve().parents[1]
GEOD = Geod(ellps="WGS84")


def _derive_module():
    spec = importlib.util.spec_from_file_location("derive_gazetteer", ROOT / "scripts" / "derive_gazetteer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_gazetteer_is_derived_byte_for_byte_as_shipped():
    derive = _derive_module()
    first = derive.derive()
    assert first == derive.derive()  # the same package, the same file
    assert first == (ROOT / "data" / "geo" / gazetteer.FILE).read_text(encoding="utf-8")


# Wikipedia's infobox coordinates (GeoHack), read from the English articles:
# Vuhledar 47°46′45″N 37°14′54″E, Siversk 48°51′47″N 38°5′50″E, Toretsk 48°23′30″N 37°52′24″E
# (https://en.wikipedia.org/wiki/Vuhledar, /wiki/Siversk, /wiki/Toretsk).
WIKIPEDIA = {
    "Vuhledar": (47.77917, 37.24833),
    "Siversk": (48.86306, 38.09722),
    "Toretsk": (48.39167, 37.87333),
}


def test_the_gazetteer_holds_the_towns_of_the_front_within_1_km_of_wikipedia():
    rows, problems = gazetteer.load()
    assert problems == []
    assert len(rows) > 15_000
    by_name = {r.name: r for r in rows if r.country == "UA"}
    for name, (lat, lon) in WIKIPEDIA.items():
        row = by_name[name]
        assert GEOD.inv(lon, lat, row.lon, row.lat)[2] < 1000, name
    # the names a reader may type: the Ukrainian spelling, and Toretsk's name until 2016
    assert "Вугледар" in by_name["Vuhledar"].alt_names
    assert {"Dzerzhyns'k", "Дзержинськ"} <= set(by_name["Toretsk"].alt_names)
    assert gazetteer.fold("Sivers’k") == gazetteer.fold("SIVERSK") == "siversk"


def test_a_bad_gazetteer_row_is_said_by_row_and_the_others_load(tmp_path):
    bad = tmp_path / gazetteer.FILE
    bad.write_text(
        "geonameid,name,alt_names,lat,lon,country,population\n"
        "1,Good,Гуд,48.5,37.5,UA,100\n"
        "2,Far,,10.0,37.5,UA,100\n"
        "3,,,48.5,37.5,UA,100\n"
        "4,Bad\x01name,,48.5,37.5,UA,100\n",
        encoding="utf-8",
    )
    rows, problems = gazetteer.load(bad)
    assert [r.name for r in rows] == ["Good"]
    assert [(p.file, p.row) for p in problems] == [(gazetteer.FILE, 3), (gazetteer.FILE, 4), (gazetteer.FILE, 5)]
    assert "lat" in problems[0].message


def test_every_map_gets_the_tools_and_the_gazetteer_as_a_published_file(situation):
    basemap.use_local_assets()
    html = mapview.build(situation, mapview.timeline.SOURCE_DAY, ("places",)).base.get_root().render()
    assert "/app/static/frontmap-tools.js" in html and "/app/static/keep-in-url.js" in html
    assert "fmTools.add(" in html and "Kherson" not in html.split("fmTools.add(")[1].split(");")[0]
    url = tools.gazetteer_url()
    assert url.startswith("/app/static/published/") and url in html
    assert "Vuhledar" not in html  # the gazetteer is fetched when the search is first used, not inlined
    published = basemap.STATIC_DIR / url.removeprefix("/app/static/")
    names = {row[0] for row in json.loads(published.read_text(encoding="utf-8"))}
    assert {"Vuhledar", "Siversk", "Toretsk"} <= names


def test_the_gazetteer_is_checked_once_per_content_and_then_remembered(tmp_path, monkeypatch):
    shipped = gazetteer.DEFAULT_DATA_DIR / gazetteer.FILE
    rows = shipped.read_text(encoding="utf-8").splitlines()
    copy = tmp_path / gazetteer.FILE
    copy.write_text("\n".join([*rows[:50], rows[1].replace(rows[1].split(",")[3], "99.9", 1)]), encoding="utf-8")
    first = tools.gazetteer_checked.__wrapped__(copy)
    assert first[0] and len(first[1]) == 1  # the copy's last row is a problem, said with its line

    def parsed_again(path):
        raise AssertionError("parsed again")

    monkeypatch.setattr(gazetteer, "shipped", parsed_again)
    assert tools.gazetteer_checked.__wrapped__(copy) == first  # (a new server finds it remembered)


def test_a_standalone_file_searches_its_own_places_only(situation):
    parts = mapview.build(situation, mapview.timeline.SOURCE_DAY, ("places",))
    note = mapview.export_note(situation, "Places", mapview.timeline.SOURCE_DAY, "")
    html = mapview.standalone_html(parts.base, parts.dated, note)
    assert '"gazetteer": null' in html and "/app/static/published/" not in html
    assert '["Kherson", 46.6354, 32.6169, [' in html  # the map's own places (and their other names), in the file


@pytest.mark.parametrize(
    "text,mark",
    [
        ("47.77973,37.24999,Vuhledar", tools.Mark(47.77973, 37.24999, "Vuhledar")),
        ("-33.5,151,Sydney, NSW", tools.Mark(-33.5, 151.0, "Sydney, NSW")),  # a comma in the name
    ],
)
def test_a_good_mark_is_read(text, mark):
    assert tools.parse_mark(text) == (mark, None)
    assert tools.parse_mark(mark.text())[0] == mark


@pytest.mark.parametrize(
    "text,said",
    [
        ("Vuhledar", "is not latitude,longitude,name"),
        ("47.7,37.2", "is not latitude,longitude,name"),
        ("91,37.2,North", "not decimal degrees"),
        ("47.7,1e2,Exp", "not decimal degrees"),
        ("nan,37.2,NaN", "not decimal degrees"),
        ("47.7,37.2,  ", "no name"),
        ("47.7,37.2," + "x" * 101, "longer than 100"),
        ("47.7,37.2,a\x00b", "control character"),
    ],
)
def test_a_bad_mark_is_said_and_ignored(text, said):
    mark, note = tools.parse_mark(text)
    assert mark is None and note.startswith("mark: ") and said in note


def test_the_server_says_a_bad_mark_for_the_session_and_takes_it_out_of_the_address():
    session, query = {}, {"mark": "here", "as_of": "2022-11-10"}
    notes = mapmark.sync_in(session, query)
    assert notes and "'here' is not latitude,longitude,name" in notes[0]
    assert query == {"as_of": "2022-11-10"}
    assert mapmark.sync_in(session, query) == notes  # said on the session's later runs too
    session, query = {}, {"mark": "47.77973,37.24999,Vuhledar"}
    assert mapmark.sync_in(session, query) == [] and "mark" in query  # a good one stays for the map
