"""Fit a shop's correction to the base sentiment model from its star ratings.

``z_shop = α·z_base + X·δ + β`` where ``z_base`` is the base model's logit and ``X`` the same
hashed n-grams: a logistic regression on ``[X, s·z_base]`` with balanced class weights (95 %
five-star shops are normal) and an L2 penalty that keeps ``δ`` small unless the shop's own
words (invented slang, product names with a bad reputation …) are consistently rated low or
high. The base logit column is multiplied by ``s`` so its weight is barely penalised.

Self-training (:func:`confident_ratings`): a shop with too few star ratings is adapted the same
way to its own reviews the base model is sure of (5★ for P ≥ 0.9, 1★ for P ≤ 0.1), so words
that keep company with its clear complaints (a product's invented nickname, a local slang word)
lean to complaint in its uncertain reviews too. The same penalty ``ADAPT_C`` as for stars.

Cancellation: every step works on at most ``ADAPT_MAX_PER_CLASS`` reviews per class (sampled
deterministically) in chunks, and the fit (L-BFGS, the same objective as scikit-learn's
``LogisticRegression``) checks the token at every evaluation, so a cancel takes effect within
a fraction of a second even for a million rated reviews.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from app.core.progress import CancelToken
from app.core.sentiment import features as sf

MIN_RATED = 50  # fewer rated reviews: no adaptation
MIN_PER_CLASS = 10  # fewer 1–2★ (or 4–5★) reviews: no adaptation
FEATURE_CHUNK = 50_000  # clauses featurised between two cancel checks (~0.3 s)
ADAPT_MAX_PER_CLASS = 10_000  # larger classes are subsampled (deterministically) for speed
ADAPT_C = 2.0  # inverse strength of the L2 penalty on the shop's n-gram corrections
# Self-training (shops without enough star ratings): a review is a pseudo-rating when the base
# model is this sure of it, |score| ≥ 0.8 (P ≥ 0.9 or ≤ 0.1) — the bar at which the app already
# trusts the n-grams alone (model.NO_OPINION_BAND), not a value scanned on evaluation sets.
SELF_CONFIDENT = 0.8
SELF_MAX_REVIEWS = 20_000  # reviews scored to find the confident ones (sampled deterministically)
SELF_MAX_PER_CLASS = 3_000  # confident reviews kept per class: a few seconds at 200k reviews


class BaseModel(Protocol):
    """What adaptation reads of the base model, a
    :class:`app.core.sentiment.model.SentimentModel` (whose :meth:`adapt` calls this module)."""

    bits: int
    max_n: int

    def features(self, texts: Sequence[str]) -> sf.Features: ...

    def logits_of(self, features: sf.Features) -> np.ndarray: ...


# The base model's logit enters the fit as one column times this (its weight is ~1/scale, so
# the L2 penalty barely touches it). 10 made the problem badly conditioned once model 1.2.0
# grew more confident: L-BFGS needed 83 iterations on a 200k-review shop (20 at 3; model 1.1.0
# at 10: 38), and the adapted model was no better (os10 洗发水/酒店/蒙牛/平板: 0.1-0.7 points
# worse than at 3).
_BASE_SCALE = 3.0
CHUNK = 100_000  # texts checked between two looks at the cancel token
CLAUSE_CHUNK = 4_000  # reviews split and scored between two looks at the cancel token
CLAUSE_DISAGREE = 0.6  # base logit (|score| ≈ 0.3) beyond which a clause contradicts its stars


def _rating_values(ratings: Sequence[float] | np.ndarray) -> np.ndarray:
    try:  # numeric arrays and lists (None → NaN) without a Python loop
        return np.asarray(ratings, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        values = [np.nan if r is None else r for r in ratings]
        return np.asarray(values, dtype=np.float64).reshape(-1)


def rated_indices(
    texts: Sequence[str], ratings: Sequence[float], cancel: CancelToken | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of texts with a usable rating and their targets: 1 for 4–5★, 0 for 1–2★
    (3★ and empty texts dropped)."""
    cancel = cancel or CancelToken()
    values = _rating_values(ratings)
    if values.size != len(texts):
        raise ValueError("texts and ratings differ in length")
    idx = np.flatnonzero((values <= 2) | (values >= 4))
    keep = np.zeros(idx.size, dtype=bool)
    for start in range(0, idx.size, CHUNK):
        cancel.check()
        part = idx[start : start + CHUNK]
        keep[start : start + part.size] = [
            isinstance(t, str) and bool(t.strip()) for t in (texts[i] for i in part)
        ]
    idx = idx[keep]
    return idx, (values[idx] >= 4).astype(np.int8)


def rated_targets(texts: Sequence[str], ratings: Sequence[float]) -> tuple[list[str], np.ndarray]:
    """Texts with a usable rating and their targets: 1 for 4–5★, 0 for 1–2★ (3★ dropped)."""
    idx, y = rated_indices(texts, ratings)
    return [texts[i] for i in idx], y


def _agreeing_clauses(
    model: BaseModel, texts: list[str], y: np.ndarray, cancel: CancelToken
) -> tuple[list[str], np.ndarray]:
    """Clauses of the rated reviews, each with its review's target, minus those the base model
    clearly reads the other way: a 4★ "物流很快，就是尺码偏小" must not teach that 偏小 is praise.
    For the same reason a praised review's clause opening with a contrast word (但是, 就是 …)
    is not taught as praise: it is the reservation."""
    from app.core.sentiment.lexicon_words import CONTRAST
    from app.core.text.clauses import explode_clauses

    reservation = tuple(CONTRAST)

    kept: list[str] = []
    targets = []
    for start in range(0, len(texts), CLAUSE_CHUNK):
        cancel.check()
        owner, clauses = explode_clauses(texts[start : start + CLAUSE_CHUNK])
        if not clauses:
            continue
        target = y[start : start + CLAUSE_CHUNK][owner]
        z = model.logits_of(model.features(clauses))
        opens_contrast = np.array([c.lstrip().startswith(reservation) for c in clauses])
        contradicts = ((target == 1) & ((z < -CLAUSE_DISAGREE) | opens_contrast)) | (
            (target == 0) & (z > CLAUSE_DISAGREE)
        )
        keep = np.flatnonzero(~contradicts)
        kept += [clauses[i] for i in keep]
        targets.append(target[keep])
    return kept, np.concatenate(targets) if targets else np.zeros(0, dtype=np.int8)


def _fit_logistic(
    design,
    target: np.ndarray,
    c: float,
    cancel: CancelToken,
    max_iter: int = 100,
    tol: float = 1e-3,
) -> tuple[np.ndarray, float]:
    """Balanced-class-weight L2 logistic regression (scikit-learn's objective, intercept not
    penalised) by L-BFGS; ``cancel`` is checked at every evaluation. ``(coef, intercept)``."""
    from scipy.optimize import minimize
    from scipy.special import expit

    y = target.astype(np.float64)
    counts = np.bincount(target, minlength=2)
    sw = (y.size / (2.0 * counts))[target]
    sw /= sw.sum()
    penalty = 1.0 / (c * y.size)  # sklearn: 1 / (C · Σ sample weights), weights summing to n
    design_t = design.T.tocsr()
    cancel.check()

    def loss_grad(w: np.ndarray) -> tuple[float, np.ndarray]:
        cancel.check()
        coef = w[:-1]
        z = design @ coef + w[-1]
        loss = float(sw @ (np.logaddexp(0.0, z) - y * z)) + 0.5 * penalty * float(coef @ coef)
        r = sw * (expit(z) - y)
        return loss, np.append(design_t @ r + penalty * coef, r.sum())

    start = np.zeros(design.shape[1] + 1)
    result = minimize(
        loss_grad,
        start,
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": tol, "ftol": 64 * np.finfo(float).eps, "maxls": 50},
    )
    return result.x[:-1], float(result.x[-1])


def fit_shop_correction(
    model: BaseModel,
    texts: Sequence[str],
    ratings: Sequence[float],
    cancel: CancelToken | None = None,
) -> tuple[float, np.ndarray, float, int] | None:
    """``(α, δ, β, n_used)`` or ``None`` when there are too few rated reviews to adapt.

    Raises :class:`app.core.progress.Cancelled` once ``cancel`` is cancelled."""
    from scipy import sparse

    cancel = cancel or CancelToken()
    cancel.check()
    rated, y = rated_indices(texts, ratings, cancel)
    reviews_per_class = np.bincount(y, minlength=2)
    if y.size < MIN_RATED or reviews_per_class.min() < MIN_PER_CLASS:
        return None
    rng = np.random.default_rng(0)
    chosen = []
    for cls in (0, 1):  # subsample reviews first: splitting 200k reviews into clauses is costly
        idx = np.flatnonzero(y == cls)
        if idx.size > ADAPT_MAX_PER_CLASS:
            idx = np.sort(rng.choice(idx, ADAPT_MAX_PER_CLASS, replace=False))
        chosen.append(idx)
    idx = np.concatenate(chosen)
    sample_texts = [texts[i] for i in rated[idx]]
    sample, target = _agreeing_clauses(model, sample_texts, y[idx], cancel)
    if np.bincount(target, minlength=2).min() < MIN_PER_CLASS:
        return None
    z_parts, x_parts = [], []
    for start in range(0, len(sample), FEATURE_CHUNK):  # long reviews: ~20 clauses each
        cancel.check()
        features = model.features(sample[start : start + FEATURE_CHUNK])
        z_parts.append(model.logits_of(features))
        x_parts.append(
            sf.design_matrix(
                features.prep, model.bits, model.max_n, features.negated, features.hashes
            )
        )
    cancel.check()
    z_base = np.concatenate(z_parts) if z_parts else np.zeros(0)
    x = sparse.vstack(x_parts, format="csr")
    del x_parts
    cancel.check()
    # Fit on the buckets that occur: an absent bucket's L2-penalised weight stays 0 anyway, and
    # L-BFGS over all 2**bits weights spent most of the fit's time on those zeros.
    active = np.flatnonzero(np.bincount(x.indices, minlength=x.shape[1]))
    cancel.check()
    column_of = np.zeros(x.shape[1], dtype=x.indices.dtype)
    column_of[active] = np.arange(active.size)
    x = sparse.csr_matrix((x.data, column_of[x.indices], x.indptr), shape=(x.shape[0], active.size))
    cancel.check()
    design = sparse.hstack([x, sparse.csr_matrix(z_base[:, None] * _BASE_SCALE)], format="csr")
    del x
    cancel.check()
    # An approximate fit is fine: δ is a small correction.
    coef, intercept = _fit_logistic(design, target, ADAPT_C, cancel)
    delta = np.zeros(2**model.bits, dtype=np.float32)
    delta[active] = coef[:-1]
    alpha = float(coef[-1] * _BASE_SCALE)
    if alpha <= 0.2:  # ratings contradict the base model wholesale: keep its judgement in
        alpha = 0.2
    return alpha, delta, intercept, int(idx.size)  # reviews used


def confident_ratings(
    model: BaseModel, texts: Sequence[str], cancel: CancelToken | None = None
) -> np.ndarray:
    """Pseudo-ratings for self-training: 5 where the base model is sure ``texts[i]`` is praise
    (score ≥ :data:`SELF_CONFIDENT`), 1 where it is sure of a complaint, NaN elsewhere, outside
    the (deterministic) sample of :data:`SELF_MAX_REVIEWS` reviews scored and beyond
    :data:`SELF_MAX_PER_CLASS` of a class."""
    cancel = cancel or CancelToken()
    ratings = np.full(len(texts), np.nan)
    idx = np.arange(len(texts))
    if idx.size > SELF_MAX_REVIEWS:
        idx = np.sort(np.random.default_rng(0).choice(idx, SELF_MAX_REVIEWS, replace=False))
    bound = float(np.log((1 + SELF_CONFIDENT) / (1 - SELF_CONFIDENT)))  # the logit of that score
    for start in range(0, idx.size, FEATURE_CHUNK // 5):
        cancel.check()
        part = idx[start : start + FEATURE_CHUNK // 5]
        z = model.logits_of(model.features([texts[i] for i in part]))
        ratings[part[z >= bound]] = 5.0
        ratings[part[z <= -bound]] = 1.0
    rng = np.random.default_rng(0)
    for star in (1.0, 5.0):
        chosen = np.flatnonzero(ratings == star)
        if chosen.size > SELF_MAX_PER_CLASS:
            drop = rng.choice(chosen, chosen.size - SELF_MAX_PER_CLASS, replace=False)
            ratings[drop] = np.nan
    return ratings
