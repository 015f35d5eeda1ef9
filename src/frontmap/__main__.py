"""The command line.

python -m frontmap validate [DIR]   check a data folder: FILE:ROW: problem lines, exit 1 if any
python -m frontmap db init URL      create or migrate the store's schema (harmless twice)
python -m frontmap db import DIR URL  replace the store's situation with a valid data folder's
python -m frontmap db export URL DIR  write the store's situation as a data folder
python -m frontmap db add-snapshot FILE --date D URL   a DeepState snapshot as that day's control areas and directions of attack
python -m frontmap import FILE... [--layer L] [--publish URL --name N] [--into DIR]   read files as Explore does;
                                    publish each as a team layer (key in FRONTMAP_PUBLISH_KEY)
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from frontmap.data import gazetteer
from frontmap.data.dataset import DEFAULT_DATA_DIR, load_situation, markup_problems


def validate(data_dir: Path) -> int:
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder", file=sys.stderr)
        return 2
    situation = load_situation(data_dir)
    problems = situation.problems + markup_problems(situation)
    if (data_dir / gazetteer.FILE).exists():  # the place search's, beside the situation's files
        problems += gazetteer.load(data_dir / gazetteer.FILE)[1]
    for problem in problems:
        print(problem)
    counts = ", ".join(
        f"{len(getattr(situation, name))} {name.replace('_', ' ')}"
        for name in ("places", "events", "figures", "control_areas", "attack_axes", "routes", "route_status", "oblasts")
    )
    verdict = f"{len(problems)} problem(s)" if problems else "no problems"
    print(f"{data_dir}: {verdict}; loaded {counts}", file=sys.stderr)
    return 1 if problems else 0


def import_files(args: argparse.Namespace) -> int:
    """Read each file with Explore's loaders (the other files given beside it, as in the uploader):
    what was guessed and the problems, grouped, on stderr; with --publish, each as a team layer."""
    import os

    from frontmap.data import problems, uploads

    given = {}
    for path in args.files:
        if not path.is_file():
            print(f"{path}: not a file", file=sys.stderr)
            return 2
        given[path.name] = path.read_bytes()
    loaded = []
    for name, data in given.items():
        up = uploads.load(name, data, layer=args.layer, others={n: d for n, d in given.items() if n != name})
        print(up.summary, file=sys.stderr)
        for line in [f"  guessed: {g}" for g in up.guessed] + [f"  {p}" for p in problems.summary_lines(name, up.problems)]:
            print(line, file=sys.stderr)
        if not up.rows.empty:
            loaded.append(up)
    if args.into and loaded:
        from frontmap.data import folder_import

        added, found = folder_import.add_to_folder(loaded, args.into)
        for line in problems.summary_lines(str(args.into), found):
            print(f"  {line}", file=sys.stderr)
        print(f"{args.into}: {added:,} event(s) added to events.csv" if added else f"{args.into}: nothing added", file=sys.stderr)
        if not added:
            return 1
    if args.publish and loaded:
        from frontmap import store
        from frontmap.data import team_layers

        key = os.environ.get("FRONTMAP_PUBLISH_KEY")
        for up in loaded:
            name = args.name if args.name and len(loaded) == 1 else (f"{args.name}: {up.name}" if args.name else up.name)
            try:
                layer_id = team_layers.publish(args.publish, up, name, os.environ.get("USER") or "command line", key, key)
            except (team_layers.Refused, store.Unavailable) as err:
                print(f"{up.name}: not published: {err}", file=sys.stderr)
                return 1
            print(f"{up.name}: published as team layer {layer_id} ({name!r})")
    return 0 if loaded else 1


def db(args: argparse.Namespace) -> int:
    from frontmap import store
    from frontmap.data import deepstate, stored
    from frontmap.store import schema
    from frontmap.store import situation as tables

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
            counts = tables.export(args.url, args.data_dir)
            print(f"{args.data_dir}: wrote " + ", ".join(f"{n} rows to {f}" for f, n in counts.items()), file=sys.stderr)
        else:
            print(deepstate.add_snapshot(args.url, args.file, args.date))
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
    reads = commands.add_parser("import", help="read files as Explore does (KML, GeoPackage, Shapefile zip, CSV, TimeMap, ...)")
    reads.add_argument("files", nargs="+", type=Path)
    reads.add_argument("--layer", help="the layer of a GeoPackage or a zip of several Shapefiles")
    reads.add_argument("--publish", metavar="URL", help="publish each file read as a team layer in this store")
    reads.add_argument("--name", help="the team layer's name (default: the file's)")
    reads.add_argument("--into", metavar="DIR", type=Path, help="add the rows to this data folder's events.csv as cited events")
    args = parser.parse_args(argv)
    if args.command == "import":
        return import_files(args)
    return db(args) if args.command == "db" else validate(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
