"""Cold start to the first window: ``python benchmarks/bench_startup.py [--app dist/ReviewLens/ReviewLens]``.

Launches the app (from source: ``python main.py``; with ``--app``: the frozen executable)
``--runs`` times, offscreen, with ``REVIEWLENS_STARTUP_PROBE=1``: the app prints
``first-window <seconds>`` once its main window has been painted (seconds since the process was
created, read by the app itself) and quits. Each launch gets a throw-away user data and settings
folder, so saved geometry or recent files never change the figure. Prints every run, min and
median, with the load average: on a shared machine the figures move with the load, and the first
run after a build or a reboot is the "cold" one (later runs find the files in the page cache).

``--imports N`` also lists the N slowest imports (cumulative) of the source start-up path
(``python -X importtime main.py`` up to the first window).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = "REVIEWLENS_STARTUP_PROBE"


def load() -> str:
    """The 1-minute load average, for printing next to each figure."""
    try:
        return f"load {os.getloadavg()[0]:.2f}"
    except OSError:
        return "load ?"


def launch(command: list[str], extra: list[str] | None = None) -> tuple[float, float, str]:
    """Run ``command`` once with the probe; returns (app's own figure, wall time, stderr)."""
    with tempfile.TemporaryDirectory(prefix="reviewlens-startup-") as scratch:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            REVIEWLENS_DATA_DIR=str(Path(scratch) / "data"),
            XDG_CONFIG_HOME=str(Path(scratch) / "config"),  # fresh QSettings (Linux)
            **{PROBE: "1"},
        )
        started = time.perf_counter()
        proc = subprocess.run(
            [*(extra or []), *command], env=env, capture_output=True, text=True, timeout=120
        )
        wall = time.perf_counter() - started
    found = re.search(r"^first-window ([0-9.]+)", proc.stdout, re.M)
    if proc.returncode != 0 or not found:
        sys.exit(
            f"the app did not report its first window (exit {proc.returncode}):\n{proc.stderr}"
        )
    return float(found.group(1)), wall, proc.stderr


def slowest_imports(stderr: str, count: int) -> list[tuple[float, str]]:
    """Top ``count`` (cumulative seconds, module) from ``-X importtime`` output."""
    rows = []
    for line in stderr.splitlines():
        parts = line.split("|")
        if line.startswith("import time:") and len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]) / 1e6, parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--app", help="frozen executable (default: python main.py from source)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--imports", type=int, default=0, metavar="N")
    args = parser.parse_args()
    command = [args.app] if args.app else [sys.executable, str(ROOT / "main.py")]
    label = args.app or "source (python main.py)"
    print(f"cold start to the first window: {label}, {args.runs} runs, offscreen")
    figures = []
    for run in range(1, args.runs + 1):
        before = load()
        own, wall, _ = launch(command)
        figures.append(own)
        print(f"  run {run}: first window {own:.2f} s (process exit {wall:.2f} s)  [{before}]")
    print(
        f"min {min(figures):.2f} s, median {statistics.median(figures):.2f} s, "
        f"first (coldest) {figures[0]:.2f} s  [{load()}]"
    )
    if args.imports:
        if args.app:
            print("--imports works from source only", file=sys.stderr)
            return 0
        _, _, stderr = launch([str(ROOT / "main.py")], [sys.executable, "-X", "importtime"])
        print(f"\nslowest imports up to the first window (cumulative)  [{load()}]")
        for seconds, name in slowest_imports(stderr, args.imports):
            print(f"  {seconds:6.3f} s {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
