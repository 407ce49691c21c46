"""The whole ``analyze`` command, end to end: ``python benchmarks/bench_analyze_cli.py``.

Generates an invented export with :mod:`tools.samples` (default 200,000 rows, xlsx) into
``--workdir`` (a temp folder, reused between runs), then runs ``python main.py analyze FILE
-o report.xlsx [--charts DIR]`` in a fresh process and prints the wall time, a per-stage
breakdown (read, ingest, analysis, report, charts, CSV) and the peak memory (max RSS).
With both outputs, "report+charts" is their wall time together: the charts may be saved by a
forked worker while the workbook is written ("report" is then the workbook alone, "charts"
is not seen and the worker's memory shows as "workers").

Options: ``--rows N``, ``--format csv|xlsx``, ``--no-charts``, ``--export-csv``,
``--repeat K``, ``--lang zh|en``, ``--workdir DIR``. Stage times come from wrapping the
stage functions in the child process; stages that run concurrently overlap, so their sum may
exceed the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# stage name -> (module, attribute) wrapped with a timer in the child process
STAGES = {
    "read": ("app.cli_import", "read_file"),
    "ingest": ("app.cli_import", "build_import"),
    "analysis": ("app.core.pipeline", "run_analysis"),
    "report": ("app.io.report.excel", "write_report"),
    "charts": ("app.cli_analyze", "save_charts"),
    "report+charts": ("app.cli_analyze", "report_and_charts"),
    "csv": ("app.io.csv_export", "write_csv"),
}


def _child(argv: list[str], timings_path: str) -> int:
    """Run the command in this process with timed stages; write the figures as JSON."""
    started = time.perf_counter()
    import importlib
    import resource

    sys.path.insert(0, str(ROOT))
    spans: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}

    def timed(name: str, func):
        def wrapper(*args, **kwargs):
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spans.setdefault(name, []).append(time.perf_counter() - t0)
                cpu.setdefault(name, []).append(time.process_time() - c0)

        return wrapper

    for name, (module, attr) in STAGES.items():
        mod = importlib.import_module(module)
        if hasattr(mod, attr):  # older versions lack some stages
            setattr(mod, attr, timed(name, getattr(mod, attr)))
    from app.cli import main

    imports = time.perf_counter() - started
    code = main(argv)
    figures = {
        "exit": code,
        "imports_s": imports,
        "in_process_s": time.perf_counter() - started,
        **{f"{name}_s": sum(values) for name, values in spans.items()},
        **{f"{name}_cpu": sum(values) for name, values in cpu.items()},
        "cpu_s": sum(resource.getrusage(resource.RUSAGE_SELF)[:2]),
        "workers_cpu_s": sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    Path(timings_path).write_text(json.dumps(figures), encoding="utf-8")
    return code


def make_input(workdir: Path, rows: int, fmt: str) -> Path:
    """``python -m tools.samples`` output (realistic variety), generated once per size and format."""
    path = workdir / f"bench_varied_{rows}.{fmt}"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "tools.samples", "--rows", str(rows), "--format", fmt,
             "--variety", "realistic", "-o", str(path)],
            cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        print(f"generated {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def _load() -> str:
    try:
        return "load " + " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover
        return "load ?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="xlsx")
    parser.add_argument("--no-charts", action="store_true", help="run without --charts")
    parser.add_argument("--export-csv", action="store_true", help="also write the CSV")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reviewlens-bench"
    )
    parser.add_argument("--child", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[1:], args.child[0])

    args.workdir.mkdir(parents=True, exist_ok=True)
    source = make_input(args.workdir, args.rows, args.format)
    out = args.workdir / "out"
    out.mkdir(exist_ok=True)
    command = ["--lang", args.lang, "analyze", str(source), "-o", str(out / "report.xlsx")]
    if not args.no_charts:
        command += ["--charts", str(out / "charts")]
    if args.export_csv:
        command += ["--export-csv", str(out / "rows.csv")]
    timings = args.workdir / "timings.json"
    for run in range(args.repeat):
        before = _load()
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(timings), *command],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-2000:], done.stderr[-4000:], sep="\n", file=sys.stderr)
            return 1
        figures = json.loads(timings.read_text(encoding="utf-8"))
        stages = ", ".join(
            f"{name} {figures[f'{name}_s']:.1f} (cpu {figures[f'{name}_cpu']:.1f})"
            for name in STAGES
            if f"{name}_s" in figures
        )
        print(
            f"run {run + 1}: analyze {args.rows:,} rows {args.format}: wall {wall:.1f} s, "
            f"cpu {figures['cpu_s']:.1f} s + workers {figures['workers_cpu_s']:.1f} s\n"
            f"  stages (wall, cpu of this process): start-up+imports {figures['imports_s']:.1f}; "
            f"{stages}\n  peak RSS {figures['peak_mb']:.0f} MB, workers "
            f"{figures['workers_peak_mb']:.0f} MB (forked: mostly shared pages); "
            f"{before} -> {_load()}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
