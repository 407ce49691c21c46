"""Self-training: a shop without enough star ratings is adapted to its own clear reviews."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.ingest.raw_table import RawTable
from app.core.naming import adapted_note
from app.core.pipeline import AnalysisConfig, run_analysis
from app.core.progress import Cancelled, CancelToken
from app.core.sentiment.judge import judge
from app.core.sentiment.model import COMPLAINT, SentimentModel

# 嘀嗒款: an invented product nickname, said only by this shop's customers.
_LEADS = ["这次的嘀嗒款", "嘀嗒款到了", "买了嘀嗒款", "给孩子买的嘀嗒款"]
_BAD = ["太差了，很失望", "质量很差，退货", "做工粗糙，不推荐", "用两天就坏了，差评"]
_OPENERS = ["衣服到了", "收到了", "买了两件"]
_GOOD = ["非常好，很满意", "质量很好，物流很快", "很喜欢，五星", "不错，性价比高"]
# The base model leans (weakly) to praise on these: a mild word, or no opinion word at all.
_UNSURE = ["嘀嗒款还行", "嘀嗒款还好吧"]
_PLAIN = ["拿到嘀嗒款", "嘀嗒款到了"]


@pytest.fixture(scope="module")
def base() -> SentimentModel:
    return SentimentModel.load()


def _shop(n: int = 150) -> list[str]:
    """Clear complaints that mention 嘀嗒款 and clear praise that does not (numbered: an import
    drops repeated reviews)."""
    rng = random.Random(0)
    texts = []
    for i in range(n):
        texts.append(f"{rng.choice(_LEADS)}，{rng.choice(_BAD)}{i}")
        texts.append(f"{rng.choice(_OPENERS)}，{rng.choice(_GOOD)}{i}")
    return texts


def _table(rows: list[dict[str, str]]) -> RawTable:
    frame = pd.DataFrame(rows).astype(object)
    return RawTable("shop.csv", frame, list(range(2, len(rows) + 2)), "csv", encoding="utf-8")


def test_a_word_of_the_shops_clear_complaints_makes_an_unsure_review_a_complaint(base):
    before, before_scores = base.label(_UNSURE + _PLAIN)
    assert not (before == COMPLAINT).any() and (before_scores > 0).all()
    shop = base.self_train(_shop())
    assert shop is not base and shop.meta["self_trained_on"] == 300
    labels, scores = judge(base, shop, False, _UNSURE + _PLAIN)
    assert list(labels[:2]) == [COMPLAINT, COMPLAINT]
    assert (scores < 0).all()  # the plain ones lean to complaint now (shown neutral: no opinion)
    # a review without the shop's word is not dragged along
    assert judge(base, shop, False, ["质量很好，很满意"])[0][0] == "praise"


def test_too_few_clear_reviews_leave_the_model_as_it_is(base):
    assert base.self_train(_shop(20)) is base  # 20 clear complaints: fewer than 50 reviews
    assert base.self_train(["昨天收到的", "给家里人买的"] * 100) is base  # nothing clear


def test_self_training_is_cancellable(base):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        base.self_train(_shop(), cancel=token)


def test_a_text_only_shop_is_self_trained_and_says_so():
    rows = [{"评价内容": text} for text in _shop()] + [{"评价内容": t} for t in _UNSURE]
    result = run_analysis(build_import([_table(rows)]))
    assert result.adapted_to == 0 and result.self_trained_on == 300
    reviews = result.reviews.set_index("text")
    assert (reviews.loc[_UNSURE, "text_sentiment"] == COMPLAINT).all()
    assert (
        adapted_note(0, "zh", 300) == "本店带星级的评论太少，已根据 300 条判断明确的评论调整了判断"
    )
    assert "300 reviews of this shop whose sentiment is clear" in adapted_note(0, "en", 300)
    off = run_analysis(build_import([_table(rows)]), AnalysisConfig(adapt_to_ratings=False))
    assert off.self_trained_on == 0
    assert not (off.reviews.set_index("text").loc[_UNSURE, "text_sentiment"] == COMPLAINT).any()


def test_real_star_ratings_win_over_self_training():
    rng = random.Random(1)
    rows = [{"评价内容": text, "评分": "1" if "嘀嗒款" in text else "5"} for text in _shop()]
    rows += [{"评价内容": f"昨天收到的{i}", "评分": str(rng.choice((1, 5)))} for i in range(10)]
    result = run_analysis(build_import([_table(rows)]))
    assert result.adapted_to == len(rows) and result.self_trained_on == 0
    assert adapted_note(result.adapted_to, "en", result.self_trained_on) == (
        f"Adapted to {len(rows)} rated reviews of this shop"
    )
