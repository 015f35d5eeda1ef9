"""Rows read from a file (`uploads.load`, as Explore reads it) added to a data folder as cited events
(`frontmap import FILE --into DIR`).

A data folder's event is a claim with its source: each row needs a date, a point, a title, who
reported it (its `source` column, the outlet) and their words (its `notes`, kept as the quote), and
sits at the folder's nearest place within `NEAR_KM`. A row short of any of these is left out and
said as `FILE: row ID: problem`; the file's address for a row is its `url` (or `link`) column, else
a note that the file gave none. The folder is written only when it validates whole with the rows in.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pydantic import ValidationError

from frontmap import safetext, schema
from frontmap.data import dataset, measure
from frontmap.data.uploads import Upload

NEAR_KM = 25  # an event further than this from every place of the folder needs its place added first
URL_COLUMNS = ("url", "link", "source_url")


def event_rows(upload: Upload, places, first_number: int) -> tuple[list[dict], list[str]]:
    """The upload's rows as events.csv rows (ids `im0001`… from `first_number`), and the problems."""
    theatre = places[places["scope"] == "theatre"]
    nearest, km = _nearest_places(upload.rows.geometry.values, theatre.geometry.values)
    rows, problems = [], []
    for row, place, distance in zip(upload.rows.itertuples(index=False), nearest, km):
        where = f"{upload.name}: row {row.row_id}"
        record, problem = _event(row, theatre.iloc[place] if len(theatre) else None, distance, f"im{first_number + len(rows):04d}", upload.name)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        try:
            schema.Event.model_validate({k: (None if v == "" else v) for k, v in record.items()})
        except ValidationError as err:
            problems.append(f"{where}: {dataset.describe(err)}")
            continue
        marked = [k for k, v in record.items() if safetext.has_markup(v)]
        if marked:
            problems.append(f"{where}: HTML or script in {', '.join(marked)}; left out")
            continue
        rows.append(record)
    return rows, problems


def _nearest_places(geometries, places) -> tuple[np.ndarray, np.ndarray]:
    """Each row's nearest place (its position among `places`) and how far it is, in km (infinite for
    a row that is no point): one geodesic pass a place, over all the rows at once."""
    x, y = shapely.get_x(geometries), shapely.get_y(geometries)  # NaN where no point
    best, km = np.zeros(len(geometries), dtype=int), np.full(len(geometries), np.inf)
    for i, place in enumerate(places):
        far = measure.GEOD.inv(np.full(len(x), place.x), np.full(len(x), place.y), x, y)[2] / 1000
        closer = np.nan_to_num(far, nan=np.inf) < km
        best[closer], km[closer] = i, far[closer]
    return best, km


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _event(row, place, km: float, event_id: str, file_name: str) -> tuple[dict, str | None]:
    if pd.isna(row.date):
        return {}, "no date; left out"
    if row.geometry is None or shapely.get_type_id(row.geometry) != 0:
        return {}, "not a point (an event is a point); left out"
    texts = {name: _text(getattr(row, name)) for name in ("title", "source", "notes")}
    for name, said in (("title", "no title"), ("source", "no source (who reported it)"), ("notes", "no notes (their words, kept as the quote)")):
        if not texts[name]:
            return {}, f"{said}; left out"
    if place is None:
        return {}, "the data folder has no place in the theatre; left out"
    if km > NEAR_KM:
        return {}, f"no place of the data folder within {NEAR_KM} km ({place['name']} is {km:,.0f} km away): add its place first; left out"
    url = next((_text(getattr(row, c, None)) for c in URL_COLUMNS if _text(getattr(row, c, None)).lower().startswith(("http://", "https://"))), None)
    return {
        "id": event_id,
        "date": row.date.date().isoformat(),
        "end_date": "",
        "date_precision": "exact",
        "place_id": place["id"],
        "lat": round(row.geometry.y, 6),
        "lon": round(row.geometry.x, 6),
        "category": _text(row.category) or "imported",
        "side": _text(row.side) or "unknown",
        "title": texts["title"],
        "outlet": texts["source"],
        "source": f"{file_name}, row {row.row_id}",
        "quote": texts["notes"],
        "source_title": "",
        "url": url or "",
        "url_note": "" if url else f"imported from {file_name}: the file gives no address",
    }, None


def add_to_folder(uploads: list[Upload], data_dir: Path) -> tuple[int, list[str]]:
    """Append the uploads' rows to `data_dir`'s events.csv: (rows added, problems). Nothing is
    written when the folder, with them, would not validate (its problems are returned instead)."""
    sit = dataset.load_situation(data_dir)
    if sit.problems:
        return 0, [f"{data_dir}: {p}" for p in sit.problems]
    taken = [int(i[2:]) for i in sit.events["id"] if str(i).startswith("im") and str(i)[2:].isdigit()]
    number, added, problems = max(taken, default=0) + 1, [], []
    for upload in uploads:
        rows, found = event_rows(upload, sit.places, number + len(added))
        added += rows
        problems += found
    if not added:
        return 0, problems
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "folder"
        shutil.copytree(data_dir, trial)
        _append(trial / "events.csv", added)
        check = dataset.load_situation(trial)
        refused = check.problems + dataset.markup_problems(check)
        if refused:
            return 0, problems + [f"not written: the folder would not validate: {p}" for p in refused]
        shutil.copyfile(trial / "events.csv", data_dir / "events.csv")
    return len(added), problems


def _append(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    ends_with_newline = path.read_bytes().endswith(b"\n")
    with path.open("a", encoding="utf-8", newline="") as f:
        if not ends_with_newline:
            f.write("\n")
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writerows(rows)
