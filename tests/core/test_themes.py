"""Tags on an invented clause set with clear complaint and praise topics (no shared data)."""

from __future__ import annotations

import itertools
import random
from functools import cache

import numpy as np
import pandas as pd
import pytest

from app.core.aspects.taxonomy import load_taxonomy
from app.core.pipeline import AnalysisConfig
from app.core.progress import Cancelled, CancelToken
from app.core.text.segment import current_dictionary, segment
from app.core.themes.edits import ThemeEdits, dataset_fingerprint
from app.core.themes.table import build_themes
from app.core.themes.tags import CANONICAL, MIN_REVIEWS, find_tags
from app.core.themes.theme import Theme, assign_clauses, theme_clauses, theme_trend
from app.core.themes.units import units_chunk

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
    frame["units"] = list(_units(tuple(zip(frame["clause"], frame["polarity"], strict=True))))
    return frame


@cache
def _units(pairs: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(units_chunk(current_dictionary(), list(pairs)))


def tags(frame: pd.DataFrame, polarity: str = "complaint") -> list[Theme]:
    return find_tags(frame, polarity, load_taxonomy()).themes


def _names_target(text: str, target: str) -> bool:
    """``text`` holds the target or one of its synonyms."""
    return any(word in text for word, canon in CANONICAL.items() if canon == target) or (
        target in text
    )


def test_every_clause_and_quote_of_a_tag_says_its_target_and_the_label_is_said():
    frame = make_clauses()
    by_id = frame.set_index("clause_id")["clause"]
    for polarity in ("complaint", "praise"):
        found = tags(frame, polarity)
        assert found, polarity
        for tag in found:
            clauses = by_id.loc[tag.clause_ids].tolist()
            assert all(_names_target(c, tag.target) for c in clauses), tag.label
            assert all(_names_target(q, tag.target) for q in tag.quotes), tag.label
            assert all(q in clauses for q in tag.quotes)
            assert sum(tag.label in c for c in clauses) >= len(clauses) / 4, tag.label


@pytest.mark.parametrize(
    ("polarity", "topics"),
    [("complaint", COMPLAINT_TOPICS), ("praise", PRAISE_TOPICS)],
)
def test_tags_are_pure_and_name_the_invented_topics(polarity, topics):
    frame = make_clauses()
    found = tags(frame, polarity)
    topic_of = frame.set_index("clause_id")["topic"]
    for tag in found:
        share = topic_of.loc[tag.clause_ids].value_counts(normalize=True).iloc[0]
        assert share >= 0.9, (tag.label, share)
    named = {topic for topic in topics for tag in found if topic in tag.label}
    assert len(named) >= len(topics) - 1, (sorted(named), [t.label for t in found])


def test_tags_are_ordered_by_the_reviews_they_show_and_rare_ones_are_no_tag():
    frame = make_clauses()
    rare = frame.iloc[:2].copy()
    rare["clause"] = "拉链太涩"
    rare["review_id"] = [9001, 9002]
    rare["clause_id"] = [90010, 90020]
    rare["polarity"] = "complaint"
    rare["units"] = list(_units((("拉链太涩", "complaint"),) * 2))
    result = find_tags(pd.concat([frame, rare], ignore_index=True), "complaint", load_taxonomy())
    counts = [t.review_count for t in result.themes]
    assert counts == sorted(counts, reverse=True) and min(counts) >= MIN_REVIEWS
    assert not any("拉链" in t.label for t in result.themes)
    assert sum(result.other.values()) >= 2


def test_opinions_about_nothing_named_are_counted_apart_never_as_a_tag():
    frame = make_clauses(100)
    vague = pd.DataFrame(
        {
            "clause_id": 50_000 + np.arange(6),
            "review_id": 50_000 + np.arange(6),
            "clause": ["很失望", "太失望了", "真是无语", "很失望", "垃圾", "不推荐"],
            "polarity": "complaint",
        }
    )
    vague["units"] = list(_units(tuple(zip(vague["clause"], vague["polarity"], strict=True))))
    for column in ("tokens", "score", "aspects", "sku", "date", "product", "topic"):
        vague[column] = frame[column].iloc[0]
    result = find_tags(pd.concat([frame, vague], ignore_index=True), "complaint", load_taxonomy())
    assert result.unspecified >= 4
    ids = {c for t in result.themes for c in t.clause_ids}
    assert not ids & set(vague["clause_id"])


def test_plain_verdicts_on_a_target_are_one_tag_and_specific_opinions_stay_apart():
    said = ["环境不错"] * 4 + ["环境很好"] * 3 + ["环境很棒"] * 2 + ["环境干净"] * 3
    frame = make_clauses(60)
    extra = pd.DataFrame(
        {
            "clause_id": 70_000 + np.arange(len(said)),
            "review_id": 70_000 + np.arange(len(said)),
            "clause": said,
            "polarity": "praise",
        }
    )
    extra["units"] = list(_units(tuple(zip(extra["clause"], extra["polarity"], strict=True))))
    for column in ("tokens", "score", "aspects", "sku", "date", "product", "topic"):
        extra[column] = frame[column].iloc[0]
    found = tags(pd.concat([frame, extra], ignore_index=True), "praise")
    about = {t.label: t.review_count for t in found if t.target == "环境"}
    assert about == {"环境不错": 9, "环境干净": 3}


def test_a_review_that_names_a_reason_is_not_counted_as_giving_none():
    frame = make_clauses(100)
    said = pd.DataFrame(
        {
            "clause_id": 60_000 + np.arange(4),
            "review_id": [60_000, 60_000, 60_001, 60_001],
            "clause": ["很失望", "快递太慢了", "很失望", "真是无语"],
            "polarity": "complaint",
        }
    )
    said["units"] = list(_units(tuple(zip(said["clause"], said["polarity"], strict=True))))
    for column in ("tokens", "score", "aspects", "sku", "date", "product", "topic"):
        said[column] = frame[column].iloc[0]
    alone = find_tags(frame, "complaint", load_taxonomy()).unspecified
    result = find_tags(pd.concat([frame, said], ignore_index=True), "complaint", load_taxonomy())
    assert result.unspecified == alone + 1  # 60001 gives no reason; 60000 says 快递太慢


def test_same_input_same_tags_in_any_row_order():
    frame = make_clauses()
    first = tags(frame, "praise")
    second = tags(frame.sample(frac=1.0, random_state=3), "praise")
    assert [(t.key, t.label, t.review_count) for t in first] == [
        (t.key, t.label, t.review_count) for t in second
    ]


def test_big_tags_stay_when_ten_percent_more_reviews_arrive():
    base = make_clauses(400)
    grown = pd.concat([base, make_clauses(40, seed=9, first_review=400)], ignore_index=True)
    for polarity in ("complaint", "praise"):
        before = {t.key for t in tags(base, polarity) if t.review_count >= 20}
        after = {t.key for t in tags(grown, polarity)}
        assert before and before <= after


def test_edits_survive_a_rerun():
    frame = make_clauses()
    found = build_themes(frame).table
    fingerprint = dataset_fingerprint(frame)
    edits = ThemeEdits.load(fingerprint)
    complaints = tags(frame)
    size = next(t for t in complaints if "尺码" in t.label)
    courier = next(t for t in complaints if "快递" in t.label)
    service = next(t for t in complaints if "客服" in t.label)
    edits.rename(size, "衣服偏小")
    edits.hide(courier)
    edits.save()
    again = build_themes(frame, AnalysisConfig()).table.set_index("key")
    assert again.loc[size.key, "label"] == "衣服偏小"
    assert again.loc[courier.key, "hidden"]
    assert again.loc[service.key, "label"] == service.label
    assert len(again) == len(found)


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
        build_themes(make_clauses(), cancel=token)


def test_progress_never_decreases_and_ends_at_one():
    seen: list[float] = []
    build_themes(make_clauses(), progress=lambda f, m: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(seen))


def test_trend_and_clause_listing():
    frame = make_clauses()
    found = tags(frame)
    trend = theme_trend(found[0], frame)
    assert trend.sum() == found[0].size
    assert (trend.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()  # ≤ 120 days
    listed = theme_clauses(found[0], frame)
    assert sorted(listed["clause_id"]) == found[0].clause_ids
    keys = assign_clauses(found, frame)
    assert (keys[frame["polarity"] == "neutral"] == "").all()


def test_no_opinions_no_tags():
    frame = make_clauses(20)
    frame["polarity"] = "neutral"
    assert tags(frame) == []


def test_build_themes_for_the_pipeline():
    frame = make_clauses()
    built = build_themes(frame)
    table, keys = built.table, built.theme_of
    assert set(table["polarity"]) == {"complaint", "praise"}
    assert set(built.coverage) == {"complaint", "praise"} and min(built.coverage.values()) >= 0.6
    assert keys.index.equals(frame.index)
    assert set(keys[keys != ""]) == set(table["key"])
    assert table["main_aspect"].map(type).eq(str).all()
    assert (table["target"] != "").all() and (table["opinion"] != "").all()


def test_the_owner_can_ask_for_fewer_tags_and_gets_the_biggest():
    frame = make_clauses()
    every = build_themes(frame, AnalysisConfig(theme_edits=False)).table
    fewer = build_themes(
        frame, AnalysisConfig(theme_edits=False, n_complaint_themes=2, n_praise_themes=1)
    ).table
    complaints = every[every["polarity"] == "complaint"]
    assert len(complaints) > 2
    assert fewer.loc[fewer["polarity"] == "complaint", "key"].tolist() == (
        complaints["key"].head(2).tolist()
    )
    assert (fewer["polarity"] == "praise").sum() == 1


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
