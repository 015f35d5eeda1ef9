"""The situation in the team's store, as the app sees it: a data folder imported only when it
passes validation (refused whole otherwise), and the rows read back through the same validation as
the files' (`dataset.geo_frame`, `csv_frame`, `assemble`), so a row edited by hand in the database
is reported, named by its table and id, and left out like a bad line.
"""

from __future__ import annotations

from pathlib import Path

from frontmap.data import dataset
from frontmap.data.dataset import Problem, Situation
from frontmap.schema import GEO_FILES
from frontmap.store import situation as tables
from frontmap.store.schema import TABLES


def import_folder(data_dir: Path, url: str) -> tuple[list[str], dict[str, int]]:
    """Replace the store's situation with a data folder's: (problems, rows per table). A folder with
    any problem is refused whole and the store left as it was."""
    sit = dataset.load_situation(data_dir)
    problems = sit.problems + dataset.markup_problems(sit)
    if problems:
        return [str(p) for p in problems], {}
    return [], tables.write(url, {file: getattr(sit, table) for file, table in TABLES.items()})


def load(url: str) -> Situation:
    """The situation from the store, validated as a folder's would be, with its problems named by
    table and id."""
    raw = tables.read(url)
    loaded, problems = {}, []
    for file, rows in raw.items():
        if file in GEO_FILES:
            model, kinds, region = GEO_FILES[file]
            frame, found = dataset.geo_frame(file, model, kinds, region, rows)
        else:
            frame, found = dataset.csv_frame(file, [(line, props) for line, props, _ in rows], tables.model_of(file))
        loaded[file] = frame
        problems += found
    sit = dataset.assemble(loaded, problems)
    ids = {(file, line): props.get("id") for file, rows in raw.items() for line, props, _ in rows}
    sit.problems = [by_table_and_id(p, ids) for p in sit.problems]
    return sit


def by_table_and_id(problem: Problem, ids: dict) -> Problem:
    row_id = ids.get((problem.file, problem.row))
    key = f"id={row_id}" if row_id is not None else f"line={problem.row}"
    return Problem(TABLES.get(problem.file, problem.file), problem.row, problem.message, key)
