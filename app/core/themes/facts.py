"""Facts about a theme's clauses: the SKUs/products it hits and its main aspect.

Works on integer codes: a SKU/product column is factorised once (blank cells are "unknown", never a
SKU called ""), reviews are counted per value once, and each theme's facts are bincounts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from app.core.text.codes import factorize_chunked
from app.core.themes.theme import Affected

N_AFFECTED = 5


def value_codes(values: pd.Series, sort: bool = False) -> tuple[np.ndarray, pd.Index]:
    """Codes of a SKU/product column and the distinct names; missing, empty and blank cells
    get -1 ("unknown", never a SKU called ""). One factorize; blanks dropped from the names."""
    codes, uniques = pd.factorize(values, sort=sort)
    return _without_blanks(codes, uniques)


def _without_blanks(codes: np.ndarray, uniques: Sequence[object]) -> tuple[np.ndarray, pd.Index]:
    names = pd.Index(uniques)
    blank = np.fromiter((str(u).strip() == "" for u in uniques), bool, len(uniques))
    if not blank.any():
        return codes, names
    remap = np.append(np.where(blank, -1, np.cumsum(~blank) - 1), -1)  # last: code -1 stays
    return remap[codes], names[~blank]


def column_reviews(
    clauses: pd.DataFrame, column: str, check: Callable[[], None] = lambda: None
) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Per clause row the code of its ``column`` value (-1: blank or missing), the values, and
    per value its number of distinct reviews. Factorised in chunks with ``check`` between (a
    million reviews: 4M clause cells)."""
    raw, uniques = factorize_chunked(clauses[column].to_numpy(dtype=object), check)
    codes, names = _without_blanks(raw, uniques)
    check()
    reviews = clauses["review_id"].to_numpy()
    # a review's clauses are usually adjacent and share the value: drop repeats before counting
    new = np.ones(len(codes), dtype=bool)
    new[1:] = (reviews[1:] != reviews[:-1]) | (codes[1:] != codes[:-1])
    review_codes = pd.factorize(reviews[new])[0]
    kept = codes[new]
    known = (kept >= 0) & (review_codes >= 0)
    pairs = unique_ints(review_codes[known].astype(np.int64) * len(names) + kept[known])
    check()
    return codes, names, np.bincount(pairs % max(len(names), 1), minlength=len(names))


def reviews_per(clauses: pd.DataFrame, column: str) -> pd.Series:
    """Distinct reviews per ``column`` value (values without any left out), sorted by value."""
    if column not in clauses:
        return pd.Series(dtype="int64")
    _, names, counts = column_reviews(clauses, column)
    series = pd.Series(counts, index=pd.Index(names, name=column), name="review_id")
    series = series[counts > 0]
    try:
        return series.sort_index()
    except TypeError:  # values of mixed types: first-seen order
        return series


def aspect_codes(part: pd.DataFrame) -> tuple[np.ndarray, list[dict[str, int]]]:
    """Per row a code of its distinct ``aspects`` string; per code the count of each key."""
    if "aspects" not in part:
        return np.zeros(len(part), np.int64), [{}]
    codes, uniques = pd.factorize(part["aspects"].fillna("").astype(str))
    counts = []
    for joined in uniques:
        keys: dict[str, int] = {}
        for key in (k.strip() for k in str(joined).split(";")):
            if key:
                keys[key] = keys.get(key, 0) + 1
        counts.append(keys)
    return codes, counts or [{}]


MAIN_ASPECT_SHARE = 0.2  # a theme's main aspect is named in at least this share of its clauses


def main_of(weights: np.ndarray, counts: list[dict[str, int]]) -> str | None:
    """The aspect key named most often by clauses (``weights[c]`` clauses of aspect string
    ``c``; ties: alphabetical); None when no key reaches :data:`MAIN_ASPECT_SHARE` of them
    (a theme of 满意 / 开心 whose few aspect mentions are scattered has no main aspect)."""
    total: dict[str, int] = {}
    for code in np.flatnonzero(weights):
        for key, n in counts[code].items():
            total[key] = total.get(key, 0) + n * int(weights[code])
    if not total:
        return None
    best = max(total.values())
    if best < MAIN_ASPECT_SHARE * weights.sum():
        return None
    return min(key for key, n in total.items() if n == best)


def main_aspect(part: pd.DataFrame) -> str | None:
    """The most common aspect key among the clauses (ties: alphabetical), or None (see
    :func:`main_of`)."""
    codes, counts = aspect_codes(part)
    return main_of(np.bincount(codes, minlength=len(counts)), counts)


class Coded:
    """A SKU/product column as integer codes, for counting a theme's reviews per value fast."""

    def __init__(
        self, review_codes: np.ndarray, codes: np.ndarray, names: list[str], reviews: np.ndarray
    ) -> None:
        self.review_codes = review_codes
        self.codes = codes  # -1: blank or missing
        self.names = names
        self.denominators = reviews.astype(float)  # per name: its reviews in the whole data

    @classmethod
    def of(
        cls,
        rows: np.ndarray,
        clauses: pd.DataFrame,
        column: str,
        check: Callable[[], None] = lambda: None,
    ) -> Coded | None:
        """Codes of ``clauses[column]`` at ``rows`` (positions), rates against all of
        ``clauses``; None when the column is missing or always empty."""
        if column not in clauses:
            return None
        codes, names, reviews = column_reviews(clauses, column, check)
        if not reviews.any():
            return None
        review_codes = pd.factorize(clauses["review_id"].to_numpy()[rows])[0]
        return cls(review_codes, codes[rows], [str(v) for v in names], reviews)

    def affected(self, rows: np.ndarray) -> list[Affected]:
        """Top values by distinct reviews among ``rows`` (positions), with the theme's rate."""
        codes = self.codes[rows]
        known = codes >= 0
        if not known.any():
            return []
        n_names = max(len(self.names), 1)
        pairs = unique_ints(self.review_codes[rows][known] * n_names + codes[known])
        counts = np.bincount(pairs % n_names, minlength=len(self.names))
        hit = np.flatnonzero(counts)
        rates = counts[hit] / self.denominators[hit]
        table = sorted(
            zip(hit.tolist(), counts[hit].tolist(), rates.tolist(), strict=True),
            key=lambda r: (-r[1], -r[2] if r[2] == r[2] else float("inf"), self.names[r[0]]),
        )
        return [Affected(self.names[i], int(c), float(r)) for i, c, r in table[:N_AFFECTED]]


def affected(part: pd.DataFrame, column: str, denominators: pd.Series) -> list[Affected]:
    """The SKUs/products with the most reviews in this theme, with the theme's rate in each."""
    if column not in part or denominators.empty:
        return []
    codes, names = value_codes(part[column])
    reviews = denominators.reindex(names).to_numpy(dtype=float)
    coded = Coded(pd.factorize(part["review_id"])[0], codes, [str(v) for v in names], reviews)
    return coded.affected(np.arange(len(part)))


def unique_ints(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values of an integer array (``np.unique`` is many times slower here)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
