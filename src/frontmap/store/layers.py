"""The team's layers: an upload published to the store under a name, seen by every viewer on every
server, withdrawn by its publisher. Publishing and withdrawing need the team's publish key.

A layer is kept as the GeoJSON of its rows (`explore.to_geojson`) with its upload's problems, and is
read back through the upload loader: the same limits, checks and escaping as any file a viewer
brings, so nothing published can run script in another viewer's page.
"""

from __future__ import annotations

import hmac
import json

from frontmap import store
from frontmap.i18n import N_, Msg, _

MAX_NAME = 200


class Refused(Exception):
    """Why a publish or a withdrawal was not done (nothing was stored)."""


def check_key(given: str | None, expected: str | None) -> None:
    if not expected:
        raise Refused(_("publishing is off: no publish key is configured (FRONTMAP_PUBLISH_KEY)"))
    if not given or not hmac.compare_digest(given.encode(), expected.encode()):
        raise Refused(_("wrong publish key"))


def clean(text: str | None, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(_("a layer needs its {what}").format(what=_(what)))
    if len(text) > MAX_NAME:
        raise Refused(_("the {what} is longer than {n} characters").format(what=_(what), n=MAX_NAME))
    return text


def publish(
    url: str, features: str, kind: str, problems: list[str], name: str, publisher: str, key: str | None, expected: str | None
) -> int:
    """Store a layer's rows (their GeoJSON) as the team layer `name`; its id. A live layer of that
    name is refused."""
    check_key(key, expected)
    name, publisher = clean(name, N_("name")), clean(publisher, N_("publisher's name"))
    with store.connect(url) as conn:
        import psycopg  # (connect has checked that it is installed)

        try:
            with conn.transaction():
                layer_id = conn.execute(
                    "INSERT INTO team_layers (name, publisher, kind, features, problems) VALUES (%s, %s, %s, %s, %s) RETURNING id",
                    (name, publisher, kind, features, json.dumps([p.to_json() if isinstance(p, Msg) else p for p in problems])),
                ).fetchone()[0]
                store.bump(conn)
        except psycopg.errors.UniqueViolation as err:
            raise Refused(_("a layer named {name!r} is already published: withdraw it first").format(name=name)) from err
    return layer_id


def withdraw(url: str, layer_id: int, by: str, key: str | None, expected: str | None) -> None:
    """Take a layer away from every viewer; only its publisher may, with the key."""
    check_key(key, expected)
    with store.connect(url) as conn, conn.transaction():
        row = conn.execute(
            "SELECT publisher FROM team_layers WHERE id = %s AND withdrawn_at IS NULL FOR UPDATE", (layer_id,)
        ).fetchone()
        if row is None:
            raise Refused(_("that layer is no longer published"))
        if row[0] != (by or "").strip():
            raise Refused(_("only its publisher ({who}) may withdraw it").format(who=row[0]))
        conn.execute("UPDATE team_layers SET withdrawn_at = now(), withdrawn_by = %s WHERE id = %s", (by, layer_id))
        store.bump(conn)


def published(url: str) -> list[tuple]:
    """The live layers, oldest first: (id, name, publisher, published at, GeoJSON text, problems).
    A problem is kept as its message (`i18n.Msg.to_json`), to be said in each viewer's language."""
    with store.connect(url) as conn:
        rows = conn.execute(
            "SELECT id, name, publisher, published_at, features::text, problems FROM team_layers "
            "WHERE withdrawn_at IS NULL ORDER BY published_at, id"
        ).fetchall()
    return [(*row[:5], [Msg.from_json(p) if isinstance(p, dict) else str(p) for p in row[5] or []]) for row in rows]
