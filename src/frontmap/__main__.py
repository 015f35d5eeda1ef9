"""The command line.

python -m frontmap validate [DIR]   check a data folder: FILE:ROW: problem lines, exit 1 if any
python -m frontmap db init URL      create or migrate the store's schema (harmless twice)
python -m frontmap db import DIR URL  replace the store's situation with a valid data folder's
python -m frontmap db export URL DIR  write the store's situation as a data folder
python -m frontmap db add-snapshot FILE --date D URL   a DeepState snapshot as that day's control areas
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation, markup_problems


def validate(data_dir: Path) -> int:
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder", file=sys.stderr)
        return 2
    situation = load_situation(data_dir)
    problems = situation.problems + markup_problems(situation)
    for problem in problems:
        print(problem)
    counts = ", ".join(
        f"{len(getattr(situation, name))} {name.replace('_', ' ')}"
        for name in ("places", "events", "figures", "control_areas", "routes", "route_status", "oblasts")
    )
    verdict = f"{len(problems)} problem(s)" if problems else "no problems"
    print(f"{data_dir}: {verdict}; loaded {counts}", file=sys.stderr)
    return 1 if problems else 0


def db(args: argparse.Namespace) -> int:
    from frontmap import store
    from frontmap.store import schema, snapshots
    from frontmap.store import situation as stored

    try:
        if args.action == "init":
            applied = schema.init(args.url)
            print(f"applied migration {', '.join(applied)}" if applied else "the schema is up to date")
        elif args.action == "import":
            if not args.data_dir.is_dir():
                print(f"{args.data_dir}: not a folder", file=sys.stderr)
                return 2
            problems, counts = stored.import_folder(args.data_dir, args.url)
            for problem in problems:
                print(problem)
            if problems:
                print(f"{args.data_dir}: {len(problems)} problem(s); nothing imported", file=sys.stderr)
                return 1
            print("imported " + ", ".join(f"{n} {table}" for table, n in counts.items()), file=sys.stderr)
        elif args.action == "export":
            counts = stored.export(args.url, args.data_dir)
            print(f"{args.data_dir}: wrote " + ", ".join(f"{n} rows to {f}" for f, n in counts.items()), file=sys.stderr)
        else:
            print(snapshots.add_snapshot(args.url, args.file, args.date))
    except store.Unavailable as err:
        print(f"database: {err}", file=sys.stderr)
        return 2
    except ValueError as err:  # a snapshot that cannot be read or dated
        print(f"{getattr(args, 'file', '')}: {err}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontmap", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder; print FILE:ROW: problem lines")
    check.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    store_cmd = commands.add_parser("db", help="the team's PostGIS store (URL: postgresql://...)")
    actions = store_cmd.add_subparsers(dest="action", required=True)
    actions.add_parser("init", help="create or migrate the schema").add_argument("url")
    imports = actions.add_parser("import", help="replace the situation with a data folder's, if it is valid")
    imports.add_argument("data_dir", type=Path)
    imports.add_argument("url")
    exports = actions.add_parser("export", help="write the situation as a data folder")
    exports.add_argument("url")
    exports.add_argument("data_dir", type=Path)
    snap = actions.add_parser("add-snapshot", help="a DeepState GeoJSON snapshot (the archive's named features or the current single-MultiPolygon export) as the control areas from DATE")
    snap.add_argument("file", type=Path)
    snap.add_argument("--date", required=True, type=dt.date.fromisoformat)
    snap.add_argument("url")
    args = parser.parse_args(argv)
    return db(args) if args.command == "db" else validate(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
