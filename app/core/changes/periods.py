"""Per week or month: reviews, 含不满 share and each complaint tag's rate; rising / new tags.

A tag's *rate* in a period is the reviews of the period holding the tag / the reviews of the
period (its count is kept beside it). Periods with fewer than :data:`MIN_PERIOD_REVIEWS`
reviews get no rate (NaN, drawn as a gap): 1 of 3 reviews is not "33 %". The first and the
last period are ``partial`` when the data does not cover all their days.

Rising / falling compare the *latest full period* (the last one not partial) with the earlier
periods pooled (up to :data:`BASELINE_PERIODS` of them), as rates, with the test of
:mod:`.stats` (Wilson intervals shown, the two-proportion z-test at 95 % decides, 30 reviews on
each side and 10 tag reviews in all): a tag whose count grows only because the shop sold more
keeps its rate and is not rising. *New* tags have reviews in the last period and none before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd

from app.core.changes.common import (
    complaint_labels,
    complaint_mask,
    pct,
    review_dates,
    tag_counts,
    tag_pairs,
    words,
)
from app.core.changes.stats import rate_table
from app.core.results import AnalysisResult
from app.core.reviews.trends import MONTH, WEEK, choose_freq, period_start

MIN_PERIOD_REVIEWS = 20  # fewer reviews in a period: no rate (a gap), never 0 % or 100 %
BASELINE_PERIODS = 6  # earlier periods pooled as the "before" of rising / falling

RISING, FALLING, NEW, STEADY, TOO_FEW = "rising", "falling", "new", "steady", "too_few"


@dataclass
class Periods:
    """The reviews of a result per period.

    ``table`` — indexed by period start: ``end`` (first day after it), ``reviews``,
    ``with_complaint`` (含不满 reviews), ``complaint_share`` (NaN when ``small``), ``small``
    (fewer than :data:`MIN_PERIOD_REVIEWS` reviews), ``covered`` (share of its days inside the
    data), ``partial`` (first / last period not fully covered).
    ``counts`` / ``rates`` — period × tag key: reviews holding the tag / their rate (NaN when
    the period is small). ``labels``: tag key → label, biggest tag first. ``undated``: reviews
    without a date (in no period).
    """

    freq: str
    table: pd.DataFrame
    counts: pd.DataFrame
    rates: pd.DataFrame
    labels: dict[str, str]
    undated: int
    first_day: pd.Timestamp
    last_day: pd.Timestamp

    @property
    def latest_full(self) -> pd.Timestamp | None:
        """The last period that is not partial (None when every period is)."""
        full = self.table.index[~self.table["partial"].to_numpy()]
        return full[-1] if len(full) else None


def period_end(starts: pd.DatetimeIndex, freq: str) -> pd.DatetimeIndex:
    """The first day after each period."""
    if freq == WEEK:
        return starts + pd.Timedelta(days=7)
    return starts + pd.offsets.MonthBegin(1)


def periods(result: AnalysisResult, freq: str | None = None) -> Periods | None:
    """Reviews, 含不满 share and tag rates per period (``freq`` "W" / "M"; default: chosen from
    the date span like the trend chart). None when fewer than 2 distinct days are known."""
    dates = review_dates(result)
    freq = freq or choose_freq(dates)
    if freq is None:
        return None
    start = period_start(dates, freq)
    known = start.notna().to_numpy()
    complaint = complaint_mask(result)
    frame = pd.DataFrame({"period": start[known], "complaint": complaint[known]})
    grouped = frame.groupby("period")["complaint"].agg(["size", "sum"])
    first_day, last_day = dates.min().normalize(), dates.max().normalize()
    step = "W-MON" if freq == WEEK else "MS"
    index = pd.date_range(grouped.index.min(), grouped.index.max(), freq=step, name="period")
    grouped = grouped.reindex(index, fill_value=0)
    table = pd.DataFrame(index=index)
    table["end"] = period_end(index, freq)
    table["reviews"] = grouped["size"].astype(int)
    table["with_complaint"] = grouped["sum"].astype(int)
    table["small"] = table["reviews"] < MIN_PERIOD_REVIEWS
    table["complaint_share"] = (table["with_complaint"] / table["reviews"]).where(~table["small"])
    days = (table["end"] - index).dt.days.to_numpy()
    inside_from = np.maximum(index.to_numpy(), first_day.to_datetime64())
    inside_to = np.minimum(table["end"].to_numpy(), (last_day + pd.Timedelta(days=1)).to_numpy())
    table["covered"] = ((inside_to - inside_from) / np.timedelta64(1, "D")) / days
    table["partial"] = table["covered"] < 1.0

    labels = complaint_labels(result)
    counts = tag_counts(tag_pairs(result, list(labels)), start)
    counts = counts.reindex(index=index, columns=list(labels), fill_value=0).astype(int)
    counts.index.name = "period"
    rates = counts.div(table["reviews"].where(~table["small"]), axis=0)
    return Periods(
        freq=freq,
        table=table,
        counts=counts,
        rates=rates,
        labels=labels,
        undated=int((~known).sum()),
        first_day=first_day,
        last_day=last_day,
    )


def tag_changes(p: Periods, baseline: int = BASELINE_PERIODS) -> pd.DataFrame:
    """Each tag's rate in the latest full period against the earlier periods pooled.

    Indexed by tag key, most notable first: ``label``, the :func:`.stats.rate_table` columns
    with sides ``before`` / ``latest``, ``last_count`` (reviews in the last period, partial or
    not), ``ever_before`` (reviews before the last period) and ``status``: "rising" /
    "falling" (solid difference), "new" (reviews in the last period, none before), "steady",
    "too_few" (too few reviews to judge). Empty without a full period after an earlier one.
    """
    latest = p.latest_full
    keys = list(p.labels)
    if latest is None or not keys:
        return pd.DataFrame()
    position = p.table.index.get_loc(latest)
    before = p.table.index[max(0, position - baseline) : position]
    if not len(before):
        return pd.DataFrame()
    counts = p.counts
    table = rate_table(
        counts.loc[before].sum().to_numpy(),
        int(p.table.loc[before, "reviews"].sum()),
        counts.loc[latest].to_numpy(),
        int(p.table.at[latest, "reviews"]),
        index=pd.Index(keys, name="tag"),
        names=("before", "latest"),
    )
    table.insert(0, "label", [p.labels[k] for k in keys])
    last = p.table.index[-1]
    table["last_count"] = counts.loc[last].to_numpy()
    table["ever_before"] = counts.loc[counts.index < last].sum().to_numpy()
    status = np.where(table["enough"], STEADY, TOO_FEW).astype(object)
    status[(table["solid"] & (table["diff"] > 0)).to_numpy()] = RISING
    status[(table["solid"] & (table["diff"] < 0)).to_numpy()] = FALLING
    status[((table["last_count"] > 0) & (table["ever_before"] == 0)).to_numpy()] = NEW
    table["status"] = status
    order = {RISING: 0, NEW: 1, FALLING: 2, STEADY: 3, TOO_FEW: 4}
    rank = table["status"].map(order)
    table = table.assign(_rank=rank, _size=-table["diff"].abs().fillna(0))
    table = table.sort_values(["_rank", "_size"], kind="stable").drop(columns=["_rank", "_size"])
    table.attrs.update(latest=latest, before=list(before), freq=p.freq)
    return table


@dataclass
class SinceImport:
    """The reviews dated after a cut-off (the last import's newest review).

    ``tags``: indexed by tag key, ``label``, ``count`` (reviews after the cut-off holding it),
    ``new`` (none before the cut-off), biggest first. ``undated``: reviews without a date (not
    placed either side).
    """

    cutoff: pd.Timestamp
    review_ids: list
    with_complaint: int
    tags: pd.DataFrame
    undated: int

    @property
    def reviews(self) -> int:
        return len(self.review_ids)


def since(result: AnalysisResult, cutoff: object) -> SinceImport:
    """What arrived after ``cutoff`` (a datetime or date text; a ``date`` is a whole day, so
    reviews later on that day are not after it): reviews and their tags."""
    cut = pd.Timestamp(cutoff)
    dates = review_dates(result)
    whole_day = isinstance(cutoff, date) and not isinstance(cutoff, datetime)
    after = (dates >= cut + pd.Timedelta(days=1) if whole_day else dates > cut).to_numpy()
    labels = complaint_labels(result)
    pairs = tag_pairs(result, list(labels))
    side = pd.Series(np.where(after, "after", "before"), index=result.reviews.index)
    side = side.where(dates.notna().to_numpy())
    counts = tag_counts(pairs, side).reindex(index=["before", "after"], fill_value=0)
    counts = counts.reindex(columns=list(labels), fill_value=0)
    tags = pd.DataFrame(
        {
            "label": [labels[k] for k in labels],
            "count": counts.loc["after"].to_numpy().astype(int),
            "new": (counts.loc["before"] == 0).to_numpy(),
        },
        index=pd.Index(list(labels), name="tag"),
    )
    tags = tags.loc[tags["count"] > 0].sort_values("count", ascending=False, kind="stable")
    return SinceImport(
        cutoff=cut,
        review_ids=list(result.reviews.index[after]),
        with_complaint=int(complaint_mask(result)[after].sum()),
        tags=tags,
        undated=int(dates.isna().sum()),
    )


def period_name(period: pd.Timestamp, freq: str, lang: str | None = None) -> str:
    """「2024年5月」 / 「2024-05-06 起的一周」 (May 2024 / week of 2024-05-06)."""
    say = words(lang)
    if freq == MONTH:
        return say(f"{period.year}年{period.month}月", period.strftime("%b %Y"))
    return say(f"{period:%Y-%m-%d} 起的一周", f"week of {period:%Y-%m-%d}")


def describe_tag_change(row: pd.Series, freq: str, lang: str | None = None) -> str:
    """One row of :func:`tag_changes` in plain words, rates not raw counts:
    「「物流慢」上升：最近一月 30%（30/100 条评价），此前 2%（12/600 条）。」"""
    say = words(lang)
    unit = say("月", "month") if freq == MONTH else say("周", "week")
    now = f"{pct(row['latest_rate'])}（{row['latest_count']}/{row['latest_reviews']:,} 条评价）"
    now_en = f"{pct(row['latest_rate'])} ({row['latest_count']} of {row['latest_reviews']:,})"
    was = f"{pct(row['before_rate'])}（{row['before_count']}/{row['before_reviews']:,} 条）"
    was_en = f"{pct(row['before_rate'])} ({row['before_count']} of {row['before_reviews']:,})"
    label, status = row["label"], row["status"]
    if status == NEW:
        return say(
            f"「{label}」是新出现的问题：最近一期 {row['last_count']} 条评价提到，此前没有。",
            f"“{label}” is new: {row['last_count']} reviews in the last period, none before.",
        )
    if status == TOO_FEW:
        return say(
            f"「{label}」：评价太少，还看不出变化（最近一{unit} {now}）。",
            f"“{label}”: too few reviews to tell (latest {unit}: {now_en}).",
        )
    zh_word, en_word = {
        RISING: ("上升", "rising"),
        FALLING: ("下降", "falling"),
        STEADY: ("没有明显变化", "no clear change"),
    }[status]
    return say(
        f"「{label}」{zh_word}：最近一{unit} {now}，此前 {was}。",
        f"“{label}” {en_word}: latest {unit} {now_en}, before {was_en}.",
    )


def describe_since(s: SinceImport, labels: int = 5, lang: str | None = None) -> str:
    """「上次导入（2024-05-20）之后新增 37 条评价，含不满 6 条；新出现：「漏水」2 条。」"""
    say = words(lang)
    day = f"{s.cutoff:%Y-%m-%d}"
    if not s.reviews:
        return say(f"上次导入（{day}）之后没有新的评价。", f"No new reviews since {day}.")
    text = say(
        f"上次导入（{day}）之后新增 {s.reviews:,} 条评价，含不满 {s.with_complaint:,} 条",
        f"{s.reviews:,} new reviews since {day}, {s.with_complaint:,} with a complaint",
    )
    new = s.tags.loc[s.tags["new"]].head(labels)
    old = s.tags.loc[~s.tags["new"]].head(labels)
    if len(new):
        items = "、".join(f"「{r.label}」{r.count} 条" for r in new.itertuples())
        items_en = ", ".join(f"“{r.label}” {r.count}" for r in new.itertuples())
        text += say(f"；新出现的问题：{items}", f"; new problems: {items_en}")
    if len(old):
        items = "、".join(f"「{r.label}」{r.count} 条" for r in old.itertuples())
        items_en = ", ".join(f"“{r.label}” {r.count}" for r in old.itertuples())
        text += say(f"；提到最多：{items}", f"; most mentioned: {items_en}")
    return text + say("。", ".")
