"""The pages on a PostGIS store that goes wrong: a bad row, a wrong URL, a database that stops."""

import psycopg
import pytest
from apptest import APP, open_page, text_of
from streamlit.testing.v1 import AppTest

from frontmap import store
from frontmap.data.dataset import DEFAULT_DATA_DIR
from frontmap.data.stored import import_folder
from frontmap.store import schema

PAGES = ["views/overview.py", "views/front.py", "views/explore.py", "views/sources.py", "views/briefing.py"]


def stored(url: str) -> str:
    schema.init(url)
    assert import_folder(DEFAULT_DATA_DIR, url)[0] == []
    return url


def opened(page: str) -> AppTest:
    """A page as a viewer opens it, without the checks of `open_page` (the store's message stops it)."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    if page != "views/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def down_message(at: AppTest) -> list[str]:
    return [e.value for e in at.error if e.value.startswith("The team's database cannot be read")]


def test_a_bad_row_in_the_store_is_named_by_table_and_id_and_the_rest_served(pg_cluster, monkeypatch):
    url = stored(pg_cluster.create_database("pages_bad_row"))
    with psycopg.connect(url) as conn:
        event = conn.execute("SELECT id FROM events WHERE title LIKE 'Snihurivka%'").fetchone()[0]
        conn.execute("UPDATE events SET place_id = 'atlantis' WHERE id = %s", (event,))
    monkeypatch.setenv("FRONTMAP_DATABASE_URL", url)
    at = open_page(None, as_of="2022-11-12")
    assert any("1 data problem(s)" in w.value for w in at.sidebar.warning)
    assert "Shoigu orders" in text_of(at) and "Snihurivka liberated" not in text_of(at)
    sources = open_page("views/sources.py")
    assert f"events id={event}: unknown place 'atlantis' in place_id" in text_of(sources) + "".join(c.value for c in sources.code)


@pytest.mark.parametrize("page", PAGES)
def test_a_wrong_url_is_one_clear_message_on_every_page(page, monkeypatch):
    monkeypatch.setenv("FRONTMAP_DATABASE_URL", "postgresql://frontmap:secret@127.0.0.1:1/none")
    at = opened(page)
    assert len(down_message(at)) == 1 and "secret" not in down_message(at)[0]
    assert "Connection refused" in down_message(at)[0] or "failed" in down_message(at)[0]


def test_a_database_that_stops_is_said_and_the_app_recovers_when_it_is_back(monkeypatch):
    from pg import Cluster

    cluster = Cluster()  # its own: stopping the session's cluster would fail the other tests
    try:
        monkeypatch.setenv("FRONTMAP_DATABASE_URL", stored(cluster.create_database("pages_down")))
        assert "Ukraine as of" in opened("views/overview.py").title[0].value
        cluster.stop()
        store._checked.clear()  # the version is asked again within VERSION_EVERY seconds anyway
        for page in PAGES:
            at = opened(page)
            assert len(down_message(at)) == 1 and not at.title
        cluster.start()
        store._checked.clear()
        assert "Ukraine as of" in opened("views/overview.py").title[0].value
        assert not down_message(opened("views/front.py"))
    finally:
        cluster.remove()
