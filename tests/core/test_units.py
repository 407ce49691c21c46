"""Opinion units of single clauses: what is said (sense) about what (target), as an owner reads
them. Phrases written for these tests."""

from __future__ import annotations

import pytest

from app.core.text.segment import current_dictionary
from app.core.themes.tags import canonical_target
from app.core.themes.units import Unit, decode, encode, units_chunk

CASES = [
    # clause, judged label, expected (canonical target, sense, polarity) units
    ("快递太慢了", "complaint", [("快递", "慢", "complaint")]),
    ("物流速度不太快", "complaint", [("快递", "慢", "complaint")]),
    ("配送很慢", "complaint", [("快递", "慢", "complaint")]),
    ("客服也不回复", "complaint", [("客服", "不回复", "complaint")]),
    ("屏幕有坏点", "complaint", [("屏幕", "有坏点", "complaint")]),
    ("一点色差都没有", "praise", [("色差", "没有色差", "praise")]),
    ("没有异味", "praise", [("异味", "没有异味", "praise")]),
    ("尺码偏小", "complaint", [("尺码", "偏小", "complaint")]),
    ("米饭太硬", "complaint", [("米饭", "硬", "complaint")]),
    ("电池不耐用", "complaint", [("电池", "不耐用", "complaint")]),
    ("包装破损", "complaint", [("包装", "破损", "complaint")]),
    ("找不到客服", "complaint", [("客服", "找不到", "complaint")]),
    ("充电很慢", "complaint", [("充电", "慢", "complaint")]),
    ("客服态度很差", "complaint", [("客服", "差", "complaint")]),
    ("喜欢这个颜色", "praise", [("颜色", "喜欢", "praise")]),
    (
        "质量很好价格也便宜",
        "praise",
        [("质量", "好", "praise"), ("价格", "便宜", "praise")],
    ),
    ("价格不贵", "praise", [("价格", "便宜", "praise")]),
    ("很失望", "complaint", [("失望", "失望", "complaint")]),  # a verdict: tags count it apart
    ("声音有点小", "complaint", [("声音", "小", "complaint")]),
    ("真是让人失望", "complaint", [("失望", "失望", "complaint")]),  # 人 feels, is not judged
    ("太令人失望了", "complaint", [("失望", "失望", "complaint")]),
    ("个人比较喜欢", "praise", [("", "喜欢", "praise")]),
    ("昨天下单今天到", "neutral", []),
]


@pytest.mark.parametrize(("clause", "label", "expected"), CASES)
def test_units_say_what_is_said_about_what(clause, label, expected):
    (encoded,) = units_chunk(current_dictionary(), [(clause, label)])
    found = [
        (canonical_target(u.target) if u.target else "", u.sense, u.polarity)
        for u in decode(encoded)
    ]
    assert found == expected


def test_a_units_surface_is_the_clause_saying_it():
    (encoded,) = units_chunk(current_dictionary(), [("这次快递太慢了", "complaint")])
    (unit,) = decode(encoded)
    assert unit.surface == "快递太慢" and unit.surface in "这次快递太慢了"


def test_encoding_round_trips():
    units = [
        Unit("快递", "太慢", "慢", "complaint", "快递太慢"),
        Unit("", "失望", "失望", "complaint", "失望"),
    ]
    assert decode(encode(units)) == units
    assert decode(encode([])) == [] and encode([]) == ""
