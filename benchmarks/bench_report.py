"""Excel report speed: ``python benchmarks/bench_report.py [N]`` (default 200,000 reviews).

Builds a synthetic result by tiling the hand-made test result (texts lengthened to ~50
characters, like real reviews), then times :func:`app.io.report.excel.write_report` with and
without the embedded pictures, the charts alone (:func:`app.cli_analyze.save_charts`, PNG + SVG)
and both as ``analyze -o R --charts D`` writes them (:func:`app.cli_analyze.report_and_charts`:
charts in a forked worker on Linux). Prints wall and CPU seconds (CPU of worker processes
separately), rows/s, the file size and the load average.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from app.core.results import AnalysisResult
from app.core.reviews.trends import sentiment_trend
from tests.io.report_fixtures import make_result

FILLER = "，总体来说还可以，包装也挺好的，下次有活动还会再来买，推荐给朋友"


def synthetic(n: int, seed: int = 1) -> AnalysisResult:
    """``n`` reviews: the fixture's reviews and clauses repeated, ids and rows made unique."""
    base = make_result()
    reps = -(-n // len(base.reviews))
    rng = np.random.default_rng(seed)
    step = int(base.reviews.index.max()) + 1
    reviews = pd.concat([base.reviews] * reps).iloc[:n].copy()
    ids = np.arange(len(reviews))
    copy = ids // len(base.reviews)
    reviews.index = pd.Index(
        base.reviews.index.to_numpy()[ids % len(base.reviews)] + copy * step, name="review_id"
    )
    cut = rng.integers(0, len(FILLER), len(reviews))
    reviews["text"] = [t + FILLER[:c] for t, c in zip(reviews["text"], cut, strict=True)]
    reviews["source_row"] = np.arange(len(reviews)) + 2
    clauses = pd.concat(
        [base.clauses.assign(review_id=base.clauses["review_id"] + k * step) for k in range(reps)],
        ignore_index=True,
    )
    clauses = clauses[clauses["review_id"].isin(reviews.index)]
    clauses["clause_id"] = np.arange(len(clauses))
    themes = base.themes.copy()
    themes[["size", "review_count"]] *= reps
    aspects = base.aspects.copy()
    aspects[["praise", "complaint", "neutral"]] *= reps
    ledger = base.imported.ledger
    dropped = pd.concat(
        [ledger[ledger["status"] == "dropped"]] * max(1, n // 100), ignore_index=True
    )
    kept = reviews.reset_index()[
        ["review_id", "source_file", "source_row", "text", "rating", "date", "product", "sku"]
    ]
    kept = kept.assign(status="kept", reason="", reason_code="")
    imported = type(base.imported)(
        ledger=pd.concat([kept, dropped], ignore_index=True), files=base.imported.files
    )
    trend = sentiment_trend(reviews["sentiment"], reviews["date"], base.freq)
    return AnalysisResult(
        imported, reviews, clauses, themes, aspects, base.freq, trend, base.coverage
    )


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its finished child processes."""
    import resource

    own, children = (
        resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _timed(label: str, work, n: int, size=None) -> None:
    import os

    load = os.getloadavg()[0]
    cpu, started = _cpu(), time.perf_counter()
    work()
    took, after = time.perf_counter() - started, _cpu()
    extra = f", {size():.1f} MB" if size else ""
    print(
        f"{label}: {took:.1f} s (cpu {after[0] - cpu[0]:.1f} s + workers {after[1] - cpu[1]:.1f} s)"
        f", {n / took:,.0f} reviews/s{extra}; load {load:.2f} -> {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    from app.cli_analyze import report_and_charts, save_charts
    from app.io.report.excel import write_report

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    started = time.perf_counter()
    result = synthetic(n)
    print(
        f"built {n:,} reviews, {len(result.clauses):,} clauses in {time.perf_counter() - started:.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for images in (False, True):
            path = folder / f"report_{images}.xlsx"
            _timed(
                f"workbook, images={images}",
                lambda path=path, images=images: write_report(result, path, images=images),
                n,
                lambda path=path: path.stat().st_size / 1e6,
            )
        _timed("charts alone (PNG + SVG)", lambda: save_charts(result, folder / "charts"), n)
        _timed(
            "workbook + charts (analyze -o R --charts D)",
            lambda: report_and_charts(result, folder / "both.xlsx", folder / "both"),
            n,
        )


if __name__ == "__main__":
    main()
