"""Briefing rooms: codes, commands, two rooms apart, and a code that expires; in one process's
memory and in the team's PostGIS store (a throwaway cluster), through the same interface."""

import psycopg
import pytest

from frontmap import store as team_store
from frontmap.briefing import rooms
from frontmap.store import schema


@pytest.fixture(scope="module")
def rooms_url(pg_cluster) -> str:
    url = pg_cluster.create_database("rooms")
    schema.init(url)
    return url


@pytest.fixture(params=["memory", "postgis"])
def any_store(request):
    if request.param == "memory":
        return rooms.MemoryRooms()
    return rooms.StoreRooms(request.getfixturevalue("rooms_url"))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_codes_are_short_and_readable_and_typed_any_case(any_store):
    store = any_store
    codes = {store.open("deck", 1, 10).code for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == rooms.CODE_LENGTH and set(code) <= set(rooms.ALPHABET)
    code = next(iter(codes))
    assert store.get(f" {code[:3].lower()} {code[3:]} ").code == code


def test_commands_step_within_the_deck_and_stop_play(any_store):
    store = any_store
    code = store.open("deck", 1, 3).code
    assert store.command(code, "prev").slide == 1
    assert store.command(code, "play").playing
    room = store.command(code, "next")
    assert room.slide == 2 and not room.playing
    assert store.command(code, "last").slide == 3 and store.command(code, "next").slide == 3
    assert store.command(code, "first").slide == 1
    with pytest.raises(ValueError):
        store.command(code, "rm -rf")


def test_two_rooms_never_interfere(any_store):
    store = any_store
    a, b = store.open("deck a", 1, 10), store.open("deck b", 5, 10)
    store.command(a.code, "next")
    store.report(b.code, "deck b", 6, 10, True)
    assert store.get(a.code).slide == 2 and store.get(a.code).deck_text == "deck a"
    assert store.get(b.code).slide == 6 and store.get(b.code).playing
    store.close(a.code)
    assert store.get(a.code) is None and store.command(a.code, "next") is None
    assert store.get(b.code).slide == 6


def test_a_report_counts_as_a_change_only_when_something_changed(any_store):
    store = any_store
    room = store.open("deck", 1, 10)
    assert store.report(room.code, "deck", 1, 10, False).version == room.version
    assert store.report(room.code, "deck", 2, 10, False).version == room.version + 1


def test_a_room_left_idle_expires_and_its_code_drives_nothing():
    clock = Clock()
    store = rooms.MemoryRooms(idle_seconds=120, clock=clock)
    code = store.open("deck", 1, 10).code
    clock.now += 100
    assert store.poll(code) is not None  # the projector is still there
    clock.now += 100
    assert store.command(code, "next").slide == 2  # a remote's press keeps nothing alive...
    clock.now += 30
    assert store.get(code) is None and store.command(code, "next") is None  # ...130 s without the projector
    assert store.poll(code) is None and store.report(code, "deck", 1, 10, False) is None
    assert store.get("NOSUCH") is None and store.get("") is None


def test_in_the_store_two_servers_share_a_room_and_an_idle_one_expires(rooms_url):
    projector_side, phone_side = rooms.StoreRooms(rooms_url), rooms.StoreRooms(rooms_url)  # two processes
    code = projector_side.open("deck", 3, 10).code
    assert phone_side.command(code.lower(), "next").slide == 4
    assert projector_side.poll(code).slide == 4
    with psycopg.connect(rooms_url, autocommit=True) as conn:  # the projector went away 3 minutes ago
        conn.execute("UPDATE briefing_rooms SET seen = now() - interval '3 minutes' WHERE code = %s", (code,))
    assert phone_side.get(code) is None and phone_side.command(code, "next") is None
    assert projector_side.poll(code) is None
    projector_side.open("deck", 1, 10)  # opening a room clears the expired ones
    with psycopg.connect(rooms_url) as conn:
        assert conn.execute("SELECT count(*) FROM briefing_rooms WHERE code = %s", (code,)).fetchone()[0] == 0


def test_a_store_that_cannot_be_reached_is_said_as_unavailable(pg_cluster):
    gone = rooms.StoreRooms("postgresql://nobody@127.0.0.1:1/none")
    with pytest.raises(team_store.Unavailable):
        gone.get("ABCDEF")


def test_the_app_uses_the_team_store_when_there_is_one(rooms_url):
    assert isinstance(rooms.store(None), rooms.MemoryRooms)
    assert isinstance(rooms.store(rooms_url), rooms.StoreRooms) and rooms.store(rooms_url) is rooms.store(rooms_url)
