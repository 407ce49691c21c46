"""The negation and idiom suite (tests/data/sentiment_phrases.csv) and its evaluation tool."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from app.core.sentiment import features as sf
from app.core.sentiment.lexicon import lexicon_analysis, match_scores
from app.core.sentiment.model import COMPLAINT, PRAISE, SentimentModel
from app.core.sentiment.seeds import seed_reviews
from tools.evaluate_phrases import SECTION, SUITE, judge, pass_rate, read_suite, write_section
from tools.train import SEEDS_PER_CLASS

# Pass rate of the bundled model on the suite (python -m tools.evaluate_phrases), as shipped.
# A regression guard with 2 points of slack, not a target of 100 %.
REACHED = 0.915


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


def test_no_suite_phrase_is_a_training_seed(rows):
    """The seeds teach the constructions in other words; the suite must not be trained on."""
    seeds, _ = seed_reviews(SEEDS_PER_CLASS)

    def bare(text: str) -> str:
        return re.sub(r"[。！!~，,？?\s哦啊了呀]+$", "", text)

    taught = {bare(text) for text in seeds}
    assert not [phrase for phrase, _, _ in rows if bare(phrase) in taught]


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


def _total(text: str) -> float:
    return sum(score for _, _, score in match_scores(text))


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("没让我失望", 1),  # a negator, then who is made to feel it
        ("从来没有让人失望过", 1),
        ("这次不令人满意", -1),
        ("没有一处不满意", 1),  # double negation, over a quantifier
        ("没理由不推荐", 1),
        ("没有一件不起球", -1),
        ("难道不香吗", 1),  # rhetorical question
        ("没有网上说的那么贵", 1),  # a comparison falling short
        ("远没有想象中的好", -1),
        ("没用几天就那么脏了", -1),  # … but not a time span before 那么
        ("没想到那么差", -1),
        ("差评是不可能的", 1),  # a rating that will not be given
        ("好评是不可能好评的", -1),
        ("不可能给差评", 1),
        ("这也叫正品？", -1),
        ("真是“好”质量", -1),  # quoted praise is sarcasm
        ("噪音不大", 1),
    ],
)
def test_lexicon_turns_constructions_around(text, sign):
    assert _total(text) * sign > 0


def test_concession_praise_weighs_little():
    assert 0 < _total("好是好") < _total("好") + 0.5 * _total("好")
    assert _total("好是好，就是太贵了") < 0


def test_turned_and_conceded_spans_are_marked_apart():
    prep = sf.prepare(["没有一处不满意", "好是好", "没有问题"])
    marks = lexicon_analysis(prep)[1].tolist()
    # 没有…不满 turned back (意 is outside the word 不满), 好是好 conceded, 没有问题 negated
    assert marks == [2] * 6 + [0] + [0] + [3, 3, 3] + [0] + [1] * 4


@pytest.mark.parametrize(
    ("text", "expected"),
    [  # the cases reported in the issue
        ("果断还是没有让我失望", PRAISE),
        ("苏宁依然不让人失望", PRAISE),
        ("目前还有在漏水。对美的很失望", COMPLAINT),
        ("不失望", PRAISE),
        ("没让我失望", PRAISE),
        ("并不差", PRAISE),
        ("没想象的那么差", PRAISE),
        ("好评是不可能好评的", COMPLAINT),
    ],
)
def test_reported_phrases(text, expected):
    scores = SentimentModel.load().label([text])[1]
    assert (PRAISE if scores[0] > 0 else COMPLAINT) == expected
