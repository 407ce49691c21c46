"""Bulk theme terms and the fast theme helpers agree with the plain per-clause definitions."""

from __future__ import annotations

import itertools
import random
import time
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from app.core.progress import Cancelled, CancelToken
from app.core.text.segment import theme_terms
from app.core.themes import terms as tt
from app.core.themes import vectors as tv
from app.core.themes.find import find_themes
from app.core.themes.terms import count_terms, theme_term_codes

STOP = frozenset({"的", "了", "很", "太", "也", "都"})
TOKENS = ["尺码", "偏小", "不", "不太", "没有", "的", "很", "合适", "异味", "，", "！", "😀", "3",
          "12.5", "快递", "慢", "甜", "不甜", "m", "了", "质量", "差", "太", "好"]  # fmt: skip


def _docs(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    docs = [" ".join(rng.choices(TOKENS, k=rng.randrange(0, 8))) for _ in range(n)]
    return [
        *docs,
        "",
        "不",
        "不 , 质量",
        "不 太 合适",
        "没有 异味",
        "质量 不",
        "a \x01 b",
        "  好  ",
    ]


def _terms_of(indptr: np.ndarray, codes: np.ndarray, terms: np.ndarray, i: int) -> list[str]:
    return terms[codes[indptr[i] : indptr[i + 1]]].tolist()


def test_bulk_terms_equal_theme_terms_per_clause():
    docs = _docs(3000)
    indptr, codes, terms = theme_term_codes(docs, STOP)
    assert len(indptr) == len(docs) + 1
    for i, doc in enumerate(docs):
        assert _terms_of(indptr, codes, terms, i) == theme_terms(doc, STOP), doc
    assert len(set(terms.tolist())) == len(terms)  # 不 + 甜 and the token 不甜 are one term


def test_bulk_terms_of_nothing():
    for docs in ([], [""], ["", "，"]):
        indptr, codes, terms = theme_term_codes(docs, STOP)
        assert indptr.tolist() == [0] * (len(docs) + 1)
        assert len(codes) == len(terms) == 0


def _reference_counts(docs: list[str]) -> list[Counter]:
    rows = []
    for doc in docs:
        terms = theme_terms(doc, STOP)
        pairs = [a + tv.BIGRAM_SEP + b for a, b in itertools.pairwise(terms) if a != b]
        rows.append(Counter(terms + pairs))
    return rows


def test_count_terms_matches_counting_by_hand(monkeypatch):
    docs = _docs(400, seed=3)
    reference = _reference_counts(docs)
    df = Counter(f for row in reference for f in row)
    for chunk in (10_000, 37):  # one piece, and many pieces joined
        monkeypatch.setattr(tt, "CHUNK", chunk)
        vectors = count_terms(docs, STOP)
        vocab = vectors.vocab.tolist()
        assert vocab == sorted(f for f, n in df.items() if n >= 2)  # min_df 2, sorted names
        assert vectors.is_bigram.tolist() == [tv.BIGRAM_SEP in f for f in vocab]
        dense = vectors.counts.toarray()
        for i, row in enumerate(reference):
            got = {vocab[j]: dense[i, j] for j in np.flatnonzero(dense[i])}
            assert got == {f: n for f, n in row.items() if f in got or df[f] >= 2}


def test_count_terms_keeps_the_most_frequent_features(monkeypatch):
    monkeypatch.setattr(tt, "MAX_FEATURES", 4)
    counts = {"质量": 6, "差": 5, "快递": 4, "慢": 3, "好": 3, "尺码": 2}
    docs = [word for word, n in counts.items() for _ in range(n)] * 10
    vectors = count_terms(docs, STOP)
    assert vectors.vocab.tolist() == sorted(["质量", "差", "快递", "好"])  # tie: by name


def test_silhouette_equals_sklearn_cosine():
    rng = np.random.default_rng(0)
    centres = rng.standard_normal((6, 20))
    x = normalize(centres[rng.integers(0, 6, 900)] + rng.standard_normal((900, 20)))
    x = x.astype(np.float32)
    labels = rng.integers(0, 6, 900)
    labels[:3] = [6, 7, 7]  # a singleton cluster and a pair
    x[5] = 0.0  # a row with no direction
    for size in (500, 5000):
        expected = silhouette_score(x, labels, metric="cosine", sample_size=min(size, 900),
                                    random_state=0)  # fmt: skip
        assert tv.silhouette(x, labels, size, 0) == pytest.approx(expected, abs=1e-5)


def _frame(n_reviews: int) -> pd.DataFrame:
    rng = random.Random(5)
    words = ["尺码 偏小", "快递 太 慢", "色差 很 大", "客服 不 回复", "质量 很 差", "包装 破损"]
    rows = [(r, rng.choice(words)) for r in range(n_reviews) for _ in range(rng.randrange(1, 3))]
    frame = pd.DataFrame(rows, columns=["review_id", "tokens"])
    frame.insert(0, "clause_id", np.arange(len(frame)))
    frame["clause"] = frame["tokens"].str.replace(" ", "")
    frame["polarity"] = "complaint"
    frame["sku"] = pd.NA  # a SKU column that is empty everywhere
    frame["product"] = "T恤"
    return frame


def test_cancel_is_checked_in_every_stage_and_per_theme_name():
    frame = _frame(400)
    stage = [-1.0]
    checks: Counter = Counter()

    class Recording(CancelToken):
        def check(self) -> None:
            checks[stage[0]] += 1
            super().check()

    def progress(fraction: float, message: str) -> None:
        stage[0] = fraction

    themes = find_themes(frame, "complaint", progress=progress, cancel=Recording())
    assert themes and all(t.top_skus == [] for t in themes)  # the SKU column is all missing
    assert checks[0.0] >= 2  # extracting terms
    assert checks[0.25] >= 2  # embedding
    assert sum(n for f, n in checks.items() if 0.4 <= f < 0.7) >= 2  # choosing the number
    assert checks[0.7] >= 3  # clustering, folding, merging
    assert checks[0.85] >= len(themes)  # naming: once per theme

    class CancelWhileNaming(CancelToken):
        def check(self) -> None:
            if stage[0] >= 0.85:
                self.cancel()
            super().check()

    with pytest.raises(Cancelled):
        find_themes(frame, "complaint", progress=progress, cancel=CancelWhileNaming())


def test_cancel_checks_come_often_on_big_input():
    """No gap between two cancel checks is long (the GUI's 1 s promise), here on 60k clauses."""
    frame = _frame(40_000)
    times: list[float] = []

    class Timing(CancelToken):
        def check(self) -> None:
            times.append(time.perf_counter())
            super().check()

    start = time.perf_counter()
    find_themes(frame, "complaint", cancel=Timing())
    gaps = np.diff([start, *times, time.perf_counter()])
    assert gaps.max() < 2.0  # generous: the test machine may be busy


def test_sorted_codes_equal_numpy_unique():
    values = np.array([9, 3, 9, 1, 3, 3, 12, 1, 0], dtype=np.int64)
    keys, codes = tt._sorted_codes(values)
    want_keys, want_codes = np.unique(values, return_inverse=True)
    assert keys.tolist() == want_keys.tolist()
    assert codes.tolist() == want_codes.reshape(-1).tolist()
