"""Themes for the pipeline: both polarities' tags as one table, a theme key per clause."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.core.aspects.taxonomy import load_taxonomy
from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.themes.edits import ThemeEdits, apply_edits, dataset_fingerprint
from app.core.themes.tags import MAX_TAGS, find_tags
from app.core.themes.theme import POLARITIES, Theme, assign_clauses, coverage

COLUMNS = (
    "key",
    "polarity",
    "label",
    "size",
    "review_count",
    "share",
    "main_aspect",
    "terms",
    "quotes",
    "top_skus",
    "top_products",
    "hidden",
    "auto_label",
    "target",
    "opinion",
)


@dataclass
class Themes:
    """The themes of an analysis: the table, each clause's theme key ("" for none), the share
    of each polarity's opinion clauses in a theme, and per polarity what is not a tag: reviews
    whose opinion names nothing (很失望) and, per aspect, reviews in tags too rare to show."""

    table: pd.DataFrame
    theme_of: pd.Series
    coverage: dict[str, float]
    unspecified: dict[str, int] = field(default_factory=dict)
    other: dict[str, dict[str, int]] = field(default_factory=dict)


def build_themes(
    clauses: pd.DataFrame,
    config: Any = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Themes:
    """Complaint and praise tags of a clause frame with ``units`` (see :mod:`.tags`).

    ``config`` is an ``AnalysisConfig`` (``theme_edits``; ``n_complaint_themes`` /
    ``n_praise_themes``: at most that many tags); saved renames, merges and hides are looked up
    by :func:`dataset_fingerprint` and applied.
    """
    check = cancel.check if cancel is not None else (lambda: None)
    use_edits = getattr(config, "theme_edits", True)
    edits = ThemeEdits.load(dataset_fingerprint(clauses, check)) if use_edits else None
    taxonomy = load_taxonomy()
    found: dict[str, list[Theme]] = {}
    apart = Themes(pd.DataFrame(), pd.Series(dtype=object), {})
    for i, polarity in enumerate(POLARITIES):
        progress(i / len(POLARITIES), tr("归纳评价标签", "Grouping opinions into tags"))
        limit = getattr(config, f"n_{polarity}_themes", None) or MAX_TAGS
        tagged = find_tags(clauses, polarity, taxonomy, check, limit=limit)
        themes = tagged.themes
        if edits is not None:
            themes = apply_edits(themes, edits, clauses)
        found[polarity] = themes
        apart.unspecified[polarity] = tagged.unspecified
        apart.other[polarity] = tagged.other
    themes = [t for polarity in POLARITIES for t in found[polarity]]
    apart.coverage = {polarity: coverage(found[polarity]) for polarity in POLARITIES}
    apart.table = themes_table(themes)
    check()
    apart.theme_of = assign_clauses(themes, clauses, check)
    progress(1.0, tr("归纳评价标签", "Grouping opinions into tags"))
    return apart


def themes_table(themes: list[Theme]) -> pd.DataFrame:
    """One row per theme; ``main_aspect`` as an aspect key ("" for none),
    ``top_skus``/``top_products`` as (name, count) pairs."""
    rows = [
        {
            "key": t.key,
            "polarity": t.polarity,
            "label": t.label,
            "size": t.size,
            "review_count": t.review_count,
            "share": t.share,
            "main_aspect": t.main_aspect or "",
            "terms": list(t.terms),
            "quotes": list(t.quotes),
            "top_skus": [(a.name, a.count) for a in t.top_skus],
            "top_products": [(a.name, a.count) for a in t.top_products],
            "hidden": t.hidden,
            "auto_label": t.auto_label,
            "target": t.target,
            "opinion": t.opinion,
        }
        for t in themes
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    # With no theme every column would be object: type the ones filtered and summed on.
    return table.astype({"size": "int64", "review_count": "int64", "share": "float64",
                         "hidden": "bool"})  # fmt: skip


def add_rating_costs(
    table: pd.DataFrame, clauses: pd.DataFrame, reviews: pd.DataFrame
) -> pd.DataFrame:
    """``table`` with what each theme costs in stars: ``rating_mean`` (average stars of its
    rated reviews, NaN without any) and ``low_star_share`` (share of them with 1–3★)."""
    table = table.copy()
    ratings = reviews["rating"].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
    rating_of = pd.Series(ratings, index=reviews.index)
    themed = clauses.loc[clauses["theme"] != "", ["theme", "review_id"]].drop_duplicates()
    stars = themed.assign(stars=rating_of.reindex(themed["review_id"]).to_numpy()).dropna()
    low = stars.assign(low=stars["stars"] <= 3).groupby("theme")["low"].mean()
    table["rating_mean"] = table["key"].map(stars.groupby("theme")["stars"].mean()).astype(float)
    table["low_star_share"] = table["key"].map(low).astype(float)
    return table
