"""Fit a shop's correction to the base sentiment model from its star ratings.

``z_shop = α·z_base + X·δ + β`` where ``z_base`` is the base model's logit and ``X`` the same
hashed n-grams: a logistic regression on ``[X, s·z_base]`` with balanced class weights (95 %
five-star shops are normal) and an L2 penalty that keeps ``δ`` small unless the shop's own
words (invented slang, product names with a bad reputation …) are consistently rated low or
high. The base logit column is multiplied by ``s`` so its weight is barely penalised.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from app.core import sentiment_features as sf

if TYPE_CHECKING:
    from app.core.sentiment import SentimentModel

_BASE_SCALE = 10.0


def rated_targets(texts: Sequence[str], ratings: Sequence[float]) -> tuple[list[str], np.ndarray]:
    """Texts with a usable rating and their targets: 1 for 4–5★, 0 for 1–2★ (3★ dropped)."""
    values = np.asarray([np.nan if r is None else r for r in ratings], dtype=np.float64).reshape(-1)
    if values.size != len(texts):
        raise ValueError("texts and ratings differ in length")
    keep = ((values <= 2) | (values >= 4)) & np.asarray(
        [isinstance(t, str) and bool(t.strip()) for t in texts], dtype=bool
    )
    idx = np.flatnonzero(keep)
    return [texts[i] for i in idx], (values[idx] >= 4).astype(np.int8)


CLAUSE_DISAGREE = 0.6  # base logit (|score| ≈ 0.3) beyond which a clause contradicts its stars


def _agreeing_clauses(
    model: SentimentModel, texts: list[str], y: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """Clauses of the rated reviews, each with its review's target, minus those the base model
    clearly reads the other way: a 4★ "物流很快，就是尺码偏小" must not teach that 偏小 is praise."""
    from app.core.clauses import explode_clauses

    owner, clauses = explode_clauses(texts)
    if not clauses:
        return [], np.zeros(0, dtype=np.int8)
    target = y[owner]
    z = model._logits(clauses)[0]
    contradicts = ((target == 1) & (z < -CLAUSE_DISAGREE)) | ((target == 0) & (z > CLAUSE_DISAGREE))
    keep = np.flatnonzero(~contradicts)
    return [clauses[i] for i in keep], target[keep]


def fit_shop_correction(
    model: SentimentModel, texts: Sequence[str], ratings: Sequence[float]
) -> tuple[float, np.ndarray, float, int] | None:
    """``(α, δ, β, n_used)`` or ``None`` when there are too few rated reviews to adapt."""
    from scipy import sparse
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    from app.core.sentiment import ADAPT_C, ADAPT_MAX_PER_CLASS, MIN_PER_CLASS, MIN_RATED

    rated, y = rated_targets(list(texts), ratings)
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
    sample, target = _agreeing_clauses(model, [rated[i] for i in idx], y[idx])
    if np.bincount(target, minlength=2).min() < MIN_PER_CLASS:
        return None
    z_base = model._logits(sample)[0]
    prep = sf.prepare(sample)
    x = sf.design_matrix(prep, model.bits, model.max_n)
    # Fit on the buckets that occur: an absent bucket's L2-penalised weight stays 0 anyway, and
    # L-BFGS over all 2**bits weights spent most of the fit's time on those zeros.
    active = np.flatnonzero(np.bincount(x.indices, minlength=x.shape[1]))
    x = sparse.csr_matrix(
        (x.data, np.searchsorted(active, x.indices), x.indptr), shape=(x.shape[0], active.size)
    )
    design = sparse.hstack([x, sparse.csr_matrix(z_base[:, None] * _BASE_SCALE)], format="csr")
    clf = LogisticRegression(C=ADAPT_C, class_weight="balanced", max_iter=100, tol=1e-3)
    with warnings.catch_warnings():  # an approximate fit is fine: δ is a small correction
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(design, target)
    coef = clf.coef_[0]
    delta = np.zeros(2**model.bits, dtype=np.float32)
    delta[active] = coef[:-1]
    alpha = float(coef[-1] * _BASE_SCALE)
    if alpha <= 0.2:  # ratings contradict the base model wholesale: keep its judgement in
        alpha = 0.2
    return alpha, delta, float(clf.intercept_[0]), int(idx.size)  # reviews used
