"""Theme labels name a problem or a praise, and no theme is a bag of odds and ends (invented text)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from app.core.progress import Cancelled
from app.core.text.segment import load_stopwords, segment
from app.core.themes import labels as tl
from app.core.themes import vectors as tv
from app.core.themes.find import assign_clauses, coverage, find_themes
from app.core.themes.terms import count_terms

from .test_themes import make_clauses

FOLLOW_UPS = [
    "以后再追评",
    "用了一段时间再来追评",
    "过后追评",
    "先用着看看",
    "目前暂时这样",
    "日后追评",
]


def _label(cluster: list[str], other: list[str]) -> str:
    """The label ``label_of`` gives the first of two invented clusters of clause texts."""
    texts = cluster + other
    vectors = count_terms(segment(texts), load_stopwords())
    labels = np.r_[np.zeros(len(cluster), np.int64), np.ones(len(other), np.int64)]
    scores, doc_freq = tl.class_tfidf(vectors, labels, 2)
    return tl.label_of(scores[0], doc_freq[0], vectors, set(), cluster)


OTHER = ["快递太慢了", "快递慢", "物流太慢", "快递三天没动", "物流很慢", "快递慢得要命"] * 2


def test_follow_up_boilerplate_never_becomes_a_theme():
    """Promises to write a follow-up review are said by many reviewers about many things: they
    must neither form a theme nor name one."""
    frame = make_clauses()
    rng = random.Random(5)
    extra = frame[frame["polarity"] == "complaint"].sample(60, random_state=1).copy()
    extra["clause"] = [rng.choice(FOLLOW_UPS) for _ in range(len(extra))]
    extra["tokens"] = segment(extra["clause"].tolist())
    extra["topic"], extra["aspects"] = "", ""
    extra["clause_id"] = np.arange(len(extra)) + frame["clause_id"].max() + 1
    frame = pd.concat([frame, extra], ignore_index=True)
    themes = find_themes(frame, "complaint")
    for theme in themes:
        assert not any(w in theme.label for w in ("追评", "一段时间", "过后", "暂时")), theme.label
        assert not {"追评", "一段时间", "过后", "日后"} & set(theme.terms[:3]), theme.terms
    inside = assign_clauses(themes, frame) != ""
    assert not inside[frame["topic"].eq("") & frame["polarity"].eq("complaint")].any()


def test_a_shop_or_product_name_alone_is_not_a_label():
    cluster = [
        "苏宁屏幕有划痕",
        "苏宁发的屏幕有划痕",
        "屏幕有划痕苏宁",
        "苏宁的屏幕划痕",
        "苏宁客服差",
        "苏宁发票没给",
        "苏宁赠品少",
        "苏宁电池鼓包",
        "苏宁耳机坏了",
        "苏宁包装破了",
    ]
    label = _label(cluster, OTHER)
    assert not set(label.split("、")) & tl.label_stopwords(), label
    assert "屏幕" in label and "划痕" in label
    # the product category alone is no label either, a phrase with it is
    phone = ["手机发烫", "手机有点发烫", "玩游戏手机发烫", "手机卡顿", "手机信号差", "手机掉电快"]
    assert _label(phone, OTHER) == "手机发烫"


def test_a_wait_is_named_as_the_clauses_say_it():
    """等 星期 alone reads as nothing; the label is written as reviewers wrote it."""
    cluster = ["等了一个星期才到", "等了一个星期", "等了一个星期才到"] * 4
    assert _label(cluster, OTHER) == "等了一个星期"
    assert "星期" in tl.label_stopwords()


def test_unrelated_odds_and_ends_do_not_make_a_catch_all_theme():
    """Clauses that pair unrelated words at random (each word in two clauses) stay out of the
    themes or join a real one; no theme is mostly made of them."""
    frame = make_clauses(400)
    rng = random.Random(3)
    slots = [f"part{i}" for i in range(120)] * 2  # every odd word in exactly two clauses
    rng.shuffle(slots)
    complaints = frame[frame["polarity"] == "complaint"]
    extra = complaints.sample(120, random_state=2).copy()
    extra["tokens"] = [f"{a} {b}" for a, b in zip(slots[::2], slots[1::2], strict=True)]
    extra["clause"] = extra["tokens"].str.replace(" ", "")
    extra["topic"], extra["aspects"] = "odds", ""
    extra["clause_id"] = np.arange(len(extra)) + frame["clause_id"].max() + 1
    extra["review_id"] = np.arange(len(extra)) + frame["review_id"].max() + 1
    frame = pd.concat([frame, extra], ignore_index=True)
    themes = find_themes(frame, "complaint")
    keys = assign_clauses(themes, frame)
    for theme in themes:
        topics = frame.loc[keys == theme.key, "topic"]
        assert (topics == "odds").mean() < 0.5, (theme.label, topics.value_counts().to_dict())
    real = frame["topic"].ne("odds") & frame["polarity"].eq("complaint")
    assert (keys[real] != "").mean() >= 0.9  # the real topics are still covered
    assert coverage(themes) >= 0.6


def test_big_kmeans_checks_cancel_often_and_is_deterministic():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(6, 20))
    n = tv.FULL_KMEANS_MAX + 5_000
    x = centres[rng.integers(0, 6, n)] + rng.normal(scale=2.0, size=(n, 20))
    x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)
    calls = []
    first = tv.kmeans(x, 6, 0, check=lambda: calls.append(1))
    assert len(calls) >= 10  # a check every few mini-batch steps, not once around the fit
    assert np.array_equal(first, tv.kmeans(x, 6, 0))
    assert len(np.unique(first)) == 6

    def cancel_on_fifth() -> None:
        if len(calls) == 4:
            raise Cancelled
        calls.append(1)

    calls.clear()
    with pytest.raises(Cancelled):
        tv.kmeans(x, 6, 0, check=cancel_on_fifth)


def test_the_first_quote_says_the_label_and_the_rest_are_nearest_the_centre():
    texts = np.array(
        ["价格太贵了", "有点太贵", "找不到客服了", "真的很贵啊", "客服也找不到人"], object
    )
    reviews = np.arange(len(texts))
    similarity = np.array([0.9, 0.8, 0.3, 0.7, 0.2])
    assert tl.quotes(texts, reviews, similarity) == ["价格太贵了", "有点太贵", "真的很贵啊"]
    said = tl.quotes(texts, reviews, similarity, label="找不到客服")
    assert said == ["找不到客服了", "价格太贵了", "有点太贵"]
    # a pair label: a clause with both words, else the nearest as without a label
    assert tl.quotes(texts, reviews, similarity, label="客服、人")[0] == "客服也找不到人"
    assert tl.quotes(texts, reviews, similarity, label="客服、物流")[0] == "价格太贵了"
    # nothing says it: nearest first, as without a label
    assert tl.quotes(texts, reviews, similarity, label="发货慢")[0] == "价格太贵了"


def test_main_aspect_needs_a_fifth_of_the_clauses():
    from app.core.themes.facts import main_aspect

    scattered = pd.DataFrame({"aspects": ["appearance"] + [""] * 9})
    assert main_aspect(scattered) is None
    named = pd.DataFrame({"aspects": ["price", "price;logistics", "logistics"] + [""] * 7})
    assert main_aspect(named) == "logistics"  # tie at 2 of 10: alphabetical
