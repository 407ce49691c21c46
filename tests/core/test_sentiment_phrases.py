"""The negation and idiom suite (tests/data/sentiment_phrases.csv) and its evaluation tool."""

from __future__ import annotations

from collections import Counter

import pytest

from app.core.sentiment.model import COMPLAINT, PRAISE, SentimentModel
from tools.evaluate_phrases import SECTION, SUITE, judge, pass_rate, read_suite, write_section

# Pass rate of the bundled model on the suite (python -m tools.evaluate_phrases), as shipped.
# A regression guard with 2 points of slack, not a target of 100 %.
REACHED = 0.924


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str, str]]:
    return read_suite(SUITE)


def test_suite_is_large_balanced_and_spread_over_categories(rows):
    assert len(rows) >= 300
    assert len({phrase for phrase, _, _ in rows}) == len(rows)
    labels = Counter(expected for _, expected, _ in rows)
    assert set(labels) == {PRAISE, COMPLAINT}
    assert min(labels.values()) >= 100
    per_category = Counter(category for _, _, category in rows)
    assert len(per_category) >= 10
    assert min(per_category.values()) >= 15, per_category


def test_bundled_model_keeps_its_pass_rate_on_the_suite(rows):
    results = judge(SentimentModel.load(), rows)
    failing = [r.phrase for r in results if not r.passed]
    assert pass_rate(results) >= REACHED - 0.02, f"{len(failing)} failing: {failing[:20]}"


def test_write_section_keeps_the_rest_of_the_evaluation_file(tmp_path):
    path = tmp_path / "EVALUATION.md"
    path.write_text("# Sentiment model evaluation\n\nModel: 1.3.0\n\n| a | b |\n", encoding="utf-8")
    write_section(f"{SECTION}\n\nfirst", path)
    write_section(f"{SECTION}\n\nsecond", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Sentiment model evaluation\n\nModel: 1.3.0\n\n| a | b |\n")
    assert text.count(SECTION) == 1
    assert "second" in text and "first" not in text


def test_suite_with_an_unknown_label_is_refused(tmp_path):
    path = tmp_path / "suite.csv"
    path.write_text("phrase,expected,category\n很好,positive,control\n", encoding="utf-8")
    with pytest.raises(ValueError, match="valid label"):
        read_suite(path)
