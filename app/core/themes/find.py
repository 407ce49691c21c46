"""Themes: clusters of complaint clauses and of praise clauses, named by what sets them apart.

``find_themes(clauses, "complaint")`` embeds that polarity's clauses once (see
:mod:`app.core.themes.vectors`), picks the number of themes by silhouette (or takes ``n_themes``),
folds tiny clusters into their neighbours, merges near-duplicates, breaks up catch-all clusters
(odds and ends with no common term: their coherent parts become themes, the rest join a similar
theme or stay out), and names each cluster with class-based TF-IDF
(:mod:`app.core.themes.labels`). Clauses without content terms (review boilerplate such as 追评 is
a stopword), or far from every centroid, stay unassigned; :func:`coverage` reports the share that
is in a theme.
Same input and ``random_state`` → same themes, ordered by size then key.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.reviews.trends import choose_freq, count_trend
from app.core.text.codes import clause_codes, take_chunked
from app.core.text.segment import load_stopwords
from app.core.themes import labels as tl
from app.core.themes import vectors as tv
from app.core.themes.edits import ThemeEdits, apply_edits
from app.core.themes.facts import Coded, aspect_codes, main_of
from app.core.themes.terms import count_terms
from app.core.themes.theme import Theme

POLARITIES = ("complaint", "praise")
MIN_SHARE = 0.015  # clusters below 1.5 % of the clauses (or 3 clauses) join their nearest theme
MIN_CLUSTER = 3
DUPLICATE_SIMILARITY = 0.8  # centroid cosine above which two clusters are one theme
DOMINANT_SIMILARITY = 0.15  # ... or above this and dominated by one of their key terms
MIN_SIMILARITY = 0.1  # clauses less similar than this to their centroid stay unassigned
# a cluster whose clauses are this dissimilar to its centre AND share no term is a catch-all
CATCHALL_SIMILARITY = 0.25  # mean cosine with the centroid below this ...
CATCHALL_SHARE = 0.15  # ... and no term in this share of its clauses
CATCHALL_SWALLOWS = 0.15  # only a catch-all holding this share of the clauses is split up
PART_SIMILARITY, PART_SHARE = 0.3, 0.2  # a part of a split catch-all: only clearly coherent
JOIN_SIMILARITY = 0.0  # a left-over catch-all clause joins its nearest theme if not opposite
# (left out instead at 0.1: coverage fell to 79-85 % on the evaluation sets, AMI no better)
USED_COLUMNS = (
    "clause_id",
    "review_id",
    "clause",
    "clause_code",
    "tokens",
    "aspects",
    "sku",
    "product",
)


def find_themes(
    clauses: pd.DataFrame,
    polarity: str,
    *,
    n_themes: int | None = None,
    edits: ThemeEdits | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    random_state: int = 0,
) -> list[Theme]:
    """Cluster the ``polarity`` clauses ("complaint" or "praise") of a clause frame into themes.

    Runs BLAS/OpenMP on one thread: on a busy 2-core machine their
    spinning worker threads made the SVD and k-means 10–15× slower, and one thread is fast
    enough at these sizes.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, not {polarity!r}")
    with threadpool_limits(1):
        return _find_themes(clauses, polarity, n_themes, edits, progress, cancel, random_state)


def _find_themes(
    clauses: pd.DataFrame,
    polarity: str,
    n_themes: int | None,
    edits: ThemeEdits | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
    random_state: int,
) -> list[Theme]:
    check = cancel.check if cancel is not None else (lambda: None)
    # the polarity's rows in clause order; columns are taken only when needed (memory)
    rows = np.flatnonzero((clauses["polarity"] == polarity).to_numpy())
    rows = rows[np.argsort(clauses["clause_id"].to_numpy()[rows], kind="stable")]

    def column(name: str) -> np.ndarray | None:
        return clauses[name].to_numpy()[rows] if name in clauses else None

    check()
    progress(0.0, tr("提取主题词", "Extracting theme terms"))
    tokens = column("tokens")
    check()
    vectors = count_terms(tokens, load_stopwords(), check, column("clause_code"))
    del tokens
    check()
    with_terms = np.flatnonzero(vectors.distinct.getnnz(axis=1)[vectors.codes] > 0)
    if len(with_terms) < MIN_CLUSTER:
        progress(1.0, tr("主题完成", "Themes done"))
        return []
    vectors.codes = vectors.codes[with_terms]
    n_opinion, rows = len(rows), rows[with_terms]
    progress(0.25, tr("计算分句向量", "Embedding clauses"))
    codes = pd.factorize(column("review_id"))[0]
    aspects = column("aspects")
    aspects = pd.Series(aspects, dtype=object) if aspects is not None else None
    x = tv.embed(vectors, codes, random_state, aspects, check)
    del codes, aspects
    check()

    choose = sub_progress(progress, 0.4, 0.7)
    if n_themes is None:

        def step(fraction: float) -> None:
            check()
            choose(fraction, tr("选择主题数", "Choosing the number of themes"))

        k = tv.choose_k(x, tv.k_range(len(x)), random_state, step)
    else:
        k = max(1, min(int(n_themes), len(x)))
    check()
    progress(0.7, tr("聚类", "Clustering"))
    labels = _cluster(x, vectors, k, polarity, random_state, merge=n_themes is None, check=check)
    check()
    progress(0.85, tr("命名主题", "Naming themes"))
    k = int(labels.max()) + 1
    similarity = tv.similarity_to(x, labels, tv.centroids(x, labels, k, check), check)
    del x  # the clause vectors are done with: naming needs only their similarities
    check()
    wanted = [c for c in USED_COLUMNS if c in clauses and c != "tokens"]
    members = pd.DataFrame(index=pd.RangeIndex(len(rows)))
    for name in wanted:
        members[name] = take_chunked(clauses[name].to_numpy(), rows, check)
        check()
    themes = _build(n_opinion, members, rows, vectors, similarity, labels, polarity, clauses, check)
    if edits is not None:
        themes = apply_edits(themes, edits, clauses)
    progress(1.0, tr("主题完成", "Themes done"))
    return themes


def _cluster(
    x: np.ndarray,
    vectors: tv.Vectors,
    k: int,
    polarity: str,
    seed: int,
    *,
    merge: bool,
    check: Callable[[], None] = lambda: None,
) -> np.ndarray:
    labels = tv.kmeans(x, k, seed, check=check) if k > 1 else np.zeros(len(x), np.int64)
    labels = labels.astype(np.int64, copy=False)
    check()
    min_size = max(MIN_CLUSTER, math.ceil(MIN_SHARE * len(x))) if merge else MIN_CLUSTER
    labels = tv.fold_small(x, labels, min_size, check)
    if merge:
        labels = tv.merge_similar(x, labels, DUPLICATE_SIMILARITY, check)
    check()
    # clusters with the same defining terms, or similar and dominated by one term, are one theme
    n = int(labels.max()) + 1
    scores, doc_freq = tl.class_tfidf(vectors, labels, n, check)
    check()
    keys = [tl.key_of(polarity, scores[j], vectors) for j in range(n)]
    groups: dict[str, list[int]] = {}
    for j, key in enumerate(keys):
        groups.setdefault(key, []).append(j)
    pairs = [g for g in groups.values() if len(g) > 1]
    if merge:
        sizes = np.bincount(labels, minlength=n)
        in_key = np.zeros_like(doc_freq, dtype=bool)
        index = {str(v): i for i, v in enumerate(vectors.vocab)}
        for j, key in enumerate(keys):
            in_key[j, [index[t] for t in key.split(":", 1)[1].split("+") if t in index]] = True
        dominant = (doc_freq >= tl.DOMINANT_SHARE * sizes[:, None]) & in_key
        shared = (dominant.astype(np.int32) @ dominant.T.astype(np.int32)) > 0
        cen = tv.centroids(x, labels, n, check)
        similar = (cen @ cen.T) >= DOMINANT_SIMILARITY
        pairs += [[a, b] for a, b in zip(*np.nonzero(np.triu(shared & similar, 1)), strict=True)]
    labels = tv.merge_groups(labels, _connected(pairs))
    if merge:
        labels = _split_catchalls(x, vectors, labels, min_size, seed, check)
    return labels


def _catchalls(
    x: np.ndarray,
    vectors: tv.Vectors,
    labels: np.ndarray,
    check: Callable[[], None],
    similarity: float = CATCHALL_SIMILARITY,
    share: float = CATCHALL_SHARE,
) -> np.ndarray:
    """Per cluster: is it a catch-all (clauses far from the centre and no common term)?"""
    k = int(labels.max()) + 1
    sizes = np.bincount(labels, minlength=k)
    # the mean cosine of unit rows with their unit centroid is |sum of the rows| / rows
    mean_similarity = np.linalg.norm(tv.cluster_sums(x, labels, k, check), axis=1)
    mean_similarity /= np.maximum(sizes, 1)
    _, doc_freq = tl.class_tfidf(vectors, labels, k, check)
    top_share = doc_freq[:, ~vectors.is_bigram].max(axis=1, initial=0) / np.maximum(sizes, 1)
    return (mean_similarity < similarity) & (top_share < share)


def _split_catchalls(
    x: np.ndarray,
    vectors: tv.Vectors,
    labels: np.ndarray,
    min_size: int,
    seed: int,
    check: Callable[[], None],
) -> np.ndarray:
    """Catch-all clusters (odds and ends k-means had to put somewhere) that swallow at least
    ``CATCHALL_SWALLOWS`` of the clauses are clustered again:
    their clearly coherent parts become themes (as long as there are at most ``k_range``'s
    largest number of themes), the rest join their nearest theme (unless ``JOIN_SIMILARITY``
    leaves them out, label -1). So no theme is a bag of unrelated clauses."""
    bad = _catchalls(x, vectors, labels, check)
    bad &= np.bincount(labels, minlength=len(bad)) >= CATCHALL_SWALLOWS * len(labels)
    if not bad.any():
        return labels
    labels = labels.copy()
    first_new = int(labels.max()) + 1
    for j in np.flatnonzero(bad):
        check()
        rows = np.flatnonzero(labels == j)
        candidates = tv.k_range(len(rows))
        if len(rows) < 2 * min_size or candidates[-1] < 2:
            continue
        part = tv.RowView(x, rows)  # no copy of the catch-all's rows
        k = tv.choose_k(part, candidates, seed, lambda _fraction: check())
        sub = tv.fold_small(part, tv.kmeans(part, k, seed, check=check), min_size, check)
        labels[rows] = int(labels.max()) + 1 + sub
    check()
    # a part of a catch-all must be clearly coherent to become a theme
    parts = _catchalls(x, vectors, labels, check, PART_SIMILARITY, PART_SHARE)
    bad = np.r_[bad, parts[len(bad) :]]
    sizes = np.bincount(labels, minlength=len(bad))
    new = np.flatnonzero(~bad & (sizes > 0) & (np.arange(len(sizes)) >= first_new))
    room = max(0, tv.k_range(len(x))[-1] - int((~bad[:first_new] & (sizes[:first_new] > 0)).sum()))
    bad[new[np.lexsort((new, -sizes[new]))][room:]] = True  # the largest new ones fit
    good = np.flatnonzero(~bad & (sizes > 0))
    if not len(good):
        return labels
    cen = tv.centroids(x, labels, len(sizes), check)[good]
    rows = np.flatnonzero(bad[labels])
    for start in range(0, len(rows), tv.CHUNK):  # a chunk of rows at a time: no copy of them all
        check()
        part = rows[start : start + tv.CHUNK]
        best = x[part] @ cen.T
        nearest = np.argmax(best, axis=1)
        joins = best[np.arange(len(part)), nearest] >= JOIN_SIMILARITY
        labels[part] = np.where(joins, good[nearest], -1)
    kept = labels >= 0
    labels[kept] = tv.merge_groups(labels[kept], [])
    return labels


def _connected(groups: list[list[int]]) -> list[list[int]]:
    """Overlapping groups joined (union-find), each sorted."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            i = parent[i]
        return i

    for group in groups:
        for other in group[1:]:
            a, b = root(group[0]), root(other)
            parent[max(a, b)] = min(a, b)
    joined: dict[int, list[int]] = {}
    for i in parent:
        joined.setdefault(root(i), []).append(i)
    return [sorted(g) for g in joined.values() if len(g) > 1]


def _build(
    n_opinion: int,
    members: pd.DataFrame,
    rows: np.ndarray,
    vectors: tv.Vectors,
    similarity: np.ndarray,
    labels: np.ndarray,
    polarity: str,
    clauses: pd.DataFrame,
    check: Callable[[], None] = lambda: None,
) -> list[Theme]:
    """Themes from cluster ``labels`` (-1: in none) and each clause's ``similarity`` to its
    cluster's centre; ``members`` are the clause rows at positions ``rows``."""
    k = int(labels.max()) + 1
    assigned = (similarity >= MIN_SIMILARITY) & (labels >= 0)  # -1: left out of every theme
    check()
    scores, doc_freq = tl.class_tfidf(vectors, np.where(assigned, labels, k), k + 1, check)
    check()
    texts = members["clause"].to_numpy(dtype=object)
    text_codes, distinct_texts = clause_codes(members)
    check()
    lengths = np.fromiter(map(len, distinct_texts), np.int64, len(distinct_texts))[text_codes]
    review_ids = members["review_id"].to_numpy()
    clause_ids = members["clause_id"].to_numpy()  # ascending: members keep clause order
    aspect_of, aspect_counts = aspect_codes(members)
    check()
    coded = {}
    for column in ("sku", "product"):
        coded[column] = Coded.of(rows, clauses, column, check)
        check()
    drafts = []
    for j in range(k):
        idx = np.where(assigned & (labels == j))[0]
        if len(idx) == 0:
            continue
        drafts.append((j, idx, tl.key_of(polarity, scores[j], vectors)))
    drafts.sort(key=lambda d: (-len(d[1]), d[2]))
    themes: list[Theme] = []
    taken: set[str] = set()
    for j, idx, key in drafts:
        check()
        label = tl.label_of(scores[j], doc_freq[j], vectors, taken, texts[idx])
        taken.add(label)
        theme_reviews = tv.unique_ints(review_ids[idx])
        themes.append(
            Theme(
                key=key,
                polarity=polarity,
                label=label,
                terms=tl.top_terms(scores[j], vectors.vocab),
                size=len(idx),
                review_count=int(theme_reviews.size),
                share=len(idx) / n_opinion,
                clause_ids=clause_ids[idx].tolist(),
                review_ids=theme_reviews.tolist(),
                quotes=tl.quotes(
                    texts[idx],
                    review_ids[idx],
                    similarity[idx],
                    lengths=lengths[idx],
                    text_codes=text_codes[idx],
                    label=label,
                ),
                main_aspect=main_of(
                    np.bincount(aspect_of[idx], minlength=len(aspect_counts)), aspect_counts
                ),
                top_skus=coded["sku"].affected(idx) if coded["sku"] else [],
                top_products=coded["product"].affected(idx) if coded["product"] else [],
                auto_label=label,
            )
        )
    return themes


def coverage(themes: list[Theme]) -> float:
    """Share of the polarity's opinion clauses that are inside a theme (hidden ones included)."""
    return float(sum(t.share for t in themes))


def assign_clauses(
    themes: list[Theme], clauses: pd.DataFrame, check: Callable[[], None] = lambda: None
) -> pd.Series:
    """The theme key of each clause row (aligned with ``clauses.index``), "" when in none; a
    clause in two themes gets the later one. ``check`` is called between themes."""
    ids = clauses["clause_id"].to_numpy()
    out = np.full(len(ids), "", dtype=object)
    if not themes or np.array_equal(ids, np.arange(len(ids))):  # no theme, or id = row
        for theme in themes:
            check()
            out[np.asarray(theme.clause_ids, dtype=np.int64)] = theme.key
        return pd.Series(out, index=clauses.index, name="theme")
    keys_of = {c: t.key for t in themes for c in t.clause_ids}
    check()
    keys = clauses["clause_id"].map(keys_of).fillna("")
    return keys.astype(str).rename("theme")


def theme_trend(theme: Theme, clauses: pd.DataFrame, freq: str | None = None) -> pd.Series:
    """Clauses of ``theme`` per week or month (``freq`` None: chosen from the date span).

    Indexed by period start over the whole span of ``clauses``' dates, zeros included; empty
    when the data has fewer than two distinct dates.
    """
    dates = pd.to_datetime(clauses["date"], errors="coerce")
    freq = freq or choose_freq(dates)
    if freq is None:
        return pd.Series(dtype="int64", name=theme.label)
    inside = clauses["clause_id"].isin(theme.clause_ids).to_numpy()
    groups = pd.Series(np.where(inside, "in", "out"), index=clauses.index)
    table = count_trend(groups, dates, freq)
    column = table["in"] if "in" in table else pd.Series(0, index=table.index)
    return column.astype("int64").rename(theme.label)
