"""Speed of :func:`app.core.text.codes.factorize_chunked` on clause-like texts:
``python benchmarks/bench_codes.py [N] [DISTINCT]`` (defaults 4,000,000 and 200,000).

Prints the total time and the longest stretch without a cancel check (what a user waits after
pressing Cancel), next to one plain ``pd.factorize`` of the same texts. Every text is its own
str object, as in the pipeline (clauses are cut from reviews), with frequent texts repeated far
more than rare ones. The corpus is generated here (no shared data needed).
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.text.codes import factorize_chunked


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    "物流 很快 质量 一般 尺码 偏小 客服 不回复 不错 很好 颜色 好看 面料 舒服 包装 破损 "
    "性价比 高 味道 一般 发货 太慢 会 回购 有点 失望 做工 精细 电池 耐用 屏幕 清晰"
)


def corpus(n: int, distinct: int, seed: int = 0) -> np.ndarray:
    """``n`` texts drawn from ``distinct`` ones (Zipf-like), each a new str object; ~1 % None."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2, 7, distinct)
    picks = rng.integers(0, len(WORDS), lengths.sum())
    bounds = np.cumsum(lengths)
    base = [
        "".join(WORDS[w] for w in picks[end - k : end]) + str(i % 97)
        for i, (k, end) in enumerate(zip(lengths, bounds, strict=True))
    ]
    ranks = np.minimum(rng.zipf(1.3, n) - 1, distinct - 1)
    ranks = np.where(rng.random(n) < 0.3, rng.integers(0, distinct, n), ranks)  # a long tail
    out = np.empty(n, dtype=object)
    out[:] = [(base[r] + "#")[:-1] for r in ranks]  # a new object per row
    out[rng.random(n) < 0.01] = None
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 4_000_000
    distinct = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    texts = corpus(n, distinct)
    print(f"{n:,} texts, {len(set(texts.tolist())) - 1:,} distinct")

    stamps: list[float] = []
    start = time.perf_counter()
    stamps.append(start)
    codes, uniques = factorize_chunked(texts, lambda: stamps.append(time.perf_counter()))
    end = time.perf_counter()
    stamps.append(end)
    gap = max(b - a for a, b in itertools.pairwise(stamps))
    print(f"factorize_chunked: {end - start:.2f} s, longest without a cancel check {gap:.2f} s")

    fresh = corpus(n, distinct)  # hashes not cached yet, as above
    start = time.perf_counter()
    want_codes, want_uniques = pd.factorize(fresh, use_na_sentinel=True)
    print(f"one pd.factorize:  {time.perf_counter() - start:.2f} s (no cancel check)")
    assert codes.tolist() == want_codes.tolist() and uniques.tolist() == list(want_uniques)


if __name__ == "__main__":
    main()
