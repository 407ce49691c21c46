"""Integer codes for repeated texts: factorising millions of strings without long pauses.

Hashing millions of distinct Python strings is one of the slowest steps at a million reviews
(each lookup reads a string scattered somewhere in gigabytes of memory). So texts are factorised
once, in chunks with a cancel check between, and the clause frame keeps each clause's code in
its ``clause_code`` column: later steps factorise those integers instead of the texts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

CHUNK = 250_000  # texts hashed per cancel check (≈ 0.2 s at a million reviews)

try:  # pandas' own incremental factoriser (what its merges use): chunks share one hash table
    from pandas._libs.hashtable import ObjectFactorizer as _ObjectFactorizer
except ImportError:  # not public API: without it, chunks are factorised apart and merged
    _ObjectFactorizer = None


def factorize_chunked(
    values: Sequence[object] | np.ndarray, check: Callable[[], None] = lambda: None
) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` in chunks of ``CHUNK`` (``check`` between): the same codes
    (missing values -1) and distinct values, in order of first appearance."""
    array = values if isinstance(values, np.ndarray) else _objects(values)
    if len(array) <= CHUNK:
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)
    if _ObjectFactorizer is not None and array.dtype == object:
        return _factorize_incrementally(array, check)
    code_parts, unique_parts, offset = [], [], 0
    for start in range(0, len(array), CHUNK):
        check()
        part_codes, part_uniques = pd.factorize(array[start : start + CHUNK], use_na_sentinel=True)
        code_parts.append(np.where(part_codes >= 0, part_codes + offset, -1))
        unique_parts.append(np.asarray(part_uniques, dtype=object))
        offset += len(part_uniques)
    check()
    same, uniques = pd.factorize(np.concatenate(unique_parts))
    same = np.append(same, -1)  # code -1 (missing) stays -1
    return same[np.concatenate(code_parts)].astype(np.int64), np.asarray(uniques, dtype=object)


def _factorize_incrementally(
    array: np.ndarray, check: Callable[[], None]
) -> tuple[np.ndarray, np.ndarray]:
    """Chunks through one growing hash table: no final merge of every chunk's distinct values
    (at a million reviews that merge of ~3M clause texts held the cancel check for 2 s)."""
    factorizer = _ObjectFactorizer(len(array))  # sized for all: growing rehashes everything
    codes = np.empty(len(array), dtype=np.int64)
    for start in range(0, len(array), CHUNK):
        check()
        part = array[start : start + CHUNK]
        codes[start : start + CHUNK] = factorizer.factorize(part, na_sentinel=-1)
    check()
    return codes, factorizer.uniques.to_array()


def take_chunked(values: np.ndarray, codes: np.ndarray, check: Callable[[], None]) -> np.ndarray:
    """``values[codes]`` in chunks of ``CHUNK`` codes, ``check`` between (object arrays: each
    element taken touches its object, about a second for 4M clauses)."""
    out = np.empty(len(codes), dtype=values.dtype)
    for start in range(0, len(codes), CHUNK):
        check()
        np.take(values, codes[start : start + CHUNK], out=out[start : start + CHUNK])
    check()
    return out


def _objects(values: Sequence[object]) -> np.ndarray:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return array


def first_rows(codes: np.ndarray, n: int) -> np.ndarray:
    """Per code ``0..n-1`` the first row that holds it (-1 when none does)."""
    first = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(codes >= 0)[::-1]
    first[codes[rows]] = rows  # written last to first: the first row wins
    return first


def clause_codes(
    clauses: pd.DataFrame, rows: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of the ``clause`` texts (of ``rows``, positions or a mask): codes in
    order of first appearance and the distinct texts. With the pipeline's ``clause_code``
    column, integers are factorised instead of the texts (same result, a fraction of the time).
    """
    texts = clauses["clause"].to_numpy(dtype=object)
    if rows is not None:
        texts = texts[rows]
    if "clause_code" not in clauses.columns:
        return factorize_chunked(texts)
    keys = clauses["clause_code"].to_numpy()
    codes, uniques = pd.factorize(keys if rows is None else keys[rows])
    return codes.astype(np.int64, copy=False), texts[first_rows(codes, len(uniques))]


def factorize_keyed(
    values: np.ndarray,
    keys: np.ndarray,
    check: Callable[[], None] = lambda: None,
    missing: object = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` when rows with equal integer ``keys`` hold equal values (a
    clause's tokens and its ``clause_code``): each key's value is hashed once. ``missing``:
    what missing values count as (None: missing, code -1)."""
    key_codes, distinct_keys = pd.factorize(keys)
    check()
    firsts = values[first_rows(key_codes, len(distinct_keys))]
    if missing is not None:
        firsts = pd.Series(firsts, dtype=object).fillna(missing).to_numpy()
    same, uniques = factorize_chunked(firsts, check)
    return same[key_codes], uniques
