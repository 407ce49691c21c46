"""Themes on an invented clause set with clear complaint and praise topics (no shared data)."""

from __future__ import annotations

import itertools
import random
from functools import cache

import numpy as np
import pandas as pd
import pytest

from app.core.progress import Cancelled, CancelToken
from app.core.text.segment import segment
from app.core.themes.edits import ThemeEdits, apply_edits, dataset_fingerprint
from app.core.themes.find import (
    Theme,
    assign_clauses,
    coverage,
    find_themes,
    theme_trend,
)
from app.core.themes.table import build_themes
from app.core.themes.theme import theme_clauses

COMPLAINT_TOPICS = {
    "尺码": [
        "尺码偏小",
        "尺码偏小一码",
        "尺码太小了",
        "尺码偏小穿不上",
        "这次尺码偏小",
        "尺码小了",
    ],
    "快递": [
        "快递太慢了",
        "快递慢",
        "快递慢得要命",
        "快递一周才到太慢",
        "快递发货慢",
        "快递送得太慢",
    ],
    "色差": ["色差很大", "色差太大了", "实物色差大", "颜色色差严重", "和图片色差很大", "色差明显"],
    "客服": [
        "客服不回复",
        "客服一直不回复",
        "问客服也不回复",
        "客服半天不回复消息",
        "找客服不回复",
    ],
    "质量": ["质量太差了", "质量很差", "质量差起球", "质量差开线了", "这质量太差", "质量差容易坏"],
}
PRAISE_TOPICS = {
    "物流": ["物流很快", "物流超快", "物流速度快", "物流给力很快", "物流快包装好"],
    "面料": ["面料很舒服", "面料柔软舒服", "面料透气舒服", "面料摸着舒服", "面料舒服不起球"],
    "性价比": ["性价比很高", "性价比超高", "这个价格性价比高", "性价比高值得买", "性价比真的高"],
    "颜色": ["颜色好看", "颜色很好看显白", "款式颜色都好看", "颜色好看很喜欢", "上身颜色好看"],
    "做工": ["做工精细", "做工很精细", "做工精细没线头", "做工精细用料足", "做工不错很精细"],
}
PREFIXES = ["", "", "", "真的", "这次", "感觉"]
NEUTRAL = ["昨天收到", "买给老公的", "第二次买了"]
SKUS = ["黑色/M", "黑色/L", "白色/M"]


@cache
def _tokens(texts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(segment(list(texts)))


def make_clauses(n_reviews: int = 300, seed: int = 1, first_review: int = 0) -> pd.DataFrame:
    """Reviews of 1–3 clauses of one polarity, topics weighted 5:4:3:2:2; ``topic`` is truth."""
    rng = random.Random(seed)
    rows = []
    for review in range(first_review, first_review + n_reviews):
        polarity = "complaint" if rng.random() < 0.5 else "praise"
        topics = COMPLAINT_TOPICS if polarity == "complaint" else PRAISE_TOPICS
        chosen: list[str] = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            topic = rng.choices(list(topics), (5, 4, 3, 2, 2))[0]
            if topic not in chosen:
                chosen.append(topic)
        sku = rng.choice(SKUS)
        date = pd.Timestamp("2026-01-05") + pd.Timedelta(days=rng.randrange(70))
        for topic in chosen:
            text = rng.choice(PREFIXES) + rng.choice(topics[topic])
            rows.append((review, text, polarity, topic, sku, date))
        if rng.random() < 0.3:
            rows.append((review, rng.choice(NEUTRAL), "neutral", "", sku, date))
    frame = pd.DataFrame(rows, columns=["review_id", "clause", "polarity", "topic", "sku", "date"])
    frame.insert(0, "clause_id", np.arange(len(frame)) + first_review * 10)
    frame["tokens"] = list(_tokens(tuple(frame["clause"])))
    frame["score"] = np.where(frame["polarity"] == "complaint", -0.8, 0.8)
    aspect = {"尺码": "size", "快递": "logistics", "物流": "logistics", "质量": "quality"}
    frame["aspects"] = frame["topic"].map(aspect).fillna("")
    frame["product"] = "T恤"
    return frame


def _purity(themes, frame: pd.DataFrame) -> float:
    keys = assign_clauses(themes, frame)
    inside = keys != ""
    table = pd.crosstab(keys[inside], frame["topic"][inside])
    return table.max(axis=1).sum() / table.to_numpy().sum()


@pytest.mark.parametrize(
    ("polarity", "words"),
    [
        ("complaint", ["尺码", "快递", "色差", "客服", "质量"]),
        ("praise", ["物流", "面料", "性价比", "颜色", "做工"]),
    ],
)
def test_themes_recover_the_invented_topics(polarity, words):
    frame = make_clauses()
    themes = find_themes(frame, polarity)
    labels = [t.label for t in themes]
    for word in words:
        assert any(word in label for label in labels), (word, labels)
    assert 4 <= len(themes) <= 9
    assert _purity(themes, frame) >= 0.9
    assert coverage(themes) >= 0.85
    assert max(t.share for t in themes) < 0.4  # no catch-all
    assert all(2 <= len(t.label) <= 12 for t in themes)


def test_theme_fields_are_consistent():
    frame = make_clauses()
    themes = find_themes(frame, "complaint")
    opinion = frame[frame["polarity"] == "complaint"]
    text_of = dict(zip(frame["clause_id"], frame["clause"], strict=True))
    review_of = dict(zip(frame["clause_id"], frame["review_id"], strict=True))
    for t in themes:
        assert t.key.startswith("complaint:")
        assert t.size == len(t.clause_ids) and t.share == pytest.approx(t.size / len(opinion))
        assert t.review_count == len(t.review_ids) == len({review_of[c] for c in t.clause_ids})
        assert 1 <= len(t.quotes) <= 3
        assert set(t.quotes) <= {text_of[c] for c in t.clause_ids}
        quote_reviews = {review_of[c] for c in t.clause_ids if text_of[c] in t.quotes}
        assert len(quote_reviews) >= len(t.quotes)
        assert t.terms and not t.hidden
        assert sum(a.count for a in t.top_skus) == t.review_count
        assert all(0 < a.rate <= 1 for a in t.top_skus)
        for sku in t.top_skus:  # its reviews in the theme / all its reviews
            with_sku = frame.loc[frame["sku"] == sku.name, "review_id"]
            in_theme = {review_of[c] for c in t.clause_ids} & set(with_sku)
            assert sku.count == len(in_theme)
            assert sku.rate == pytest.approx(len(in_theme) / with_sku.nunique())
        assert t.top_products[0].name == "T恤"
    neutral_ids = set(frame.loc[frame["polarity"] == "neutral", "clause_id"])
    assert not neutral_ids & {c for t in themes for c in t.clause_ids}
    size = next(t for t in themes if "尺码" in t.label)
    assert size.main_aspect == "size"
    sizes = [t.size for t in themes]
    assert sizes == sorted(sizes, reverse=True)


def test_same_input_same_themes():
    frame = make_clauses()
    first = find_themes(frame, "praise")
    second = find_themes(frame.sample(frac=1.0, random_state=3), "praise")
    assert [(t.key, t.label, t.clause_ids) for t in first] == [
        (t.key, t.label, t.clause_ids) for t in second
    ]


def test_big_themes_stay_when_ten_percent_more_reviews_arrive():
    base = make_clauses(300)
    grown = pd.concat([base, make_clauses(30, seed=9, first_review=1000)], ignore_index=True)
    for polarity in ("complaint", "praise"):
        before = find_themes(base, polarity)
        after = find_themes(grown, polarity)
        old_ids = set(base["clause_id"])
        for theme in before[:3]:
            members = set(theme.clause_ids)
            best = max(
                len(members & (set(t.clause_ids) & old_ids))
                / len(members | (set(t.clause_ids) & old_ids))
                for t in after
            )
            assert best >= 0.8, (theme.label, best)
        assert {t.label for t in before[:3]} & {t.label for t in after[:4]}


def test_tiny_topics_fold_into_a_neighbour():
    frame = make_clauses()
    odd = frame.iloc[:2].copy()
    odd["clause_id"] = [90_000, 90_001]
    odd["review_id"] = [90_000, 90_001]
    odd["clause"] = ["发票没开", "发票一直没开"]
    odd["polarity"] = "complaint"
    odd["tokens"] = segment(odd["clause"].tolist())
    themes = find_themes(pd.concat([frame, odd], ignore_index=True), "complaint")
    n_opinion = (frame["polarity"] == "complaint").sum() + 2
    assert all(t.size >= max(3, 0.015 * n_opinion) for t in themes)
    assert not any("发票" in t.label for t in themes)


@pytest.mark.parametrize("n", [2, 3, 8])
def test_n_themes_override(n):
    themes = find_themes(make_clauses(), "complaint", n_themes=n)
    assert len(themes) == n


def test_edits_survive_a_rerun():
    frame = make_clauses()
    themes = find_themes(frame, "complaint")
    fingerprint = dataset_fingerprint(frame)
    edits = ThemeEdits.load(fingerprint)
    assert edits.empty
    size = next(t for t in themes if "尺码" in t.label)
    courier = next(t for t in themes if "快递" in t.label)
    colour = next(t for t in themes if "色差" in t.label)
    service = next(t for t in themes if "客服" in t.label)
    edits.rename(size, "衣服偏小")
    edits.hide(colour)
    merged_key = edits.merge([courier, service])
    edits.save()

    shown = find_themes(frame, "complaint", edits=ThemeEdits.load(fingerprint))
    by_key = {t.key: t for t in shown}
    assert by_key[size.key].label == "衣服偏小"
    assert by_key[colour.key].hidden
    merged = by_key[merged_key]
    assert merged.size == courier.size + service.size
    assert set(merged.clause_ids) == set(courier.clause_ids) | set(service.clause_ids)
    assert courier.key not in by_key and service.key not in by_key
    assert coverage(shown) == pytest.approx(coverage(themes))

    reloaded = ThemeEdits.load(fingerprint)
    reloaded.rename(merged, "物流和客服")
    reloaded.save()
    again = {t.key: t for t in find_themes(frame, "complaint", edits=ThemeEdits.load(fingerprint))}
    assert again[merged_key].label == "物流和客服"


def test_edits_reattach_by_terms_when_the_key_moved():
    frame = make_clauses()
    themes = find_themes(frame, "complaint")
    edits = ThemeEdits("x")
    edits.rename(themes[0], "改过的名字")
    old_key = "complaint:something+else"
    edits.renames[old_key] = edits.renames.pop(themes[0].key)
    edits.terms[old_key] = edits.terms.pop(themes[0].key)
    renamed = apply_edits(themes, edits)
    assert renamed[0].label == "改过的名字"
    assert themes[0].label != "改过的名字"  # inputs untouched


def test_corrupt_edits_file_gives_empty_edits():
    edits = ThemeEdits("broken")
    path = edits.save()
    path.write_text("{not json", encoding="utf-8")
    assert ThemeEdits.load("broken").empty


def test_fingerprint_ignores_row_order():
    frame = make_clauses()
    assert dataset_fingerprint(frame) == dataset_fingerprint(frame.iloc[::-1])
    assert dataset_fingerprint(frame) != dataset_fingerprint(frame.iloc[1:])


def test_cancel_raises_cancelled():
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        find_themes(make_clauses(), "complaint", cancel=token)

    token = CancelToken()

    def cancel_midway(fraction: float, message: str) -> None:
        if fraction > 0.3:
            token.cancel()

    with pytest.raises(Cancelled):
        find_themes(make_clauses(), "complaint", progress=cancel_midway, cancel=token)


def test_progress_never_decreases_and_ends_at_one():
    seen: list[float] = []
    find_themes(make_clauses(), "praise", progress=lambda f, m: seen.append(f))
    assert len(seen) >= 5
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(seen))


def test_trend_and_clause_listing():
    frame = make_clauses()
    themes = find_themes(frame, "complaint")
    trend = theme_trend(themes[0], frame)
    assert trend.sum() == themes[0].size
    assert (trend.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()  # ≤ 120 days
    monthly = theme_trend(themes[0], frame, freq="M")
    assert monthly.sum() == themes[0].size and len(monthly) <= 4
    listed = theme_clauses(themes[0], frame)
    assert sorted(listed["clause_id"]) == themes[0].clause_ids
    keys = assign_clauses(themes, frame)
    assert (keys[frame["polarity"] == "neutral"] == "").all()


def test_no_opinions_no_themes():
    frame = make_clauses(20)
    frame["polarity"] = "neutral"
    assert find_themes(frame, "complaint") == []
    with pytest.raises(ValueError):
        find_themes(frame, "neutral")


def test_build_themes_for_the_pipeline():
    frame = make_clauses()
    table, keys, cover = build_themes(frame)
    assert set(table["polarity"]) == {"complaint", "praise"}
    assert set(cover) == {"complaint", "praise"} and min(cover.values()) >= 0.85
    assert keys.index.equals(frame.index)
    assert set(keys[keys != ""]) == set(table["key"])
    assert table["main_aspect"].map(type).eq(str).all()


def _theme_with(key: str, clause_ids: list[int]) -> Theme:
    return Theme(
        key=key, polarity="complaint", label=key, terms=[], size=len(clause_ids),
        review_count=len(clause_ids), share=0.1, clause_ids=clause_ids, review_ids=clause_ids,
        quotes=[], main_aspect=None, top_skus=[], top_products=[],
    )  # fmt: skip


@pytest.mark.parametrize("ids", [[0, 1, 2, 3, 4], [10, 31, 12, 40, 7]])
def test_assign_clauses_gives_each_clause_its_theme_and_the_later_theme_wins(ids):
    frame = pd.DataFrame({"clause_id": ids}, index=[5, 6, 7, 8, 9])
    themes = [_theme_with("a", [ids[0], ids[2]]), _theme_with("b", [ids[2], ids[3]])]
    keys = assign_clauses(themes, frame)
    assert keys.index.tolist() == [5, 6, 7, 8, 9]
    assert keys.tolist() == ["a", "", "b", "b", ""]
