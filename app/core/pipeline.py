"""``run_analysis``: from accounted-for reviews to an :class:`AnalysisResult` (no Qt).

Stages: opinions (reviews and 追评) → sentiment model (adapted to this shop's ratings when
there are enough) → clauses and their polarity → segmentation → aspects → complaint and praise
themes → per-review labels, aspect summary, trends. The command line and the GUI both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from app.core import aspects as aspect_mod
from app.core import text as text_mod
from app.core.clauses import explode_distinct, factorize_texts
from app.core.i18n import get_language, tr
from app.core.ingest.ledger import opinions as opinion_frame
from app.core.ingest.model import ImportResult
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.results import AnalysisResult
from app.core.review_labels import label_reviews
from app.core.sentiment import SentimentModel
from app.core.theme_table import build_themes
from app.core.trends import choose_freq, sentiment_trend


@dataclass
class AnalysisConfig:
    """Choices a user can make; the defaults suit most shops."""

    n_complaint_themes: int | None = None  # None: chosen automatically
    n_praise_themes: int | None = None
    adapt_to_ratings: bool = True  # learn this shop's vocabulary from its star ratings
    aspect_packs: tuple[str, ...] | None = None  # None: packs chosen from the data
    theme_edits: bool = True  # apply the user's saved renames / merges / hides
    extra: dict[str, object] = field(default_factory=dict)


def run_analysis(
    imported: ImportResult,
    config: AnalysisConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> AnalysisResult:
    """Analyse every kept review; ``progress`` goes 0 → 1, ``cancel`` is checked between chunks."""
    config = config or AnalysisConfig()
    cancel = cancel or CancelToken()
    progress(0.0, tr("准备评论", "Preparing reviews"))
    opinions = opinion_frame(imported)
    cancel.check()

    progress(0.03, tr("判断好评和差评", "Judging praise and complaints"))
    base = SentimentModel.load()
    model, model_note = _shop_model(base, opinions, config, cancel)
    judge = partial(guarded_label, base, model)
    cancel.check()
    judging = tr("判断好评和差评", "Judging praise and complaints")
    # Every distinct text (review, clause) is judged, segmented and tagged once, then mapped back.
    text_codes, texts = factorize_texts(opinions["text"].tolist())
    labels, scores = _in_chunks(
        judge, texts.tolist(), sub_progress(progress, 0.04, 0.08), cancel, judging
    )
    opinions["text_sentiment"] = _spread(labels, text_codes, None)
    opinions["score"] = _spread(scores, text_codes, np.nan)

    splitting = tr("拆分分句", "Splitting clauses")
    owner, codes, distinct = explode_distinct(
        opinions["text"].tolist(),
        progress=sub_progress(progress, 0.08, 0.1),
        cancel=cancel,
        message=splitting,
    )
    clause_texts = distinct[codes]
    clauses = _clause_frame(opinions, owner, clause_texts)
    clause_labels, clause_scores = _in_chunks(
        judge, distinct.tolist(), sub_progress(progress, 0.1, 0.15), cancel, judging
    )
    clauses["polarity"] = clause_labels[codes]
    clauses["score"] = clause_scores[codes]

    tokens = text_mod.segment(
        distinct.tolist(), progress=sub_progress(progress, 0.15, 0.5), cancel=cancel
    )
    clauses["tokens"] = np.asarray(tokens, dtype=object)[codes]
    cancel.check()

    packs = (
        aspect_mod.detect_packs(clause_texts)
        if config.aspect_packs is None
        else config.aspect_packs
    )

    def tag(texts: list[str]) -> tuple[list[str]]:
        return ([";".join(t) for t in aspect_mod.tag_aspects(texts, packs=packs)],)

    finding = tr("识别评价方面", "Finding aspects")
    (aspects,) = _in_chunks(
        tag, distinct.tolist(), sub_progress(progress, 0.5, 0.55), cancel, finding
    )
    clauses["aspects"] = aspects[codes]
    del clause_texts, tokens, aspects

    themes, clauses["theme"], coverage = build_themes(
        clauses, config, progress=sub_progress(progress, 0.55, 0.9), cancel=cancel
    )
    cancel.check()

    summarising = tr("汇总结果", "Summarising")
    progress(0.92, summarising)
    reviews = label_reviews(imported, opinions, clauses, themes, cancel)
    cancel.check()
    progress(0.96, summarising)
    aspects = _aspect_table(aspect_mod.summarize_aspects(clauses))
    freq = choose_freq(reviews["date"])
    trend = sentiment_trend(reviews["sentiment"], reviews["date"], freq) if freq else None
    progress(1.0, tr("分析完成", "Analysis finished"))
    return AnalysisResult(
        imported=imported,
        reviews=reviews,
        clauses=clauses,
        themes=themes,
        aspects=aspects,
        freq=freq,
        trend=trend,
        coverage=coverage,
        model_note=model_note,
    )


def run_detached(
    imported: ImportResult,
    config: AnalysisConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> AnalysisResult:
    """:func:`run_analysis` for a child process (:mod:`app.core.process_task`).

    The result's ``imported`` is None: the caller already holds it and puts it back, so the
    import is not sent back across the process boundary.
    """
    result = run_analysis(imported, config, progress=progress, cancel=cancel)
    result.imported = None  # type: ignore[assignment]
    return result


GUARD = 0.4  # a base score this clear is never overturned by the shop's adaptation


def guarded_label(
    base: SentimentModel, shop: SentimentModel, texts: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The shop-adapted judgement, except where the base model is clearly of the other opinion.

    Star ratings label whole reviews, so a 4★ "物流很快，就是尺码偏小" teaches the adaptation that
    偏小 is praise; the guard keeps such clear clause-level complaints (and praise) as they are,
    while words the base model has no opinion on (shop slang) follow the shop's ratings.
    """
    if shop is base or not len(texts):
        return shop.label(texts)
    (labels, scores), (base_labels, base_scores) = shop.label_with(texts, (shop, base))
    overturned = (np.abs(base_scores) >= GUARD) & (np.sign(base_scores) != np.sign(scores))
    labels = np.where(overturned, base_labels, labels)
    scores = np.where(overturned, base_scores, scores)
    return labels, scores


def _shop_model(
    model: SentimentModel,
    opinions: pd.DataFrame,
    config: AnalysisConfig,
    cancel: CancelToken | None = None,
) -> tuple[SentimentModel, str]:
    if not config.adapt_to_ratings:
        return model, ""
    rated = opinions[(opinions["kind"] == "review") & opinions["rating"].notna()]
    adapted = model.adapt(rated["text"].tolist(), rated["rating"].astype(int).to_numpy(), cancel)
    if adapted is model:
        return model, ""
    return adapted, tr(
        f"已根据本店 {len(rated)} 条带星级的评论调整了判断",
        f"Adapted to {len(rated)} rated reviews of this shop",
    )


CHUNK = 50_000  # rows per step of the long vectorised stages: progress and cancel in between


def _in_chunks(
    fn: Callable[[list[str]], tuple],
    texts: list[str],
    progress: ProgressFn,
    cancel: CancelToken,
    message: str,
) -> tuple[np.ndarray, ...]:
    """Apply ``fn`` (texts -> tuple of per-text sequences) chunk by chunk and join the parts."""
    if not texts:
        return tuple(np.asarray(part, dtype=object) for part in fn([]))
    parts = []
    for start in range(0, len(texts), CHUNK):
        cancel.check()
        progress(start / len(texts), message)
        parts.append(fn(texts[start : start + CHUNK]))
    progress(1.0, message)
    return tuple(
        np.concatenate(
            [np.asarray(part, dtype=object if isinstance(part, list) else None) for part in column]
        )
        for column in zip(*parts, strict=True)
    )


def _spread(values: np.ndarray, codes: np.ndarray, missing: object) -> np.ndarray:
    """``values[codes]``, with ``missing`` where the code is -1 (a text that is not a string)."""
    out = values[np.maximum(codes, 0)] if len(values) else np.full(len(codes), missing)
    if (codes < 0).any():
        out = out.astype(object) if missing is None else out.astype(float)
        out[codes < 0] = missing
    return out


def _aspect_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The aspect summary with ``key`` and ``label`` (current language) first."""
    label_column = "label_zh" if get_language() == "zh" else "label_en"
    table = summary.rename(columns={"aspect": "key"})
    table.insert(1, "label", table[label_column])
    return table.reset_index(drop=True)


def _clause_frame(
    opinions: pd.DataFrame, owner: np.ndarray, clause_texts: np.ndarray
) -> pd.DataFrame:
    def take(column: str) -> np.ndarray:
        return opinions[column].to_numpy()[owner]

    return pd.DataFrame(
        {
            "clause_id": np.arange(len(clause_texts), dtype=np.int64),
            "review_id": take("review_id"),
            "kind": take("kind"),
            "clause": clause_texts,
            "date": take("date"),
            "product": take("product"),
            "sku": take("sku"),
        }
    )
