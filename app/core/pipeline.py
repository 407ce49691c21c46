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

from app.core import analysis_jobs as jobs
from app.core import partner as partner_mod
from app.core.aspects import taxonomy as aspect_mod
from app.core.i18n import tr
from app.core.ingest.ledger import opinions as opinion_frame
from app.core.ingest.model import ImportResult
from app.core.partner import Deferred, Partner, shared_map
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.results import AnalysisResult
from app.core.reviews.labels import add_theme_labels, label_reviews_before_themes
from app.core.reviews.trends import choose_freq, sentiment_trend
from app.core.sentiment.model import SentimentModel
from app.core.text.clauses import explode_distinct
from app.core.text.codes import factorize_chunked, take_chunked
from app.core.text.segment import load_segmenter
from app.core.themes.table import ThemeBuild


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
    """Analyse every kept review; ``progress`` goes 0 → 1, ``cancel`` is checked between chunks.

    Large inputs are shared with a second process (:mod:`app.core.partner`) on multi-core
    machines; the result is the same either way.
    """
    config = config or AnalysisConfig()
    cancel = cancel or CancelToken()
    progress(0.0, tr("准备评论", "Preparing reviews"))
    opinions = opinion_frame(imported, cancel.check)
    cancel.check()
    n_texts = len(opinions) * 3
    with Partner(partner_mod.wanted(n_texts)) as partner:
        themes_partner = partner if partner_mod.shares_themes(n_texts) else None
        return _analyse(imported, opinions, config, partner, themes_partner, progress, cancel)


def _analyse(
    imported: ImportResult,
    opinions: pd.DataFrame,
    config: AnalysisConfig,
    partner: Partner,
    themes_partner: Partner | None,
    progress: ProgressFn,
    cancel: CancelToken,
) -> AnalysisResult:
    judging = tr("判断好评和差评", "Judging praise and complaints")
    progress(0.02, judging)
    rated = opinions[(opinions["kind"] == "review") & opinions["rating"].notna()]
    adapting = None
    if config.adapt_to_ratings:
        ratings = rated["rating"].astype(int).to_numpy()
        adapting = partner.submit(jobs.adapt_model, rated["text"].tolist(), ratings, cancel=cancel)

    # Every distinct text (review, clause) is judged, segmented and tagged once, then mapped back.
    cancel.check()
    all_texts = opinions["text"].tolist()
    text_codes, texts = factorize_chunked(all_texts, cancel.check)
    cancel.check()
    splitting = tr("拆分分句", "Splitting clauses")
    owner, codes, distinct = explode_distinct(
        all_texts,
        cancel=cancel,
        factorized=(text_codes, texts),
        mapper=partial(
            shared_map,
            partner,
            progress=sub_progress(progress, 0.05, 0.12),
            cancel=cancel,
            message=splitting,
        ),
    )
    del all_texts
    cancel.check()
    clause_texts = take_chunked(distinct, codes, cancel.check)
    clauses = _clause_frame(opinions, owner, clause_texts, codes, cancel.check)
    del owner
    cancel.check()
    packs = (
        aspect_mod.detect_packs(clause_texts)
        if config.aspect_packs is None
        else tuple(config.aspect_packs)
    )
    del clause_texts
    cancel.check()
    review_chunks, clause_chunks = _chunks(texts.tolist()), _chunks(distinct.tolist())
    load_segmenter()  # before the partner forks: it inherits the dictionaries
    cancel.check()
    read = shared_map(
        partner,
        partial(jobs.read_clauses, packs),
        clause_chunks,
        progress=sub_progress(progress, 0.12, 0.45),
        cancel=cancel,
        message=tr("分词和识别评价方面", "Segmenting and finding aspects"),
    )
    distinct_tokens = np.asarray([t for part, _ in read for t in part], dtype=object)
    cancel.check()
    tokens = take_chunked(distinct_tokens, codes, cancel.check)
    del distinct_tokens
    distinct_aspects = np.asarray([a for _, part in read for a in part], dtype=object)
    del read
    cancel.check()
    aspect_keys = take_chunked(distinct_aspects, codes, cancel.check)
    del distinct_aspects

    base = SentimentModel.load()
    adapted = partner.result(adapting, cancel) if adapting is not None else None
    model = adapted or base
    judged = shared_map(
        partner,
        partial(jobs.judge, base, model),
        [(False, c) for c in review_chunks] + [(True, c) for c in clause_chunks],
        progress=sub_progress(progress, 0.45, 0.6),
        cancel=cancel,
        message=judging,
    )
    labels, scores = _joined(judged[: len(review_chunks)], len(texts))
    opinions["text_sentiment"] = _spread(labels, text_codes, None)
    opinions["score"] = _spread(scores, text_codes, np.nan)
    cancel.check()
    labels, scores = _joined(judged[len(review_chunks) :], len(distinct))
    clauses["polarity"] = labels[codes]
    clauses["score"] = scores[codes]
    cancel.check()
    clauses["tokens"] = tokens
    cancel.check()
    clauses["aspects"] = aspect_keys
    del judged, labels, scores, tokens, aspect_keys, review_chunks, clause_chunks
    cancel.check()
    del codes, text_codes, texts, distinct  # a million reviews: 100+ MB
    cancel.check()

    # A partner that finds no themes (a million reviews: memory) summarises the clauses while
    # this process names themes (it holds no clause vectors then), one part at a time.
    summary = Deferred(
        partner if themes_partner is None else Partner(enabled=False),
        {"aspects": (jobs.summarise_aspects, (clauses,)), "facts": (jobs.review_facts, (clauses,))},
    )
    building = ThemeBuild(clauses, config, themes_partner, cancel)  # praise: in the partner
    building.find_here(
        sub_progress(progress, 0.6, 0.85), cancel, lambda: summary.start_next(cancel)
    )
    summarising = tr("汇总结果", "Summarising")
    progress(0.85, summarising)
    aspects = _aspect_table(summary.result("aspects", cancel))
    facts = summary.result("facts", cancel)
    progress(0.88, summarising)
    reviews = label_reviews_before_themes(imported, opinions, clauses, cancel, facts)
    progress(0.94, tr("等待好评主题", "Waiting for praise themes"))
    themes, theme_of, coverage = building.collect(cancel)
    cancel.check()
    clauses["theme"] = theme_of
    del theme_of
    cancel.check()
    progress(0.97, summarising)
    reviews = add_theme_labels(reviews, clauses, themes, cancel)
    cancel.check()
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
        adapted_to=len(rated) if adapted is not None else 0,
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


CHUNK = 12_500  # texts per step of the per-text stages: progress and cancel in between; small
# enough that the partner never idles long while this process finishes a step


def _chunks(texts: list[str]) -> list[list[str]]:
    return [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]


def _joined(parts: list[tuple], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores of chunked judgements as two arrays of length ``n``."""
    if not parts:
        return np.empty(n, dtype=object), np.zeros(n)
    labels = np.concatenate([np.asarray(p[0], dtype=object) for p in parts])
    scores = np.concatenate([np.asarray(p[1], dtype=float) for p in parts])
    return labels, scores


def _spread(values: np.ndarray, codes: np.ndarray, missing: object) -> np.ndarray:
    """``values[codes]``, with ``missing`` where the code is -1 (a text that is not a string)."""
    out = values[np.maximum(codes, 0)] if len(values) else np.full(len(codes), missing)
    if (codes < 0).any():
        out = out.astype(object) if missing is None else out.astype(float)
        out[codes < 0] = missing
    return out


def _aspect_table(summary: pd.DataFrame) -> pd.DataFrame:
    """The aspect summary with ``key`` first (names: ``label_zh``, ``label_en``)."""
    return summary.rename(columns={"aspect": "key"}).reset_index(drop=True)


def _clause_frame(
    opinions: pd.DataFrame,
    owner: np.ndarray,
    clause_texts: np.ndarray,
    codes: np.ndarray,
    check: Callable[[], None],
) -> pd.DataFrame:
    """One row per clause; ``clause_code`` numbers the distinct clause texts (equal texts,
    equal codes: later steps factorise these integers, see :mod:`app.core.text.codes`). ``check``
    between columns (a million reviews: ~0.2 s per object column of 4M clauses)."""
    small = codes.max(initial=0) < np.iinfo(np.int32).max
    frame = pd.DataFrame({"clause_id": np.arange(len(clause_texts), dtype=np.int64)})
    for column in ("review_id", "kind", "clause", "clause_code", "date", "product", "sku"):
        if column == "clause":
            frame[column] = clause_texts
        elif column == "clause_code":
            frame[column] = codes.astype(np.int32) if small else codes
        else:
            frame[column] = opinions[column].to_numpy()[owner]
        check()
    return frame
