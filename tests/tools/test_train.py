"""The training script of the bundled sentiment model (tools.train): settings, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.sentiment.model import SentimentModel


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


@pytest.mark.slow
def test_training_is_deterministic_on_a_small_run():
    """Two small training runs give the same model (the full run is checked by --check)."""
    from tools import train

    def small():
        return train.train(seeds_per_class=100, folds=2, corpus_step=20)

    first, second = small(), small()
    assert np.array_equal(first.weights, second.weights)
    assert first.bias == second.bias


def test_shipped_model_matches_training_script_settings(model):
    from tools import train

    assert model.bits == train.BITS and model.max_n == train.MAX_N
    assert model.meta["version"] == train.VERSION


@pytest.mark.slow
def test_training_script_reproduces_shipped_model():
    from tools import train

    assert train.main(["--check"]) == 0
