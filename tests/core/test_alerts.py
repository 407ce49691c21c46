"""Alerts: a new problem this week, a doubled rate, 1★ after a good run; most urgent first."""

from __future__ import annotations

import pandas as pd

from app.core.changes.alerts import (
    NEW_PROBLEM,
    ONE_STAR,
    RATE_DOUBLED,
    alerts,
    describe_alert,
)
from tests.core.changes_data import BROKEN, SLOW, batch, make


def _background() -> list[dict]:
    """Two months of reviews, a few 坏了 each week, 物流慢 only long ago; mixed stars."""
    rows = []
    for i, day in enumerate(pd.date_range("2024-03-01", "2024-04-30")):
        rows += batch(f"{day:%Y-%m-%d}", 3, {BROKEN: 1 if i % 3 == 0 else 0}, rating=3)
    rows += batch("2024-03-02", 2, {SLOW: 2})
    return rows


def test_three_new_slow_delivery_reviews_this_week_raise_an_alert():
    rows = _background() + batch("2024-04-28", 3, {SLOW: 3})
    result = make(rows)
    found = [a for a in alerts(result) if a.kind == NEW_PROBLEM]
    assert [a.label for a in found] == ["物流慢"]
    ids = found[0].review_ids
    assert len(ids) == 3 and set(result.reviews.loc[list(ids), "themes"]) == {"物流慢"}
    assert describe_alert(found[0], "zh") == (
        "「物流慢」又集中出现了：最近 7 天有 3 条评价提到，之前 7 天一条都没有（更早有 2 条）。"
    )


def test_a_tag_never_seen_before_is_called_new():
    rows = [r for r in _background() if SLOW not in r["tags"]] + batch("2024-04-28", 3, {SLOW: 3})
    found = [a for a in alerts(make(rows)) if a.kind == NEW_PROBLEM]
    assert describe_alert(found[0], "zh") == (
        "新问题：最近 7 天有 3 条评价提到「物流慢」，之前 7 天一条都没有。"
    )


def test_two_new_reviews_are_no_alert():
    result = make(_background() + batch("2024-04-28", 2, {SLOW: 2}))
    assert [a for a in alerts(result) if a.tag == SLOW] == []


def test_a_tag_seen_the_week_before_is_not_new():
    rows = _background() + batch("2024-04-20", 1, {SLOW: 1}) + batch("2024-04-28", 3, {SLOW: 3})
    assert [a for a in alerts(make(rows)) if a.kind == NEW_PROBLEM] == []


def test_rate_doubled_needs_a_solid_rise():
    rows = []
    for day in pd.date_range("2024-01-01", "2024-03-31", freq="2D"):
        rows += batch(f"{day:%Y-%m-%d}", 4, {SLOW: 0}, rating=3)
    rows += batch("2024-01", 200, {SLOW: 10}, rating=3)  # 物流慢 ~3 % before the last 30 days
    rows += batch("2024-04", 100, {SLOW: 20}, rating=3)  # 20 % in April
    found = alerts(make(rows))
    doubled = [a for a in found if a.kind == RATE_DOUBLED]
    assert [a.tag for a in doubled] == [SLOW] and doubled[0].count == 20
    assert doubled[0].severity == 3  # more than tripled
    assert "变多了" in describe_alert(doubled[0], "zh")


def test_one_star_after_twenty_good_reviews_and_not_after_ten():
    rows = batch("2024-04-01", 25, rating=5) + batch("2024-04-20", 1, rating=1)
    found = alerts(make(rows))
    assert [(a.kind, a.review_ids) for a in found] == [(ONE_STAR, (25,))]
    assert describe_alert(found[0], "zh") == (
        "连续 25 条 4-5 星好评之后，最近 7 天出现了 1 条 1 星差评。"
    )
    rows = batch("2024-04-01", 10, rating=5) + batch("2024-04-20", 1, rating=1)
    assert alerts(make(rows)) == []


def test_most_urgent_first():
    rows = _background() + batch("2024-04-29", 6, {SLOW: 6})  # new problem in 6 reviews: high
    rows += batch("2024-04-29 12:00", 22, rating=5) + batch("2024-04-30", 1, rating=1)
    found = alerts(make(rows))
    assert [a.kind for a in found] == [NEW_PROBLEM, ONE_STAR]
    assert found[0].severity > found[1].severity
