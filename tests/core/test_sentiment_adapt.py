"""Shop adaptation: the fit matches scikit-learn's, and a cancel token stops it promptly."""

from __future__ import annotations

import random
import time

import numpy as np
import pytest

from app.core.progress import Cancelled, CancelToken
from app.core.sentiment.adapt import _fit_logistic, rated_indices
from app.core.sentiment.model import SentimentModel


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


def _big_shop(n: int) -> tuple[list[str], np.ndarray]:
    rng = random.Random(0)
    good = ["收到了，挺好的", "物流很快，好评", "和描述一样，满意", "第二次买了，不错"]
    bad = ["收到就蚌埠住了", "质量太差，退货", "客服不理人", "用了两天就坏了"]
    stars = np.array([rng.choice((1, 2, 4, 5, 5, 5)) for _ in range(n)])
    texts = [rng.choice(good if s >= 4 else bad) + str(i % 97) for i, s in enumerate(stars)]
    return texts, stars


def test_adaptation_with_a_cancelled_token_raises(model):
    texts, stars = _big_shop(2_000)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        model.adapt(texts, stars, cancel=token)


class _CountingToken(CancelToken):
    """Records when it is checked; cancels itself at the ``cancel_at``-th check."""

    def __init__(self, cancel_at: int = 0) -> None:
        super().__init__()
        self.cancel_at = cancel_at
        self.times: list[float] = []

    def check(self) -> None:
        self.times.append(time.perf_counter())
        if len(self.times) == self.cancel_at:
            self.cancel()
        super().check()


def test_cancel_is_checked_often_during_a_large_adaptation(model):
    texts, stars = _big_shop(300_000)
    token = _CountingToken()
    start = time.perf_counter()
    model.adapt(texts, stars, cancel=token)
    stamps = np.diff([start, *token.times, time.perf_counter()])
    assert len(token.times) > 10  # also inside the fit, not only between steps
    assert stamps.max() < 2.0  # ≈ 0.3 s on an idle machine; generous for a loaded runner


def test_cancel_in_the_middle_of_adaptation_raises(model):
    texts, stars = _big_shop(20_000)
    token = _CountingToken(cancel_at=8)
    with pytest.raises(Cancelled):
        model.adapt(texts, stars, cancel=token)
    assert len(token.times) == 8


def test_adaptation_without_token_still_adapts(model):
    texts, stars = _big_shop(3_000)
    adapted = model.adapt(texts, stars)
    assert adapted.adapted and adapted.meta["adapted_on"] == 3_000
    assert adapted.predict_proba(["蚌埠住了"])[0] < 0.5


def test_rated_indices_drop_three_stars_missing_and_empty_texts():
    texts = ["好", "差", "一般", "", None, "还行", "不错"]
    ratings = [5, 1, 3, 5, 1, None, 4.0]
    idx, y = rated_indices(texts, ratings)
    assert idx.tolist() == [0, 1, 6] and y.tolist() == [1, 0, 1]
    with pytest.raises(ValueError):
        rated_indices(texts, ratings[:-1])


def test_fit_matches_scikit_learn_logistic_regression():
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    x = sparse.random(400, 30, density=0.2, random_state=4, format="csr")
    y = (x @ rng.normal(size=30) + rng.normal(scale=0.3, size=400) > 0.2).astype(np.int8)
    coef, intercept = _fit_logistic(x, y, 2.0, CancelToken(), max_iter=1000, tol=1e-9)
    ref = LogisticRegression(C=2.0, class_weight="balanced", max_iter=1000, tol=1e-9).fit(x, y)
    assert np.allclose(coef, ref.coef_[0], atol=1e-3)
    assert intercept == pytest.approx(ref.intercept_[0], abs=2e-2)
