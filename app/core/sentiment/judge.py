"""Judging texts with the shop's model: per chunk, so the pipeline can spread it over processes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from app.core.sentiment.delivery import SCORE, delivery_speed
from app.core.sentiment.model import COMPLAINT, NEUTRAL, PRAISE, SentimentModel
from app.core.sentiment.past_worry import past_worries

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
    base: SentimentModel, shop: SentimentModel, are_clauses: bool, texts: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`guarded_label` of ``texts``, the per-chunk job of the analysis; a text left neutral
    that tells how fast it came is praise or complaint (:mod:`app.core.sentiment.delivery`);
    clauses that tell a worry of before (之前还担心买到水货: :mod:`app.core.sentiment.past_worry`) are neutral at
    score 0."""
    labels, scores = guarded_label(base, shop, texts)
    unsaid = labels == NEUTRAL
    if unsaid.any():  # 昨天下单今天到: a plain arrival time is a verdict on delivery
        speed = delivery_speed([t for t, u in zip(texts, unsaid, strict=True) if u])
        told = np.flatnonzero(unsaid)[speed != 0]
        labels[told] = np.where(speed[speed != 0] > 0, PRAISE, COMPLAINT)
        scores[told] = speed[speed != 0] * SCORE
    if not are_clauses:
        return labels, scores
    worry = past_worries(texts)
    if worry.any():
        labels = np.where(worry, NEUTRAL, labels)
        scores = np.where(worry, 0.0, scores)
    return labels, scores
