"""A theme as the rest of the app sees it: what :mod:`app.core.themes.find` finds and
:mod:`app.core.themes.edits` renames, merges and hides."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import pandas as pd


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
