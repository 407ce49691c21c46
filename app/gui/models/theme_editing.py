"""Rename, merge and hide themes of a shown result: saved as :class:`ThemeEdits` and applied now.

No Qt. Each edit is recorded and saved for the dataset (so the next analysis applies it again,
see :mod:`app.core.themes.edits`), then applied to ``result`` in place: ``themes`` labels /
hidden flags / merged rows, ``clauses["theme"]`` for merges, and ``reviews["themes"]``.
A merged theme takes the label a re-run will give it (its two biggest parts' original names).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import pandas as pd

from app.core.results import AnalysisResult
from app.core.reviews.labels import join_theme_labels  # the same labelling the pipeline uses
from app.core.themes.edits import MERGE_SEP, ThemeEdits, dataset_fingerprint, merge_themes

if TYPE_CHECKING:  # themes pull in scikit-learn: imported when first needed (faster start-up)
    from app.core.themes.theme import Theme


class ThemeEditor:
    """Edits of one result; ``edits`` is loaded once for the dataset."""

    def __init__(self, result: AnalysisResult) -> None:
        self.result = result
        self.edits = ThemeEdits.load(dataset_fingerprint(result.clauses))

    # -- lookups ------------------------------------------------------------------------------------
    def _row(self, key: str) -> pd.Series:
        rows = self.result.themes[self.result.themes["key"] == key]
        if rows.empty:
            raise KeyError(key)
        return rows.iloc[0]

    def theme(self, key: str, *, auto_label: bool = False) -> Theme:
        """A :class:`Theme` rebuilt from the table and the clauses (for recording an edit)."""
        row = self._row(key)
        clauses = self.result.clauses
        members = clauses[clauses["theme"] == key]
        label = str(row["auto_label"] or row["label"]) if auto_label else str(row["label"])
        from app.core.themes.theme import Theme

        return Theme(
            key=key,
            polarity=str(row["polarity"]),
            label=label,
            terms=list(row["terms"]),
            size=int(row["size"]),
            review_count=int(row["review_count"]),
            share=float(row["share"]),
            clause_ids=sorted(int(c) for c in members["clause_id"]),
            review_ids=sorted(int(r) for r in members["review_id"].unique()),
            quotes=list(row["quotes"]),
            hidden=bool(row["hidden"]),
            auto_label=str(row["auto_label"] or row["label"]),
            merged_keys=key.split(MERGE_SEP) if MERGE_SEP in key else [],
        )

    # -- edits ----------------------------------------------------------------------------------------
    def rename(self, key: str, label: str) -> str:
        """Give theme ``key`` the name ``label`` (empty: back to the automatic name)."""
        theme = self.theme(key)
        self.edits.rename(theme, label)
        self.edits.save()
        shown = label.strip() or theme.auto_label
        themes = self.result.themes
        themes.loc[themes["key"] == key, "label"] = shown
        self._relabel_reviews()
        return shown

    def set_hidden(self, key: str, hidden: bool) -> None:
        self.edits.hide(self.theme(key), hidden)
        self.edits.save()
        themes = self.result.themes
        themes.loc[themes["key"] == key, "hidden"] = hidden
        self._relabel_reviews()

    def merge(self, keys: list[str]) -> str:
        """Merge two or more themes of one polarity; returns the merged theme's key."""
        keys = list(dict.fromkeys(keys))
        if len(keys) < 2:
            raise ValueError("merging needs at least two themes")
        parts = [self.theme(k, auto_label=True) for k in keys]
        if len({p.polarity for p in parts}) != 1:
            raise ValueError("only themes of one polarity can be merged")
        new_key = self.edits.merge(parts)
        self.edits.save()
        merged = merge_themes(parts, new_key, self.result.clauses)
        merged = dataclasses.replace(merged, hidden=False)
        clauses = self.result.clauses
        clauses.loc[clauses["theme"].isin(keys), "theme"] = new_key
        themes = self.result.themes
        rest = themes[~themes["key"].isin(keys)]
        from app.core.themes.table import themes_table
        from app.core.themes.theme import POLARITIES

        table = pd.concat([rest, themes_table([merged])], ignore_index=True)
        order = {p: i for i, p in enumerate(POLARITIES)}
        table = table.assign(_p=table["polarity"].map(order), _s=-table["review_count"])
        table = table.sort_values(["_p", "_s", "key"], kind="stable").drop(columns=["_p", "_s"])
        self.result.themes = table.reset_index(drop=True)
        self._relabel_reviews()
        return new_key

    def _relabel_reviews(self) -> None:
        reviews = self.result.reviews
        joined = join_theme_labels(self.result.clauses, self.result.themes)
        reviews["themes"] = joined.reindex(reviews.index, fill_value="").astype(str)
