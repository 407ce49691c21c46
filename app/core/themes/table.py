"""Themes for the pipeline: both polarities as one table, a theme key per clause, coverage."""

from __future__ import annotations

from typing import Any

import pandas as pd

from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.themes.edits import ThemeEdits, dataset_fingerprint
from app.core.themes.find import POLARITIES, Theme, assign_clauses, coverage, find_themes

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
)


def build_themes(
    clauses: pd.DataFrame,
    config: Any = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[pd.DataFrame, pd.Series, dict[str, float]]:
    """(themes table, theme key per clause row ("" when none), coverage per polarity).

    ``config`` is an ``AnalysisConfig`` (``n_complaint_themes``, ``n_praise_themes``,
    ``theme_edits``); saved edits are looked up by :func:`dataset_fingerprint`.
    """
    check = cancel.check if cancel is not None else (lambda: None)
    use_edits = getattr(config, "theme_edits", True)
    edits = ThemeEdits.load(dataset_fingerprint(clauses, check)) if use_edits else None
    counts = {
        "complaint": getattr(config, "n_complaint_themes", None),
        "praise": getattr(config, "n_praise_themes", None),
    }
    found: dict[str, list[Theme]] = {}
    for i, polarity in enumerate(POLARITIES):
        found[polarity] = find_themes(
            clauses,
            polarity,
            n_themes=counts[polarity],
            edits=edits,
            progress=sub_progress(progress, i / len(POLARITIES), (i + 1) / len(POLARITIES)),
            cancel=cancel,
        )
    themes = [t for polarity in POLARITIES for t in found[polarity]]
    cover = {polarity: coverage(found[polarity]) for polarity in POLARITIES}
    table = themes_table(themes)
    check()
    return table, assign_clauses(themes, clauses, check), cover


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
        }
        for t in themes
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    # With no theme every column would be object: type the ones filtered and summed on.
    return table.astype({"size": "int64", "review_count": "int64", "share": "float64",
                         "hidden": "bool"})  # fmt: skip
