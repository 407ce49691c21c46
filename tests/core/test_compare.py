"""Two sources: where they beat us, per tag and aspect, with the same statistics."""

from __future__ import annotations

import pytest

from app.core.changes.compare import NO_CHANGE, THEY_BETTER, TOO_FEW, compare, describe_comparison
from app.core.errors import AppError
from tests.core.changes_data import BROKEN, SLOW, SMALL, batch, make


def _result():
    rows = batch("2024-03", 200, {SLOW: 40, BROKEN: 10, SMALL: 3}, source="main")
    rows += batch("2024-03", 200, {SLOW: 10, BROKEN: 10, SMALL: 1}, source="competitor")
    rows += batch("2024-03", 7, source="other")
    return make(rows)


def test_they_beat_us_on_slow_delivery_only():
    c = compare(_result())
    assert list(c.they_beat_us.index) == [SLOW]
    assert c.tags.loc[BROKEN, "verdict"] == NO_CHANGE
    assert c.tags.loc[SMALL, "verdict"] == TOO_FEW
    assert c.aspects.loc["logistics", "verdict"] == THEY_BETTER
    assert (c.tags.loc[SLOW, "ours_rate"], c.tags.loc[SLOW, "theirs_rate"]) == (0.2, 0.05)
    assert c.elsewhere == 7
    lines = describe_comparison(c, "zh")
    assert (
        lines[1]
        == "「物流慢」：main 20%（40/200 条），competitor 5%（10/200 条）——competitor明显更少。"
    )


def test_two_skus_from_a_series():
    result = _result()
    c = compare(result, result.reviews["source"], ours="competitor", theirs="main")
    assert c.they_beat_us.empty


def test_a_missing_column_or_side_says_so():
    with pytest.raises(AppError, match="没有“店铺”这一列"):
        compare(_result(), "店铺")
    with pytest.raises(AppError, match="没有一条评价属于“rival”"):
        compare(_result(), ours="main", theirs="rival")


def test_only_the_days_both_sides_have_reviews_are_compared():
    # ours: January (slow delivery every 2nd review, the peak season) and March; theirs: March
    rows = batch("2024-01", 200, {SLOW: 100}, source="main")
    rows += batch("2024-03", 200, {SLOW: 10}, source="main")
    rows += batch("2024-03", 200, {SLOW: 10}, source="competitor")
    c = compare(make(rows))
    assert (c.tags.loc[SLOW, "ours_count"], c.tags.loc[SLOW, "ours_reviews"]) == (10, 200)
    assert c.tags.loc[SLOW, "verdict"] == NO_CHANGE  # not "they beat us" on January's delays
    assert c.left_out == (200, 0) and c.elsewhere == 200
    assert describe_comparison(c, "zh")[0] == (
        "只比较两边都有评价的 2024-03-01 至 2024-03-31（这段时间以外的评价不计：main的 200 条）。"
    )


def test_sides_from_different_periods_are_compared_whole_and_said_so():
    rows = batch("2024-01", 200, {SLOW: 40}, source="main")
    rows += batch("2024-03", 200, {SLOW: 10}, source="competitor")
    c = compare(make(rows))
    assert c.span is None and c.apart and c.tags.loc[SLOW, "ours_reviews"] == 200
    assert describe_comparison(c, "en")[0].startswith("Note: the reviews of main and competitor")
