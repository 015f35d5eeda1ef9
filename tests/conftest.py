import shutil
from pathlib import Path

import pytest

from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation


@pytest.fixture(scope="session")
def situation():
    return load_situation(DEFAULT_DATA_DIR)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data folder, to break on purpose."""
    target = tmp_path / "geo"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="session")
def server():
    from browser import Server

    running = Server()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import expect, sync_playwright

    # A shared 2-core machine can take more than Playwright's default 5 s to rerun a page.
    expect.set_options(timeout=30_000)

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    from browser import new_page

    with new_page(browser, 1400, 1000) as opened:
        yield opened


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL + PostGIS cluster for the session (tests/pg.py), removed at the end."""
    from pg import Cluster

    cluster = Cluster()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def store_url(pg_cluster) -> str:
    """A store holding the shipped data folder, read-only for the tests that use it."""
    from frontmap.data.stored import import_folder
    from frontmap.store import schema

    url = pg_cluster.create_database("frontmap_shared")
    schema.init(url)
    problems, _ = import_folder(DEFAULT_DATA_DIR, url)
    assert not problems
    return url


@pytest.fixture(params=["files", "postgis"])
def page_source(request, monkeypatch):
    """A page test run twice: on the shipped data folder, and on a PostGIS store holding it (a
    throwaway cluster, tests/pg.py); the pages must give the same results."""
    monkeypatch.delenv("FRONTMAP_DATABASE_URL", raising=False)
    if request.param == "postgis":
        monkeypatch.setenv("FRONTMAP_DATABASE_URL", request.getfixturevalue("store_url"))
    return request.param
