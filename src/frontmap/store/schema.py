"""The store's tables, made by numbered migrations: `db init` applies those a database lacks, so
running it twice is harmless, and a later release adds a migration instead of changing one.

A situation table mirrors its file and row model (`data/schema.py`): a column per field with the
field's type, NOT NULL where the field is required, CHECKs for the literals, ranges, addresses and
non-blank text the model enforces; `extra` keeps the properties beyond the model's fields, `line`
the row's number in its file (the order, and the FILE:ROW of a round trip). Geometry is EPSG:4326
with a GiST index; events get a point computed from their lat/lon.

Migration 1 is made from the models as they stand: a change to a model after a store exists needs
a new migration here (ALTER TABLE ...), or that store keeps its old columns.
"""

from __future__ import annotations

import datetime as dt
import types
import typing

from pydantic import BaseModel

from frontmap import schema
from frontmap.schema import CSV_FILES, GEO_FILES

# file name -> table name: the file's stem
TABLES = {name: name.split(".")[0] for name in (*GEO_FILES, *CSV_FILES)}
SQL_TYPES = {str: "text", float: "double precision", bool: "boolean", dt.date: "date"}
# The model validators' rules (data/schema.py), said again for the database.
MODEL_CHECKS: dict[type[BaseModel], tuple[str, ...]] = {
    schema.Cited: (
        "url IS NULL OR url ~* '^https?://'",
        "url IS NOT NULL OR url_note IS NOT NULL",
    ),
    schema.Event: ("end_date IS NULL OR end_date >= date",),
    schema.ControlArea: ("valid_to >= valid_from",),
    schema.AttackAxis: ("valid_to >= valid_from", "bearing >= 0 AND bearing < 360"),
    schema.Flow: ("from_place IS NOT NULL OR to_place IS NOT NULL",),
    schema.RouteStatus: ("evidence IS NOT NULL",),
}


def _column(name: str, annotation) -> tuple[str, list[str]]:
    """A field's column definition and its CHECKs."""
    args = typing.get_args(annotation) if isinstance(annotation, types.UnionType) else (annotation,)
    nullable = type(None) in args
    (kind,) = [a for a in args if a is not type(None)]
    checks = []
    if typing.get_origin(kind) is typing.Literal:
        values = typing.get_args(kind)
        if len(values) == 1 and isinstance(values[0], tuple):  # Literal[A_TUPLE]
            values = values[0]
        checks.append(f"{name} IN ({', '.join(repr(v) for v in values)})")
        kind = str
    elif kind is str:
        checks.append(f"btrim({name}) <> ''")  # the models read a blank cell as missing
    sql = f'"{name}" {SQL_TYPES[kind]}' + ("" if nullable else " NOT NULL")
    return sql, [f"CHECK ({c})" for c in checks]  # a NULL passes a CHECK: NOT NULL says the rest


def table_ddl(file: str) -> list[str]:
    table = TABLES[file]
    model = GEO_FILES[file][0] if file in GEO_FILES else CSV_FILES[file]
    columns, checks = ["line integer PRIMARY KEY CHECK (line >= 1)"], []
    for name, field in model.model_fields.items():
        sql, more = _column(name, field.annotation)
        columns.append(sql)
        checks += more
    for base, rules in MODEL_CHECKS.items():
        if issubclass(model, base):
            checks += [f"CHECK ({rule})" for rule in rules]
    if "id" in model.model_fields:
        checks.append("UNIQUE (id)")
    columns.append("extra json NOT NULL DEFAULT '{}'")  # json, not jsonb: it keeps the properties' order
    statements = []
    if file in GEO_FILES:
        kinds = ", ".join(f"'{k.upper()}'" for k in GEO_FILES[file][1])
        columns.append("geom geometry(Geometry, 4326) NOT NULL")
        checks += [f"CHECK (GeometryType(geom) IN ({kinds}))", "CHECK (ST_IsValid(geom))"]
    elif {"lat", "lon"} <= set(model.model_fields):
        columns.append("geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED")
    if "geom" in " ".join(columns):
        statements.append(f"CREATE INDEX {table}_geom ON {table} USING gist (geom)")
    body = ",\n  ".join(columns + checks)
    return [f"CREATE TABLE {table} (\n  {body}\n)", *statements]


# Tables that a later migration than the first made (the first made the others).
LATER = ("attack_axes.geojson",)  # migration 4


def _situation_tables() -> list[str]:
    return [s for file in TABLES if file not in LATER for s in table_ddl(file)] + [
        "CREATE INDEX control_areas_days ON control_areas (valid_from, valid_to)",
        "CREATE INDEX events_days ON events (date)",
    ]


MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "the situation's tables and the store's version",
        [
            "CREATE EXTENSION IF NOT EXISTS postgis",
            *_situation_tables(),
            "CREATE TABLE store_version (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
            "version bigint NOT NULL, changed_at timestamptz NOT NULL DEFAULT now())",
            "INSERT INTO store_version (version) VALUES (1)",
        ],
    ),
    (
        2,
        "the team's published layers",
        [
            """CREATE TABLE team_layers (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
  publisher text NOT NULL CHECK (btrim(publisher) <> '' AND length(publisher) <= 200),
  published_at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL,
  features json NOT NULL,
  problems json NOT NULL DEFAULT '[]',
  withdrawn_at timestamptz,
  withdrawn_by text
)""",
            "CREATE UNIQUE INDEX team_layers_live_name ON team_layers (name) WHERE withdrawn_at IS NULL",
        ],
    ),
    (
        3,
        "briefing rooms (a projector driven by a phone, whichever server each reaches)",
        [
            """CREATE TABLE briefing_rooms (
  code text PRIMARY KEY CHECK (code ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$'),
  deck_text text NOT NULL CHECK (length(deck_text) <= 1048576),
  slide integer NOT NULL CHECK (slide >= 1),
  count integer NOT NULL CHECK (count >= slide),
  playing boolean NOT NULL,
  version bigint NOT NULL,
  seen timestamptz NOT NULL DEFAULT now()
)""",
        ],
    ),
    (
        4,
        "DeepState's directions of attack, a day's with its control areas",
        [
            *table_ddl("attack_axes.geojson"),
            "CREATE INDEX attack_axes_days ON attack_axes (valid_from, valid_to)",
        ],
    ),
]


def init(url: str) -> list[str]:
    """Apply the migrations the database lacks, each in its own transaction; what was applied."""
    from frontmap import store

    applied = []
    with store.connect(url) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute("SELECT pg_advisory_lock(7406001)")  # two servers starting at once: one migrates
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}
        conn.commit()
        for number, name, statements in MIGRATIONS:
            if number in done:
                continue
            with conn.transaction():
                for statement in statements:
                    conn.execute(statement)
                conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (number, name))
            applied.append(f"{number}: {name}")
    return applied
