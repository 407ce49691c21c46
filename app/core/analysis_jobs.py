"""The pipeline's heavy steps as picklable jobs, so a :class:`~app.core.partner.Partner`
process can take a share: adapting the model, judging texts, reading clauses (segmentation and
aspects), finding one polarity's themes and summarising the clauses. Each job's result depends
only on its arguments (and, for labels, the current language)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from app.core.aspects import taxonomy as aspect_mod
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.reviews.labels import ClauseFacts, clause_facts
from app.core.sentiment.model import NEUTRAL, SentimentModel
from app.core.sentiment.past_worry import past_worries
from app.core.text import segment as text_mod
from app.core.themes.find import USED_COLUMNS, Theme, find_themes

GUARD = 0.4  # a base score this clear is never overturned by the shop's adaptation


def guarded_label(
    base: SentimentModel, shop: SentimentModel, texts: Sequence[str]
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


def judge(
    base: SentimentModel, shop: SentimentModel, chunk: tuple[bool, Sequence[str]]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`guarded_label` of ``chunk = (are_clauses, texts)``; clauses that tell a worry of
    before (之前还担心买到水货: :mod:`app.core.sentiment.past_worry`) are neutral at score 0."""
    are_clauses, texts = chunk
    labels, scores = guarded_label(base, shop, texts)
    if not are_clauses:
        return labels, scores
    worry = past_worries(texts)
    if worry.any():
        labels = np.where(worry, NEUTRAL, labels)
        scores = np.where(worry, 0.0, scores)
    return labels, scores


def adapt_model(
    texts: list[str], ratings: np.ndarray, cancel: CancelToken | None = None
) -> SentimentModel | None:
    """The bundled model adapted to these rated reviews, or None when there are too few."""
    base = SentimentModel.load()
    adapted = base.adapt(texts, ratings, cancel)
    return None if adapted is base else adapted


def read_clauses(packs: tuple[str, ...], texts: Sequence[str]) -> tuple[list[str], list[str]]:
    """(space-joined tokens, ";"-joined aspect keys) of each clause."""
    texts = list(texts)
    tokens = text_mod.segment(texts)
    joined: dict[tuple[str, ...], str] = {}  # one string per combination, not per clause
    tags = [
        joined[keys] if keys in joined else joined.setdefault(keys, ";".join(keys))
        for keys in aspect_mod.tag_aspects(texts, packs=packs)
    ]
    return tokens, tags


def polarity_themes(
    clauses: pd.DataFrame,
    polarity: str,
    n_themes: int | None,
    edits: Any,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    vectors_freed: Callable[[], None] = lambda: None,
) -> list[Theme]:
    """:func:`~app.core.themes.find.find_themes` for one polarity (a job for the partner)."""
    return find_themes(
        clauses,
        polarity,
        n_themes=n_themes,
        edits=edits,
        progress=progress,
        cancel=cancel,
        vectors_freed=vectors_freed,
    )


def summarise_aspects(clauses: pd.DataFrame, cancel: CancelToken | None = None) -> pd.DataFrame:
    """:func:`~app.core.aspects.taxonomy.summarize_aspects` (a job for the partner)."""
    return aspect_mod.summarize_aspects(clauses, check=cancel.check if cancel else lambda: None)


def review_facts(clauses: pd.DataFrame, cancel: CancelToken | None = None) -> ClauseFacts:
    """:func:`~app.core.reviews.labels.clause_facts` (a job for the partner); the joined
    aspects as categories, which a million reviews send back in a fraction of the time."""
    facts = clause_facts(clauses, cancel.check if cancel else lambda: None)
    return dataclasses.replace(facts, aspects=facts.aspects.astype("category"))


def theme_columns(clauses: pd.DataFrame) -> pd.DataFrame:
    """The clause columns theme finding reads (less to send to the partner)."""
    return clauses[[c for c in (*USED_COLUMNS, "polarity") if c in clauses]]
