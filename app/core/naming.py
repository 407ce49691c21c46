"""Words for the language-neutral codes of an :class:`~app.core.results.AnalysisResult`.

A result holds aspect keys ("logistics") and numbers, whatever the language it ran in; whoever
shows it (command line, report, CSV export, charts, GUI) picks the words here, in the language
it shows ("zh" or "en").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from app.core.errors import InputFileError


def aspect_names(aspects: pd.DataFrame | None, lang: str) -> dict[str, str]:
    """Aspect key → its name in ``lang``: as the result's ``aspects`` table (``key``,
    ``label_zh``, ``label_en``) recorded it, else the taxonomy's (a key unknown to both is shown
    as itself, see :func:`aspect_name`)."""
    from app.core.aspects.taxonomy import load_taxonomy

    try:
        names = dict(load_taxonomy().labels(lang))
    except InputFileError:  # a broken user taxonomy must not stop a result being shown
        names = {}
    column = "label_zh" if lang == "zh" else "label_en"
    if aspects is not None and "key" in aspects and column in aspects:
        for key, name in zip(aspects["key"], aspects[column], strict=True):
            if isinstance(name, str) and name:
                names[str(key)] = name
    return names


def aspect_name(key: object, names: Mapping[str, str]) -> str:
    """The name of one aspect key ("" for none; an unknown key as itself)."""
    if not isinstance(key, str) or not key:
        return ""
    return names.get(key, key)


def joined_names(column: pd.Series, names: Mapping[str, str], sep: str = ";") -> pd.Series:
    """``";"``-joined aspect keys as names joined with ``sep`` ("" stays ""); each distinct
    value is worked out once (a million reviews hold a few hundred distinct ones)."""
    codes, uniques = pd.factorize(column.astype(object).where(column.notna(), ""))
    named = [sep.join(aspect_name(k, names) for k in str(v).split(";") if k) for v in uniques]
    values = np.array([*named, ""], dtype=object)[codes]  # code -1 (none: NaN filled) → ""
    return pd.Series(values, index=column.index, dtype=object)


def adapted_note(adapted_to: int, lang: str, self_trained_on: int = 0) -> str:
    """The sentence for :attr:`AnalysisResult.adapted_to` or, without star ratings,
    :attr:`AnalysisResult.self_trained_on` ("" when the model was not adapted)."""
    if adapted_to <= 0 and self_trained_on > 0:
        if lang == "zh":
            return f"本店带星级的评论太少，已根据 {self_trained_on} 条判断明确的评论调整了判断"
        return (
            f"Too few rated reviews: adapted to {self_trained_on} reviews of this shop "
            "whose sentiment is clear"
        )
    if adapted_to <= 0:
        return ""
    if lang == "zh":
        return f"已根据本店 {adapted_to} 条带星级的评论调整了判断"
    return f"Adapted to {adapted_to} rated reviews of this shop"


def by_count(themes: pd.DataFrame) -> pd.DataFrame:
    """Tags in the order a reader checks them: the review count shown, biggest first (ties keep
    the result's order)."""
    return themes.sort_values("review_count", ascending=False, kind="stable")


def stars(value: object) -> float | None:
    """An average star rating to show (None: no rated review holds it)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number


def unspecified_line(result_unspecified: Mapping[str, int], polarity: str, lang: str) -> str:
    """「另有 N 条评论整体不满意，没说具体原因」 ("" when there are none)."""
    n = int(result_unspecified.get(polarity, 0))
    if n <= 0:
        return ""
    if lang == "zh":
        mood = "不满意" if polarity == "complaint" else "满意"
        return f"另有 {n:,} 条评论整体{mood}，没说具体原因"
    mood = "unhappy" if polarity == "complaint" else "happy"
    return f"{n:,} more reviews are {mood} overall without saying why"
