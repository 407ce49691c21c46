"""Speed and memory benchmarks: ``python benchmarks/bench.py import --rows 200000 --format csv``.

Each measurement runs in a fresh Python process so its peak memory (max RSS) is its own.
Input files are invented by :mod:`tools.samples` with ``variety="realistic"`` (clauses per review,
distinct clauses and distinct reviews close to real exports) and cached in ``--workdir`` as
``bench_varied_ROWS.FORMAT`` (``--text-length 200``: reviews of about 200 characters on average,
``bench_varied_ROWS_len200.FORMAT``); ``--from-data DIR`` measures an export built (in ``--workdir``, never
in the repository) from the real review texts of the internal evaluation corpora instead. ``analyze``
also prints seconds per pipeline stage (by progress message).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # app and tools of this tree


def make_input(workdir: Path, rows: int, fmt: str, text_length: int | None = None) -> Path:
    """An invented export of ``rows`` realistic rows (texts of about ``text_length`` characters
    on average, or as generated), generated once and reused (the file name differs from the
    phrase-built files of earlier versions, so those are never reused)."""
    length = f"_len{text_length}" if text_length else ""
    path = workdir / f"bench_varied_{rows}{length}.{fmt}"
    if not path.exists():
        from tools.samples import write_csv, write_xlsx

        started = time.perf_counter()
        write = write_xlsx if fmt == "xlsx" else write_csv
        write(path, rows, variety="realistic", text_length=text_length)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


REAL_SOURCES = ("online_shopping_10_cats.csv", "chnsenticorp_htl_all.csv", "aste_zh_restaurant.csv")
REAL_HEADER = ("评价内容", "评分", "评价时间", "订单号")


def make_real_input(workdir: Path, data: Path) -> Path:
    """A Taobao-style export of every text in the shared corpora (os10 + hotel + restaurant):
    star ratings drawn from the gold labels (praise 4–5, complaint 1–2, unknown 3), dates in
    2026, sequential order ids. Built once per data folder; it stays in ``workdir``."""
    path = workdir / "bench_real_mix.csv"
    if path.exists():
        return path
    import numpy as np
    import pandas as pd

    parts = [pd.read_csv(data / name, encoding="utf-8-sig") for name in REAL_SOURCES]
    rows = pd.concat([p[["text", "label"]] for p in parts], ignore_index=True)
    rows = rows[rows["text"].notna()].reset_index(drop=True)
    rng = np.random.default_rng(0)
    high, low = rng.integers(4, 6, len(rows)), rng.integers(1, 3, len(rows))
    rating = np.where(rows["label"] == 1, high, np.where(rows["label"] == 0, low, 3))
    start = pd.Timestamp("2026-01-01").value // 10**9
    seconds = rng.integers(0, 300 * 86_400, len(rows))
    frame = pd.DataFrame(
        {
            REAL_HEADER[0]: rows["text"].astype(str),
            REAL_HEADER[1]: rating,
            REAL_HEADER[2]: pd.to_datetime(start + seconds, unit="s").strftime("%Y-%m-%d %H:%M:%S"),
            REAL_HEADER[3]: np.arange(len(rows), dtype=np.int64) + 10**15,
        }
    )
    frame.to_csv(path, index=False, encoding="utf-8-sig")
    print(f"built {path} ({len(frame)} reviews)", file=sys.stderr)
    return path


def _measure_import(path: str) -> dict[str, float]:
    from app.core.ingest.ledger import build_import
    from app.io.readers.read import read_file

    started = time.perf_counter()
    table = read_file(path)
    read_done = time.perf_counter()
    result = build_import([table])
    done = time.perf_counter()
    return {
        "rows": len(result.ledger),
        "kept": len(result.kept),
        "read_s": read_done - started,
        "ingest_s": done - read_done,
        "total_s": done - started,
    }


def _measure_analyze(path: str) -> dict[str, float]:
    from app.core.ingest.ledger import build_import
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.io.readers.read import read_file

    stages: dict[str, float] = {}
    last = ["", 0.0]
    shown: set[int] = set()

    def progress(fraction: float, message: str) -> None:
        now = time.perf_counter()
        if last[0]:
            stages[last[0]] = stages.get(last[0], 0.0) + now - last[1]
        last[:] = [message, now]
        shown.add(int(fraction * 100))  # what a progress bar in whole percent would show

    started = time.perf_counter()
    result = build_import([read_file(path)])
    imported = time.perf_counter()
    token = _TimedToken()
    try:  # the production path: per-chunk stages over worker processes
        from app.runtime.parallel import map_chunks

        spread = {"map_chunks": map_chunks}
    except ImportError:  # code before app.runtime: it shares work on its own
        spread = {}
    analysis = run_analysis(result, AnalysisConfig(), progress=progress, cancel=token, **spread)
    done = time.perf_counter()
    token.check()
    figures: dict[str, float] = {
        "rows": len(result.ledger),
        "clauses": len(analysis.clauses),
        "import_s": imported - started,
        "analysis_s": done - imported,
        "total_s": done - started,
        "progress_steps": len(shown),  # distinct whole percentages reported
        "longest_cancel_gap_s": token.longest,  # worst-case wait for a cancel to take effect
    }
    figures.update({f"stage {name}": seconds for name, seconds in stages.items()})
    return figures


class _TimedToken:
    """A cancel token that is never cancelled and records the longest time between two looks
    at it: how long a cancel could have waited to take effect."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.cancelled = False

    def check(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def cancel(self) -> None:
        raise NotImplementedError("the benchmark never cancels")


MEASURES = {"import": _measure_import, "analyze": _measure_analyze}


def _child(kind: str, path: str) -> None:
    import resource

    figures = MEASURES[kind](path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    figures["peak_mb"] = peak / 1024
    print(json.dumps(figures))


def _watch_memory(child: subprocess.Popen) -> float:
    """Peak of the summed proportional set size (shared pages split fairly) of ``child`` and
    its worker processes (its children), sampled every 0.5 s (reading page tables often slows
    the run); 0 where /proc is missing."""
    proc = Path("/proc")
    peak = 0.0
    while child.poll() is None:
        tree = {child.pid}
        for stat in proc.glob("[0-9]*/stat"):
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == child.pid:
                tree.add(int(stat.parent.name))
        total = 0.0
        for pid in tree:
            try:
                rollup = (proc / str(pid) / "smaps_rollup").read_text()
            except OSError:
                continue
            total += sum(int(line.split()[1]) for line in rollup.splitlines() if line[:4] == "Pss:")
        peak = max(peak, total / 1024)
        time.sleep(0.5)
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__)
    parser.add_argument("kind", choices=sorted(MEASURES), help="what to measure")
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000])
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument(
        "--text-length", type=int, help="average review length in characters (long reviews)"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reviewlens-bench"
    )
    parser.add_argument(
        "--from-data", type=Path, help="the shared data folder: measure real texts, not --rows"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.kind, args.child)
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    inputs = (
        [("real", make_real_input(args.workdir, args.from_data))]
        if args.from_data
        else [
            (rows, make_input(args.workdir, rows, args.format, args.text_length))
            for rows in args.rows
        ]
    )
    for rows, path in inputs:
        child = subprocess.Popen(
            [sys.executable, __file__, args.kind, "--child", str(path)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        tree_peak = _watch_memory(child)
        stdout, stderr = child.communicate()
        if child.returncode != 0:
            print(stderr, file=sys.stderr)
            return 1
        figures = json.loads(stdout.strip().splitlines()[-1])
        if tree_peak:
            figures["tree_peak_mb"] = tree_peak
        stages = {k[6:]: v for k, v in figures.items() if k.startswith("stage ")}
        shown = ", ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
            for k, v in figures.items()
            if not k.startswith("stage ")
        )
        fmt = "csv" if args.from_data else args.format
        print(f"{args.kind} {fmt} {rows:>8} rows: {shown}")
        for name, seconds in sorted(stages.items(), key=lambda item: -item[1]):
            print(f"    {seconds:7.2f} s  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
