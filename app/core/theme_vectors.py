"""Vectors and clusters for themes: terms counted once, LSA, review context, MiniBatchKMeans.

Clauses are short (2–4 content terms), so they are embedded with LSA (TF-IDF → TruncatedSVD fitted
on a sample) and nudged towards the other same-polarity clauses of their review, which carries the
product context (“小” in a hotel review is about the room). The number of clusters is chosen by
cosine silhouette on a sample; tiny clusters are folded into their nearest neighbour and
near-duplicate clusters are merged.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

BIGRAM_SEP = " "  # joins two adjacent terms in a bigram feature; tokens never contain spaces
MAX_FEATURES = 30_000
SVD_DIMS = 100
SAMPLE = 15_000  # rows used to fit the SVD
CHOOSE_SAMPLE = 5_000  # rows used to choose k
SILHOUETTE_SAMPLE = 2_500
FULL_KMEANS_MAX = 20_000  # up to this many rows Lloyd's k-means, above it MiniBatchKMeans
KMEANS_FIT_MAX = 100_000  # rows the mini-batch k-means is fitted on
ASSIGN_CHUNK = 200_000  # rows assigned to centres per cancel check
CONTEXT_WEIGHT = 0.1
ASPECT_WEIGHT = 0.6  # pull clauses about the same aspect (物流, 尺码 …) together
BATCH = 4096
EMBED_CHUNK = 100_000  # rows assembled per cancel check
K_TOLERANCE = 0.02


@dataclass
class Vectors:
    """Term counts (unigrams + adjacent bigrams) and unit-length clause embeddings."""

    counts: sp.csr_matrix  # clauses × features, raw counts
    vocab: np.ndarray  # feature names; bigrams contain BIGRAM_SEP
    is_bigram: np.ndarray  # bool per feature
    embedding: np.ndarray  # clauses × dims, float32, unit rows
    codes: np.ndarray | None = None  # clause → row of ``distinct`` (same token string)
    distinct: sp.csr_matrix | None = None  # distinct token strings × features


def term_analyzer(terms_of: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """Unigram content terms plus bigrams of adjacent content terms (尺码 偏小)."""

    def analyze(tokens: str) -> list[str]:
        terms = terms_of(tokens)
        pairs = [a + BIGRAM_SEP + b for a, b in itertools.pairwise(terms) if a != b]
        return terms + pairs

    return analyze


def count_terms(tokens: Sequence[str], terms_of: Callable[[str], list[str]]) -> Vectors:
    """Count features once (``embedding`` is left empty, see :func:`embed`).

    Each distinct token string is analysed once (short clauses repeat a lot: 不错, 很好), then
    rows are gathered; features need ``min_df`` clauses, the ``MAX_FEATURES`` most frequent kept.
    """
    codes, uniques = pd.factorize(pd.Series(tokens, dtype=object).fillna(""))
    vectorizer = CountVectorizer(analyzer=term_analyzer(terms_of), dtype=np.float32)
    try:
        distinct = vectorizer.fit_transform(list(uniques)).tocsr()
    except ValueError:  # empty vocabulary
        counts = sp.csr_matrix((len(tokens), 0), dtype=np.float32)
        return Vectors(counts, np.array([], dtype=object), np.array([], bool), np.zeros((0, 0)))
    counts = distinct[codes]
    vocab = vectorizer.get_feature_names_out()
    doc_freq = np.bincount(counts.indices, minlength=len(vocab))
    min_df = 2 if len(tokens) >= 50 else 1
    keep = np.where(doc_freq >= min_df)[0]
    if len(keep) > MAX_FEATURES:
        keep = np.sort(keep[np.lexsort((vocab[keep], -doc_freq[keep]))][:MAX_FEATURES])
    counts, vocab = counts[:, keep].tocsr(), vocab[keep]
    is_bigram = np.array([BIGRAM_SEP in v for v in vocab], dtype=bool)
    empty = np.zeros((0, 0), np.float32)
    return Vectors(counts, vocab, is_bigram, empty, codes, distinct[:, keep].tocsr())


def sample_rows(n: int, size: int, random_state: int) -> np.ndarray:
    """Sorted indices of a deterministic sample of at most ``size`` rows."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def embed(
    vectors: Vectors,
    review_codes: np.ndarray,
    random_state: int,
    aspects: pd.Series | None = None,
    check: Callable[[], None] | None = None,
) -> np.ndarray:
    """Unit-length LSA embedding of each clause, nudged towards its review's other clauses, with
    weighted one-hot ``aspects`` columns appended (so one theme rarely mixes 尺码 and 物流).

    Each distinct token string is projected once; the rows are assembled in chunks (``check``
    in between) straight into one float32 array, so no n × dims float64 copies pile up.
    """
    unigram = ~vectors.is_bigram
    codes = vectors.codes if vectors.codes is not None else np.arange(vectors.counts.shape[0])
    distinct = vectors.distinct if vectors.distinct is not None else vectors.counts
    tfidf = TfidfTransformer(sublinear_tf=True).fit(vectors.counts[:, unigram])
    weighted = tfidf.transform(distinct[:, unigram])
    n, n_features = len(codes), weighted.shape[1]
    dims = min(SVD_DIMS, n_features - 1, n - 1)
    if dims >= 2:
        rows = sample_rows(n, SAMPLE, random_state)
        svd = TruncatedSVD(dims, n_iter=4, random_state=random_state).fit(weighted[codes[rows]])
        base = normalize(svd.transform(weighted))
    else:
        base = normalize(weighted.toarray())
    context = None
    if CONTEXT_WEIGHT > 0 and n > 0:
        n_reviews = int(review_codes.max()) + 1
        member = sp.csr_matrix((np.ones(n), (review_codes, codes)), shape=(n_reviews, len(base)))
        context = normalize(member @ base)
    aspect_codes, onehot = _aspect_onehot(aspects)
    width = base.shape[1] + (onehot.shape[1] if onehot is not None else 0)
    out = np.empty((n, width), dtype=np.float32)
    for start in range(0, n, EMBED_CHUNK):
        if check is not None:
            check()
        part = slice(start, start + EMBED_CHUNK)
        x = base[codes[part]]
        if context is not None:
            x = x + CONTEXT_WEIGHT * context[review_codes[part]]
        x = normalize(x).astype(np.float32)
        if onehot is not None:
            x = normalize(np.hstack([x, onehot[aspect_codes[part]]])).astype(np.float32)
        out[part] = x
    return out


def _aspect_onehot(aspects: pd.Series | None) -> tuple[np.ndarray, np.ndarray | None]:
    """Per clause a code; per code the weighted unit one-hot row of its aspect keys (None: no
    clause has an aspect)."""
    if aspects is None:
        return np.zeros(0, np.int64), None
    codes, distinct = pd.factorize(aspects.fillna("").astype(str))
    if not (distinct != "").any():
        return codes, None
    onehot = pd.Series(distinct).str.get_dummies(sep=";").to_numpy(dtype=np.float32)
    return codes, normalize(onehot) * ASPECT_WEIGHT


def k_range(n: int) -> range:
    """Candidate numbers of themes for ``n`` clauses: 3..15, fewer for small data."""
    high = int(np.clip(round(np.sqrt(n) / 2), 3, 15))
    high = min(high, max(1, n // 3))
    low = min(3, high)
    return range(low, high + 1)


def kmeans(
    x: np.ndarray,
    k: int,
    random_state: int,
    n_init: int = 3,
    check: Callable[[], None] | None = None,
) -> np.ndarray:
    """Cluster labels of unit rows: Lloyd's k-means up to ``FULL_KMEANS_MAX`` rows; above, a
    mini-batch k-means fitted on a sample of ``KMEANS_FIT_MAX`` rows, then every row assigned to
    its nearest centre in chunks (``check`` in between). Mini-batch k-means only ever looks at
    random batches, and its batch sampler costs O(rows) per batch: at 1.6 M rows the fit took
    10 s, on the sample 0.5 s."""
    if len(x) <= FULL_KMEANS_MAX:
        model = KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=random_state)
        return model.fit(x).labels_
    rows = sample_rows(len(x), KMEANS_FIT_MAX, random_state)
    model = MiniBatchKMeans(
        n_clusters=k, batch_size=BATCH, n_init=n_init, max_iter=30, random_state=random_state
    ).fit(x[rows])
    labels = np.empty(len(x), dtype=np.int32)
    for start in range(0, len(x), ASSIGN_CHUNK):
        if check is not None:
            check()
        labels[start : start + ASSIGN_CHUNK] = model.predict(x[start : start + ASSIGN_CHUNK])
    return labels


def choose_k(
    x: np.ndarray,
    candidates: range,
    random_state: int,
    check: Callable[[float], None],
) -> int:
    """The fewest themes whose cosine silhouette (on a sample) is within 5 % of the best.

    Sub-clusters of one topic (phrasing variants) gain little silhouette; this keeps them
    together instead of showing the same complaint twice.
    """
    if len(candidates) == 1:
        return candidates[0]
    rows = sample_rows(len(x), CHOOSE_SAMPLE, random_state)
    sample = x[rows]
    steps = list(candidates) if len(candidates) <= 8 else _spread(candidates, 8)
    scores: dict[int, float] = {}
    for i, k in enumerate(steps):
        check(i / len(steps))
        labels = kmeans(sample, k, random_state, n_init=1)
        if len(set(labels)) < 2:
            continue
        scores[k] = silhouette_score(
            sample,
            labels,
            metric="cosine",
            sample_size=min(SILHOUETTE_SAMPLE, len(sample)),
            random_state=random_state,
        )
    if not scores:
        return steps[0]
    best = max(scores.values())
    return min(k for k, s in scores.items() if s >= best - K_TOLERANCE * abs(best))


def _spread(candidates: range, count: int) -> list[int]:
    picks = np.linspace(candidates[0], candidates[-1], count).round().astype(int)
    return sorted(set(picks.tolist()))


def centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit-length mean of each cluster (zero rows for empty clusters); float64 sums, summed in
    chunks so no float64 copy of ``x`` is made."""
    sums = np.zeros((k, x.shape[1]), dtype=np.float64)
    for start in range(0, len(x), ASSIGN_CHUNK):
        part = labels[start : start + ASSIGN_CHUNK]
        member = sp.csr_matrix(
            (np.ones(len(part)), (part, np.arange(len(part)))), shape=(k, len(part))
        )
        sums += member @ x[start : start + ASSIGN_CHUNK].astype(np.float64)
    return normalize(sums)


def similarity_to(x: np.ndarray, labels: np.ndarray, cen: np.ndarray) -> np.ndarray:
    """Cosine of each (unit) row with its cluster's centroid, in chunks."""
    out = np.empty(len(x), dtype=np.float64)
    for start in range(0, len(x), ASSIGN_CHUNK):
        part = slice(start, start + ASSIGN_CHUNK)
        out[part] = np.einsum("ij,ij->i", x[part], cen[labels[part]])
    return out


def fold_small(x: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Move members of clusters smaller than ``min_size`` to their nearest remaining cluster."""
    labels = labels.copy()
    while True:
        counts = np.bincount(labels)
        ids = np.flatnonzero(counts)
        sizes = counts[ids]
        if len(ids) <= 1 or sizes.min() >= min_size:
            return _relabel(labels)
        smallest = ids[np.argmin(sizes)]
        others = ids[ids != smallest]
        cen = centroids(x, labels, int(labels.max()) + 1)[others]
        members = labels == smallest
        labels[members] = others[np.argmax(x[members] @ cen.T, axis=1)]


def merge_similar(x: np.ndarray, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Merge the most similar pair of clusters while their centroid cosine exceeds ``threshold``."""
    labels = _relabel(labels)
    while labels.max() > 0:
        k = int(labels.max()) + 1
        cen = centroids(x, labels, k)
        sim = cen @ cen.T
        np.fill_diagonal(sim, -1.0)
        a, b = np.unravel_index(np.argmax(sim), sim.shape)
        if sim[a, b] <= threshold:
            break
        labels[labels == max(a, b)] = min(a, b)
        labels = _relabel(labels)
    return labels


def merge_groups(labels: np.ndarray, groups: list[list[int]]) -> np.ndarray:
    """Merge each group of cluster ids into its first id."""
    labels = labels.copy()
    for group in groups:
        for other in group[1:]:
            labels[labels == other] = group[0]
    return _relabel(labels)


def _relabel(labels: np.ndarray) -> np.ndarray:
    """Cluster ids 0..k-1 in order of first appearance (deterministic)."""
    if not len(labels):
        return labels.astype(np.int64)
    ids = unique_ints(labels)
    first = np.array([np.argmax(labels == i) for i in ids])
    table = np.zeros(int(ids[-1]) - int(ids[0]) + 1, dtype=np.int64)
    table[ids - ids[0]] = np.argsort(np.argsort(first))
    return table[labels - ids[0]]


def unique_ints(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (``np.unique`` is many times slower here)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
