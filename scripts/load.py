"""Load test: N viewers open /front and step the date a day at a time, over Streamlit's websocket.

    .venv/bin/python scripts/load.py --viewers 2 --steps 3

Each viewer is one browser session (a websocket speaking Streamlit's protocol, no browser): it
opens /front, then, once every viewer has opened, moves the "As of" slider one day per step (as a
browser does: a rerun of the fragment that writes it) and waits for the run to finish.
Prints the seconds per step (p50, p95, max; the p95 as a ratio to a single viewer's step on the bare
one-marker page, measured first in the same run), the runs that failed, and the server's peak RSS. By
default it starts its own `streamlit run` on a free localhost port (and stops it); `--url` with
`--pid` measures a server that is already running, and `--deploy` the set a team runs
(deploy/frontmap.sh: nginx before two servers on PostGIS, started and removed here). `--passes 2`
sends the same viewers again: the first pass makes each day's layers and measures for the server,
the second finds them made. Bounded: at most 30 viewers, 60 steps each, 3 passes and `--timeout`
seconds in all; localhost only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
MAX_VIEWERS, MAX_STEPS = 30, 60
FIRST_DAY = dt.date(2022, 11, 1)
PAGE_FAILED = "This page hit a problem"  # app.py's guard (frontmap.app.source.PAGE_FAILED)


def micros(day: dt.date) -> float:
    """A date slider's value on the wire: microseconds since the epoch, UTC midnight."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1e6


class Viewer:
    """One browser session on /front."""

    def __init__(self, ws, deadline: float) -> None:
        self.ws = ws
        self.deadline = deadline
        self.slider_id: str | None = None
        self.slider_fragment = ""  # the fragment that writes the slider: a step reruns it alone
        self.shown: str | None = None  # the day the page last said it shows
        self.failures: list[str] = []

    def run(self, day: dt.date, first: bool = False) -> float:
        """Ask for a run (the page, or a slider move) and wait until it finishes: its seconds."""
        msg = BackMsg()
        msg.rerun_script.query_string = f"as_of={day.isoformat()}&basemap=offline"
        msg.rerun_script.page_name = "front"
        if not first:
            msg.rerun_script.fragment_id = self.slider_fragment  # as a browser does
            state = msg.rerun_script.widget_states.widgets.add()
            state.id = self.slider_id
            state.double_array_value.data.append(micros(day))
        took, status = run_until_finished(self.ws, msg, self.deadline, self._look)
        if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            self.failures.append(f"run ended with status {status}")
        elif self.shown != f"{day:%d %B %Y}":
            self.failures.append(f"asked for {day}, the page shows {self.shown}")
        return took

    def _look(self, delta) -> None:
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "slider" and element.slider.label == "As of":
            self.slider_id, self.slider_fragment = element.slider.id, delta.fragment_id
        elif kind == "html" and "class='fm-asof'" in element.html.body:  # the shell's header
            said = re.search(r"As of <b>([^<]*)</b>", element.html.body)
            self.shown = said.group(1) if said else None
        elif kind == "exception":
            self.failures.append(f"exception: {element.exception.type}")
        elif kind == "alert" and element.alert.body.startswith(PAGE_FAILED):
            self.failures.append("app.py's guard caught an exception")


def run_until_finished(ws, msg: BackMsg, deadline: float, look) -> tuple[float, int]:
    """Send a run's request and read the session's messages until the run ends, each new element's
    delta handed to `look`: the run's seconds and how it ended."""
    start = time.perf_counter()
    ws.send(msg.SerializeToString())
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the load test ran past its --timeout")
        fm = ForwardMsg()
        fm.ParseFromString(ws.recv(timeout=left))
        kind = fm.WhichOneof("type")
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            look(fm.delta)
        elif kind == "script_finished":
            return time.perf_counter() - start, fm.script_finished


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: Path = ROOT / "app.py") -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "localhost",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ],
        cwd=script.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    for line in proc.stdout:  # ready once it says where it listens
        if "URL:" in line:
            threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe drained
            return proc, f"http://localhost:{port}"
    raise RuntimeError("streamlit exited before serving")


def bare_steps(steps: int, deadline: float) -> list[float]:
    """The framework's floor, measured in this same run: one viewer of the bare one-marker
    `st_folium` page (scripts/bench_apps/bare.py) pressing its "Day after", seconds per run."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(ROOT / "scripts" / "bench_apps" / "bare.py", tmp)
        Path(tmp, "static").symlink_to(ROOT / "static")  # the same local Leaflet files
        proc, url = start_server(Path(tmp) / "bare.py")
        try:
            with connect(f"ws://{urlparse(url).netloc}/_stcore/stream", subprotocols=["streamlit"], max_size=None) as ws:
                button, took = None, []

                def look(delta) -> None:
                    nonlocal button
                    element = delta.new_element
                    if element.WhichOneof("type") == "button" and element.button.label == "Day after":
                        button = element.button.id

                for n in range(steps + 1):
                    msg = BackMsg()
                    msg.rerun_script.query_string = ""
                    if button is not None:
                        state = msg.rerun_script.widget_states.widgets.add()
                        state.id, state.trigger_value = button, True
                    seconds, _ = run_until_finished(ws, msg, deadline, look)
                    if n:  # (the first is the page's open)
                        took.append(seconds)
                return took
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def rss_mb(pid: int, field: str) -> float:
    """VmRSS (now) or VmHWM (the peak) of a process, in MB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_viewers(url: str, viewers: int, steps_each: int, deadline: float) -> tuple[list, list, list, list]:
    """`viewers` sessions at once, each opening /front, then, once all have opened, stepping:
    (opens, steps, failures, errors). (The steps wait for the opens: a step queued behind twenty
    opens measures the opens.)"""
    opens, steps, failures, errors = [], [], [], []
    all_open = threading.Barrier(viewers)

    def viewer() -> None:
        stream = f"ws://{urlparse(url).netloc}/_stcore/stream"
        try:
            with connect(stream, subprotocols=["streamlit"], max_size=None, open_timeout=60) as ws:
                v = Viewer(ws, deadline)
                opens.append(v.run(FIRST_DAY, first=True))
                if v.slider_id is None:
                    raise RuntimeError("no 'As of' slider on /front")
                all_open.wait(timeout=max(0.0, deadline - time.monotonic()))
                for i in range(1, steps_each + 1):
                    steps.append(v.run(FIRST_DAY + dt.timedelta(days=i)))
                failures.extend(v.failures)
        except Exception as err:  # a dropped websocket or a timeout is a result, not a crash
            all_open.abort()  # (the others stop waiting for this one)
            errors.append(f"{type(err).__name__}: {err}")

    threads = [threading.Thread(target=viewer) for _ in range(viewers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()) + 5)
    return opens, steps, failures, errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--viewers", type=int, default=2)
    parser.add_argument("--steps", type=int, default=5, help="date steps per viewer, a day each")
    parser.add_argument("--passes", type=int, default=1, help="the same viewers again (2: a server whose days are made)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for the whole run")
    parser.add_argument("--url", help="a server already running on localhost (default: start one)")
    parser.add_argument("--pid", type=int, help="that server's process id, for its memory")
    parser.add_argument(
        "--deploy", action="store_true", help="start deploy/frontmap.sh's set (nginx, two servers, PostGIS) and load it"
    )
    args = parser.parse_args(argv)
    if not (1 <= args.viewers <= MAX_VIEWERS and 1 <= args.steps <= MAX_STEPS and 1 <= args.passes <= 3):
        parser.error(f"--viewers must be 1..{MAX_VIEWERS}, --steps 1..{MAX_STEPS} and --passes 1..3")
    if args.url and urlparse(args.url).hostname not in ("localhost", "127.0.0.1"):
        parser.error("the load test runs against localhost only")

    # the floor first, while nothing else runs: a single viewer's step on the bare page
    floor = statistics.median(bare_steps(10, time.monotonic() + 120))
    print(f"bare one-marker page, one viewer, this run: step p50 {floor:.3f} s (10 steps)")
    proc = deployment = None
    if args.url:
        url, pid = args.url.rstrip("/"), args.pid
    elif args.deploy:
        sys.path.insert(0, str(ROOT / "tests"))
        from browser import Deployment

        deployment = Deployment(publish_key=os.urandom(8).hex())
        url, pid = deployment.url, None
    else:
        proc, url = start_server()
        pid = proc.pid
    deadline = time.monotonic() + args.timeout
    rss_before = rss_mb(pid, "VmRSS") if pid else float("nan")
    problems: list[str] = []
    measured = False
    try:
        for n in range(1, args.passes + 1):
            started = time.perf_counter()
            opens, steps, failures, errors = run_viewers(url, args.viewers, args.steps, deadline)
            wall = time.perf_counter() - started
            which = f" (pass {n} of {args.passes})" if args.passes > 1 else ""
            where = "nginx and two servers" if deployment else url
            print(f"{args.viewers} viewer(s) x {args.steps} step(s) on {where}/front in {wall:.1f} s{which}")
            if opens:
                print(f"open:  p50 {statistics.median(opens):.2f} s · max {max(opens):.2f} s")
            if steps:
                measured = True
                p95 = percentile(steps, 0.95)
                ratio = p95 / floor
                # the target: twenty viewers stepping a server whose days are made
                target = f" (<= 5x: {'met' if ratio <= 5 else 'NOT met'})" if args.viewers >= 20 and n == 2 else ""
                print(
                    f"step:  p50 {statistics.median(steps):.2f} s · p95 {p95:.2f} s · "
                    f"max {max(steps):.2f} s ({len(steps)} steps); p95 {ratio:.1f}x "
                    f"the bare page's single step{target}"
                )
            problems += failures + errors
        if pid:
            print(f"server RSS: {rss_before:.0f} MB before the viewers came, peak {rss_mb(pid, 'VmHWM'):.0f} MB")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        if deployment is not None:
            deployment.stop()
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems or not measured else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
