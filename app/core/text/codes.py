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
BLOCK = 4_096  # texts factorised at a time: their distinct values stay in the CPU cache


def factorize_chunked(
    values: Sequence[object] | np.ndarray, check: Callable[[], None] = lambda: None
) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize(values)`` in chunks of ``CHUNK`` (``check`` between): the same codes
    (missing values -1) and distinct values, in order of first appearance.

    Texts are factorised by pandas in blocks of ``BLOCK``; each block's distinct values then
    get their numbers from one dict shared by all blocks, while they are still in the CPU cache
    (4M clause texts: 2.8 s; with 250k-text blocks 4.2 s, see benchmarks/bench_codes.py).
    Numbers and other non-object arrays are factorised at once (no string hashing)."""
    array = values if isinstance(values, np.ndarray) else _objects(values)
    if len(array) <= CHUNK or array.dtype != object:
        codes, uniques = pd.factorize(array, use_na_sentinel=True)
        return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)
    numbers: dict[object, int] = {}  # distinct value → code, in order of first appearance
    codes = np.empty(len(array), dtype=np.int64)
    for start in range(0, len(array), CHUNK):
        check()
        for at in range(start, min(start + CHUNK, len(array)), BLOCK):
            block_codes, block_uniques = pd.factorize(array[at : at + BLOCK], use_na_sentinel=True)
            known = [numbers.setdefault(v, len(numbers)) for v in block_uniques.tolist()]
            known.append(-1)  # code -1 (missing) reads this last entry
            codes[at : at + BLOCK] = np.asarray(known, dtype=np.int64)[block_codes]
    check()
    uniques = np.empty(len(numbers), dtype=object)
    uniques[:] = list(numbers)
    return codes, uniques


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
