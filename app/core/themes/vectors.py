"""Vectors and clusters for themes: LSA of the term counts, review context, k-means.

Clauses are short (2–4 content terms), so they are embedded with LSA (TF-IDF → TruncatedSVD fitted
on a sample) and nudged towards the other same-polarity clauses of their review, which carries the
product context (“小” in a hotel review is about the room). The number of clusters is chosen by
cosine silhouette on a sample; tiny clusters are folded into their nearest neighbour and
near-duplicate clusters are merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from app.core.themes.minibatch import minibatch_centres, nearest

BIGRAM_SEP = " "  # joins two adjacent terms in a bigram feature; tokens never contain spaces
MAX_FEATURES = 30_000
SVD_DIMS = 100
SAMPLE = 15_000  # rows used to fit the SVD
CHOOSE_SAMPLE = 5_000  # rows used to choose k
SILHOUETTE_SAMPLE = 2_500
FULL_KMEANS_MAX = 20_000  # up to this many rows Lloyd's k-means, above it mini-batch k-means
KMEANS_FIT_MAX = 100_000  # rows the mini-batch k-means is fitted on
ASSIGN_CHUNK = 200_000  # rows assigned to centres per cancel check
CONTEXT_WEIGHT = 0.1
ASPECT_WEIGHT = 0.6  # pull clauses about the same aspect (物流, 尺码 …) together
EMBED_CHUNK = 100_000  # rows assembled per cancel check
CHUNK = 50_000  # rows per GIL-holding array step (centroids, similarities)
K_TOLERANCE = 0.02


@dataclass
class Vectors:
    """Term counts (unigrams + adjacent bigrams) and unit-length clause embeddings; ``vocab`` is
    sorted, so a feature's index is its rank by name. The counts are held once per distinct
    token string (``distinct``) with each clause's row of it (``codes``): at a million reviews
    a clauses × features matrix took 270 MB beside the clause vectors."""

    distinct: sp.csr_matrix  # distinct token strings × features, raw counts
    codes: np.ndarray  # clause → row of ``distinct``
    vocab: np.ndarray  # feature names; bigrams contain BIGRAM_SEP
    is_bigram: np.ndarray  # bool per feature
    embedding: np.ndarray  # clauses × dims, float32, unit rows
    meta: dict[str, Any] = field(default_factory=dict, repr=False)  # derived facts, cached

    @property
    def counts(self) -> sp.csr_matrix:
        """Clauses × features, raw counts (built on request)."""
        return self.distinct[self.codes]

    def per_class(self, labels: np.ndarray, k: int) -> sp.csr_matrix:
        """Classes × distinct rows: how many clauses of each class read each distinct row
        (``labels`` 0..k-1 per clause), so ``per_class @ distinct`` sums the counts per class."""
        ones = np.ones(len(self.codes))
        return sp.csr_matrix((ones, (labels, self.codes)), shape=(k, self.distinct.shape[0]))


class RowView:
    """Rows ``rows`` of ``x`` without copying them all: indexing (a slice, positions or a mask)
    gathers just the rows asked for. Enough of an array for :func:`kmeans`, :func:`choose_k`
    and :func:`fold_small`, which read their rows a chunk or a sample at a time."""

    def __init__(self, x: np.ndarray, rows: np.ndarray) -> None:
        self.x, self.rows = x, rows
        self.shape = (len(rows), x.shape[1])
        self.dtype = x.dtype

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, key: slice | np.ndarray) -> np.ndarray:
        if isinstance(key, np.ndarray) and key.dtype == bool:
            key = np.flatnonzero(key)
        return self.x[self.rows[key]]


Rows = np.ndarray | RowView  # clause vectors, or some of them


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

    Rows are assembled in chunks (``check`` in between) straight into one float32 array. Each
    chunk projects just the distinct token strings its rows and their reviews need, so no
    projection of every distinct clause is held beside the result (at a million reviews that
    was 400 MB at the peak); each row's numbers are the same as projecting all at once.
    """
    check = check or (lambda: None)
    unigram = ~vectors.is_bigram
    codes, distinct = vectors.codes, vectors.distinct
    tfidf = TfidfTransformer(sublinear_tf=True).fit(vectors.counts[:, unigram])  # freed at once
    weighted = tfidf.transform(distinct[:, unigram])
    n, n_features = len(codes), weighted.shape[1]
    dims = min(SVD_DIMS, n_features - 1, n - 1)
    if dims >= 2:
        rows = sample_rows(n, SAMPLE, random_state)
        check()
        svd = TruncatedSVD(dims, n_iter=4, random_state=random_state).fit(weighted[codes[rows]])
        check()

        def project(picked: np.ndarray) -> np.ndarray:
            return _unit(np.asarray(svd.transform(weighted[picked]), dtype=np.float32))

    else:
        dims = n_features

        def project(picked: np.ndarray) -> np.ndarray:
            return _unit(weighted[picked].toarray().astype(np.float32))

    member = None  # review × distinct-clause membership: a review's context
    if CONTEXT_WEIGHT > 0 and n > 0:
        n_reviews = int(review_codes.max()) + 1
        member = sp.csr_matrix(
            (np.ones(n, np.float32), (review_codes, codes)), shape=(n_reviews, weighted.shape[0])
        )
    aspect_codes, onehot = _aspect_onehot(aspects)
    width = dims + (onehot.shape[1] if onehot is not None else 0)
    out = np.empty((n, width), dtype=np.float32)
    for start in range(0, n, CHUNK):
        check()
        part = slice(start, start + CHUNK)
        x = out[part, :dims]
        if member is None:
            needed = np.unique(codes[part])
            np.take(project(needed), np.searchsorted(needed, codes[part]), axis=0, out=x)
        else:
            reviews, inverse = np.unique(review_codes[part], return_inverse=True)
            around = member[reviews]  # every clause of these reviews, in code order
            needed = np.unique(np.concatenate([codes[part], around.indices]))
            base = project(needed)
            np.take(base, np.searchsorted(needed, codes[part]), axis=0, out=x)
            context = _unit(np.asarray(around[:, needed] @ base, dtype=np.float32))
            x += np.float32(CONTEXT_WEIGHT) * context[inverse]
            _unit(x)
        if onehot is not None:
            out[part, dims:] = onehot[aspect_codes[part]]
            _unit(out[part])
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    """Rows of a float array scaled to unit length in place (zero rows stay zero)."""
    norms = np.sqrt(np.einsum("ij,ij->i", x, x))
    x /= np.where(norms > 0, norms, 1)[:, None]
    return x


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
    x: Rows,
    k: int,
    random_state: int,
    n_init: int = 3,
    check: Callable[[], None] | None = None,
) -> np.ndarray:
    """Cluster labels of unit rows: Lloyd's k-means up to ``FULL_KMEANS_MAX`` rows (the best of
    ``n_init`` seeded runs, ``check`` between); above, mini-batch k-means on a sample of
    ``KMEANS_FIT_MAX`` rows (:func:`minibatch_centres`), then every row assigned to its nearest
    centre in chunks. No step between two ``check`` calls takes long, so a cancel is quick."""
    check = check or (lambda: None)
    if len(x) <= FULL_KMEANS_MAX:
        x = x[: len(x)]  # a small copy when ``x`` is a RowView
        k = _at_most_distinct(x, k)
        models = []
        for i in range(max(1, n_init)):
            check()
            model = KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=random_state + i)
            models.append(model.fit(x))
        return min(models, key=lambda m: m.inertia_).labels_  # the first of equals
    rows = sample_rows(len(x), KMEANS_FIT_MAX, random_state)
    centres = minibatch_centres(x[rows], k, random_state, n_init, check).astype(x.dtype)
    labels = np.empty(len(x), dtype=np.int32)
    for start in range(0, len(x), ASSIGN_CHUNK):
        check()
        part = slice(start, start + ASSIGN_CHUNK)
        labels[part] = nearest(x[part], centres)[0]
    return labels


def _at_most_distinct(x: np.ndarray, k: int) -> int:
    """``k``, or the number of distinct rows of ``x`` when fewer (scikit-learn warns when asked
    for more clusters than that). The first rows nearly always settle it cheaply."""
    if len(np.unique(x[: 8 * k], axis=0)) >= k:
        return k
    return min(k, len(np.unique(x, axis=0)))


def choose_k(
    x: Rows,
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
        try:
            scores[k] = silhouette(sample, labels, SILHOUETTE_SAMPLE, random_state)
        except ValueError:  # its subsample met one cluster only (a text repeated 1,000s of times)
            continue
    if not scores:
        return steps[0]
    best = max(scores.values())
    return min(k for k, s in scores.items() if s >= best - K_TOLERANCE * abs(best))


def silhouette(x: np.ndarray, labels: np.ndarray, sample_size: int, random_state: int) -> float:
    """Mean cosine silhouette of (unit or zero) rows, as ``silhouette_score(metric="cosine",
    sample_size=..., random_state=...)`` computes it, in O(rows × clusters × dims).

    For unit rows the mean cosine distance to a cluster is one minus the dot product with the
    cluster's sum divided by its size, so no rows × rows distance matrix is needed.
    """
    if sample_size < len(x):
        rows = np.random.RandomState(random_state).permutation(len(x))[:sample_size]
        x, labels = x[rows], labels[rows]
    ids, codes = np.unique(labels, return_inverse=True)
    if not 2 <= len(ids) <= len(x) - 1:
        raise ValueError(f"silhouette needs 2..{len(x) - 1} clusters, got {len(ids)}")
    x = x.astype(np.float64)
    onehot = (np.arange(len(ids))[:, None] == codes[None, :]).astype(np.float64)
    sizes = onehot.sum(axis=1)
    dots = x @ (onehot @ x).T  # rows × clusters: sum of cosines to each cluster's members
    self_dot = np.einsum("ij,ij->i", x, x)
    mean_to = 1.0 - dots / sizes  # mean distance to every member (own row counted as 1 - |x|²)
    own = sizes[codes]
    rows = np.arange(len(x))
    intra = (own * mean_to[rows, codes] - (1.0 - self_dot)) / np.maximum(own - 1, 1)
    mean_to[rows, codes] = np.inf
    inter = mean_to.min(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        values = (inter - intra) / np.maximum(intra, inter)
    values = np.where(own > 1, np.nan_to_num(values), 0.0)
    return float(values.mean())


def _spread(candidates: range, count: int) -> list[int]:
    picks = np.linspace(candidates[0], candidates[-1], count).round().astype(int)
    return sorted(set(picks.tolist()))


def cluster_sums(
    x: Rows, labels: np.ndarray, k: int, check: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Sum of each cluster's rows (k × dims, float64): one-hot × rows as a BLAS product per
    chunk (no GIL held, no float64 copy of ``x``); rows labelled -1 count nowhere."""
    sums = np.zeros((k, x.shape[1]), dtype=np.float64)
    ids = np.arange(k)[:, None]
    for start in range(0, len(x), CHUNK):
        check()
        part = x[start : start + CHUNK]
        onehot = (ids == labels[start : start + CHUNK][None, :]).astype(part.dtype)
        sums += onehot @ part
    return sums


def centroids(
    x: Rows, labels: np.ndarray, k: int, check: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Unit-length mean of each cluster (zero rows for empty clusters)."""
    return normalize(cluster_sums(x, labels, k, check))


def similarity_to(
    x: np.ndarray, labels: np.ndarray, cen: np.ndarray, check: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Cosine of each (unit) row with its cluster's centroid: rows × centroids products in
    chunks (``check`` between), which beats gathering each row's centroid."""
    out = np.empty(len(x), dtype=np.float64)
    cen_t = np.ascontiguousarray(cen.T, dtype=np.float64)
    for start in range(0, len(x), CHUNK):
        check()
        part = slice(start, start + CHUNK)
        products = x[part] @ cen_t
        out[part] = np.take_along_axis(products, labels[part, None] % len(cen), axis=1)[:, 0]
    return out


def fold_small(
    x: Rows, labels: np.ndarray, min_size: int, check: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Move members of clusters smaller than ``min_size`` to their nearest remaining cluster."""
    labels = labels.copy()
    while True:
        check()
        counts = np.bincount(labels)
        ids = np.flatnonzero(counts)
        sizes = counts[ids]
        if len(ids) <= 1 or sizes.min() >= min_size:
            return _relabel(labels)
        smallest = ids[np.argmin(sizes)]
        others = ids[ids != smallest]
        cen = centroids(x, labels, int(labels.max()) + 1, check)[others]
        members = labels == smallest
        labels[members] = others[np.argmax(x[members] @ cen.T, axis=1)]


def merge_similar(
    x: np.ndarray, labels: np.ndarray, threshold: float, check: Callable[[], None] = lambda: None
) -> np.ndarray:
    """Merge the most similar pair of clusters while their centroid cosine exceeds ``threshold``."""
    labels = _relabel(labels)
    while labels.max() > 0:
        check()
        k = int(labels.max()) + 1
        cen = centroids(x, labels, k, check)
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
