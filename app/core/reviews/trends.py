"""Counts per week or month: the period is chosen from the date span."""

from __future__ import annotations

import pandas as pd

WEEK, MONTH = "W", "M"
WEEKLY_MAX_DAYS = 120  # up to ~4 months of data: weeks; longer: months
SENTIMENTS = ("praise", "complaint", "mixed", "neutral")


def choose_freq(dates: pd.Series) -> str | None:
    """``"W"`` for spans up to ~4 months, ``"M"`` beyond, None when fewer than 2 distinct days."""
    known = pd.to_datetime(dates, errors="coerce").dropna()
    if known.dt.normalize().nunique() < 2:
        return None
    span = (known.max() - known.min()).days
    return WEEK if span <= WEEKLY_MAX_DAYS else MONTH


def period_start(dates: pd.Series, freq: str) -> pd.Series:
    """The Monday of the week, or the first day of the month, of each date (NaT stays NaT)."""
    dates = pd.to_datetime(dates, errors="coerce")
    if freq == WEEK:
        day = dates.dt.normalize()
        return day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time


def sentiment_trend(labels: pd.Series, dates: pd.Series, freq: str) -> pd.DataFrame:
    """Per period: praise / complaint / neutral counts, total, and praise / complaint shares.

    Every period between the first and the last is present, with zeros where nothing happened.
    """
    periods = period_start(dates, freq)
    frame = pd.DataFrame({"period": periods, "label": labels.to_numpy()}).dropna(subset=["period"])
    counts = frame.groupby(["period", "label"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(SENTIMENTS), fill_value=0)
    counts = counts.reindex(_all_periods(counts.index, freq), fill_value=0)
    counts["total"] = counts[list(SENTIMENTS)].sum(axis=1)
    safe_total = counts["total"].where(counts["total"] > 0)
    counts["praise_share"] = (counts["praise"] / safe_total).fillna(0.0)
    counts["complaint_share"] = (counts["complaint"] / safe_total).fillna(0.0)
    counts.index.name = "period"
    return counts


def count_trend(groups: pd.Series, dates: pd.Series, freq: str) -> pd.DataFrame:
    """Per period (rows) and group (columns, e.g. theme labels): counts, every period present."""
    periods = period_start(dates, freq)
    frame = pd.DataFrame({"period": periods, "group": groups.to_numpy()}).dropna()
    counts = frame.groupby(["period", "group"]).size().unstack(fill_value=0)
    counts = counts.reindex(_all_periods(counts.index, freq), fill_value=0)
    counts.index.name = "period"
    return counts


def _all_periods(index: pd.Index, freq: str) -> pd.DatetimeIndex:
    if len(index) == 0:
        return pd.DatetimeIndex([], name="period")
    step = "W-MON" if freq == WEEK else "MS"
    return pd.date_range(index.min(), index.max(), freq=step, name="period")
