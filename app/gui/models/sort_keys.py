"""Ascending sort orders of review-table columns, fast enough for a million rows (no Qt).

Everything here may run in a worker: the heavy steps are numpy sorts of numbers or fixed-width
strings, which release the GIL, and Python work is done in chunks, so the GUI thread keeps
running while a big column is sorted. Missing values sort last for numbers and dates; texts
sort as "" (first), like an empty cell.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

PREFIX = 12  # characters compared by the fast pass; longer ties are resolved exactly
CHUNK = 50_000


def _as_text(values: np.ndarray) -> np.ndarray:
    """Object array of ``str`` (missing → ""), converted in chunks."""
    out = np.empty(len(values), dtype=object)
    for start in range(0, len(values), CHUNK):
        part = pd.Series(values[start : start + CHUNK], dtype=object)
        out[start : start + CHUNK] = part.fillna("").astype(str).to_numpy(object)
    return out


def _chunk(texts: np.ndarray, offset: int) -> np.ndarray:
    """Characters ``offset`` … ``offset + PREFIX`` of each text, as fixed-width strings."""
    return np.array([t[offset : offset + PREFIX] for t in texts], dtype=f"U{PREFIX}")


def text_order(values: np.ndarray) -> np.ndarray:
    """Stable ascending order of texts by code point (Python's string order).

    Sorts by the first :data:`PREFIX` characters, then refines the runs that are still tied
    (and have longer texts) by the next characters, and so on: every pass is a numpy sort.
    """
    n = len(values)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    texts = _as_text(values)
    lengths = np.concatenate(  # in chunks: map() in C would hold the GIL for all rows
        [np.fromiter(map(len, texts[s : s + CHUNK]), dtype=np.int64) for s in range(0, n, CHUNK)]
    )
    key = np.concatenate([texts[s : s + CHUNK].astype(f"U{PREFIX}") for s in range(0, n, CHUNK)])
    perm = np.argsort(key, kind="stable").astype(np.int64)
    ordered = key[perm]
    boundary = np.r_[True, ordered[1:] != ordered[:-1]]
    offset = PREFIX
    while True:
        group = np.cumsum(boundary) - 1
        sizes = np.bincount(group)
        longer = np.bincount(group, weights=lengths[perm] > offset) > 0
        refine = np.flatnonzero((sizes[group] > 1) & longer[group])
        if len(refine) == 0:
            return perm
        rows = perm[refine]
        following = _chunk(texts[rows], offset)
        order = np.lexsort((following, group[refine]))  # stable; groups keep their place
        perm[refine] = rows[order]
        groups, following = group[refine][order], following[order]
        new_run = np.r_[True, (groups[1:] != groups[:-1]) | (following[1:] != following[:-1])]
        boundary[refine[new_run]] = True
        offset += PREFIX


def label_order(values: np.ndarray, labels: Mapping[str, str] | None = None) -> np.ndarray:
    """Stable order of a column with few distinct values, by their (translated) label."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    keys = [str(labels.get(str(u), "") if labels is not None else u) for u in uniques]
    rank = np.empty(len(keys) + 1, dtype=np.int64)
    rank[-1] = 0  # missing → "" (first)
    rank[: len(keys)] = np.argsort(np.argsort(np.array(keys, dtype=object), kind="stable")) + 1
    return np.argsort(rank[codes], kind="stable").astype(np.int64)


def value_order(values: np.ndarray) -> np.ndarray:
    """Stable ascending order of numbers or datetimes; NaN / NaT last."""
    return np.argsort(values, kind="stable").astype(np.int64)


def column_order(values: np.ndarray, kind: str, labels: Mapping[str, str]) -> np.ndarray:
    if kind == "text":
        return text_order(values)
    if kind == "sentiment":
        return label_order(values, labels)
    if kind == "file":
        return label_order(values)
    return value_order(values)
