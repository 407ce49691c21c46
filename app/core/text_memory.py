"""Per-text results kept between analyses, so a shop's next analysis only reads its new texts.

The per-text stages of :func:`app.core.pipeline.run_analysis` (segmentation, judgement, opinion
units) give each distinct text the same result whenever the inputs of that stage are the same:
the text, the dictionary, the sentiment model and the rules of this version of the app. A
:class:`TextMemory` (the shop history implements one, :mod:`app.history.memory`) keeps those
results under a *stage name* that names all of these inputs and a 64-bit key of the text
(:func:`text_keys`); a changed dictionary or model is a different stage, never a stale result.

The memory also keeps the shop's adapted sentiment model (:meth:`TextMemory.shop_model`): a model
refitted after every import would judge the same old review differently from one analysis to the
next, and every judgement would have to be redone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from app import __version__
from app.core.sentiment.model import SentimentModel
from app.core.text.segment import Dictionary

REFIT_GROWTH = 1.25  # the shop's model is refitted once its basis grows by a quarter


class TextMemory(Protocol):
    """Where per-text results and the shop's model are kept (picklable: it goes to the child)."""

    def recall(self, stage: str, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Which of ``keys`` are kept under ``stage`` (a bool mask), and their values and
        scores (NaN: none), in order."""
        ...

    def remember(
        self, stage: str, keys: np.ndarray, values: Sequence[str], scores: np.ndarray | None
    ) -> None:
        """Keep ``values`` (and ``scores``) of ``keys`` under ``stage`` (a failure to keep
        loses nothing: the texts are read again next time)."""
        ...

    def shop_model(
        self, base: str, basis: tuple[int, int], fit: Callable[[], SentimentModel]
    ) -> SentimentModel:
        """The kept model while it was made from the bundled model named ``base`` and ``basis``
        (rated reviews, reviews) has not grown past :data:`REFIT_GROWTH` times the basis it was
        fitted on; else ``fit()``, then kept."""
        ...


def text_keys(texts: Sequence[str] | np.ndarray) -> np.ndarray:
    """A stable 64-bit key of each text (``keys ^ text_keys(labels)``: of a text and a label)."""
    values = np.asarray(texts, dtype=object)
    if not len(values):
        return np.zeros(0, dtype=np.int64)
    return pd.util.hash_array(values, categorize=True).view(np.int64)


def dictionary_stamp(dictionary: Dictionary) -> str:
    """A short name of the segmenter and its words (the user's own words included)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(dictionary.engine.encode())
    for word, frequency in dictionary.entries:
        digest.update(f"{word}\x1f{frequency}\x1e".encode())
    return digest.hexdigest()


def model_stamp(model: SentimentModel) -> str:
    """A short name of a sentiment model's numbers (equal models, equal names)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(np.ascontiguousarray(model.weights, dtype=np.float32).tobytes())
    digest.update(np.ascontiguousarray(model.lex_coef, dtype=np.float64).tobytes())
    digest.update(repr((model.bias, model.bits, model.max_n)).encode())
    return digest.hexdigest()


def stage_name(stage: str, *inputs: str) -> str:
    """``stage`` with what its results depend on: this app's version (its rules) and ``inputs``."""
    return "/".join((stage, __version__, *inputs))
