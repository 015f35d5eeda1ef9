"""The PostGIS store, on a real throwaway cluster (tests/pg.py): schema, import, export, load, snapshots."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas.testing
import pandas.testing
import psycopg
import pytest
import shapely
import shapely.geometry

from frontmap import store
from frontmap.__main__ import main
from frontmap.data import stored, timeline
from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation
from frontmap.data.deepstate import OCCUPIED_FILL
from frontmap.store import schema
from frontmap.store import situation as tables

SRC = Path(__file__).resolve().parents[1] / "src"
TABLES = ("places", "dnipro", "routes", "route_status", "control_areas", "attack_axes", "oblasts", "countries", "events", "figures", "flows")


def assert_same_situation(a, b):
    for name in TABLES:
        left, right = getattr(a, name), getattr(b, name)
        if "geometry" in left:
            geopandas.testing.assert_geodataframe_equal(left, right)
        else:
            pandas.testing.assert_frame_equal(left, right)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]


@pytest.fixture
def empty_store(pg_cluster, request) -> str:
    url = pg_cluster.create_database(f"t_{request.node.name[:40].lower()}".replace("[", "_").replace("]", "").replace("-", "_"))
    assert main(["db", "init", url]) == 0
    return url


@pytest.fixture
def full_store(empty_store) -> str:
    assert main(["db", "import", str(DEFAULT_DATA_DIR), empty_store]) == 0
    return empty_store


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        found = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        found["version"] = conn.execute("SELECT version FROM store_version").fetchone()[0]
    return found


def test_init_twice_is_harmless_and_the_tables_mirror_the_models(empty_store, capsys):
    assert main(["db", "init", empty_store]) == 0
    assert "up to date" in capsys.readouterr().out
    with psycopg.connect(empty_store) as conn:
        assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")] == [1, 2, 3, 4]
        for file, table in schema.TABLES.items():
            columns = {r[0] for r in conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))}
            assert set(tables.model_of(file).model_fields) | {"line", "extra"} <= columns
        srids = dict(conn.execute("SELECT f_table_name, srid FROM geometry_columns").fetchall())
        assert srids["control_areas"] == srids["places"] == srids["events"] == 4326
        gist = {r[0] for r in conn.execute("SELECT tablename FROM pg_indexes WHERE indexdef LIKE '%USING gist%'")}
        assert {"places", "control_areas", "oblasts", "events", "routes"} <= gist


def test_a_store_made_before_the_directions_of_attack_gets_their_table(pg_cluster, monkeypatch):
    url = pg_cluster.create_database("t_before_attack_axes")
    with monkeypatch.context() as before:
        before.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        assert len(schema.init(url)) == 3
    assert schema.init(url) == ["4: DeepState's directions of attack, a day's with its control areas"]
    assert stored.import_folder(DEFAULT_DATA_DIR, url)[1]["attack_axes"] == 2591


@pytest.mark.parametrize(
    ("statement", "constraint"),
    [
        ("UPDATE control_areas SET valid_to = valid_from - 1 WHERE id = 'ca0001'", "check"),
        ("UPDATE events SET source = '  ' WHERE line = 2", "check"),
        ("UPDATE figures SET url = 'javascript:alert(1)' WHERE line = 2", "check"),
        ("UPDATE control_areas SET status = 'liberated' WHERE id = 'ca0001'", "check"),
        ("UPDATE places SET geom = ST_SetSRID(ST_MakeLine(geom, geom), 4326) WHERE line = 1", "check"),
        ("UPDATE events SET date = NULL WHERE line = 2", "not-null"),
        ("UPDATE places SET id = 'kherson' WHERE id <> 'kherson' AND line = (SELECT min(line) FROM places WHERE id <> 'kherson')", "unique"),
    ],
)
def test_the_constraints_refuse_what_the_models_refuse(full_store, statement, constraint):
    with psycopg.connect(full_store) as conn, pytest.raises(psycopg.errors.IntegrityError):
        conn.execute(statement)


def test_import_then_export_gives_a_valid_folder_with_the_same_situation(full_store, tmp_path, capsys):
    files = load_situation(DEFAULT_DATA_DIR)
    assert_same_situation(stored.load(full_store), files)
    assert main(["db", "export", full_store, str(tmp_path / "out")]) == 0
    assert main(["validate", str(tmp_path / "out")]) == 0
    assert_same_situation(load_situation(tmp_path / "out"), files)


def test_a_corrupted_folder_is_refused_whole_and_changes_nothing(full_store, data_copy, capsys):
    before = counts(full_store)
    (data_copy / "places.geojson").unlink()
    lines = (data_copy / "figures.csv").read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",6900000,", ",about seven million,")
    (data_copy / "figures.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["db", "import", str(data_copy), full_store]) == 1
    out = capsys.readouterr()
    assert "figures.csv:2: value:" in out.out and "places.geojson:0: file is missing" in out.out
    assert "nothing imported" in out.err
    assert counts(full_store) == before


def test_a_row_broken_in_the_database_is_named_by_table_and_id_and_left_out(full_store):
    with psycopg.connect(full_store) as conn:
        event = conn.execute("SELECT id FROM events ORDER BY line LIMIT 1").fetchone()[0]
        conn.execute("UPDATE events SET place_id = 'atlantis' WHERE id = %s", (event,))
        conn.execute("UPDATE figures SET extra = '{\"note2\": \"<script>x</script>\"}' WHERE line = 2")
    sit = stored.load(full_store)
    assert [str(p) for p in sit.problems] == [f"events id={event}: unknown place 'atlantis' in place_id"]
    assert event not in set(sit.events["id"]) and len(sit.events) == len(load_situation(DEFAULT_DATA_DIR).events) - 1


def test_a_wrong_url_or_a_stopped_database_is_one_clear_line(pg_cluster, capsys):
    assert main(["db", "init", "postgresql://nobody@127.0.0.1:1/none"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("database: ") and len(err.strip().splitlines()) == 1
    with pytest.raises(store.Unavailable, match="in URI"):
        store.read_version("postgresql://x:y@[bad")
    with pytest.raises(store.Unavailable, match="no frontmap schema"):
        store.read_version(pg_cluster.create_database("no_schema"))


ARROW = "Напрямок удару /// Direction of attack\n"  # as the archive names it


def snapshot(tmp_path, ring) -> str:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"fill": OCCUPIED_FILL, "name": "Occupied"}, "geometry": {"type": "Polygon", "coordinates": [ring]}},
            {"type": "Feature", "properties": {"fill": "#ff0000", "name": "Moscow"}, "geometry": {"type": "Point", "coordinates": [37.6, 55.7]}},
            # DeepState's arrows: one west (arrow_12), one north (arrow_16); the retreat's is no attack
            {"type": "Feature", "properties": {"name": ARROW, "description": "{icon=arrow_12}"}, "geometry": {"type": "Point", "coordinates": [37.01, 47.5, 0]}},
            {"type": "Feature", "properties": {"name": ARROW, "description": "{icon=arrow_16}"}, "geometry": {"type": "Point", "coordinates": [37.5, 47.99, 0]}},
            {"type": "Feature", "properties": {"name": "Напрямок втечі /// Direction of escapement", "description": "{icon=arrow_4}"},
             "geometry": {"type": "Point", "coordinates": [37.5, 47.5, 0]}},
        ],
    }
    path = tmp_path / "snapshot.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_add_snapshot_closes_the_previous_ranges_and_stretches_the_span(full_store, tmp_path, capsys):
    ring = [[37.0, 47.0], [38.0, 47.0], [38.0, 48.0], [37.0, 48.0], [37.0, 47.0]]
    before = counts(full_store)
    assert main(["db", "add-snapshot", snapshot(tmp_path, ring), "--date", "2022-12-01", full_store]) == 0
    assert "1 control area(s) (occupied_2022) valid to 2022-12-01; 2 direction(s) of attack" in capsys.readouterr().out
    after = counts(full_store)
    assert after["control_areas"] == before["control_areas"] + 1 and after["version"] == before["version"] + 1
    assert after["attack_axes"] == before["attack_axes"] + 2
    sit = stored.load(full_store)
    assert not sit.problems
    # The day's directions of attack are the snapshot's, with their bearings; the last day's end the day before
    axes = timeline.valid_on(sit.attack_axes, dt.date(2022, 12, 1))
    assert list(axes["icon"]) == ["arrow_12", "arrow_16"] and list(axes["bearing"]) == [270.0, 0.0]
    assert [(g.x, g.y) for g in axes.geometry] == [(37.01, 47.5), (37.5, 47.99)]
    assert (axes["snapshot"] == "2022-12-01").all()
    last_axes = timeline.valid_on(sit.attack_axes, dt.date(2022, 11, 30))
    assert len(last_axes) == 18 and (last_axes["valid_to"] == "2022-11-30").all()
    assert timeline.last_day_of(sit) == dt.date(2022, 12, 1)
    on_day = timeline.control_on(sit.control_areas, dt.date(2022, 12, 1))
    assert list(on_day.areas["status"]) == ["occupied_2022"]
    assert on_day.areas.geometry.iloc[0].bounds == (37.0, 47.0, 38.0, 48.0)
    last_month = timeline.control_on(sit.control_areas, dt.date(2022, 11, 30)).areas
    assert len(last_month) > 1 and (last_month["valid_to"] == "2022-11-30").all()
    # Days go forward; a file with nothing to draw is refused; neither changes the store.
    assert main(["db", "add-snapshot", snapshot(tmp_path, ring), "--date", "2022-12-01", full_store]) == 1
    far = [[-10.0, 40.0], [-9.0, 40.0], [-9.0, 41.0], [-10.0, 40.0]]
    assert main(["db", "add-snapshot", snapshot(tmp_path, far), "--date", "2022-12-02", full_store]) == 1
    assert "no control area" in capsys.readouterr().err
    assert counts(full_store) == after


def test_the_app_runs_without_the_driver_and_says_so_when_a_store_is_asked_for():
    code = (
        "import sys; sys.modules['psycopg'] = None\n"  # as if psycopg were not installed
        "from frontmap import store; from frontmap.app import mapframe, source, team; from frontmap.store import situation\n"
        "from frontmap.data.dataset import load_situation; assert not load_situation().problems\n"
        "try:\n    store.read_version('postgresql://x@127.0.0.1:1/y')\n"
        "except store.Unavailable as err:\n    print(err)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(SRC)})
    assert done.returncode == 0, done.stderr
    assert "psycopg) is not installed" in done.stdout


def test_add_snapshot_takes_deepstates_current_single_multipolygon_export(full_store, tmp_path, capsys):
    """One MultiPolygon, no styles: Crimea and the 2014 areas are taken from the latest day held."""
    sit = load_situation()
    held = timeline.russian_held(timeline.control_on(sit.control_areas, dt.date(2022, 11, 30)))
    whole = shapely.union_all(held.geometry.values)
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(whole)}]}
    path = tmp_path / "deepstatemap_data_20221201.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["db", "add-snapshot", str(path), "--date", "2022-12-01", full_store]) == 0
    assert "3 control area(s) (crimea, occupied_2014, occupied_2022)" in capsys.readouterr().out
    on_day = timeline.control_on(stored.load(full_store).control_areas, dt.date(2022, 12, 1)).areas
    before = held.dissolve("status").geometry
    for status, geom in zip(on_day["status"], on_day.geometry):
        assert geom.symmetric_difference(before[status]).area < 0.01 * before[status].area


def test_frontmap_import_publishes_a_file_as_a_team_layer(full_store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FRONTMAP_PUBLISH_KEY", "k")
    path = tmp_path / "strikes.kml"
    path.write_bytes(
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Bridge</name><TimeStamp><when>2022-11-09</when></TimeStamp>'
        b"<Point><coordinates>32.6867,46.6737</coordinates></Point></Placemark></kml>"
    )
    assert main(["import", str(path), "--publish", full_store, "--name", "Strikes"]) == 0
    assert "strikes.kml: published as team layer" in capsys.readouterr().out
    from frontmap.data import team_layers

    [layer] = team_layers.published(full_store)
    assert layer.name == "Strikes" and list(layer.upload.rows["title"]) == ["Bridge"]
    assert main(["import", str(path), "--publish", full_store, "--name", "Strikes"]) == 1  # taken: withdraw first
