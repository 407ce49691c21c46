"""Did the fix work: each complaint tag's rate before vs after a date (「换了顺丰」).

Reviews dated before the fix date are "before", from that day on "after" (``days`` limits both
sides to the same number of days around it; undated reviews are counted but placed on neither
side). For each complaint tag, and for 含不满 overall, the rates of the two sides come with
95 % Wilson score intervals; the verdict is decided by the two-proportion z-test at 95 % (see
:mod:`.stats`), judged only with at least 30 reviews on each side and 10 reviews of the tag on
the two sides together:

- ``better`` 「好转了」 — the rate fell and the fall is solid (p < 0.05);
- ``worse`` 「变差了」 — the rate rose, solidly;
- ``no_change`` 「没有明显变化」 — enough reviews, but the difference could be chance;
- ``too_few`` 「还看不出来（评价太少）」 — below the minimums.

Reviews after the date may still describe orders placed before it; a later date (or waiting)
gives a cleaner "after".
"""

from __future__ import annotations

from dataclasses import dataclass

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
from app.core.changes.stats import MIN_SIDE_REVIEWS, MIN_TAG_REVIEWS, rate_table
from app.core.results import AnalysisResult

BETTER, WORSE, NO_CHANGE, TOO_FEW = "better", "worse", "no_change", "too_few"
OVERALL = ""  # the key of the 含不满 row


def verdicts(table: pd.DataFrame) -> np.ndarray:
    """better / worse / no_change / too_few for each row of a before/after rate table."""
    verdict = np.where(table["enough"], NO_CHANGE, TOO_FEW).astype(object)
    verdict[(table["solid"] & (table["diff"] < 0)).to_numpy()] = BETTER
    verdict[(table["solid"] & (table["diff"] > 0)).to_numpy()] = WORSE
    return verdict


@dataclass
class FixCheck:
    """Before vs after a fix date.

    ``table`` — indexed by tag key, the first row ``""`` being 含不满 overall: ``label``, the
    :func:`.stats.rate_table` columns with sides ``before`` / ``after``, ``verdict``.
    ``undated``: reviews without a date (neither side).
    """

    date: pd.Timestamp
    description: str
    table: pd.DataFrame
    undated: int

    @property
    def overall(self) -> pd.Series:
        return self.table.loc[OVERALL]

    @property
    def tags(self) -> pd.DataFrame:
        return self.table.drop(index=OVERALL)


def fix_check(
    result: AnalysisResult, date: object, description: str = "", days: int | None = None
) -> FixCheck:
    """Each complaint tag's rate, and 含不满's, before ``date`` vs from ``date`` on."""
    cut = pd.Timestamp(date).normalize()
    dates = review_dates(result)
    before = dates < cut
    after = dates >= cut
    if days is not None:
        before &= dates >= cut - pd.Timedelta(days=days)
        after &= dates < cut + pd.Timedelta(days=days)
    side = pd.Series(np.nan, index=result.reviews.index, dtype=object)
    side[before.to_numpy()] = "before"
    side[after.to_numpy()] = "after"
    n_before, n_after = int(before.sum()), int(after.sum())
    labels = complaint_labels(result)
    counts = tag_counts(tag_pairs(result, list(labels)), side)
    counts = counts.reindex(index=["before", "after"], columns=list(labels), fill_value=0)
    unhappy = complaint_mask(result)
    keys = [OVERALL, *labels]
    table = rate_table(
        [int(unhappy[before.to_numpy()].sum()), *counts.loc["before"].to_numpy()],
        n_before,
        [int(unhappy[after.to_numpy()].sum()), *counts.loc["after"].to_numpy()],
        n_after,
        index=pd.Index(keys, name="tag"),
        names=("before", "after"),
    )
    table.insert(0, "label", ["", *labels.values()])
    table["verdict"] = verdicts(table)
    head, rest = table.iloc[:1], table.iloc[1:]
    rest = rest.loc[(rest["before_count"] + rest["after_count"]) > 0]
    order = rest["verdict"].map({WORSE: 0, BETTER: 1, NO_CHANGE: 2, TOO_FEW: 3})
    rest = rest.assign(_o=order, _n=-(rest["before_count"] + rest["after_count"]))
    rest = rest.sort_values(["_o", "_n"], kind="stable").drop(columns=["_o", "_n"])
    return FixCheck(cut, description, pd.concat([head, rest]), int(dates.isna().sum()))


def verdict_words(verdict: str, lang: str | None = None) -> str:
    """好转了 / 变差了 / 没有明显变化 / 还看不出来（评价太少）."""
    say = words(lang)
    return {
        BETTER: say("好转了", "better"),
        WORSE: say("变差了", "worse"),
        NO_CHANGE: say("没有明显变化", "no clear change"),
        TOO_FEW: say("还看不出来（评价太少）", "too early to tell (too few reviews)"),
    }[verdict]


def _rate(row: pd.Series, side: str, say) -> str:
    rate, low, high = row[f"{side}_rate"], row[f"{side}_low"], row[f"{side}_high"]
    count, n = row[f"{side}_count"], row[f"{side}_reviews"]
    if not n:
        return say("没有评价", "no reviews")
    return say(
        f"{pct(rate)}（{count}/{n:,} 条，可能在 {pct(low)}–{pct(high)} 之间）",
        f"{pct(rate)} ({count} of {n:,}, likely {pct(low)}–{pct(high)})",
    )


def describe_row(row: pd.Series, lang: str | None = None) -> str:
    """「「物流慢」：好转了。之前 20%（40/200 条，…），之后 5%（10/200 条，…）。」"""
    say = words(lang)
    name = row["label"] and say(f"「{row['label']}」", f"“{row['label']}”")
    name = name or say("含不满的评价", "Reviews with a complaint")
    text = say(
        f"{name}：{verdict_words(row['verdict'], lang)}。之前 {_rate(row, 'before', say)}，"
        f"之后 {_rate(row, 'after', say)}。",
        f"{name}: {verdict_words(row['verdict'], lang)}. Before {_rate(row, 'before', say)}, "
        f"after {_rate(row, 'after', say)}.",
    )
    if row["verdict"] == TOO_FEW:
        text += say(
            f"（前后各需至少 {MIN_SIDE_REVIEWS} 条评价，这个问题前后合计至少 {MIN_TAG_REVIEWS} 条）",
            f" (needs at least {MIN_SIDE_REVIEWS} reviews on each side and {MIN_TAG_REVIEWS} "
            "reviews of it in all)",
        )
    return text


def describe_fix(check: FixCheck, lang: str | None = None) -> str:
    """The headline: the fix, its date, and what happened to 含不满 overall."""
    say = words(lang)
    what = check.description or say("这次改动", "the change")
    day = f"{check.date:%Y-%m-%d}"
    return say(f"{what}（{day}）前后对比 · ", f"{what} ({day}), before vs after · ") + describe_row(
        check.overall, lang
    )
