"""Did the fix work: 好转了 only when the fall is solid, 还看不出来 with too few reviews."""

from __future__ import annotations

import pytest

from app.core.changes.fix_check import (
    BETTER,
    NO_CHANGE,
    TOO_FEW,
    WORSE,
    describe_fix,
    describe_row,
    fix_check,
)
from tests.core.changes_data import BROKEN, SLOW, batch, make


def test_twenty_to_five_percent_with_200_reviews_each_side_is_better():
    rows = batch("2024-03", 200, {SLOW: 40, BROKEN: 10}) + batch(
        "2024-05", 200, {SLOW: 10, BROKEN: 10}
    )
    check = fix_check(make(rows), "2024-04-15", "换了顺丰")
    slow = check.tags.loc[SLOW]
    assert slow["verdict"] == BETTER
    assert (slow["before_rate"], slow["after_rate"]) == (0.2, 0.05)
    assert slow["before_low"] == pytest.approx(0.1505, abs=1e-4)
    assert check.tags.loc[BROKEN, "verdict"] == NO_CHANGE
    assert check.overall["verdict"] == BETTER  # 50 of 200 → 20 of 200 with a complaint
    assert describe_row(slow, "zh") == (
        "「物流慢」：好转了。之前 20%（40/200 条，可能在 15%–26% 之间），"
        "之后 5%（10/200 条，可能在 2.7%–9% 之间）。"
    )
    assert describe_fix(check, "zh").startswith(
        "换了顺丰（2024-04-15）前后对比 · 含不满的评价：好转了。"
    )


def test_ten_reviews_each_side_is_too_early_to_tell():
    rows = batch("2024-03", 10, {SLOW: 2}) + batch("2024-05", 10, {SLOW: 0})
    check = fix_check(make(rows), "2024-04-15")
    assert check.tags.loc[SLOW, "verdict"] == TOO_FEW
    assert "还看不出来（评价太少）" in describe_row(check.tags.loc[SLOW], "zh")


def test_worse_and_the_day_of_the_fix_counts_as_after():
    rows = batch("2024-03", 100, {SLOW: 5}) + batch("2024-04-15", 100, {SLOW: 30})
    check = fix_check(make(rows), "2024-04-15")
    assert check.tags.loc[SLOW, "verdict"] == WORSE
    assert check.overall["after_reviews"] == 100


def test_days_limits_both_sides():
    rows = batch("2023-01", 300, {SLOW: 150}) + batch("2024-03", 100, {SLOW: 10})
    rows += batch("2024-04", 100, {SLOW: 10})
    check = fix_check(make(rows), "2024-04-01", days=31)
    assert check.overall["before_reviews"] == 100
    assert check.tags.loc[SLOW, "verdict"] == NO_CHANGE
