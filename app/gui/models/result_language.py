"""Put a shown result's language-dependent names into the UI language (no Qt).

An analysis writes aspect names (``aspects["label"]``, ``reviews["aspects"]``,
``themes["main_aspect"]``) and the model note in the language it ran in. After a live language
switch :func:`localise_result` rewrites them in place, so the table, the theme list, the filters
and the charts (drawn from the result) all follow. Review text and theme names (built from the
reviews' own words or typed by the user) are data and stay as they are.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from app.core.results import AnalysisResult

_NOTE_NUMBER = re.compile(r"(\d[\d,]*)")
_NOTE_MARKERS = ("已根据本店", "Adapted to")  # the pipeline's model note, both languages


def aspect_names(result: AnalysisResult, lang: str) -> dict[str, str]:
    """Every aspect name of ``result`` (Chinese or English) → its name in ``lang``."""
    aspects = result.aspects
    if aspects is None or aspects.empty or "label_zh" not in aspects or "label_en" not in aspects:
        return {}
    target = "label_zh" if lang == "zh" else "label_en"
    names: dict[str, str] = {}
    for column in ("label_zh", "label_en", "label"):
        if column in aspects:
            for name, wanted in zip(aspects[column], aspects[target], strict=True):
                if isinstance(name, str) and name and isinstance(wanted, str) and wanted:
                    names.setdefault(name, wanted)
    return names


def _rename_joined(column: pd.Series, names: dict[str, str]) -> pd.Series:
    """``;``-joined names renamed with ``names``; each distinct value is worked out once."""
    codes, uniques = pd.factorize(column.fillna("").astype(str))
    renamed = [";".join(names.get(n, n) for n in v.split(";")) if v else "" for v in uniques]
    values = np.array([*renamed, ""], dtype=object)[codes]  # code -1 (none here) → ""
    return pd.Series(values, index=column.index, dtype=object)


def _note(note: str, lang: str) -> str:
    """The pipeline's "adapted to N rated reviews" note in ``lang`` (other notes unchanged)."""
    if not note.startswith(_NOTE_MARKERS):
        return note
    found = _NOTE_NUMBER.search(note)
    if found is None:
        return note
    n = found.group(1)
    return (
        f"已根据本店 {n} 条带星级的评论调整了判断"
        if lang == "zh"
        else f"Adapted to {n} rated reviews of this shop"
    )


def localise_result(result: AnalysisResult, lang: str) -> bool:
    """Rewrite ``result``'s aspect names and note into ``lang`` in place; True if anything changed."""
    names = aspect_names(result, lang)
    changed = False
    if names:
        if "label" in result.aspects:
            target = result.aspects["label_zh" if lang == "zh" else "label_en"]
            if not result.aspects["label"].equals(target):
                result.aspects["label"] = target.to_numpy(dtype=object)
                changed = True
        reviews = result.reviews
        if "aspects" in reviews and len(reviews):
            renamed = _rename_joined(reviews["aspects"], names)
            if not renamed.equals(reviews["aspects"].fillna("").astype(object)):
                reviews["aspects"] = renamed
                changed = True
        themes = result.themes
        if "main_aspect" in themes and len(themes):
            main = themes["main_aspect"].map(lambda a: names.get(a, a) if isinstance(a, str) else a)
            if not main.equals(themes["main_aspect"]):
                themes["main_aspect"] = main
                changed = True
    note = _note(result.model_note or "", lang)
    if note != (result.model_note or ""):
        result.model_note = note
        changed = True
    return changed
