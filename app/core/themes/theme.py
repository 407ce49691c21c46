"""A theme as the rest of the app sees it: a tag :mod:`app.core.themes.tags` finds and
:mod:`app.core.themes.edits` renames, merges and hides; which clauses it holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd

from app.core.reviews.trends import choose_freq, count_trend

POLARITIES = ("complaint", "praise")


class Affected(NamedTuple):
    """A SKU or product hit by a theme: ``count`` reviews, ``rate`` of that SKU's reviews."""

    name: str
    count: int
    rate: float


@dataclass
class Theme:
    """One complaint or praise theme; ``key`` survives re-runs so user edits can re-attach."""

    key: str
    polarity: str
    label: str
    terms: list[str]
    size: int
    review_count: int
    share: float
    clause_ids: list[int]
    review_ids: list[int]
    quotes: list[str]
    main_aspect: str | None = None
    top_skus: list[Affected] = field(default_factory=list)
    top_products: list[Affected] = field(default_factory=list)
    hidden: bool = False
    auto_label: str = ""  # the label found by clustering, before a rename
    merged_keys: list[str] = field(default_factory=list)  # keys merged into this theme
    target: str = ""  # what the tag is about (快递), synonyms merged
    opinion: str = ""  # what is said of it, normalised (慢)


def theme_clauses(theme: Theme, clauses: pd.DataFrame) -> pd.DataFrame:
    """The clause rows behind a theme, in clause order (the GUI's review browser)."""
    return clauses[clauses["clause_id"].isin(theme.clause_ids)].sort_values("clause_id")


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
