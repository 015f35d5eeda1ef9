"""The situation's tables in the store: validated frames written in one transaction, rows read back
in line order (validated again by `data/stored.py`, as a folder's files are), a data folder exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from frontmap import store
from frontmap.i18n import msg
from frontmap.schema import CSV_FILES, GEO_FILES
from frontmap.store.schema import TABLES


def model_of(file: str):
    return GEO_FILES[file][0] if file in GEO_FILES else CSV_FILES[file]


def plain(value):
    """A frame's cell as the database takes it: a date, a Python number or string, or None."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def insert_frame(conn, file: str, frame: pd.DataFrame) -> int:
    """A validated frame's rows into the file's table: its model's fields as columns, any other
    property in `extra`, the row's line, and the geometry as WKB in EPSG:4326."""
    from psycopg.types.json import Json

    table, fields = TABLES[file], list(model_of(file).model_fields)
    others = [c for c in frame.columns if c not in (*fields, "line", "geometry")]
    geo = file in GEO_FILES
    columns = ["line", *(f'"{f}"' for f in fields), "extra", *(["geom"] if geo else [])]
    marks = ["%s"] * (len(fields) + 2) + (["ST_GeomFromWKB(%s, 4326)"] if geo else [])
    rows = []
    for record in frame.to_dict("records"):
        extra = {c: plain(record[c]) for c in others if plain(record[c]) is not None}
        values = [int(record["line"]), *(plain(record[f]) for f in fields), Json(extra)]
        rows.append(values + ([shapely.to_wkb(record["geometry"])] if geo else []))
    with conn.cursor() as cur:
        cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(marks)})", rows)
    return len(rows)


def write(url: str, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Replace the store's situation with these validated frames (file name -> frame), all in one
    transaction; rows per table."""
    counts = {}
    with store.connect(url) as conn, conn.transaction():
        for file, table in TABLES.items():
            conn.execute(f"DELETE FROM {table}")
            counts[table] = insert_frame(conn, file, tables[file])
        store.bump(conn)
    return counts


def read_tables(conn) -> dict[str, list[tuple[int, dict, object]]]:
    """Every situation table's rows in line order, as (line, properties, geometry or None): the
    properties are the model's fields that are set, then `extra`."""
    out = {}
    for file, table in TABLES.items():
        fields = list(model_of(file).model_fields)
        geo = file in GEO_FILES
        columns = ", ".join(['line', *(f'"{f}"' for f in fields), "extra", *(["ST_AsBinary(geom)"] if geo else [])])
        query = f"SELECT {columns} FROM {table} ORDER BY line"
        rows = []
        for record in conn.execute(query):
            props = {f: v for f, v in zip(fields, record[1:]) if v is not None}
            props.update(record[len(fields) + 1] or {})
            rows.append((record[0], props, shapely.from_wkb(record[-1]) if geo else None))
        out[file] = rows
    return out


def read(url: str) -> dict[str, list[tuple[int, dict, object]]]:
    """Every situation table's rows (`read_tables`); a store that cannot be read is `Unavailable`."""
    with store.connect(url) as conn:
        try:
            return read_tables(conn)
        except Exception as err:
            raise store.Unavailable(msg("cannot read the situation's tables: {error}", error=store._first_line(err))) from err


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def export(url: str, out_dir: Path) -> dict[str, int]:
    """Write the store's situation as a data folder (GeoJSON and CSV, in line order); rows per file."""
    with store.connect(url) as conn:
        raw = read_tables(conn)
    out_dir.mkdir(parents=True, exist_ok=True)
    for file, rows in raw.items():
        if file in GEO_FILES:
            features = [
                {
                    "type": "Feature",
                    "properties": {k: _json_value(v) for k, v in props.items()},
                    "geometry": mapping(geom),
                }
                for _, props, geom in rows
            ]
            text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
            (out_dir / file).write_text(text + "\n", encoding="utf-8")
        else:
            header = list(model_of(file).model_fields)
            header += [k for _, props, _ in rows for k in props if k not in header]
            header = list(dict.fromkeys(header))
            with (out_dir / file).open("w", encoding="utf-8", newline="") as f:
                writer = csv.writer(f, lineterminator="\n")
                writer.writerow(header)
                for _, props, _ in rows:
                    writer.writerow(["" if props.get(c) is None else _json_value(props[c]) for c in header])
    return {file: len(rows) for file, rows in raw.items()}
