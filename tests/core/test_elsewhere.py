"""Clauses about another product or other people are no complaint about this purchase."""

from __future__ import annotations

import pandas as pd

from app.core.sentiment.elsewhere import about_elsewhere


def _clauses(texts: list[tuple[int, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(texts, columns=["review_id", "clause", "polarity"])
    frame["kind"] = "review"
    frame["clause_code"] = pd.factorize(frame["clause"])[0]
    return frame


def test_another_item_and_the_clause_going_on_about_it_are_elsewhere():
    clauses = _clauses(
        [
            (1, "郑州市区当天发货", "neutral"),
            (1, "之前用的6", "neutral"),
            (1, "一年的时间卡顿了", "complaint"),  # goes on about the old phone
            (1, "反应很快", "praise"),
            (2, "曾经在某东买的xr", "neutral"),
            (2, "信号差的一比", "complaint"),
            (3, "其他人都卡得要死", "complaint"),
            (4, "之前用的华为", "neutral"),
            (4, "这个信号也差", "complaint"),  # back to this purchase
            (5, "价格比别家贵", "complaint"),  # a comparison in the shop's disfavour
            (6, "送别人的", "neutral"),
            (6, "还可以", "praise"),  # a gift: the next clause is about it
            (7, "一年的时间卡顿了", "complaint"),  # another review: nothing before it
        ]
    )
    found = about_elsewhere(clauses).tolist()
    assert found == [
        False,
        True,
        True,
        False,
        True,
        True,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]


def test_no_clauses_nothing_elsewhere():
    assert about_elsewhere(_clauses([])).tolist() == []
