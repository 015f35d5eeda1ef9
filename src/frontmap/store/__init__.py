"""The team's data store on PostGIS: the situation's tables, the team's published layers, and a
version number that every change bumps so that each server's caches notice it.

The app needs none of this without `FRONTMAP_DATABASE_URL`: the driver (psycopg) is imported on
first use, so a machine without it (or without PostgreSQL) runs from the data folder as before.
"""

from __future__ import annotations

import time

from frontmap import i18n
from frontmap.i18n import msg

CONNECT_TIMEOUT = 3  # seconds: a database that is down must not hold a page for long
VERSION_EVERY = 3.0  # seconds between two checks of a store's version by one server process


class Unavailable(Exception):
    """The store cannot be reached or read: said on every page in one line, never as a traceback."""

    def said(self) -> str:
        """In the reader's language where it is this app's words (a driver's are its own)."""
        return i18n.say(self.args[0]) if self.args else ""


def connect(url: str, **options):
    try:
        import psycopg
    except ImportError as err:
        raise Unavailable(msg("the PostgreSQL driver (psycopg) is not installed: pip install 'psycopg[binary]'")) from err
    try:
        return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **options)
    except (psycopg.Error, ValueError) as err:  # ValueError: a malformed URL
        raise Unavailable(_first_line(err).replace(url, "<the URL>")) from err  # it may hold a password


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]


def bump(conn) -> int:
    """Mark a change (import, snapshot, published or withdrawn layer), in the caller's transaction."""
    return conn.execute("UPDATE store_version SET version = version + 1, changed_at = now() RETURNING version").fetchone()[0]


def read_version(url: str) -> int:
    with connect(url) as conn:
        import psycopg  # (connect has checked that it is installed)

        try:
            return conn.execute("SELECT version FROM store_version").fetchone()[0]
        except psycopg.errors.UndefinedTable as err:
            raise Unavailable(msg("the database has no frontmap schema: run `python -m frontmap db init URL`")) from err
        except psycopg.Error as err:
            raise Unavailable(_first_line(err)) from err


_checked: dict[str, tuple[float, int]] = {}


def version(url: str, every: float = VERSION_EVERY) -> int:
    """The store's version, asked of the database at most once every `every` seconds per process:
    cheap enough for every page run, and a change is seen within that time by every server. A
    failure is not remembered, so the app recovers as soon as the database is back."""
    now = time.monotonic()
    checked = _checked.get(url)
    if checked and now - checked[0] < every:
        return checked[1]
    found = read_version(url)
    _checked[url] = (now, found)
    return found
