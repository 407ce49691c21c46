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
CONTEXT_WEIGHT = 0.1
ASPECT_WEIGHT = 0.6  # pull clauses about the same aspect (物流, 尺码 …) together
BATCH = 4096
K_TOLERANCE = 0.02


@dataclass
class Vectors:
    """Term counts (unigrams + adjacent bigrams) and unit-length clause embeddings."""

    counts: sp.csr_matrix  # clauses × features, raw counts
    vocab: np.ndarray  # feature names; bigrams contain BIGRAM_SEP
    is_bigram: np.ndarray  # bool per feature
    embedding: np.ndarray  # clauses × dims, float32, unit rows


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
    return Vectors(counts, vocab, is_bigram, np.zeros((0, 0), np.float32))


def sample_rows(n: int, size: int, random_state: int) -> np.ndarray:
    """Sorted indices of a deterministic sample of at most ``size`` rows."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.default_rng(random_state).choice(n, size, replace=False))


def embed(vectors: Vectors, review_codes: np.ndarray, random_state: int) -> np.ndarray:
    """Unit-length LSA embedding of each clause, nudged towards its review's other clauses."""
    unigrams = vectors.counts[:, ~vectors.is_bigram]
    tfidf = TfidfTransformer(sublinear_tf=True).fit_transform(unigrams)
    n, n_features = tfidf.shape
    dims = min(SVD_DIMS, n_features - 1, n - 1)
    if dims >= 2:
        rows = sample_rows(n, SAMPLE, random_state)
        svd = TruncatedSVD(dims, n_iter=4, random_state=random_state).fit(tfidf[rows])
        x = normalize(svd.transform(tfidf))
    else:
        x = normalize(tfidf.toarray())
    if CONTEXT_WEIGHT > 0 and n > 0:
        n_reviews = int(review_codes.max()) + 1
        member = sp.csr_matrix((np.ones(n), (review_codes, np.arange(n))), shape=(n_reviews, n))
        context = normalize(member @ x)[review_codes]
        x = x + CONTEXT_WEIGHT * context
    return normalize(x).astype(np.float32)


def with_aspects(x: np.ndarray, aspects: pd.Series) -> np.ndarray:
    """Append weighted one-hot aspect columns so one theme rarely mixes aspects (尺码 vs 物流)."""
    keys = aspects.fillna("").astype(str)
    if not (keys != "").any():
        return x
    onehot = keys.str.get_dummies(sep=";").to_numpy(dtype=np.float32)
    onehot = normalize(onehot) * ASPECT_WEIGHT
    return normalize(np.hstack([x, onehot])).astype(np.float32)


def k_range(n: int) -> range:
    """Candidate numbers of themes for ``n`` clauses: 3..15, fewer for small data."""
    high = int(np.clip(round(np.sqrt(n) / 2), 3, 15))
    high = min(high, max(1, n // 3))
    low = min(3, high)
    return range(low, high + 1)


def kmeans(x: np.ndarray, k: int, random_state: int, n_init: int = 3) -> KMeans | MiniBatchKMeans:
    """k-means on unit rows: exact below ``FULL_KMEANS_MAX`` rows, mini-batch above."""
    if len(x) <= FULL_KMEANS_MAX:
        model = KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=random_state)
    else:
        model = MiniBatchKMeans(
            n_clusters=k, batch_size=BATCH, n_init=n_init, max_iter=30, random_state=random_state
        )
    return model.fit(x)


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
        labels = kmeans(sample, k, random_state, n_init=1).labels_
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
    """Unit-length mean of each cluster (zero rows for empty clusters)."""
    member = sp.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(x))
    )
    return normalize(np.asarray(member @ x, dtype=np.float64))


def fold_small(x: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Move members of clusters smaller than ``min_size`` to their nearest remaining cluster."""
    labels = labels.copy()
    while True:
        ids, sizes = np.unique(labels, return_counts=True)
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
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse].astype(np.int64)
