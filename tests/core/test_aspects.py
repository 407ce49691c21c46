"""Aspect tagging and summaries as a shop owner would check them."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from app.core.aspects import taxonomy as aspects
from app.core.aspects.taxonomy import (
    detect_packs,
    load_taxonomy,
    reset_taxonomy,
    save_taxonomy,
    summarize_aspects,
    tag_aspects,
    taxonomy_from_dict,
    taxonomy_to_dict,
)

CORE_CASES = [
    ("快递第二天就到了", "logistics"),
    ("发货太慢了，等了一周", "logistics"),
    ("包装破损，盒子都压扁了", "packaging"),
    ("做工粗糙，线头很多", "quality"),
    ("洗了一次就起球", "quality"),
    ("实物色差很大", "appearance"),
    ("尺码偏小，建议拍大一码", "size"),
    ("性价比很高", "price"),
    ("这个价格太贵了", "price"),
    ("客服态度很差，问了半天不回复", "service"),
    ("用起来效果一般", "function"),
    ("打开有股刺鼻的甲醛味", "smell"),
    ("申请退货退款被拒绝", "after_sales"),
    ("是正品，专柜验过了", "authenticity"),
    ("赠品没有给", "gifts"),
    ("很好吃，口感不错", "taste"),
    ("質量很好", "quality"),  # traditional text is normalised first
]


@pytest.mark.parametrize(("clause", "key"), CORE_CASES)
def test_typical_clause_gets_its_aspect(clause, key):
    assert key in tag_aspects([clause], packs=())[0]


@pytest.mark.parametrize("clause", ["今天天气不错", "给老妈买的", "总之还行吧", "", "哈哈哈😂"])
def test_unrelated_clause_gets_no_aspect(clause):
    assert tag_aspects([clause], packs=()) == [()]


def test_food_pack_adds_restaurant_aspects_and_makes_weidao_taste():
    clauses = ["上菜速度太慢", "分量很足", "环境干净", "服务员很热情", "味道很重", "停车方便"]
    assert tag_aspects(clauses, packs=())[4] == ("smell",)  # clothes: 味道 is a smell
    tagged = tag_aspects(clauses, packs=("food",))
    assert tagged == [
        ("serving_speed",),
        ("portion",),
        ("environment",),
        ("service",),
        ("taste",),
        ("location",),
    ]


def test_electronics_pack():
    clauses = [
        "续航很差",
        "屏幕有坏点",
        "玩游戏发烫",
        "风扇噪音大",
        "用久了卡顿",
        "拍照很清晰",
        "信号差",
    ]
    tagged = tag_aspects(clauses, packs=("electronics",))
    assert tagged == [
        ("battery",), ("screen",), ("heat", "performance"), ("noise",), ("performance",),
        ("camera",), ("signal",),
    ]  # fmt: skip


def test_packs_are_detected_from_the_data():
    food = ["菜很好吃", "服务员态度好", "上菜快", "环境一般"] * 5
    phones = ["手机续航不错", "屏幕清晰", "充电很快", "系统流畅"] * 5
    clothes = ["衣服质量好", "尺码合适", "物流很快"] * 5
    assert detect_packs(food) == ("food",)
    assert detect_packs(phones) == ("electronics",)
    assert detect_packs(clothes) == ()
    assert tag_aspects(food)[0] == ("taste",)  # "auto" in the bundled file


def test_several_aspects_in_one_clause_in_taxonomy_order():
    assert tag_aspects(["物流快包装好质量不错"], packs=()) == [
        ("logistics", "packaging", "quality")
    ]


def test_longest_keyword_wins():
    # 尺码偏小 belongs to size; 质量 must not be found inside an unrelated longer word
    assert tag_aspects(["尺码偏小"], packs=()) == [("size",)]


def test_many_clauses_map_to_the_right_rows():
    clauses = ["物流很快", "", "今天天气好", "色差大"] * 2500
    tagged = tag_aspects(clauses, packs=())
    assert tagged[:4] == [("logistics",), (), (), ("appearance",)]
    assert tagged[-4:] == tagged[:4]
    assert len(tagged) == 10000


def test_regex_fallback_equals_automaton():
    matcher = aspects._matcher(load_taxonomy(), ("electronics", "food"))
    clauses = [c for c, _ in CORE_CASES] + ["上菜速度慢，环境很吵，手机发热", "味道很大"]
    fast = matcher.tag(clauses)
    automaton, matcher._automaton = matcher._automaton, None
    try:
        assert matcher.tag(clauses) == fast
    finally:
        matcher._automaton = automaton


def test_user_copy_overrides_bundled_taxonomy_and_reset():
    data = taxonomy_to_dict(load_taxonomy())
    data["aspects"].append(
        {"key": "pet", "zh": "宠物反应", "en": "Pet reaction", "keywords": ["狗狗", "猫咪"]}
    )
    path = save_taxonomy(taxonomy_from_dict(data))
    assert path.is_file() and json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    assert tag_aspects(["猫咪很爱吃"], packs=()) == [("pet",)]
    assert load_taxonomy().labels("en")["pet"] == "Pet reaction"
    reset_taxonomy()
    assert tag_aspects(["猫咪很爱吃"], packs=()) == [()]


def test_save_and_load_round_trip(tmp_path):
    taxonomy = load_taxonomy()
    path = save_taxonomy(taxonomy, tmp_path / "a.json")
    assert load_taxonomy(path) == taxonomy


def test_broken_user_file_gives_readable_error():
    from app.core.errors import InputFileError

    path = aspects.user_taxonomy_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError, match="方面词表"):
        load_taxonomy()


def _clauses() -> pd.DataFrame:
    rows = [
        ("物流超级快", "praise", 0.9, "logistics", 1),
        ("物流很快", "praise", 0.6, "logistics", 2),
        ("快递很快，第二天就到", "praise", 0.6, "logistics", 2),  # same review as above
        ("物流很快", "praise", 0.6, "logistics", 3),  # repeated text
        ("快递太慢了等了一个礼拜", "complaint", -0.95, "logistics", 4),
        ("物流一般", "neutral", 0.0, "logistics", 5),
        ("尺码偏小", "complaint", -0.7, "size", 6),
        ("质量好尺码也准", "praise", 0.8, "quality;size", 7),
        ("今天到的", "neutral", 0.0, "", 8),
        ("很喜欢", "praise", 0.9, None, 9),
    ]
    return pd.DataFrame(rows, columns=["clause", "polarity", "score", "aspects", "review_id"])


def test_summary_counts_share_and_complaint_rate():
    summary = summarize_aspects(_clauses()).set_index("aspect")
    logistics = summary.loc["logistics"]
    assert (logistics["praise"], logistics["complaint"], logistics["neutral"]) == (4, 1, 1)
    assert logistics["mentions"] == 6
    assert logistics["label_zh"] == "物流/配送"
    assert logistics["complaint_rate"] == pytest.approx(1 / 5)
    assert logistics["share"] == pytest.approx(5 / 8)  # 8 praise/complaint clauses in all
    size = summary.loc["size"]
    assert (size["praise"], size["complaint"], size["complaint_rate"]) == (1, 1, 0.5)
    assert list(summary.index[:1]) == ["logistics"]  # most mentioned first


def test_summary_quotes_strong_distinct_one_per_review():
    logistics = summarize_aspects(_clauses()).set_index("aspect").loc["logistics"]
    assert logistics["complaint_quotes"] == ["快递太慢了等了一个礼拜"]
    praise = logistics["praise_quotes"]
    assert praise[0] == "物流超级快"
    assert len(praise) == len(set(praise)) == 3  # "物流很快" once; review 2 only once
    assert logistics["neutral_quotes"] == ["物流一般"]


def test_summary_with_the_pipelines_tokens_equals_summary_from_raw_text():
    from app.core.text.segment import segment

    frame = _clauses()
    frame.loc[len(frame)] = ("物流很快　", "praise", 0.6, "logistics", 10)  # ideographic space
    with_tokens = frame.assign(tokens=segment(frame["clause"].tolist()))
    summary = summarize_aspects(with_tokens)
    pd.testing.assert_frame_equal(summary, summarize_aspects(frame))
    praise = summary.set_index("aspect").loc["logistics", "praise_quotes"]
    assert sum(q.strip() == "物流很快" for q in praise) == 1  # one quote, however it was typed


def test_summary_of_frame_without_aspects():
    frame = _clauses().assign(aspects="")
    assert summarize_aspects(frame).empty
