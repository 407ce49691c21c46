"""Praise vs complaint for reviews and clauses: a small linear model, adaptable per shop.

The model scores a text as ``z = X·W + c·lex + c0`` and ``P(praise) = sigmoid(z)``: ``X`` are
hashed character 1–3-grams (:mod:`app.core.sentiment.features`; n-grams inside a negated
opinion word, 问题 in 没什么问题, hashed apart), ``lex`` the features of the hand-written lexicon
with negation and degree words (:mod:`app.core.sentiment.lexicon`). No word
segmentation and no per-text Python loop at inference: ≥ 50k reviews a second on one core.

Labels: ``score = 2·P − 1`` in −1..1. A text is ``neutral`` when ``|score| < neutral_band``
(default 0.3, i.e. 0.35 < P < 0.65), or when it has no lexicon opinion word and
``|score| < no_opinion_band`` (default 0.8): "昨天收到的" says nothing either way.

Shop adaptation (:meth:`SentimentModel.adapt`): with ≥ 50 rated reviews (1–2★ complaint,
4–5★ praise, ≥ 10 of each) a shop correction ``z' = α·z + X·δ + β`` is fitted with balanced
class weights and folded back into the same weights, so it costs nothing at inference. A shop
with too few star ratings can be adapted to its own reviews this model is sure of instead
(:meth:`SentimentModel.self_train`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from app.core.errors import AppError
from app.core.progress import CancelToken
from app.core.sentiment import features as sf
from app.core.sentiment.adapt import confident_ratings, fit_shop_correction
from app.core.sentiment.features import Features
from app.core.sentiment.lexicon import N_FEATURES, lexicon_analysis
from app.core.sentiment.lexicon_sets import all_hashes
from app.paths import resource_path

PRAISE, COMPLAINT, NEUTRAL = "praise", "complaint", "neutral"
_LABEL_CHOICES = np.array([COMPLAINT, PRAISE, NEUTRAL], dtype=object)  # by code 0, 1, 2
NEUTRAL_BAND = 0.3  # |score| below this → neutral (P(praise) within 0.35..0.65)
# … below this when the text has no opinion word at all. The n-grams alone are weak evidence on
# a short clause: plain statements (下单了, 送货上门) lean to complaint, because complaints in the
# training corpus tell longer stories. At 0.6, 25 % of opinion-free restaurant clauses were
# judged complaints, at 0.8 11 % (model 1.2.0; aste_zh_restaurant test, python -m tools.evaluate).
NO_OPINION_BAND = 0.8
CLEAR = 0.5  # |score| at least this is a "clear" praise/complaint (used by flags)
FORMAT = "reviewlens-sentiment"


class ModelFileError(AppError):
    """The sentiment model file is missing or damaged."""


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


class SentimentModel:
    """A hashed char-n-gram + lexicon linear model. Immutable; :meth:`adapt` returns a new one."""

    def __init__(
        self,
        weights: np.ndarray,
        lex_coef: np.ndarray,
        bias: float,
        *,
        bits: int,
        max_n: int,
        meta: dict | None = None,
    ) -> None:
        if weights.shape != (2**bits,) or lex_coef.shape != (N_FEATURES,):
            raise ValueError("weights do not match bits / lexicon features")
        self.weights = weights.astype(np.float32)
        self.lex_coef = lex_coef.astype(np.float64)
        self.bias = float(bias)
        self.bits = bits
        self.max_n = max_n
        self.meta = dict(meta or {})
        self.adapted = bool(self.meta.get("adapted", False))

    # ---------------------------------------------------------------- files
    @classmethod
    def load(cls, path: str | Path | None = None) -> SentimentModel:
        """The bundled model (``resources/models/sentiment.npz``) or ``path``; cached."""
        target = Path(path) if path is not None else resource_path("models", "sentiment.npz")
        return _load_cached(str(target.resolve()))

    def save(self, path: str | Path) -> None:
        """Write ``path`` (.npz: float16 weights) and its ``.json`` metadata beside it."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            **self.meta,
            "format": FORMAT,
            "bits": self.bits,
            "max_n": self.max_n,
            "lex_coef": [round(float(v), 6) for v in self.lex_coef],
            "bias": round(self.bias, 6),
        }
        with open(path, "wb") as handle:
            np.savez_compressed(handle, weights=self.weights.astype(np.float16))
        path.with_suffix(".json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )

    # ------------------------------------------------------------ inference
    def _logits(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        (z,), has_opinion = self._logits_many(texts, (self,))
        return z, has_opinion

    def features(self, texts: Sequence[str]) -> Features:
        """The model's inputs for ``texts``: prepared code points, n-gram hashes, lexicon
        features and negated spans (what shop adaptation also fits on)."""
        prep = sf.prepare(texts)
        hashes = all_hashes(prep.codes, self.max_n)
        lex, negated = lexicon_analysis(prep, hashes)
        return Features(prep, hashes, lex, negated)

    def logits_of(self, features: Features) -> np.ndarray:
        """This model's logits for :meth:`features` (built by this or a same-hashing model)."""
        prep = features.prep
        z = sf.linear_scores(
            prep, self.weights, self.bits, self.max_n, features.hashes, features.negated
        )
        z += features.lex @ self.lex_coef + self.bias
        z[prep.lengths == 0] = 0.0
        return z

    def _logits_many(
        self, texts: Sequence[str], models: Sequence[SentimentModel]
    ) -> tuple[list[np.ndarray], np.ndarray]:
        """Logits of each of ``models`` (same hashing as this one), and which texts hold an
        opinion word; the features are built once."""
        features = self.features(texts)
        return [model.logits_of(features) for model in models], features.lex[:, 2] > 0

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(praise) for each text (0.5 for empty texts)."""
        return _sigmoid(self._logits(texts)[0])

    def label(
        self,
        texts: Sequence[str],
        *,
        neutral_band: float = NEUTRAL_BAND,
        no_opinion_band: float = NO_OPINION_BAND,
    ) -> tuple[np.ndarray, np.ndarray]:
        """``(labels, scores)``: "praise"/"complaint"/"neutral" and the signed score in −1..1."""
        return self.label_with(texts, (self,), neutral_band, no_opinion_band)[0]

    def label_with(
        self,
        texts: Sequence[str],
        models: Sequence[SentimentModel],
        neutral_band: float = NEUTRAL_BAND,
        no_opinion_band: float = NO_OPINION_BAND,
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`label` by each of ``models`` (this model and its adaptations), features once."""
        if any(m.bits != self.bits or m.max_n != self.max_n for m in models):
            raise ValueError("models hash texts differently")
        results = []
        logits, has_opinion = self._logits_many(texts, models)
        for z in logits:
            score = 2.0 * _sigmoid(z) - 1.0
            strength = np.abs(score)
            unsure = (strength < neutral_band) | (~has_opinion & (strength < no_opinion_band))
            choice = np.where(unsure, 2, (score > 0).astype(np.int8))
            # the three label strings themselves, not a new string object per text
            results.append((_LABEL_CHOICES[choice], score))
        return results

    # ----------------------------------------------------------- adaptation
    def adapt(
        self,
        texts: Sequence[str],
        ratings: Sequence[float],
        cancel: CancelToken | None = None,
    ) -> SentimentModel:
        """A copy adapted to this shop's language using its star ratings, or ``self`` when there
        are too few rated reviews (see module docstring). Raises
        :class:`app.core.progress.Cancelled` within a fraction of a second of ``cancel``."""
        return self._corrected(fit_shop_correction(self, texts, ratings, cancel), "adapted_on")

    def self_train(self, texts: Sequence[str], cancel: CancelToken | None = None) -> SentimentModel:
        """A copy adapted to the reviews ``texts`` this model is sure of (self-training, for a
        shop without enough star ratings), or ``self`` when too few are clear praise and clear
        complaints. ``meta["self_trained_on"]``: the reviews used. Cancellable like :meth:`adapt`."""
        ratings = confident_ratings(self, texts, cancel)
        result = fit_shop_correction(self, texts, ratings, cancel)
        if result is not None:
            # Reviews picked because this model is sure of them are separable by its own
            # score, so the fitted α only grows (2.4–3.8 seen) and would push weak clauses out
            # of the neutral band. Dividing the correction by α keeps every sign (every
            # decision) and this model's confidence scale.
            alpha, delta, beta, n_used = result
            result = (1.0, delta / alpha, beta / alpha, n_used)
        return self._corrected(result, "self_trained_on")

    def _corrected(
        self, result: tuple[float, np.ndarray, float, int] | None, used: str
    ) -> SentimentModel:
        """The model with a fitted shop correction folded in (``self`` when there is none)."""
        if result is None:
            return self
        alpha, delta, beta, n_used = result
        meta = {**self.meta, "adapted": True, used: n_used}
        return SentimentModel(
            alpha * self.weights + delta,
            alpha * self.lex_coef,
            alpha * self.bias + beta,
            bits=self.bits,
            max_n=self.max_n,
            meta=meta,
        )


@lru_cache(maxsize=4)
def _load_cached(path: str) -> SentimentModel:
    file = Path(path)
    meta_file = file.with_suffix(".json")
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        with np.load(file, allow_pickle=False) as data:
            weights = data["weights"].astype(np.float32)
        if meta.get("format") != FORMAT:
            raise ValueError("not a ReviewLens sentiment model")
        return SentimentModel(
            weights,
            np.asarray(meta["lex_coef"], dtype=np.float64),
            float(meta["bias"]),
            bits=int(meta["bits"]),
            max_n=int(meta["max_n"]),
            meta=meta,
        )
    except (OSError, ValueError, KeyError) as exc:
        raise ModelFileError(
            f"情感模型文件缺失或已损坏：{file.name}。请重新安装评论透镜。",
            f"The sentiment model file is missing or damaged: {file.name}. "
            "Please reinstall ReviewLens.",
        ) from exc


# ------------------------------------------------------------ review level
def rating_labels(ratings: Sequence[float] | np.ndarray) -> np.ndarray:
    """1–2★ complaint, 4–5★ praise, 3★ / missing → "" (decided by the text)."""
    values = np.asarray([np.nan if r is None else r for r in ratings], dtype=np.float64).reshape(-1)
    out = np.full(values.shape, "", dtype=object)
    out[values <= 2] = COMPLAINT
    out[values >= 4] = PRAISE
    return out


def review_label(text_labels: Sequence[str], ratings: Sequence[float] | None) -> np.ndarray:
    """A review's overall label: the stars when they say it (1–2★, 4–5★), else the text's."""
    text = np.asarray(text_labels, dtype=object)
    if ratings is None:
        return text.copy()
    stars = rating_labels(ratings)
    return np.where(stars != "", stars, text)


def flags(
    ratings: Sequence[float] | None,
    review_scores: np.ndarray,
    clause_owner: np.ndarray | None = None,
    clause_scores: np.ndarray | None = None,
    followup_scores: np.ndarray | None = None,
    *,
    clear: float = CLEAR,
) -> dict[str, np.ndarray]:
    """Boolean flags per review.

    ``high_stars_unhappy``: a 4–5★ review whose text, or one of its clauses, is a clear
    complaint (score ≤ −``clear``). ``got_worse``: the review is praise (stars or text) and its
    follow-up (追评; NaN = none) is a clear complaint.
    """
    scores = np.asarray(review_scores, dtype=np.float64)
    n = scores.size
    worst = scores.copy()
    if clause_owner is not None and clause_scores is not None and len(clause_owner):
        np.minimum.at(worst, np.asarray(clause_owner), np.asarray(clause_scores, np.float64))
    stars = rating_labels(ratings) if ratings is not None else np.full(n, "", dtype=object)
    high = stars == PRAISE
    unhappy = high & (worst <= -clear)
    worse = np.zeros(n, dtype=bool)
    if followup_scores is not None:
        follow = np.asarray(followup_scores, dtype=np.float64)
        praised = (stars == PRAISE) | ((stars == "") & (scores >= clear))
        worse = praised & (stars != COMPLAINT) & (follow <= -clear)
    return {"high_stars_unhappy": unhappy, "got_worse": worse}
