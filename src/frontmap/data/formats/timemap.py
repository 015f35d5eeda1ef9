"""TimeMap exports (Forensic Architecture's and Bellingcat's TimeMap): the events JSON, and its
sources JSON whose entries become each event's citations.

An event: `id`, `date` (TimeMap's default MM/DD/YYYY, or ISO), `time`, `location`, `latitude`,
`longitude`, `description`, `category` or `associations`, and `sources` (ids into the sources file,
each with a `title` and `paths`, its URLs). URLs are kept as text; none is fetched.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import shapely

from frontmap import limits
from frontmap.data import problems as said
from frontmap.data.formats import Parsed
from frontmap.i18n import N_, Msg, msg

EVENT_KEYS = {"latitude", "longitude", "date"}


def _events_list(doc):
    if isinstance(doc, dict) and isinstance(doc.get("events"), list):
        return doc["events"]
    return doc if isinstance(doc, list) else None


def is_events(doc) -> bool:
    events = _events_list(doc)
    if not events:
        return False
    sample = [e for e in events[:50] if isinstance(e, dict)]
    return bool(sample) and sum(set(e) >= EVENT_KEYS for e in sample) >= len(sample) / 2


def is_sources(doc) -> bool:
    entries = list(doc.values())[:50] if isinstance(doc, dict) else doc[:50] if isinstance(doc, list) else []
    return bool(entries) and all(isinstance(e, dict) and ("paths" in e or "url" in e) and "latitude" not in e for e in entries)


def find_sources(others: dict[str, bytes]):
    """(sources document, its file name) among the files uploaded with an events file, or (None, None)."""
    for other, data in others.items():
        if len(data) > limits.MAX_UPLOAD_BYTES or data.lstrip()[:1] not in (b"{", b"["):
            continue
        doc, problem = limits.read_json(data.decode("utf-8", "replace"), max_positions=None)
        if problem is None and not is_events(doc) and is_sources(doc):
            return doc, other
    return None, None


def source_index(doc) -> dict[str, dict]:
    if isinstance(doc, dict):
        return {str(k): v for k, v in doc.items() if isinstance(v, dict)}
    return {str(e.get("id")): e for e in doc if isinstance(e, dict) and e.get("id") is not None}


def _citation(entry: dict) -> str:
    paths = entry.get("paths") or ([entry["url"]] if entry.get("url") else [])
    urls = [str(p) for p in paths if isinstance(p, str)] if isinstance(paths, list) else [str(paths)]
    title = str(entry.get("title") or entry.get("description") or entry.get("id") or "").strip()
    return " ".join([title, *urls]).strip()


def _day(value: str) -> tuple[str, str | None]:
    """(ISO day, which format it was in) for TimeMap's dates; the text as it is when neither."""
    for fmt, read_as in (("%Y-%m-%d", None), ("%m/%d/%Y", N_("MM/DD/YYYY (TimeMap's default, month first)"))):
        try:
            return dt.datetime.strptime(value.strip(), fmt).strftime("%Y-%m-%d"), read_as
        except ValueError:
            continue
    return value, None


def read(name: str, doc, sources=None, sources_name: str | None = None) -> Parsed:
    events = _events_list(doc) or []
    index = source_index(sources) if sources is not None else None
    records, places, geoms, problems, formats = [], [], [], [], set()
    for number, event in enumerate(events, start=1):
        where = f"event {number}"
        if not isinstance(event, dict):
            problems.append(said.problem(name, where, msg("not an object; left out")))
            continue
        try:
            lat, lon = float(event.get("latitude")), float(event.get("longitude"))
        except (TypeError, ValueError):
            problems.append(said.problem(name, where, msg(
                "{problem}; left out", problem=msg("coordinate not a number ({y}, {x})", y=repr(event.get("latitude")), x=repr(event.get("longitude"))),
            )))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(said.problem(name, where, msg("coordinates outside WGS84 ({y}, {x}); left out", y=str(lat), x=str(lon))))
            continue
        day, read_as = _day(str(event.get("date") or ""))
        if read_as:
            formats.add(read_as)
        ids = [str(s) for s in event.get("sources") or [] if isinstance(s, str | int)]
        cited = []
        for source_id in ids:
            if index is None:
                cited.append(source_id)
            elif source_id in index:
                cited.append(_citation(index[source_id]))
            else:
                problems.append(said.problem(name, where, msg(
                    "source {source} is not in {file}; kept without it", source=repr(source_id), file=sources_name,
                )))
        associations = event.get("associations")
        category = event.get("category") or (associations[0] if isinstance(associations, list) and associations else "")
        records.append(
            {
                "id": str(event.get("id") or ""),
                "date": day,
                "time": str(event.get("time") or ""),
                "location": str(event.get("location") or ""),
                "description": str(event.get("description") or ""),
                "category": str(category),
                "associations": ", ".join(map(str, associations)) if isinstance(associations, list) else "",
                "source": " | ".join(cited) if cited else f"uploaded: {name}",
                "source_ids": ", ".join(ids),
            }
        )
        places.append(where)
        geoms.append(shapely.Point(lon, lat))
    guessed: list[Msg] = [msg("dates read as {format}", format=Msg(f)) for f in sorted(formats)]
    if index is None and any(r["source_ids"] for r in records):
        guessed.append(msg("sources named by id only: upload the TimeMap sources file with it for citations"))
    elif index is not None:
        guessed.append(msg("citations from {file}", file=sources_name))
    return Parsed("TimeMap", pd.DataFrame(records), places, geoms, problems, guessed)
