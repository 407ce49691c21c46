"""Two sources side by side: our shop vs a competitor, or one SKU vs another.

A column of the reviews (``source``, ``sku``…) or a Series says which side each review is on;
reviews of other values are counted in ``elsewhere``. Per aspect (reviews with a complaining
clause about it) and per complaint tag: the rate on each side (reviews holding it / reviews of
the side) with 95 % Wilson intervals, the difference, and a verdict from the two-proportion
z-test at 95 % with the minimums of :mod:`.stats` (30 reviews a side, 10 of the thing in all):
``they_better`` (their rate clearly lower: "where they beat us"), ``we_better``,
``no_change`` (no clear difference) or ``too_few``.

Both sides are compared over the days both have reviews (``span``): a competitor's export of
the last three months against a year of ours would compare a season with a year. Reviews of
a side outside that span count in ``elsewhere``; without dates, or when the two spans do not
meet at all, every review counts (and :func:`describe_span` says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.core.changes.common import (
    complaint_labels,
    complaint_mask,
    pct,
    tag_counts,
    tag_pairs,
    words,
)
from app.core.changes.stats import rate_table
from app.core.errors import AppError
from app.core.naming import aspect_name, aspect_names
from app.core.results import AnalysisResult

THEY_BETTER, WE_BETTER, NO_CHANGE, TOO_FEW = "they_better", "we_better", "no_change", "too_few"


@dataclass
class Comparison:
    """``ours`` / ``theirs``: the two values compared; ``overall`` (含不满), ``aspects`` (indexed by
    aspect key) and ``tags`` (by tag key, with ``label``): the :func:`.stats.rate_table` columns
    with sides ``ours`` / ``theirs`` (``diff`` = theirs − ours) and ``verdict``.
    ``elsewhere``: reviews on neither side (or outside ``span``). ``span``: the first and last
    day both sides have reviews, when reviews outside it were left out; ``left_out``: how many
    of each side (ours, theirs); ``apart``: the two sides' spans do not meet."""

    ours: str
    theirs: str
    overall: pd.Series
    aspects: pd.DataFrame
    tags: pd.DataFrame
    elsewhere: int
    span: tuple[pd.Timestamp, pd.Timestamp] | None = None
    left_out: tuple[int, int] = (0, 0)
    apart: bool = False

    @property
    def they_beat_us(self) -> pd.DataFrame:
        """Tags where their complaint rate is clearly lower than ours, biggest gap first."""
        return self.tags.loc[self.tags["verdict"] == THEY_BETTER].sort_values("diff")


def _verdict(table: pd.DataFrame) -> np.ndarray:
    verdict = np.where(table["enough"], NO_CHANGE, TOO_FEW).astype(object)
    verdict[(table["solid"] & (table["diff"] < 0)).to_numpy()] = THEY_BETTER
    verdict[(table["solid"] & (table["diff"] > 0)).to_numpy()] = WE_BETTER
    return verdict


def compare(
    result: AnalysisResult,
    by: str | pd.Series = "source",
    ours: str = "main",
    theirs: str = "competitor",
) -> Comparison:
    """Complaint rates of ``ours`` vs ``theirs``, the sides given by column ``by`` of the reviews
    (or a Series indexed like them)."""
    reviews = result.reviews
    if isinstance(by, str):
        if by not in reviews.columns:
            raise AppError(
                f"评价里没有“{by}”这一列，无法区分两边。",
                f"The reviews have no column “{by}” to tell the two sides apart.",
            )
        by = reviews[by]
    values = pd.Series(by, index=reviews.index).astype(str)
    for value in (ours, theirs):
        if not (values == value).any():
            raise AppError(
                f"没有一条评价属于“{value}”，无法比较（有的值：{'、'.join(values.unique()[:5])}）。",
                f"No review belongs to “{value}”; nothing to compare "
                f"(values: {', '.join(values.unique()[:5])}).",
            )
    side = values.where(values.isin([ours, theirs]))
    side, span, left_out, apart = _same_span(side, reviews["date"], ours, theirs)
    n = side.value_counts()
    n_ours, n_theirs = int(n.get(ours, 0)), int(n.get(theirs, 0))

    def table(counts: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
        counts = counts.reindex(index=[ours, theirs], columns=index, fill_value=0)
        out = rate_table(
            counts.loc[ours].to_numpy(),
            n_ours,
            counts.loc[theirs].to_numpy(),
            n_theirs,
            index=index,
            names=("ours", "theirs"),
        )
        out["verdict"] = _verdict(out)
        return out

    unhappy = pd.DataFrame({"review_id": reviews.index[complaint_mask(result)], "tag": ""})
    overall = table(tag_counts(unhappy, side), pd.Index([""])).iloc[0]

    clauses = result.clauses
    complaining = clauses.loc[clauses["polarity"] == "complaint", ["review_id", "aspects"]]
    keys = complaining["aspects"].fillna("").astype(str).str.split(";")
    aspect_pairs = (
        pd.DataFrame({"review_id": complaining["review_id"].to_numpy(), "tag": keys.to_numpy()})
        .explode("tag")
        .query("tag != ''")
        .drop_duplicates()
    )
    aspects = table(tag_counts(aspect_pairs, side), pd.Index(result.aspects["key"], name="aspect"))
    aspects = aspects.loc[(aspects["ours_count"] + aspects["theirs_count"]) > 0]

    labels = complaint_labels(result)
    tags = table(tag_counts(tag_pairs(result, list(labels)), side), pd.Index(list(labels)))
    tags.index.name = "tag"
    tags.insert(0, "label", list(labels.values()))
    tags = tags.loc[(tags["ours_count"] + tags["theirs_count"]) > 0]
    elsewhere = int(side.isna().sum())
    return Comparison(ours, theirs, overall, aspects, tags, elsewhere, span, left_out, apart)


def _same_span(
    side: pd.Series, dates: pd.Series, ours: str, theirs: str
) -> tuple[pd.Series, tuple[pd.Timestamp, pd.Timestamp] | None, tuple[int, int], bool]:
    """``side`` with the reviews outside the days both sides have reviews left out (NaN)."""
    days = pd.to_datetime(dates, errors="coerce").dt.normalize()
    ranges = [days[side == value].agg(["min", "max"]) for value in (ours, theirs)]
    if any(r.isna().any() for r in ranges):
        return side, None, (0, 0), False  # a side without dates: nothing to match
    first, last = max(r["min"] for r in ranges), min(r["max"] for r in ranges)
    if first > last:
        return side, None, (0, 0), True
    outside = side.notna() & ((days < first) | (days > last))  # undated reviews stay in
    if not outside.any():
        return side, None, (0, 0), False
    left_out = tuple(int((outside & (side == value)).sum()) for value in (ours, theirs))
    return side.where(~outside), (first, last), left_out, False  # type: ignore[return-value]


def describe_span(c: Comparison, lang: str | None = None) -> str | None:
    """Which days were compared, when that is not every review's day (None: all were)."""
    say = words(lang)
    if c.apart:
        return say(
            f"注意：{c.ours}和{c.theirs}的评价不在同一段时间，比较的是不同时期。",
            f"Note: the reviews of {c.ours} and {c.theirs} are from different periods; the "
            "comparison is across periods.",
        )
    if c.span is None:
        return None
    first, last = (f"{day:%Y-%m-%d}" for day in c.span)
    ours_out, theirs_out = c.left_out
    dropped = "，".join(
        f"{name}的 {n:,} 条" for name, n in ((c.ours, ours_out), (c.theirs, theirs_out)) if n
    )
    dropped_en = ", ".join(
        f"{n:,} of {name}" for name, n in ((c.ours, ours_out), (c.theirs, theirs_out)) if n
    )
    return say(
        f"只比较两边都有评价的 {first} 至 {last}（这段时间以外的评价不计：{dropped}）。",
        f"Compared over {first} to {last}, the days both have reviews (reviews outside it "
        f"are not counted: {dropped_en}).",
    )


def describe_row(row: pd.Series, name: str, ours: str, theirs: str, lang: str | None = None) -> str:
    """「「物流慢」：我们 20%（40/200 条），对方 5%（10/200 条）——对方明显更少。」"""
    say = words(lang)
    us = f"{pct(row['ours_rate'])}（{row['ours_count']}/{row['ours_reviews']:,} 条）"
    them = f"{pct(row['theirs_rate'])}（{row['theirs_count']}/{row['theirs_reviews']:,} 条）"
    us_en = f"{pct(row['ours_rate'])} ({row['ours_count']} of {row['ours_reviews']:,})"
    them_en = f"{pct(row['theirs_rate'])} ({row['theirs_count']} of {row['theirs_reviews']:,})"
    zh, en = {
        THEY_BETTER: (f"{theirs}明显更少", f"clearly fewer at {theirs}"),
        WE_BETTER: (f"{ours}明显更少", f"clearly fewer at {ours}"),
        NO_CHANGE: ("没有明显差别", "no clear difference"),
        TOO_FEW: ("评价太少，还看不出来", "too few reviews to tell"),
    }[row["verdict"]]
    return say(
        f"{name}：{ours} {us}，{theirs} {them}——{zh}。",
        f"{name}: {ours} {us_en}, {theirs} {them_en} — {en}.",
    )


def describe_comparison(c: Comparison, lang: str | None = None, top: int = 5) -> list[str]:
    """The days compared (when not all), the overall line, then the tags where they beat
    us (at most ``top``)."""
    say = words(lang)
    span = describe_span(c, lang)
    lines = [span] if span else []
    lines.append(
        describe_row(
            c.overall, say("含不满的评价", "Reviews with a complaint"), c.ours, c.theirs, lang
        )
    )
    beat = c.they_beat_us.head(top)
    if beat.empty:
        lines.append(
            say(
                f"没有哪个问题{c.theirs}明显比{c.ours}少。",
                f"No problem is clearly rarer at {c.theirs}.",
            )
        )
    for _, row in beat.iterrows():
        lines.append(
            describe_row(
                row, say(f"「{row['label']}」", f"“{row['label']}”"), c.ours, c.theirs, lang
            )
        )
    return lines


def aspect_label(key: str, result: AnalysisResult, lang: str) -> str:
    """The name of an aspect key in ``lang`` (for :func:`describe_row`)."""
    return aspect_name(key, aspect_names(result.aspects, lang))
