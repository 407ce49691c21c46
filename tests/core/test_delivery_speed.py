"""A plain arrival time is a verdict on delivery, as a shop owner reads it."""

from __future__ import annotations

from app.core.sentiment.delivery import delivery_speed
from app.core.sentiment.judge import judge
from app.core.sentiment.model import SentimentModel


def test_arrival_times_are_praise_or_complaint():
    texts = [
        "昨天下单今天到",
        "下单第二天就收到了",
        "两天就到了",
        "三天才到",
        "等了一个星期",
        "一直没收到",
        "一天到晚都在用",  # no arrival
        "今天到店吃饭",  # no arrival
        "刚才到的",  # no time span
        "今天到的",  # when it came, not how fast
        "当天就到了",
        None,
    ]
    assert delivery_speed(texts).tolist() == [1, 1, 1, -1, -1, -1, 0, 0, 0, 0, 1, 0]


def test_the_judge_says_them_only_where_it_saw_no_opinion():
    model = SentimentModel.load()
    texts = ["昨天下单今天到", "一个星期才到", "质量太差了", "一天到晚都在用"]
    for are_clauses in (False, True):
        labels, scores = judge(model, model, are_clauses, texts)
        assert labels.tolist()[:3] == ["praise", "complaint", "complaint"]
        assert scores[0] > 0 > scores[1] and scores[2] < -0.6
        assert labels[3] != "complaint"
