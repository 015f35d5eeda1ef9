"""The command line.

python -m frontmap validate [DIR]   check a data folder: FILE:ROW: problem lines, exit 1 if any
python -m frontmap serve [--port N] run the dashboard (what `make run` does)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from frontmap.dataset import DEFAULT_DATA_DIR, load_situation


def validate(data_dir: Path) -> int:
    if not data_dir.is_dir():
        print(f"{data_dir}: not a folder", file=sys.stderr)
        return 2
    situation = load_situation(data_dir)
    for problem in situation.problems:
        print(problem)
    counts = ", ".join(
        f"{len(getattr(situation, name))} {name.replace('_', ' ')}"
        for name in ("places", "events", "figures", "control_areas", "routes", "route_status", "oblasts")
    )
    verdict = f"{len(situation.problems)} problem(s)" if situation.problems else "no problems"
    print(f"{data_dir}: {verdict}; loaded {counts}", file=sys.stderr)
    return 1 if situation.problems else 0


def serve(port: int, extra: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    # Streamlit treats an app with a pages/ folder as an old-style multipage app until the entry
    # script has called st.navigation once, so a deep link (/front) as the first request of a
    # fresh server would run the page without app.py. app.py uses st.navigation: say so up front.
    PagesManager.uses_pages_directory = False
    app = Path(__file__).resolve().parents[2] / "app.py"
    sys.argv = ["streamlit", "run", str(app), "--server.port", str(port), *extra]
    return cli.main()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="frontmap", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check a data folder; print FILE:ROW: problem lines")
    check.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DATA_DIR)
    run = commands.add_parser("serve", help="run the dashboard with streamlit")
    run.add_argument("--port", type=int, default=8501)
    args, extra = parser.parse_known_args(argv)
    if args.command == "validate":
        return validate(args.data_dir)
    return serve(args.port, extra)


if __name__ == "__main__":
    sys.exit(main())
