"""``AnalysisResult``: everything the analysis found, as plain tables (no Qt, no figures).

The command line, the Excel report, the charts and the GUI all read this one object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from app.core.ingest.model import ImportResult

# Per-row analysis columns added to ``--export-csv`` (after the import columns), in this order.
ANALYSIS_EXPORT_COLUMNS: tuple[str, ...] = (
    "sentiment",  # praise | complaint | neutral: text and, where present, the rating
    "text_sentiment",  # the same judged from the text alone
    "sentiment_score",  # signed -1..1, from the text
    "clause_count",
    "aspects",  # ";"-separated aspect names in the chosen language (the result holds keys)
    "themes",  # ";"-separated theme labels
    "rating_text_mismatch",  # "1" when a 4-5 star review's text complains
)


@dataclass
class AnalysisResult:
    """The analysis of one import, language-neutral: the language it ran in changes nothing.

    Aspects are held as keys ("logistics", see :mod:`app.core.aspects.taxonomy`) and the model
    note as a number; whoever shows the result picks the words in the language it shows, with
    :mod:`app.core.naming` (``aspect_names(result.aspects, lang)``, ``joined_names``,
    ``adapted_note``). Theme labels are data (built from the reviews' words or typed by the
    user) and stay as they are.

    ``reviews`` — one row per kept review, indexed by ``review_id``: ``text``, ``followup_text``,
    ``rating`` (Int64), ``date``, ``product``, ``sku``, ``source_file``, ``source_row``,
    ``sentiment``, ``text_sentiment``, ``sentiment_score``, ``followup_sentiment`` ("" when no
    follow-up), ``clause_count``, ``aspects`` (";"-joined aspect keys), ``themes`` (";"-joined
    theme labels), ``rating_text_mismatch`` (bool), ``got_worse`` (bool: praise first, complaint in
    the 追评).

    ``clauses`` — one row per clause: ``clause_id``, ``review_id``, ``kind`` ("review" |
    "followup"), ``clause``, ``clause_code`` (equal for equal clause texts, see
    :mod:`app.core.text.codes`), ``tokens`` (space-joined), ``polarity``, ``score``, ``aspects``
    (";"-joined aspect keys), ``units`` (its opinion units, :func:`app.core.themes.units.encode` d),
    ``theme`` (theme key or ""), ``date``, ``product``, ``sku``.

    ``themes`` — one row per theme, biggest first within each polarity: ``key``, ``polarity``
    ("complaint" | "praise"), ``label``, ``size`` (clauses), ``review_count``, ``share`` (of that
    polarity's opinion clauses), ``main_aspect`` (aspect key or ""), ``terms`` (list[str]),
    ``quotes`` (list[str], up to 3), ``top_skus`` (list of (sku, count)), ``hidden`` (bool),
    ``target`` (what the tag is about: 快递), ``opinion`` (what is said of it: 慢),
    ``rating_mean`` (average stars of its rated reviews), ``low_star_share`` (of them 1–3★).

    ``aspects`` — one row per aspect with any clause, most mentioned first: ``key``,
    ``label_zh``, ``label_en`` (its names in the taxonomy the analysis used), ``praise``,
    ``complaint``, ``neutral``, ``mentions``, ``share``, ``complaint_rate``, ``praise_quotes``,
    ``complaint_quotes``, ``neutral_quotes`` (lists of str).

    ``trend`` — per period (``freq`` "W" or "M"): ``praise``, ``complaint``, ``neutral``,
    ``total``, ``praise_share``, ``complaint_share``; None without dates.
    """

    imported: ImportResult
    reviews: pd.DataFrame
    clauses: pd.DataFrame
    themes: pd.DataFrame
    aspects: pd.DataFrame
    freq: str | None = None
    trend: pd.DataFrame | None = None
    coverage: dict[str, float] = field(default_factory=dict)  # polarity -> share in a named theme
    unspecified: dict[str, int] = field(default_factory=dict)  # polarity -> reviews whose
    # opinion names nothing (很失望, 不推荐): 整体不满意 / 整体满意, never a tag
    other: dict[str, dict[str, int]] = field(default_factory=dict)  # polarity -> aspect key
    # ("" none) -> reviews in tags too rare to show (the aspect's 其他 line)
    adapted_to: int = 0  # rated reviews the sentiment model was adapted to; 0: not adapted
    self_trained_on: int = 0  # else: its own confident reviews adapted to; 0: not
    config: Any = None  # the AnalysisConfig it was made with (a re-run repeats it)

    def themes_of(self, polarity: str, *, include_hidden: bool = False) -> pd.DataFrame:
        themes = self.themes[self.themes["polarity"] == polarity]
        return themes if include_hidden else themes.loc[~themes["hidden"].astype(bool)]

    def reviews_of_theme(self, key: str) -> pd.DataFrame:
        """The reviews behind a theme (the GUI's review browser filter)."""
        ids = self.clauses.loc[self.clauses["theme"] == key, "review_id"].unique()
        return self.reviews.loc[self.reviews.index.intersection(ids)]

    @property
    def counts(self) -> dict[str, int]:
        """Reviews per overall sentiment label."""
        return self.reviews["sentiment"].value_counts().to_dict()
