"""A shop's history at scale: ``python benchmarks/bench_shop.py [--base N] [--new M]``.

Writes two invented exports with :mod:`tools.samples` into ``--workdir`` (reused between runs;
``--base-file`` / ``--new-file`` use exports you have instead), then, each in a fresh process:

1. ``shop add SHOP BASE`` — the history's first import (its texts are read and kept);
2. ``shop add SHOP NEW`` — a later export: only its new reviews are segmented and judged
   (issue target at 500k + 50k: ≤ 15 s);
3. ``shop analyze SHOP`` — every held review, from the kept results.

Prints each step's wall time and peak memory (max RSS of that process) and the shop file's size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _sample(path: Path, rows: int, seed: int) -> Path:
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "tools.samples", "-o", str(path), "--rows", str(rows),
             "--seed", str(seed)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    return path


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of ``python main.py ARGS`` in a fresh process."""
    runner = (
        "import resource, runpy, sys; sys.argv = ['main.py'] + sys.argv[1:];"
        "code = 0\n"
        "try:\n    runpy.run_path('main.py', run_name='__main__')\n"
        "except SystemExit as e:\n    code = e.code or 0\n"
        "peak = max(resource.getrusage(w).ru_maxrss for w in "
        "(resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))\n"
        "print(f'@@peak {peak / 1024:.0f}', file=sys.stderr); sys.exit(code)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", runner, *args], cwd=ROOT, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"failed: main.py {' '.join(args)}\n{done.stderr[-2000:]}")
    peak = [line for line in done.stderr.splitlines() if line.startswith("@@peak")]
    return wall, float(peak[-1].split()[1]) if peak else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=500_000, help="rows of the first export")
    parser.add_argument("--new", type=int, default=50_000, help="rows of the later export")
    parser.add_argument("--base-file", type=Path)
    parser.add_argument("--new-file", type=Path)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "rl-shop")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    base = args.base_file or _sample(args.workdir / f"base_{args.base}.csv", args.base, 7)
    new = args.new_file or _sample(args.workdir / f"new_{args.new}.csv", args.new, 8)
    shop = args.workdir / "bench.reviewlens"
    shop.unlink(missing_ok=True)
    steps = (
        ("shop add (first export)", ["shop", "add", str(shop), str(base)]),
        ("shop add (later export)", ["shop", "add", str(shop), str(new)]),
        ("shop analyze (whole history)", ["shop", "analyze", str(shop)]),
    )
    for name, step in steps:
        wall, peak = _timed(step)
        print(f"{name:<30} {wall:7.1f} s   peak {peak:6.0f} MB", flush=True)
    print(f"shop file: {shop.stat().st_size / 1e6:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
