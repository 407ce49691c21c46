"""Which reviews to show: a :class:`ReviewFilter` and its boolean mask over ``result.reviews``.

Pure pandas/numpy (no Qt), vectorised so a million reviews filter in well under a second.
Review-level conditions (sentiment, rating, product, SKU, dates, search words, flags) test the
review row; clause-level conditions (theme, aspect, clause polarity) must hold together for at
least one clause of the review — "reviews with a *complaint* clause about *物流*".
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

SENTIMENTS = ("praise", "complaint", "mixed", "neutral")


@dataclass(frozen=True)
class ReviewFilter:
    """Every field is optional; the empty filter keeps every review."""

    sentiment: str | None = None  # praise | complaint | mixed | neutral (overall label)
    ratings: frozenset[int] = field(default_factory=frozenset)  # empty: any rating
    theme: str | None = None  # theme key (clause-level)
    aspect: str | None = None  # aspect key (clause-level)
    clause_polarity: str | None = None  # with theme / aspect: that clause's polarity
    product: str | None = None
    sku: str | None = None
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    text: str = ""  # search words, all must occur (in the review or its 追评)
    high_stars_unhappy: bool = False  # 4–5 stars but the text complains
    got_worse: bool = False  # praise first, complaint in the 追评

    def replace(self, **changes: object) -> ReviewFilter:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_empty(self) -> bool:
        return self == ReviewFilter()

    @property
    def has_clause_terms(self) -> bool:
        return bool(self.theme or self.aspect or self.clause_polarity)


def search_words(text: str) -> list[str]:
    """The words of a search box entry (split on spaces, Chinese or Latin commas)."""
    return [w for w in re.split(r"[\s,，;；]+", text.strip()) if w]


def _text_column(reviews: pd.DataFrame, column: str) -> pd.Series:
    if column not in reviews:
        return pd.Series("", index=reviews.index, dtype=object)
    return reviews[column].fillna("").astype(str)


def _contains(values: pd.Series, word: str) -> np.ndarray:
    return values.str.contains(word, case=False, regex=False).to_numpy(dtype=bool)


def clause_mask(clauses: pd.DataFrame, flt: ReviewFilter) -> np.ndarray:
    """Clause rows meeting the clause-level conditions (all True when there are none)."""
    keep = np.ones(len(clauses), dtype=bool)
    if flt.theme:
        keep &= (clauses["theme"] == flt.theme).to_numpy(dtype=bool)
    if flt.aspect:
        tagged = (";" + clauses["aspects"].fillna("").astype(str) + ";").str
        keep &= tagged.contains(f";{flt.aspect};", regex=False).to_numpy(dtype=bool)
    if flt.clause_polarity:
        keep &= (clauses["polarity"] == flt.clause_polarity).to_numpy(dtype=bool)
    return keep


def review_mask(
    reviews: pd.DataFrame, clauses: pd.DataFrame | None, flt: ReviewFilter
) -> np.ndarray:
    """Boolean array aligned with ``reviews`` rows (``reviews`` indexed by ``review_id``)."""
    keep = np.ones(len(reviews), dtype=bool)
    if flt.sentiment:
        keep &= (reviews["sentiment"] == flt.sentiment).to_numpy(dtype=bool)
    if flt.ratings:
        ratings = reviews["rating"].astype("Float64").fillna(-1).to_numpy(dtype=float)
        keep &= np.isin(ratings, sorted(flt.ratings))
    for column, value in (("product", flt.product), ("sku", flt.sku)):
        if value is not None:
            keep &= (_text_column(reviews, column) == value).to_numpy(dtype=bool)
    if flt.date_from or flt.date_to:
        keep &= _date_mask(reviews["date"], flt.date_from, flt.date_to)
    if flt.high_stars_unhappy:
        keep &= reviews["rating_text_mismatch"].fillna(False).to_numpy(dtype=bool)
    if flt.got_worse:
        keep &= reviews["got_worse"].fillna(False).to_numpy(dtype=bool)
    words = search_words(flt.text)
    if words and keep.any():
        text = _text_column(reviews, "text")
        follow = _text_column(reviews, "followup_text")
        for word in words:
            keep &= _contains(text, word) | _contains(follow, word)
    if flt.has_clause_terms and clauses is not None and keep.any():
        ids = clauses.loc[clause_mask(clauses, flt), "review_id"].unique()
        keep &= reviews.index.isin(ids)
    return keep


def _date_mask(dates: pd.Series, start: date | None, end: date | None) -> np.ndarray:
    values = pd.to_datetime(dates, errors="coerce")
    keep = np.array(values.notna(), dtype=bool)  # a writable copy
    if start is not None:
        keep &= (values >= pd.Timestamp(start)).fillna(False).to_numpy(dtype=bool)
    if end is not None:
        limit = pd.Timestamp(end) + pd.Timedelta(days=1)
        keep &= (values < limit).fillna(False).to_numpy(dtype=bool)
    return keep


def matching_clauses(clauses: pd.DataFrame, review_id: object, flt: ReviewFilter) -> list[str]:
    """Texts of the review's clauses that meet the clause-level conditions (for highlighting)."""
    if not flt.has_clause_terms or clauses is None:
        return []
    own = clauses["review_id"] == review_id
    rows = clauses.loc[own.to_numpy(dtype=bool) & clause_mask(clauses, flt), "clause"]
    return [str(c) for c in rows if str(c).strip()]
