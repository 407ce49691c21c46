"""The bundled model beyond ordinary shop reviews: food and drink, food safety, brand trust and
boycotts, takeaway, electronics and appliances (hand-written sentences)."""

from __future__ import annotations

import pytest

from app.core.sentiment.lexicon import match_scores
from app.core.sentiment.model import COMPLAINT, PRAISE, SentimentModel


@pytest.fixture(scope="module")
def model() -> SentimentModel:
    return SentimentModel.load()


PRAISE_TEXTS = [
    "这款牛奶很香浓，孩子很爱喝",
    "酸奶口感顺滑，不甜不腻",
    "一直喝这个牌子，信得过",
    "外卖送得很快，还是热乎的，分量足",
    "手机续航久，运行很流畅",
    "热水器加热快，安装师傅很专业",
    "国货加油，支持你们",
]
COMPLAINT_TEXTS = [
    "牛奶喝了拉肚子，再也不买了",
    "打开发现已经结块了，还有异味",
    "这种黑心企业，坚决抵制",
    "对这个品牌彻底失望，以后不会再喝了",
    "外卖送到都凉了，汤还洒了",
    "手机老是闪退，还发烫",
    "热水器用了一个月就不加热了",
    "过期的酸奶也敢卖，良心呢",
    "出了事只会甩锅，太无耻了",
]


@pytest.mark.parametrize("text", PRAISE_TEXTS)
def test_domain_praise(model, text):
    assert model.label([text])[0][0] == PRAISE


@pytest.mark.parametrize("text", COMPLAINT_TEXTS)
def test_domain_complaint(model, text):
    assert model.label([text])[0][0] == COMPLAINT


def test_opinion_free_question_is_not_a_clear_complaint(model):
    assert model.label(["有人买过这个牌子的奶粉吗？"])[1][0] > -0.5


@pytest.mark.parametrize(
    ("text", "sign"),
    [("不放心", -1), ("信不过", -1), ("不信任", -1), ("抵制", -1), ("不用担心", 1), ("好喝", 1)],
)
def test_lexicon_brand_trust_words(text, sign):
    total = sum(score for _, _, score in match_scores(text))
    assert total * sign > 0
