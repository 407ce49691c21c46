from __future__ import annotations

import numpy as np

from app.core.sentiment.judge import judge
from app.core.sentiment.model import COMPLAINT, NEUTRAL, SentimentModel
from app.core.sentiment.past_worry import past_worries


def test_worries_of_before_are_found_and_present_ones_are_not():
    texts = [
        "之前还担心买到水货",
        "本来以为会偏小",
        "下单前有点犹豫",
        "还怕是假货",
        "担心质量问题",  # a worry now: left to the judge
        "物流很快",
        None,
        "一开始我一直担心尺码",
        "以为年货节发货会比较慢",  # an expectation, answered later: 没想到会这么快
        "所以为了省钱质量太差",  # 所以为了: no expectation
    ]
    found = past_worries(texts).tolist()
    assert found == [True, True, True, True, False, False, False, True, True, False]
    assert past_worries([]).tolist() == []


def test_clauses_telling_a_worry_of_before_are_neutral_but_reviews_are_judged_whole():
    model = SentimentModel.load()
    texts = ["之前还担心买到水货", "担心质量问题", "质量太差了"]
    labels, scores = judge(model, model, True, texts)
    assert labels.tolist() == [NEUTRAL, COMPLAINT, COMPLAINT]
    assert scores[0] == 0.0 and np.all(scores[1:] < 0)
    _, review_scores = judge(model, model, False, texts)
    assert review_scores[0] != 0.0  # a review is judged as a whole: no clause rule
