"""``run_analysis``: from accounted-for reviews to an :class:`AnalysisResult` (no Qt).

The stages, in the order they run: opinions (reviews and 追评) → clauses → segmentation →
sentiment (the model adapted to this shop's ratings when there are enough) → opinion units
(what is said about what) → aspects → tags (complaint and praise themes) → review labels →
trends. Each stage is a plain function of plain data. The per-text stages work
on distinct texts (reviews repeat a lot), chunk by chunk, through ``map_chunks``: in this process
by default, over worker processes when the caller passes the runtime's map (the command line and
the desktop app do); the result is the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from app.core.aspects.taxonomy import (
    detect_packs,
    joined_aspect_keys,
    load_taxonomy,
    summarize_aspects,
)
from app.core.i18n import tr
from app.core.ingest.ledger import opinions as opinion_frame
from app.core.ingest.model import ImportResult
from app.core.progress import (
    CancelToken,
    MapChunks,
    ProgressFn,
    map_here,
    no_progress,
    sub_progress,
)
from app.core.results import AnalysisResult
from app.core.reviews.labels import label_reviews
from app.core.reviews.trends import choose_freq, sentiment_trend
from app.core.sentiment.elsewhere import about_elsewhere
from app.core.sentiment.judge import judge
from app.core.sentiment.model import NEUTRAL, SentimentModel
from app.core.text.clauses import explode_distinct
from app.core.text.codes import factorize_chunked, take_chunked
from app.core.text.segment import Dictionary, current_dictionary, segment_chunk
from app.core.text_memory import (
    TextMemory,
    dictionary_stamp,
    model_stamp,
    stage_name,
    text_keys,
)
from app.core.themes.table import add_rating_costs, build_themes
from app.core.themes.units import units_chunk

READ_TEXTS_END = 0.75  # run_analysis's progress when read_texts is done
CHUNK = 12_500  # distinct texts per step of the per-text stages (progress and cancel between)


@dataclass
class AnalysisConfig:
    """Choices a user can make; the defaults suit most shops."""

    n_complaint_themes: int | None = None  # at most this many complaint tags; None: MAX_TAGS
    n_praise_themes: int | None = None
    adapt_to_ratings: bool = True  # learn this shop's vocabulary from its star ratings (too
    # few: from its reviews the model is sure of)
    aspect_packs: tuple[str, ...] | None = None  # None: packs chosen from the data
    theme_edits: bool = True  # apply the user's saved renames / merges / hides
    memory: TextMemory | None = None  # per-text results kept between analyses (a shop's)
    extra: dict[str, object] = field(default_factory=dict)


def run_analysis(
    imported: ImportResult,
    config: AnalysisConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    map_chunks: MapChunks = map_here,
) -> AnalysisResult:
    """Analyse every kept review; ``progress`` goes 0 → 1, ``cancel`` is checked between chunks."""
    config = config or AnalysisConfig()
    cancel = cancel or CancelToken()
    check = cancel.check
    stage = _Stages(progress, cancel, map_chunks, config.memory)

    reading = read_texts(imported, config, progress=progress, cancel=cancel, map_chunks=map_chunks)
    opinions, clauses, base, shop = reading.opinions, reading.clauses, reading.base, reading.shop
    distinct, clause_codes = reading.distinct, reading.clause_codes
    del reading

    packs = config.aspect_packs
    packs = tuple(packs) if packs is not None else detect_packs(clauses["clause"].to_numpy())
    finding = tr("识别评价方面", "Finding aspects")
    tagger = partial(joined_aspect_keys, load_taxonomy(), packs)
    aspect_keys = _flat(stage.map(tagger, distinct, 0.75, 0.8, finding))
    clauses["aspects"] = take_chunked(aspect_keys, clause_codes, check)
    del aspect_keys, clause_codes, distinct
    progress(0.8, tr("汇总评价方面", "Summarising aspects"))
    aspects = _aspect_table(summarize_aspects(clauses, check=check))

    themes = build_themes(
        clauses, config, progress=sub_progress(progress, 0.85, 0.93), cancel=cancel
    )
    clauses["theme"] = themes.theme_of

    progress(0.93, tr("汇总结果", "Summarising"))
    reviews = label_reviews(imported, opinions, clauses, themes.table, cancel)
    freq = choose_freq(reviews["date"])
    trend = sentiment_trend(reviews["sentiment"], reviews["date"], freq) if freq else None
    progress(1.0, tr("分析完成", "Analysis finished"))
    return AnalysisResult(
        imported=imported,
        reviews=reviews,
        clauses=clauses,
        themes=add_rating_costs(themes.table, clauses, reviews),
        aspects=aspects,
        freq=freq,
        trend=trend,
        coverage=themes.coverage,
        unspecified=themes.unspecified,
        other=themes.other,
        adapted_to=_adapted_to(base, shop, opinions),
        self_trained_on=int(shop.meta.get("self_trained_on", 0)),
        config=config,
    )


@dataclass
class TextReading:
    """The per-text stages' results: ``clauses`` with tokens, polarity, score and units."""

    opinions: pd.DataFrame
    clauses: pd.DataFrame
    distinct: np.ndarray  # the distinct clause texts; ``clause_codes`` index them
    clause_codes: np.ndarray
    base: SentimentModel
    shop: SentimentModel


def read_texts(
    imported: ImportResult,
    config: AnalysisConfig | None = None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    map_chunks: MapChunks = map_here,
) -> TextReading:
    """Clauses, segmentation, judgement and opinion units of every kept review (``progress``
    0 → :data:`READ_TEXTS_END`); with ``config.memory`` only the texts it does not hold are
    read, and what is read is kept there (``shop add`` reads a new export's texts this way)."""
    config = config or AnalysisConfig()
    cancel = cancel or CancelToken()
    check = cancel.check
    stage = _Stages(progress, cancel, map_chunks, config.memory)

    progress(0.0, tr("准备评论", "Preparing reviews"))
    opinions = opinion_frame(imported, check)
    text_codes, texts = factorize_chunked(opinions["text"].tolist(), check)

    clause_of, clause_codes, distinct = explode_distinct(
        opinions["text"].tolist(),
        cancel=cancel,
        factorized=(text_codes, texts),
        mapper=stage.mapper(0.02, 0.1, tr("拆分分句", "Splitting clauses")),
    )
    clauses = _clause_frame(opinions, clause_of, distinct, clause_codes, check)
    del clause_of
    keys = stage.keys(distinct)

    segmenting = tr("分词", "Segmenting")
    dictionary = current_dictionary()
    segment = partial(segment_chunk, dictionary)
    tokens = stage.strings(segment, distinct, 0.1, 0.4, segmenting, ("tokens", dictionary), keys)
    clauses["tokens"] = take_chunked(tokens, clause_codes, check)
    del tokens

    judging = tr("判断好评和差评", "Judging praise and complaints")
    progress(0.4, judging)
    base = SentimentModel.load()
    shop = _shop_model(base, opinions, config, cancel)
    labels, scores = stage.judged(base, shop, False, texts, 0.45, 0.5, judging)
    opinions["text_sentiment"] = _spread(labels, text_codes, None)
    opinions["score"] = _spread(scores, text_codes, np.nan)
    labels, scores = stage.judged(base, shop, True, distinct, 0.5, 0.6, judging, keys)
    clauses["polarity"] = take_chunked(labels, clause_codes, check)
    clauses["score"] = take_chunked(scores, clause_codes, check)
    elsewhere = about_elsewhere(clauses, check)  # 之前用的6，一年就卡顿了: not this purchase
    clauses.loc[elsewhere, ["polarity", "score"]] = (NEUTRAL, 0.0)
    del scores, text_codes, texts, elsewhere

    pairing = tr("找出评价对象和看法", "Finding what is said about what")
    pairs = list(zip(distinct.tolist(), labels.tolist(), strict=True))
    unit_keys = keys ^ stage.keys(labels) if keys is not None else None
    units_of = partial(units_chunk, dictionary)
    units = stage.strings(units_of, pairs, 0.6, 0.75, pairing, ("units", dictionary), unit_keys)
    clauses["units"] = take_chunked(units, clause_codes, check)
    return TextReading(opinions, clauses, distinct, clause_codes, base, shop)


class _Stages:
    """A per-text stage's chunks through ``map_chunks``, with its share of the progress bar;
    with a ``memory``, only the texts it does not hold (see :mod:`app.core.text_memory`)."""

    def __init__(
        self,
        progress: ProgressFn,
        cancel: CancelToken,
        map_chunks: MapChunks,
        memory: TextMemory | None = None,
    ) -> None:
        self.progress, self.cancel, self.map_chunks = progress, cancel, map_chunks
        self.memory = memory

    def keys(self, texts: np.ndarray) -> np.ndarray | None:
        """The texts' keys in the memory (None without one)."""
        return text_keys(texts) if self.memory is not None else None

    def mapper(self, start: float, end: float, message: str) -> Callable[..., list[Any]]:
        """``mapper(fn, chunks)`` for a stage that makes its own chunks."""
        return partial(
            self.map_chunks,
            progress=sub_progress(self.progress, start, end),
            cancel=self.cancel,
            message=message,
        )

    def map(
        self,
        fn: Callable[[list[Any]], Any],
        texts: Sequence[Any],
        start: float,
        end: float,
        message: str,
    ) -> list[Any]:
        """``fn`` of each chunk of :data:`CHUNK` texts, in order."""
        chunks = [list(texts[at : at + CHUNK]) for at in range(0, len(texts), CHUNK)]
        return self.mapper(start, end, message)(fn, chunks)

    def strings(
        self,
        fn: Callable[[list[Any]], list[str]],
        items: Sequence[Any],
        start: float,
        end: float,
        message: str,
        kept_as: tuple[str, Dictionary],
        keys: np.ndarray | None,
    ) -> np.ndarray:
        """``fn`` of every item as one object array (kept under the stage ``kept_as``)."""
        if self.memory is None or keys is None:
            return _flat(self.map(fn, items, start, end, message))
        name = stage_name(kept_as[0], dictionary_stamp(kept_as[1]))
        return self._kept(fn, items, (start, end, message), name, keys, scored=False)[0]

    def judged(
        self,
        base: SentimentModel,
        shop: SentimentModel,
        are_clauses: bool,
        texts: np.ndarray,
        start: float,
        end: float,
        message: str,
        keys: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Labels and scores of ``texts`` (:func:`judge`)."""
        fn = partial(judge, base, shop, are_clauses)
        if self.memory is None:
            return _joined(self.map(fn, texts, start, end, message))
        keys = text_keys(texts) if keys is None else keys
        name = stage_name("clause" if are_clauses else "text", model_stamp(shop))
        return self._kept(fn, texts, (start, end, message), name, keys, scored=True)

    def _kept(
        self,
        fn: Callable[[list[Any]], Any],
        items: Sequence[Any],
        shown: tuple[float, float, str],
        name: str,
        keys: np.ndarray,
        scored: bool,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The memory's values (and scores) where it holds them, ``fn`` of the other items
        (then kept there)."""
        assert self.memory is not None
        held, values, scores = self.memory.recall(name, keys)
        out, out_scores = np.empty(len(items), dtype=object), np.zeros(len(items))
        out[held], out_scores[held] = values, scores
        todo = np.flatnonzero(~held)
        if len(todo):
            parts = self.map(fn, [items[i] for i in todo], *shown)
            new, new_scores = _joined(parts) if scored else (_flat(parts), None)
            out[todo] = new
            if new_scores is not None:
                out_scores[todo] = new_scores
            self.memory.remember(name, keys[todo], new.tolist(), new_scores)
        self.progress(shown[1], shown[2])
        return out, out_scores


def _shop_model(
    base: SentimentModel, opinions: pd.DataFrame, config: AnalysisConfig, cancel: CancelToken
) -> SentimentModel:
    """The bundled model adapted to this shop's rated reviews; without enough of them, to the
    shop's reviews the bundled model is sure of (self-training); else the bundled one."""
    if not config.adapt_to_ratings:
        return base
    reviews = opinions[opinions["kind"] == "review"]
    rated = reviews[reviews["rating"].notna()]

    def fit() -> SentimentModel:
        ratings = rated["rating"].astype(int).to_numpy()
        shop = base.adapt(rated["text"].tolist(), ratings, cancel)
        if shop is base:
            shop = base.self_train(reviews["text"].tolist(), cancel)
        return shop

    if config.memory is None:
        return fit()
    return config.memory.shop_model(model_stamp(base), (len(rated), len(reviews)), fit)


def _adapted_to(base: SentimentModel, shop: SentimentModel, opinions: pd.DataFrame) -> int:
    """How many rated reviews the model was adapted to (0: not adapted)."""
    if shop is base or "self_trained_on" in shop.meta:
        return 0
    return int(((opinions["kind"] == "review") & opinions["rating"].notna()).sum())


def _flat(chunks: list[list[str]]) -> np.ndarray:
    """Per-chunk lists as one object array."""
    array = np.empty(sum(len(c) for c in chunks), dtype=object)
    at = 0
    for chunk in chunks:
        array[at : at + len(chunk)] = chunk
        at += len(chunk)
    return array


def _joined(parts: list[tuple]) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores of chunked judgements as two arrays."""
    if not parts:
        return np.empty(0, dtype=object), np.zeros(0)
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
    distinct: np.ndarray,
    codes: np.ndarray,
    check: Callable[[], None],
) -> pd.DataFrame:
    """One row per clause; ``clause_code`` numbers the distinct clause texts (equal texts,
    equal codes: later steps factorise these integers, see :mod:`app.core.text.codes`)."""
    small = codes.max(initial=0) < np.iinfo(np.int32).max
    frame = pd.DataFrame({"clause_id": np.arange(len(codes), dtype=np.int64)})
    for column in ("review_id", "kind", "clause", "clause_code", "date", "product", "sku"):
        if column == "clause":
            frame[column] = take_chunked(distinct, codes, check)
        elif column == "clause_code":
            frame[column] = codes.astype(np.int32) if small else codes
        else:
            frame[column] = opinions[column].to_numpy()[owner]
        check()
    return frame
