"""Per-period rates: gaps for thin periods, partial periods, rising by rate not count."""

from __future__ import annotations

import math

import pandas as pd

from app.core.changes.periods import (
    FALLING,
    NEW,
    RISING,
    STEADY,
    describe_since,
    describe_tag_change,
    periods,
    since,
    tag_changes,
)
from app.core.reviews.unhappy import unhappy_split
from tests.core.changes_data import BROKEN, LEAK, SLOW, SMALL, batch, make


def test_a_month_with_five_reviews_is_a_gap_not_zero_or_hundred_percent():
    rows = batch("2024-01", 100, {SLOW: 10}) + batch("2024-02", 5, {SLOW: 5})
    rows += batch("2024-03", 100, {SLOW: 10}) + batch("2024-04-30", 1)
    p = periods(make(rows), "M")
    feb = pd.Timestamp("2024-02-01")
    assert p.freq == "M"
    assert p.table.at[feb, "reviews"] == 5 and bool(p.table.at[feb, "small"])
    assert math.isnan(p.table.at[feb, "complaint_share"])  # not 100 %
    assert math.isnan(p.rates.at[feb, SLOW])  # 5 of 5 is not "100 %"
    assert p.counts.at[feb, SLOW] == 5  # the count is still there
    assert p.rates.at[pd.Timestamp("2024-01-01"), SLOW] == 0.1
    assert p.table.at[pd.Timestamp("2024-03-01"), "complaint_share"] == 0.1


def test_partial_first_and_last_months_are_marked():
    rows = batch("2024-01-15", 30) + batch("2024-02", 30) + batch("2024-03-10", 30)
    p = periods(make(rows), "M")
    assert p.table["partial"].tolist() == [True, False, True]
    assert p.latest_full == pd.Timestamp("2024-02-01")
    full = periods(make(batch("2024-01", 31) + batch("2024-02", 29) + batch("2024-03", 31)), "M")
    assert full.table["partial"].tolist() == [False, False, False]


def test_share_agrees_with_the_dashboard_and_undated_reviews_are_counted():
    rows = batch("2024-01", 40, {SLOW: 6, BROKEN: 3}) + batch("2024-02", 40, {SMALL: 4})
    rows += [{"date": None, "tags": [SLOW]}]
    result = make(rows)
    p = periods(result)
    assert p.undated == 1
    assert p.table["reviews"].sum() + p.undated == len(result.reviews)
    split = unhappy_split(result)
    assert p.table["with_complaint"].sum() + 1 == split.with_complaint


def test_rising_by_rate_not_by_count():
    rows = []
    for month in ("2024-01", "2024-02", "2024-03"):
        rows += batch(month, 100, {SLOW: 2, BROKEN: 5, SMALL: 10})
    # April: ten times the reviews; 物流慢 2 % → 30 %, 坏了 stays 5 % (count 5 → 50),
    # 尺码偏小 10 % → 1 %, 漏水 new
    rows += batch("2024-04", 1000, {SLOW: 300, BROKEN: 50, SMALL: 10, LEAK: 4})
    p = periods(make(rows), "M")
    changes = tag_changes(p)
    assert changes.at[SLOW, "status"] == RISING
    assert changes.at[BROKEN, "status"] == STEADY  # count ×10, rate the same: not rising
    assert changes.at[SMALL, "status"] == FALLING
    assert changes.at[LEAK, "status"] == NEW
    assert changes.index[0] == SLOW  # rising first
    zh = describe_tag_change(changes.loc[BROKEN], p.freq, "zh")
    assert zh == "「坏了」没有明显变化：最近一月 5%（50/1,000 条评价），此前 5%（15/300 条）。"
    assert "900" not in zh and "+" not in zh  # never the raw-count growth
    en = describe_tag_change(changes.loc[SLOW], p.freq, "en")
    assert en == "“物流慢” rising: latest month 30% (300 of 1,000), before 2% (6 of 300)."


def test_partial_last_month_is_not_compared():
    rows = batch("2024-01", 100, {SLOW: 2}) + batch("2024-02", 100, {SLOW: 2})
    rows += batch("2024-03-05", 40, {SLOW: 30})  # five days of March
    changes = tag_changes(periods(make(rows), "M"))
    assert changes.attrs["latest"] == pd.Timestamp("2024-02-01")
    assert changes.at[SLOW, "status"] != RISING


def test_since_last_import_lists_new_reviews_and_new_tags():
    rows = batch("2024-01-10", 50, {SLOW: 5}) + batch("2024-01-20", 8, {SLOW: 2, LEAK: 3})
    s = since(make(rows), "2024-01-15 00:00")
    assert s.reviews == 8 and s.with_complaint == 5
    assert s.tags.loc[LEAK, "count"] == 3 and bool(s.tags.loc[LEAK, "new"])
    assert not bool(s.tags.loc[SLOW, "new"])
    assert describe_since(s, lang="zh") == (
        "上次导入（2024-01-15）之后新增 8 条评价，含不满 5 条；新出现的问题：「漏水」3 条；"
        "提到最多：「物流慢」2 条。"
    )
