"""A day added to the store's control areas and directions of attack (from a DeepState snapshot,
in either of its layouts: `deepstate.add_snapshot`). The ranges that held on the day end the day
before; the new ones hold from the day to the later of the day and the end of the ranges they
replace, so the dashboard's span grows with the data (`timeline.span_of`).
"""

from __future__ import annotations

import datetime as dt

import shapely

from frontmap import store


def add(url: str, day: dt.date, areas_of, source: str, axes_of=None) -> str:
    """Add `day`'s control areas: `areas_of(oblasts, reference)` makes them (status -> geometry)
    from the store's oblasts and its latest day's Crimea and 2014 areas, inside the transaction that closes the earlier ranges and inserts them.
    `axes_of(oblasts)` makes the day's directions of attack ((point, icon, bearing); none for a
    snapshot without them): the earlier ones end the day before too."""
    with store.connect(url) as conn, conn.transaction():
        conn.execute("LOCK TABLE control_areas IN EXCLUSIVE MODE")  # two adds at once queue up
        oblasts = [shapely.from_wkb(g) for (g,) in conn.execute("SELECT ST_AsBinary(geom) FROM oblasts")]
        if not oblasts:
            raise ValueError("the store has no oblasts: import a data folder first (db import)")
        # The current export's one MultiPolygon takes Crimea and the 2014 areas from the latest day held
        reference = {
            status: shapely.from_wkb(geom)
            for status, geom in conn.execute(
                "SELECT status, ST_AsBinary(ST_Union(geom)) FROM control_areas WHERE valid_to = "
                "(SELECT max(valid_to) FROM control_areas) AND status IN ('crimea', 'occupied_2014') GROUP BY status"
            )
        }
        areas = areas_of(oblasts, reference)
        latest, end = conn.execute("SELECT max(snapshot), max(valid_to) FROM control_areas").fetchone()
        if latest is not None and day <= latest:
            raise ValueError(f"{day} is not after the store's latest snapshot ({latest}); days are added in order")
        closed = conn.execute(
            "UPDATE control_areas SET valid_to = %s WHERE valid_from < %s AND valid_to >= %s",
            (day - dt.timedelta(days=1), day, day),
        ).rowcount
        valid_to = max(day, end or day)
        line, number = conn.execute(
            "SELECT coalesce(max(line), 0), coalesce(max(substring(id from '^ca([0-9]+)$')::int), 0) FROM control_areas"
        ).fetchone()
        for offset, (status, geom) in enumerate(areas.items(), start=1):
            conn.execute(
                "INSERT INTO control_areas (line, id, status, valid_from, valid_to, snapshot, source, geom) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, ST_GeomFromWKB(%s, 4326))",
                (line + offset, f"ca{number + offset:04d}", status, day, valid_to, day, source, shapely.to_wkb(geom)),
            )
        attacks = _add_axes(conn, day, valid_to, axes_of(oblasts) if axes_of else [], source)
        version = store.bump(conn)
    return (
        f"{day}: {len(areas)} control area(s) ({', '.join(areas)}) valid to {valid_to}; {attacks} direction(s) of attack; "
        f"{closed} earlier range(s) closed on {day - dt.timedelta(days=1)}; store version {version}"
    )


def _add_axes(conn, day: dt.date, valid_to: dt.date, found: list, source: str) -> int:
    conn.execute(
        "UPDATE attack_axes SET valid_to = %s WHERE valid_from < %s AND valid_to >= %s",
        (day - dt.timedelta(days=1), day, day),
    )
    line, number = conn.execute(
        "SELECT coalesce(max(line), 0), coalesce(max(substring(id from '^ax([0-9]+)$')::int), 0) FROM attack_axes"
    ).fetchone()
    for offset, (point, icon, bearing) in enumerate(found, start=1):
        conn.execute(
            "INSERT INTO attack_axes (line, id, icon, bearing, valid_from, valid_to, snapshot, source, geom) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, ST_GeomFromWKB(%s, 4326))",
            (line + offset, f"ax{number + offset:04d}", icon, bearing, day, valid_to, day, source, shapely.to_wkb(point)),
        )
    return len(found)
