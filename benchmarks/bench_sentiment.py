"""Inference speed of the bundled sentiment model: ``python benchmarks/bench_sentiment.py``.

Synthetic reviews (no real data): hand-written seed reviews repeated to ``--n`` texts. Prints
reviews per second on one core for whole reviews and for their clauses.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.sentiment.model import SentimentModel
from app.core.sentiment.seeds import seed_reviews
from app.core.text.clauses import explode_clauses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="number of reviews")
    args = parser.parse_args()
    seeds, _ = seed_reviews(5000, seed=3)
    texts = (seeds * (args.n // len(seeds) + 1))[: args.n]
    model = SentimentModel.load()
    model.label(texts[:1000])  # warm up (regex compilation)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        model.label(texts)
        best = min(best, time.perf_counter() - start)
    mean_len = sum(map(len, texts)) / len(texts)
    print(f"label(): {len(texts) / best:,.0f} reviews/s (mean {mean_len:.0f} chars)")
    start = time.perf_counter()
    _owner, clauses = explode_clauses(texts)
    split = time.perf_counter() - start
    start = time.perf_counter()
    model.label(clauses)
    scored = time.perf_counter() - start
    print(
        f"explode_clauses(): {len(texts) / split:,.0f} reviews/s; "
        f"label(clauses): {len(clauses) / scored:,.0f} clauses/s"
    )


if __name__ == "__main__":
    main()
