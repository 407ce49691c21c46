"""Shared pieces: the complaint tags each review holds, 含不满 per review, dates, words."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from app.core.i18n import tr
from app.core.results import AnalysisResult

Say = Callable[[str, str], str]


def words(lang: str | None) -> Say:
    """``say(zh, en)``: the text in ``lang`` (None: the current language, :func:`tr`)."""
    if lang is None:
        return tr
    return (lambda zh, en: zh) if lang == "zh" else (lambda zh, en: en)


def pct(share: float) -> str:
    """A share as a percent: whole percents from 10 %, one decimal below (0.4 %, not a "0 %"
    beside 2 of 863 reviews), "0%" only for none."""
    if share != share:  # NaN
        return "–"
    if share == 0 or share >= 0.095:
        return f"{share:.0%}"
    return f"{share:.1%}".replace(".0%", "%")


def complaint_labels(result: AnalysisResult) -> dict[str, str]:
    """Key → label of the complaint tags shown (hidden tags left out), biggest first."""
    themes = result.themes_of("complaint")
    return dict(zip(themes["key"].astype(str), themes["label"].astype(str), strict=True))


def tag_pairs(result: AnalysisResult, keys: list[str] | None = None) -> pd.DataFrame:
    """One row per (review, complaint tag) the review holds (a clause of the tag, 追评 included):
    ``review_id``, ``tag``. Only tags in ``keys`` (default: the shown complaint tags)."""
    keys = list(complaint_labels(result)) if keys is None else keys
    clauses = result.clauses
    if clauses.empty or not keys:
        return pd.DataFrame({"review_id": pd.Series([], dtype=object), "tag": []})
    picked = clauses.loc[clauses["theme"].isin(keys), ["review_id", "theme"]]
    picked = picked.drop_duplicates().rename(columns={"theme": "tag"})
    picked = picked.loc[picked["review_id"].isin(result.reviews.index)]
    return picked.reset_index(drop=True)


def complaint_mask(result: AnalysisResult) -> np.ndarray:
    """Per review (in ``result.reviews`` order): holds a complaining clause (含不满, the rule of
    :func:`app.core.reviews.unhappy.unhappy_split`, so the numbers agree with the dashboard)."""
    clauses = result.clauses
    if clauses.empty:
        return np.zeros(len(result.reviews), dtype=bool)
    ids = clauses.loc[clauses["polarity"] == "complaint", "review_id"].unique()
    return np.asarray(result.reviews.index.isin(ids))


def review_dates(result: AnalysisResult) -> pd.Series:
    """Each review's date (NaT when unknown), indexed like ``result.reviews``."""
    return pd.to_datetime(result.reviews["date"], errors="coerce")


def tag_counts(pairs: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Reviews holding each tag per group: ``groups`` maps review id → group (NaN: left out);
    rows are groups, columns tags."""
    group = pairs["review_id"].map(groups)
    frame = pd.DataFrame({"group": group.to_numpy(), "tag": pairs["tag"].to_numpy()}).dropna()
    if frame.empty:
        return pd.DataFrame()
    return frame.groupby(["group", "tag"]).size().unstack(fill_value=0)
