"""Things to look at now, most urgent first; each alert lists its review ids.

Relative to the data's last day (or ``today``), three rules:

- ``new_problem``: a complaint tag with at least :data:`BURST_MIN` (3) reviews in the last
  :data:`BURST_DAYS` (7) days and none in the 7 days before (said as back again when the tag
  had reviews earlier still).
- ``rate_doubled``: a tag whose rate in the last :data:`RATE_DAYS` (30) days is at least twice
  its rate before, with enough reviews on both sides — at least 30 reviews in the window and
  30 before, at least 3 of the tag in the window — and the rise solid at 95 % (the z-test of
  :mod:`.stats`). A tag that already has a ``new_problem`` alert gets no second one.
- ``one_star_after_good``: 1★ reviews in the last 7 days that came right after a run of at
  least :data:`GOOD_RUN` (20) consecutive ≥4★ reviews (rated reviews by date); the low-star
  reviews that follow the same run join it.

Severity 3 (high): a new problem in 5+ reviews, or a rate tripled; 2: the other new problems
and doubled rates, and two or more 1★ after a good run; 1: a single 1★ after a good run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from app.core.changes.common import (
    complaint_labels,
    pct,
    review_dates,
    tag_counts,
    tag_pairs,
    words,
)
from app.core.changes.stats import ALPHA, MIN_SIDE_REVIEWS, two_proportion_p
from app.core.results import AnalysisResult

BURST_DAYS, BURST_MIN, BURST_HIGH = 7, 3, 5
RATE_DAYS, RATE_FACTOR, RATE_HIGH, RATE_MIN_TAG = 30, 2.0, 3.0, 3
GOOD_RUN, GOOD_STARS = 20, 4
NEW_PROBLEM, RATE_DOUBLED, ONE_STAR = "new_problem", "rate_doubled", "one_star_after_good"


@dataclass(frozen=True)
class Alert:
    """One alert: ``kind`` (see the module docstring), ``severity`` (3 most urgent), the tag
    (key and label; "" for 1★ alerts), its reviews and the numbers its sentence needs."""

    kind: str
    severity: int
    review_ids: tuple
    tag: str = ""
    label: str = ""
    numbers: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.review_ids)


def alerts(result: AnalysisResult, today: object = None) -> list[Alert]:
    """Every alert of the three rules, most urgent first (severity, then reviews)."""
    dates = review_dates(result)
    if dates.notna().sum() == 0:
        return []
    end = (pd.Timestamp(today) if today is not None else dates.max()).normalize()
    end += pd.Timedelta(days=1)  # the whole last day counts
    found = _new_problems(result, dates, end)
    done = {a.tag for a in found}
    found += [a for a in _doubled(result, dates, end) if a.tag not in done]
    found += _one_star(result, dates, end)
    return sorted(found, key=lambda a: (-a.severity, -a.count, a.kind))


def _windows(dates: pd.Series, end: pd.Timestamp, days: int) -> pd.Series:
    """ "now" (the last ``days`` days), "before" (the ``days`` before), NaN otherwise."""
    start = end - pd.Timedelta(days=days)
    side = pd.Series(np.nan, index=dates.index, dtype=object)
    side[(dates >= start) & (dates < end)] = "now"
    side[(dates >= start - pd.Timedelta(days=days)) & (dates < start)] = "before"
    return side


def _ids_of(pairs: pd.DataFrame, side: pd.Series, tag: str, which: str) -> tuple:
    mine = pairs.loc[pairs["tag"] == tag, "review_id"]
    return tuple(mine[mine.map(side).eq(which).to_numpy()])


def _new_problems(result: AnalysisResult, dates: pd.Series, end: pd.Timestamp) -> list[Alert]:
    labels = complaint_labels(result)
    pairs = tag_pairs(result, list(labels))
    side = _windows(dates, end, BURST_DAYS)
    side[(dates < end - pd.Timedelta(days=2 * BURST_DAYS)).to_numpy()] = "earlier"
    periods = ["now", "before", "earlier"]
    counts = tag_counts(pairs, side).reindex(index=periods, fill_value=0)
    found = []
    for tag in counts.columns:
        now, before, ever = (int(counts.at[period, tag]) for period in periods)
        if now >= BURST_MIN and before == 0:
            found.append(
                Alert(
                    NEW_PROBLEM,
                    3 if now >= BURST_HIGH else 2,
                    _ids_of(pairs, side, tag, "now"),
                    tag,
                    labels[tag],
                    {"days": BURST_DAYS, "count": now, "earlier": ever},
                )
            )
    return found


def _doubled(result: AnalysisResult, dates: pd.Series, end: pd.Timestamp) -> list[Alert]:
    start = end - pd.Timedelta(days=RATE_DAYS)
    side = pd.Series(np.nan, index=dates.index, dtype=object)
    side[(dates >= start) & (dates < end)] = "now"
    side[dates < start] = "before"
    n_now, n_before = int((side == "now").sum()), int((side == "before").sum())
    if n_now < MIN_SIDE_REVIEWS or n_before < MIN_SIDE_REVIEWS:
        return []
    labels = complaint_labels(result)
    pairs = tag_pairs(result, list(labels))
    counts = tag_counts(pairs, side).reindex(index=["now", "before"], fill_value=0)
    if counts.empty:
        return []
    now, before = counts.loc["now"].to_numpy(), counts.loc["before"].to_numpy()
    rate_now, rate_before = now / n_now, before / n_before
    p = two_proportion_p(before, n_before, now, n_now)
    hit = (now >= RATE_MIN_TAG) & (rate_now >= RATE_FACTOR * rate_before) & (p < ALPHA)
    found = []
    for i in np.flatnonzero(hit):
        tag = counts.columns[i]
        ratio = rate_now[i] / rate_before[i] if rate_before[i] else float("inf")
        found.append(
            Alert(
                RATE_DOUBLED,
                3 if ratio >= RATE_HIGH else 2,
                _ids_of(pairs, side, tag, "now"),
                tag,
                labels[tag],
                {
                    "days": RATE_DAYS,
                    "rate_now": float(rate_now[i]),
                    "rate_before": float(rate_before[i]),
                    "count_now": int(now[i]),
                    "reviews_now": n_now,
                    "count_before": int(before[i]),
                    "reviews_before": n_before,
                    "p_value": float(p[i]),
                },
            )
        )
    return found


def _one_star(result: AnalysisResult, dates: pd.Series, end: pd.Timestamp) -> list[Alert]:
    rating = pd.to_numeric(result.reviews["rating"], errors="coerce")
    rated = pd.DataFrame({"date": dates, "rating": rating}).dropna()
    rated = rated.sort_values("date", kind="stable")
    good = (rated["rating"] >= GOOD_STARS).to_numpy()
    if not len(rated):
        return []
    # length of the run of good reviews each review ends (0 for a review that is not good)
    run = pd.Series(good.astype(int)).groupby(np.cumsum(~good)).cumsum().to_numpy()
    run_before = np.concatenate([[0], run[:-1]])
    # consecutive not-good reviews share a stretch; its run is the good run right before it
    breaks = np.cumsum(good)
    stretch_run = np.zeros(len(good), dtype=int)
    stretch_run[~good] = (
        pd.Series(run_before[~good]).groupby(breaks[~good]).transform("first").to_numpy()
    )
    recent = (rated["date"] >= end - pd.Timedelta(days=BURST_DAYS)).to_numpy()
    ones = (rated["rating"] == 1).to_numpy() & (stretch_run >= GOOD_RUN) & recent
    found = []
    stretches = pd.Series(breaks[ones]).unique()
    for stretch in stretches:
        picked = ones & (breaks == stretch)
        ids = tuple(rated.index[picked])
        first = int(np.flatnonzero(picked)[0])
        found.append(
            Alert(
                ONE_STAR,
                2 if len(ids) >= 2 else 1,
                ids,
                numbers={"run": int(stretch_run[first]), "days": BURST_DAYS},
            )
        )
    return found


def describe_alert(alert: Alert, lang: str | None = None) -> str:
    """The alert in one sentence, Chinese first."""
    say = words(lang)
    n = alert.numbers
    if alert.kind == NEW_PROBLEM and n.get("earlier", 0):
        return say(
            f"「{alert.label}」又集中出现了：最近 {n['days']} 天有 {alert.count} 条评价提到，"
            f"之前 {n['days']} 天一条都没有（更早有 {n['earlier']:,} 条）。",
            f"“{alert.label}” is back: {alert.count} reviews in the last {n['days']} days, "
            f"none in the {n['days']} days before ({n['earlier']:,} earlier).",
        )
    if alert.kind == NEW_PROBLEM:
        return say(
            f"新问题：最近 {n['days']} 天有 {alert.count} 条评价提到「{alert.label}」，"
            f"之前 {n['days']} 天一条都没有。",
            f"New problem: {alert.count} reviews mention “{alert.label}” in the last "
            f"{n['days']} days, none in the {n['days']} days before.",
        )
    if alert.kind == RATE_DOUBLED:
        now, was = n["rate_now"], n["rate_before"]
        return say(
            f"「{alert.label}」变多了：最近 {n['days']} 天 {pct(now)} 的评价提到"
            f"（{n['count_now']}/{n['reviews_now']:,} 条），之前只有 {pct(was)}"
            f"（{n['count_before']}/{n['reviews_before']:,} 条）。",
            f"“{alert.label}” is up: {pct(now)} of reviews in the last {n['days']} days "
            f"({n['count_now']} of {n['reviews_now']:,}), {pct(was)} before "
            f"({n['count_before']} of {n['reviews_before']:,}).",
        )
    return say(
        f"连续 {n['run']} 条 4-5 星好评之后，最近 {n['days']} 天出现了 {alert.count} 条 1 星差评。",
        f"{alert.count} one-star review(s) in the last {n['days']} days right after "
        f"{n['run']} reviews in a row with 4-5 stars.",
    )
