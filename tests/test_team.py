"""Team layers: an upload published through the store is a layer every viewer can switch on."""

import psycopg
import pytest
from apptest import APP, text_of
from streamlit.testing.v1 import AppTest

from frontmap import store
from frontmap.data import team_layers, uploads
from frontmap.store import schema

CSV = b"date,title,category,latitude,longitude\n2022-11-10,<script>alert(1)</script> ferry seen,crossing,46.6,32.6\n2022-11-11,Barge sunk,crossing,46.7,32.7\n"


@pytest.fixture
def team_store(pg_cluster, request, monkeypatch) -> str:
    url = pg_cluster.create_database(f"team_{request.node.name[5:40]}")
    schema.init(url)
    monkeypatch.setenv("FRONTMAP_DATABASE_URL", url)
    monkeypatch.setenv("FRONTMAP_PUBLISH_KEY", "s3cret")
    store._checked.clear()
    return url


def explore_page(upload: uploads.Upload | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    if upload:
        at.session_state["uploads"] = [upload]
    at.switch_page("views/explore.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def live(url: str) -> list[tuple]:
    with psycopg.connect(url) as conn:
        return conn.execute("SELECT name, publisher FROM team_layers WHERE withdrawn_at IS NULL").fetchall()


def test_publish_in_one_session_shows_in_another_and_withdraw_takes_it_away(team_store):
    mine = uploads.load("sightings.csv", CSV)
    at = explore_page(mine)
    at.selectbox(key="team_upload").select("sightings.csv")
    at.text_input(key="team_name").input("Ferry sightings")
    at.text_input(key="team_publisher").input("Olena")
    at.text_input(key="team_key").input("wrong")
    at.button(key="team_publish").click().run()
    assert "Not done: wrong publish key." in text_of(at) and live(team_store) == []
    at.text_input(key="team_key").input("s3cret")
    at.button(key="team_publish").click().run()
    assert "Done" in text_of(at) and live(team_store) == [("Ferry sightings", "Olena")]

    other = explore_page()  # another viewer, no upload of their own
    layer_id = team_layers.published(team_store)[0].id
    other.multiselect(key="team_shown").select(layer_id).run()
    shown = other.dataframe[0].value
    assert set(shown.loc[shown["dataset"] == "Ferry sightings", "title"]) == {"<script>alert(1)</script> ferry seen", "Barge sunk"}
    legend = [h.value for h in other.get("html") if "fm-team-legend" in h.value]
    assert legend and "Ferry sightings</b>: 2 rows, published by Olena" in legend[0]

    # Only the publisher withdraws, with the key.
    assert not [b for b in other.button if (b.key or "").startswith("team_withdraw_")]
    at.run()
    at.button(key=f"team_withdraw_{layer_id}").click().run()
    assert live(team_store) == []
    store._checked.clear()
    assert "No team layer is published yet." in text_of(explore_page())


def test_script_in_a_layer_name_is_text(team_store):
    team_layers.publish(team_store, uploads.load("a.csv", CSV), "<img src=x onerror=alert(1)>", "<b>Eve</b>", "s3cret", "s3cret")
    at = explore_page()
    at.multiselect(key="team_shown").select(team_layers.published(team_store)[0].id).run()
    legend = next(h.value for h in at.get("html") if "fm-team-legend" in h.value)
    assert "<img" not in legend and "&lt;img src=x onerror=alert(1)&gt;" in legend and "&lt;b&gt;Eve" in legend


def test_without_the_key_or_the_database_the_page_says_why(team_store, monkeypatch):
    with pytest.raises(team_layers.Refused, match="wrong publish key"):
        team_layers.publish(team_store, uploads.load("a.csv", CSV), "A", "B", None, "s3cret")
    with pytest.raises(team_layers.Refused, match="no publish key is configured"):
        team_layers.publish(team_store, uploads.load("a.csv", CSV), "A", "B", "s3cret", None)
    assert live(team_store) == []
    monkeypatch.delenv("FRONTMAP_PUBLISH_KEY")
    assert "Publishing is off on this server" in text_of(explore_page())
    monkeypatch.delenv("FRONTMAP_DATABASE_URL")
    assert "Team layers need the team's database" in text_of(explore_page())


def test_a_published_layers_problems_are_said_in_each_viewers_language(team_store):
    """Published from an English session, read by a Ukrainian one: the store keeps each problem as
    its message, not its English."""
    from frontmap import i18n

    far = uploads.load("far.csv", CSV + b"2022-11-12,Depot,crossing,55.0,83.0\n")
    assert far.problems == ["far.csv: line 4: coordinates far outside the region (55.0, 83.0); kept, check them"]
    team_layers.publish(team_store, far, "Far", "Olena", "s3cret", "s3cret")
    i18n.set_language("uk")
    try:
        said = [i18n.say(p) for p in team_layers.published(team_store)[0].upload.problems]
    finally:
        i18n.set_language("en")
    assert said == [
        "far.csv: рядок 4: координати далеко за межами регіону (55.0, 83.0); залишено, перевірте їх",  # (kept from the upload)
        "Far.geojson: об’єкт 3: координати далеко за межами регіону; залишено, перевірте їх",  # (found reading it back)
    ]
