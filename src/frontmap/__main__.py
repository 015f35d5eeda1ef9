"""The command line.

python -m frontmap validate [DIR]   check a data folder: FILE:ROW: problem lines, exit 1 if any
python -m frontmap serve [--port N] run the dashboard (what `make run` does)
"""

from __future__ import annotations

import argparse
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontmap", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder; print FILE:ROW: problem lines")
    check.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    return validate(args.data_dir)


if __name__ == "__main__":
    sys.exit(main())
