"""Trends: week vs month from the span, complete period ranges, shares that add up."""

from __future__ import annotations

import pandas as pd

from app.core.reviews.trends import choose_freq, count_trend, sentiment_trend


def test_short_span_uses_weeks_long_span_uses_months():
    assert choose_freq(pd.Series(pd.to_datetime(["2024-01-01", "2024-02-15"]))) == "W"
    assert choose_freq(pd.Series(pd.to_datetime(["2024-01-01", "2024-09-15"]))) == "M"
    assert choose_freq(pd.Series(pd.to_datetime(["2024-01-01 08:00", "2024-01-01 20:00"]))) is None
    assert choose_freq(pd.Series([pd.NaT, pd.NaT])) is None


def test_weekly_trend_has_every_week_and_counts_add_up():
    dates = pd.Series(pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-24", None]))
    labels = pd.Series(["praise", "complaint", "complaint", "praise"])
    trend = sentiment_trend(labels, dates, "W")
    assert list(trend.index.strftime("%Y-%m-%d")) == [
        "2024-01-01",
        "2024-01-08",
        "2024-01-15",
        "2024-01-22",
    ]
    assert trend["total"].tolist() == [2, 0, 0, 1]
    assert trend.loc["2024-01-01", "complaint_share"] == 0.5
    assert trend.loc["2024-01-08", "praise_share"] == 0.0  # empty week: zero, not NaN


def test_monthly_group_trend():
    dates = pd.Series(pd.to_datetime(["2024-01-05", "2024-03-09", "2024-03-10"]))
    groups = pd.Series(["快递慢", "快递慢", "尺码偏小"])
    trend = count_trend(groups, dates, "M")
    assert list(trend.index.month) == [1, 2, 3]
    assert trend.loc["2024-03-01", "快递慢"] == 1 and trend.loc["2024-02-01"].sum() == 0
