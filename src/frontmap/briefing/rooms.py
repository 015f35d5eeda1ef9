"""Briefing rooms: a projector's deck and slide, driven from a phone that knows the room's code.

A room lives on the server: the projector opens it and reports where it is; a remote sends
commands; each side polls the room's version to see what the other did. `RoomStore` is the whole
interface, so that a store shared by several servers (the team's PostGIS store) can back it later;
`MemoryRooms` keeps the rooms of one process; `StoreRooms` keeps them in the team's PostGIS store
(`FRONTMAP_DATABASE_URL`), so that a phone and a projector served by two servers share a room. A code that was never issued, or whose room was
closed or left idle, finds nothing and drives nothing; two rooms share no state.
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Protocol

# Letters and digits a phone's user cannot misread (no 0/O, 1/I/L): 31**6, about 900 million codes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
# A projector polls its room twice a second; one that has not for this long has left the page or
# closed the tab, and its code stops working.
IDLE_SECONDS = 120.0
ACTIONS = ("first", "prev", "next", "last", "play", "pause")


@dataclass(frozen=True)
class Room:
    code: str
    deck_text: str  # the deck's TOML, so a remote shows its titles and notes (an upload included)
    slide: int  # 1-based
    count: int  # slides in the deck
    playing: bool
    version: int  # one more at every change, by either side
    seen: float  # when the projector last polled (time.monotonic)


class RoomStore(Protocol):
    def open(self, deck_text: str, slide: int, count: int) -> Room: ...

    def get(self, code: str) -> Room | None: ...

    def poll(self, code: str) -> Room | None: ...

    def report(self, code: str, deck_text: str, slide: int, count: int, playing: bool) -> Room | None: ...

    def command(self, code: str, action: str) -> Room | None: ...

    def close(self, code: str) -> None: ...


def normalise(code: str | None) -> str:
    """A code as typed on a phone: case and spaces do not matter."""
    return "".join((code or "").split()).upper()


class MemoryRooms:
    """The rooms of this server process, behind one lock (Streamlit serves sessions on threads)."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, clock=time.monotonic) -> None:
        self._rooms: dict[str, Room] = {}
        self._lock = threading.Lock()
        self._idle = idle_seconds
        self._clock = clock

    def _live(self, code: str) -> Room | None:
        room = self._rooms.get(normalise(code))
        if room is not None and self._clock() - room.seen > self._idle:
            del self._rooms[room.code]
            return None
        return room

    def open(self, deck_text: str, slide: int, count: int) -> Room:
        with self._lock:
            for code in list(self._rooms):  # forget the rooms gone idle
                self._live(code)
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            while code in self._rooms:
                code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            room = Room(code, deck_text, slide, count, False, 1, self._clock())
            self._rooms[code] = room
            return room

    def get(self, code: str) -> Room | None:
        with self._lock:
            return self._live(code)

    def poll(self, code: str) -> Room | None:
        """The projector's look at its room, which keeps the room open."""
        with self._lock:
            room = self._live(code)
            if room is not None:
                room = self._rooms[room.code] = dataclasses.replace(room, seen=self._clock())
            return room

    def report(self, code: str, deck_text: str, slide: int, count: int, playing: bool) -> Room | None:
        """The projector says where it is (and that it is still there)."""
        with self._lock:
            room = self._live(code)
            if room is None:
                return None
            now = (deck_text, slide, count, playing)
            changed = now != (room.deck_text, room.slide, room.count, room.playing)
            room = dataclasses.replace(
                room,
                deck_text=deck_text,
                slide=slide,
                count=count,
                playing=playing,
                version=room.version + changed,
                seen=self._clock(),
            )
            self._rooms[room.code] = room
            return room

    def command(self, code: str, action: str) -> Room | None:
        """A remote's press: the room's new state, or None when the code opens no room."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self._lock:
            room = self._live(code)
            if room is None:
                return None
            slide = {
                "first": 1,
                "prev": max(1, room.slide - 1),
                "next": min(room.count, room.slide + 1),
                "last": room.count,
            }.get(action, room.slide)
            playing = action == "play" if action in ("play", "pause") else False
            room = dataclasses.replace(room, slide=slide, playing=playing, version=room.version + 1)
            self._rooms[room.code] = room
            return room

    def close(self, code: str) -> None:
        with self._lock:
            self._rooms.pop(normalise(code), None)


_COLUMNS = "code, deck_text, slide, count, playing, version, extract(epoch FROM seen)"
_LIVE = "code = %(code)s AND seen > now() - make_interval(secs => %(idle)s)"


class StoreRooms:
    """The rooms in the team's store (table `briefing_rooms`, migration 3), on the database's clock,
    so that every server sees the same rooms; one connection per process, behind a lock."""

    def __init__(self, url: str, idle_seconds: float = IDLE_SECONDS) -> None:
        self._url = url
        self._idle = idle_seconds
        self._conn = None
        self._lock = threading.Lock()

    def _one(self, sql: str, **params) -> Room | None:
        import psycopg

        from frontmap import store

        with self._lock:
            try:
                if self._conn is None or self._conn.closed:
                    self._conn = store.connect(self._url, autocommit=True)
                row = self._conn.execute(sql, {"idle": self._idle, **params}).fetchone()
            except psycopg.Error as err:
                self._conn = None  # the next call connects afresh: the database may be back
                raise store.Unavailable(str(err).strip().splitlines()[0]) from err
        return Room(*row[:6], float(row[6])) if row else None

    def open(self, deck_text: str, slide: int, count: int) -> Room:
        self._one("DELETE FROM briefing_rooms WHERE seen < now() - make_interval(secs => %(idle)s) RETURNING " + _COLUMNS)
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            room = self._one(
                "INSERT INTO briefing_rooms (code, deck_text, slide, count, playing, version) "
                "VALUES (%(code)s, %(deck)s, %(slide)s, %(count)s, false, 1) ON CONFLICT (code) DO NOTHING RETURNING " + _COLUMNS,
                code=code, deck=deck_text, slide=slide, count=count,
            )
            if room is not None:
                return room

    def get(self, code: str) -> Room | None:
        return self._one(f"SELECT {_COLUMNS} FROM briefing_rooms WHERE {_LIVE}", code=normalise(code))

    def poll(self, code: str) -> Room | None:
        return self._one(f"UPDATE briefing_rooms SET seen = now() WHERE {_LIVE} RETURNING {_COLUMNS}", code=normalise(code))

    def report(self, code: str, deck_text: str, slide: int, count: int, playing: bool) -> Room | None:
        return self._one(
            "UPDATE briefing_rooms SET version = version + CASE WHEN (deck_text, slide, count, playing) IS DISTINCT FROM "
            "(%(deck)s, %(slide)s, %(count)s, %(playing)s) THEN 1 ELSE 0 END, deck_text = %(deck)s, slide = %(slide)s, "
            f"count = %(count)s, playing = %(playing)s, seen = now() WHERE {_LIVE} RETURNING {_COLUMNS}",
            code=normalise(code), deck=deck_text, slide=slide, count=count, playing=playing,
        )

    def command(self, code: str, action: str) -> Room | None:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        return self._one(
            "UPDATE briefing_rooms SET slide = CASE %(action)s WHEN 'first' THEN 1 WHEN 'prev' THEN greatest(1, slide - 1) "
            "WHEN 'next' THEN least(count, slide + 1) WHEN 'last' THEN count ELSE slide END, "
            f"playing = %(action)s = 'play', version = version + 1 WHERE {_LIVE} RETURNING {_COLUMNS}",
            code=normalise(code), action=action,
        )

    def close(self, code: str) -> None:
        self._one(f"DELETE FROM briefing_rooms WHERE code = %(code)s RETURNING {_COLUMNS}", code=normalise(code))


_memory = MemoryRooms()
_stores: dict[str, StoreRooms] = {}


def store(url: str | None = None) -> RoomStore:
    """The rooms: in the team's store at `url` (every server shares them), else this process's."""
    if not url:
        return _memory
    return _stores.setdefault(url, StoreRooms(url))
