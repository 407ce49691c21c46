"""Speed and memory benchmarks: ``python -m app.bench import --rows 200000 --format csv``.

Each measurement runs in a fresh Python process so its peak memory (max RSS) is its own.
Input files are invented by :mod:`app.samples` and cached in ``--workdir``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_input(workdir: Path, rows: int, fmt: str) -> Path:
    """An invented export of ``rows`` rows, generated once and reused."""
    path = workdir / f"bench_{rows}.{fmt}"
    if not path.exists():
        from app.samples import write_csv, write_xlsx

        started = time.perf_counter()
        (write_xlsx if fmt == "xlsx" else write_csv)(path, rows)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def _measure_import(path: str) -> dict[str, float]:
    from app.core.ingest.ledger import build_import
    from app.io.readers import read_file

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
    from app.io.readers import read_file

    started = time.perf_counter()
    result = build_import([read_file(path)])
    imported = time.perf_counter()
    analysis = run_analysis(result, AnalysisConfig())
    done = time.perf_counter()
    return {
        "rows": len(result.ledger),
        "clauses": len(analysis.clauses),
        "import_s": imported - started,
        "analysis_s": done - imported,
        "total_s": done - started,
    }


MEASURES = {"import": _measure_import, "analyze": _measure_analyze}


def _child(kind: str, path: str) -> None:
    import resource

    figures = MEASURES[kind](path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    figures["peak_mb"] = peak / 1024
    print(json.dumps(figures))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.bench", description=__doc__)
    parser.add_argument("kind", choices=sorted(MEASURES), help="what to measure")
    parser.add_argument("--rows", type=int, nargs="+", default=[200_000])
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "reviewlens-bench"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.kind, args.child)
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    for rows in args.rows:
        path = make_input(args.workdir, rows, args.format)
        out = subprocess.run(
            [sys.executable, "-m", "app.bench", args.kind, "--child", str(path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if out.returncode != 0:
            print(out.stderr, file=sys.stderr)
            return 1
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        shown = ", ".join(
            f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}" for k, v in figures.items()
        )
        print(f"{args.kind} {args.format} {rows:>8} rows: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
