"""Themes for the pipeline: both polarities as one table, a theme key per clause, coverage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from app.core.analysis_jobs import polarity_themes, theme_columns
from app.core.memory import release_free_memory
from app.core.partner import Partner
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.themes.edits import ThemeEdits, dataset_fingerprint
from app.core.themes.find import POLARITIES, Theme, assign_clauses, coverage

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


class ThemeBuild:
    """Both polarities' themes; with an active ``partner`` process the praise themes are found
    there while this process finds the complaints (and whatever the caller does meanwhile).

    ``config`` is an ``AnalysisConfig`` (``n_complaint_themes``, ``n_praise_themes``,
    ``theme_edits``); saved edits are looked up by :func:`dataset_fingerprint`.
    """

    def __init__(
        self,
        clauses: pd.DataFrame,
        config: Any = None,
        partner: Partner | None = None,
        cancel: CancelToken | None = None,
    ) -> None:
        use_edits = getattr(config, "theme_edits", True)
        check = cancel.check if cancel is not None else (lambda: None)
        self.clauses = clauses
        self.edits = ThemeEdits.load(dataset_fingerprint(clauses, check)) if use_edits else None
        self.counts = {
            "complaint": getattr(config, "n_complaint_themes", None),
            "praise": getattr(config, "n_praise_themes", None),
        }
        self.partner = partner or Partner(enabled=False)
        self.found: dict[str, list[Theme]] = {}
        self._praise = None
        if self.partner.active:
            # a fork inherits the frame; a spawned partner gets only the columns it reads
            sent = clauses if self.partner.forks else theme_columns(clauses)
            self._praise = self.partner.submit(
                polarity_themes, sent, "praise", self.counts["praise"], self.edits
            )

    def find_here(
        self,
        progress: ProgressFn = no_progress,
        cancel: CancelToken | None = None,
        vectors_freed: Callable[[], None] = lambda: None,
    ):
        """The themes this process finds: complaints, and praise too without a partner (first:
        its clause vectors, the largest, are gone before the complaints' are made).
        ``vectors_freed`` is called whenever one polarity's clause vectors are released."""
        here = [p for p in ("praise", "complaint") if p != "praise" or self._praise is None]
        for i, polarity in enumerate(here):
            release_free_memory()  # before the clause vectors, the largest allocation
            self.found[polarity] = polarity_themes(
                self.clauses,
                polarity,
                self.counts[polarity],
                self.edits,
                progress=sub_progress(progress, i / len(here), (i + 1) / len(here)),
                cancel=cancel,
                vectors_freed=vectors_freed,
            )

    def collect(
        self, cancel: CancelToken | None = None
    ) -> tuple[pd.DataFrame, pd.Series, dict[str, float]]:
        """(themes table, theme key per clause row ("" when none), coverage per polarity)."""
        if self._praise is not None:
            self.found["praise"] = self.partner.result(self._praise, cancel)
        themes = [t for polarity in POLARITIES for t in self.found[polarity]]
        cover = {polarity: coverage(self.found[polarity]) for polarity in POLARITIES}
        table = themes_table(themes)
        check = cancel.check if cancel is not None else (lambda: None)
        check()
        return table, assign_clauses(themes, self.clauses, check), cover


def build_themes(
    clauses: pd.DataFrame,
    config: Any = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[pd.DataFrame, pd.Series, dict[str, float]]:
    """(themes table, theme key per clause row ("" when none), coverage per polarity), all
    found in this process (see :class:`ThemeBuild`)."""
    build = ThemeBuild(clauses, config, cancel=cancel)
    build.find_here(progress, cancel)
    return build.collect(cancel)


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
