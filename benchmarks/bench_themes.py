"""Time ``find_themes`` on invented clauses: ``python benchmarks/bench_themes.py [n_per_polarity]``.

Clauses come from ``tools.synth`` phrase templates (no third-party text), segmented once with
``app.core.text.segment.segment``; each polarity gets ``n`` clauses (default 200,000). Prints seconds,
theme count, coverage and peak RSS growth. Real-data timing: ``python -m tools.evaluate_themes``
and, for the whole pipeline, ``python benchmarks/bench.py analyze --from-data DATA_DIR``.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.text.segment import segment
from app.core.themes.find import coverage, find_themes
from tools.synth import ASPECT_PHRASES

FILLERS = ["", "", "真的", "这次", "感觉", "有点", "还是", "就是"]
NOUNS = ["", "", "衣服", "裤子", "这件", "宝贝"]


def make_frame(n: int, seed: int = 0) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for polarity, side in (("praise", 0), ("complaint", 1)):
        for i in range(n):
            phrase = rng.choice(ASPECT_PHRASES[rng.choice(list(ASPECT_PHRASES))][side])
            text = rng.choice(FILLERS) + rng.choice(NOUNS) + phrase
            rows.append((side * n + i, (side * n + i) // 2, text, polarity))
    frame = pd.DataFrame(rows, columns=["clause_id", "review_id", "clause", "polarity"])
    frame["tokens"] = segment(frame["clause"].tolist())
    frame["score"] = 0.0
    frame["aspects"] = ""
    frame["date"] = pd.Timestamp("2026-01-01") + pd.to_timedelta(
        np.random.default_rng(seed).integers(0, 300, len(frame)), unit="D"
    )
    frame["product"] = "T恤"
    frame["sku"] = np.where(np.arange(len(frame)) % 3 == 0, "M", "L")
    return frame


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    frame = make_frame(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for polarity in ("complaint", "praise"):
        start = time.perf_counter()
        themes = find_themes(frame, polarity)
        seconds = time.perf_counter() - start
        print(
            f"{polarity}: {n:,} clauses, {len(themes)} themes, coverage {coverage(themes):.1%}, "
            f"{seconds:.1f} s; labels: {', '.join(t.label for t in themes)}"
        )
    growth = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(f"peak RSS growth during themes: {growth:.0f} MB")


if __name__ == "__main__":
    main()
