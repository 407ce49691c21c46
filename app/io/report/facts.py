"""The numbers and sentences of the report, computed from an :class:`AnalysisResult` (no Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app.core.naming import aspect_name, aspect_names, stars
from app.core.results import AnalysisResult
from app.core.reviews.trends import MONTH, count_trend
from app.io.report.style import Lang

MIN_SKU_REVIEWS = 10  # a variant needs this many reviews before its complaint rate is ranked
MIN_ASPECT_OPINIONS = 5
MIN_GROWTH_BASE = 5  # reviews per period before a theme's growth is given as a percentage
FULL_PERIOD = 0.85  # the last period counts as complete when the data covers this much of it
BASELINE_PERIODS = 3


@dataclass
class Change:
    """Theme review counts per period and the comparison of the latest complete period."""

    counts: pd.DataFrame  # period x theme key: reviews mentioning the theme
    latest: pd.Timestamp | None = None
    previous: list[pd.Timestamp] = field(default_factory=list)

    def latest_count(self, key: str) -> int:
        if self.latest is None or key not in self.counts.columns:
            return 0
        return int(self.counts.at[self.latest, key])

    def baseline(self, key: str) -> float | None:
        if not self.previous:
            return None
        if key not in self.counts.columns:
            return 0.0
        return float(self.counts.loc[self.previous, key].mean())

    def growth(self, key: str) -> float | None:
        """(latest − baseline) / baseline; None without a baseline or when it is zero."""
        base = self.baseline(key)
        if not base:
            return None
        return (self.latest_count(key) - base) / base

    def sequence(self, key: str, last: int = 6) -> list[int]:
        if key not in self.counts.columns:
            return []
        return [int(v) for v in self.counts[key].iloc[-last:]]


def period_label(period: pd.Timestamp, freq: str | None, lang: Lang) -> str:
    if freq == MONTH:
        return lang(f"{period.year}年{period.month}月", period.strftime("%b %Y"))
    return lang(f"{period:%Y-%m-%d} 起的一周", f"week of {period:%Y-%m-%d}")


def theme_change(result: AnalysisResult) -> Change:
    """Per-period review counts of every theme, and which period is the latest complete one."""
    clauses = result.clauses
    if not result.freq or result.trend is None or result.trend.empty or clauses.empty:
        return Change(pd.DataFrame())
    tagged = clauses.loc[clauses["theme"] != "", ["review_id", "theme", "date"]]
    tagged = tagged.drop_duplicates(["review_id", "theme"])
    counts = count_trend(tagged["theme"], tagged["date"], result.freq)
    counts = counts.reindex(result.trend.index, fill_value=0)
    periods = list(counts.index)
    if len(periods) < 2:
        return Change(counts, periods[-1] if periods else None)
    last = periods[-1]
    end = last + (pd.offsets.MonthBegin(1) if result.freq == MONTH else pd.Timedelta(days=7))
    last_day = pd.to_datetime(result.reviews["date"], errors="coerce").max().normalize()
    covered = ((last_day - last).days + 1) / (end - last).days
    cut = -2 if covered < FULL_PERIOD and len(periods) >= 3 else -1
    latest = periods[cut]
    previous = periods[:cut][-BASELINE_PERIODS:]
    return Change(counts, latest, previous)


def change_sentence(result: AnalysisResult, change: Change, lang: Lang) -> str:
    """What changed most in the latest complete period, as one or two sentences."""
    if change.latest is None or not change.previous or result.trend is None:
        return lang("日期不足两个时间段，无法比较变化。", "Not enough dated periods to compare.")
    unit = lang("月", "month") if result.freq == MONTH else lang("周", "week")
    when = period_label(change.latest, result.freq, lang)
    best, best_delta = None, 0.0
    for _, theme in result.themes_of("complaint").iterrows():
        base = change.baseline(theme["key"]) or 0.0
        delta = change.latest_count(theme["key"]) - base
        if delta > best_delta:
            best, best_delta = theme, delta
    share_now = float(result.trend.at[change.latest, "complaint_share"])
    share_before = float(result.trend.loc[change.previous, "complaint_share"].mean())
    share = lang(
        f"差评占比 {share_now:.0%}（此前平均 {share_before:.0%}）。",
        f"Complaints were {share_now:.0%} of reviews (before: {share_before:.0%} on average).",
    )
    if best is None or best_delta < 1.5:
        return (
            lang(
                f"最近一{unit}（{when}）没有明显增多的差评主题；",
                f"Latest {unit} ({when}): no complaint theme grew; ",
            )
            + share
        )
    base = change.baseline(best["key"]) or 0.0
    now = change.latest_count(best["key"])
    pct = lang(f"（+{best_delta / base:.0%}）", f" (+{best_delta / base:.0%})") if base else ""
    return (
        lang(
            f"最近一{unit}（{when}）「{best['label']}」增加了 {best_delta:.0f} 条{pct}："
            f"共 {now} 条，此前平均每{unit} {base:.1f} 条。",
            f"Latest {unit} ({when}): “{best['label']}” rose by {best_delta:.0f} reviews{pct}, "
            f"to {now} (before: {base:.1f} per {unit} on average). ",
        )
        + share
    )


def group_columns(reviews: pd.DataFrame) -> list[str]:
    """``["product", "sku"]`` (whichever hold values): the SKU sheet's grouping."""
    cols = []
    for column in ("product", "sku"):
        if column in reviews.columns and (reviews[column].fillna("").astype(str) != "").any():
            cols.append(column)
    return cols


def sku_table(result: AnalysisResult, lang: Lang, top: int = 3) -> pd.DataFrame:
    """Per product / SKU: reviews, average rating, praise, complaints, rate, top complaint themes."""
    reviews = result.reviews
    cols = group_columns(reviews)
    if not cols:
        return pd.DataFrame()
    keys = reviews[cols].fillna("").astype(str)
    frame = keys.assign(
        rating=pd.to_numeric(reviews["rating"], errors="coerce").astype(float),
        praise=(reviews["sentiment"] == "praise").astype(int),
        complaint=(reviews["sentiment"] == "complaint").astype(int),
    )
    table = frame.groupby(cols, sort=False).agg(
        reviews=("praise", "size"),
        avg_rating=("rating", "mean"),
        praise=("praise", "sum"),
        complaint=("complaint", "sum"),
    )
    table["complaint_rate"] = table["complaint"] / table["reviews"]
    labels = dict(zip(result.themes["key"], result.themes["label"], strict=False))
    visible = set(result.themes_of("complaint")["key"])
    clauses = result.clauses
    mine = clauses.loc[clauses["theme"].isin(visible), ["review_id", "theme"]].drop_duplicates()
    mine = mine.join(keys, on="review_id")
    per = mine.groupby([*cols, "theme"]).size().sort_values(ascending=False)
    tops: dict[tuple, str] = {}
    for group, counts in per.groupby(level=list(range(len(cols))), sort=False):
        items = counts.head(top)
        parts = [f"{labels.get(idx[-1], idx[-1])} ({n})" for idx, n in items.items()]
        tops[group if isinstance(group, tuple) else (group,)] = lang.sep.join(parts)
    table["top_themes"] = [tops.get(k if isinstance(k, tuple) else (k,), "") for k in table.index]
    table = table.sort_values(["reviews", "complaint"], ascending=False).reset_index()
    return table


MIN_STAR_COST = 0.1  # stars: a tag no worse than the shop average still costs a little


def shop_stars(result: AnalysisResult) -> float | None:
    """The shop's average star rating (None without ratings)."""
    rated = pd.to_numeric(result.reviews["rating"], errors="coerce").dropna()
    return float(rated.astype(float).mean()) if len(rated) else None


def star_cost(theme: pd.Series, shop: float | None) -> float:
    """Stars a tag costs: shop average − its reviews' average (at least 0.1); 1 without
    ratings."""
    mean = stars(theme.get("rating_mean"))
    if shop is None or mean is None:
        return 1.0
    return max(shop - mean, MIN_STAR_COST)


def fix_first(result: AnalysisResult, change: Change, skus: pd.DataFrame, lang: Lang) -> list[str]:
    """A short to-do list: the complaint tags that cost most (stars below the shop's average ×
    reviews, more when growing), the worst SKU, the worst aspect."""
    items: list[str] = []
    themes = result.themes_of("complaint")
    shop = shop_stars(result)
    scored = []
    for _, theme in themes.iterrows():
        growth = change.growth(theme["key"])
        size = theme["review_count"] * (1 + min(max(growth or 0.0, 0.0), 3.0))
        scored.append((star_cost(theme, shop) * size, growth, theme))
    scored.sort(key=lambda item: -item[0])
    for _, growth, theme in scored[:3]:
        if theme["review_count"] <= 0:
            continue
        text = lang(
            f"「{theme['label']}」：{theme['review_count']} 条评论提到",
            f"“{theme['label']}”: in {theme['review_count']} reviews",
        )
        mean = stars(theme.get("rating_mean"))
        if mean is not None and shop is not None:
            text += lang(
                f"，这些评论平均 {mean:.1f} 星（全店 {shop:.1f} 星）",
                f", {mean:.1f} stars on average (shop: {shop:.1f})",
            )
        if growth is not None and growth >= 0.2:
            base = change.baseline(theme["key"]) or 0.0
            if base >= MIN_GROWTH_BASE:
                text += lang(
                    f"，最近一期增长 {growth:.0%}", f", up {growth:.0%} in the latest period"
                )
            else:  # +1150 % from two reviews a month says less than the counts themselves
                now = change.latest_count(theme["key"])
                text += lang(
                    f"，最近一期 {now} 条（此前平均每期 {base:.1f} 条）",
                    f", {now} in the latest period (before: {base:.1f} per period on average)",
                )
        if len(theme["top_skus"]) > 0:
            sku, count = theme["top_skus"][0]
            text += lang(f"，最多出现在 {sku}（{count} 条）", f", mostly {sku} ({count})")
        items.append(text)
    overall = (result.reviews["sentiment"] == "complaint").mean() if len(result.reviews) else 0.0
    if not skus.empty:
        enough = skus[skus["reviews"] >= MIN_SKU_REVIEWS]
        if not enough.empty:
            worst = enough.sort_values(["complaint_rate", "reviews"], ascending=False).iloc[0]
            if worst["complaint_rate"] > overall:
                name = " / ".join(str(worst[c]) for c in group_columns(result.reviews) if worst[c])
                text = lang(
                    f"差评率最高的商品规格：{name}，{worst['complaint_rate']:.0%}"
                    f"（全店 {overall:.0%}，共 {worst['reviews']} 条评论）",
                    f"Variant with the highest complaint rate: {name}, {worst['complaint_rate']:.0%} "
                    f"(shop: {overall:.0%}; {worst['reviews']} reviews)",
                )
                if worst["top_themes"]:
                    text += lang(
                        f"，主要问题：{worst['top_themes']}", f"; mainly {worst['top_themes']}"
                    )
                items.append(text)
    aspects = result.aspects
    if not aspects.empty:
        enough = aspects[aspects["praise"] + aspects["complaint"] >= MIN_ASPECT_OPINIONS]
        if not enough.empty:
            worst = enough.sort_values(["complaint_rate", "complaint"], ascending=False).iloc[0]
            if worst["complaint"] > 0:
                name = aspect_name(worst["key"], aspect_names(aspects, lang.code))
                items.append(
                    lang(
                        f"差评率最高的方面：「{name}」，{worst['complaint_rate']:.0%}"
                        f"（{worst['complaint']} 条差评分句）",
                        f"Aspect with the highest complaint rate: “{name}”, "
                        f"{worst['complaint_rate']:.0%} ({worst['complaint']} complaint clauses)",
                    )
                )
    return items


def date_range(result: AnalysisResult) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    dates = (
        pd.to_datetime(result.reviews["date"], errors="coerce").dropna()
        if len(result.reviews)
        else None
    )
    if dates is None or dates.empty:
        return None
    return dates.min(), dates.max()


def period_labels(index: pd.Index, freq: str | None, lang: Lang) -> list[str]:
    """Short labels for trend rows: ``2024-05`` for months, the Monday's date for weeks."""
    if freq == MONTH:
        return [f"{p:%Y-%m}" for p in index]
    return [f"{p:%Y-%m-%d}" for p in index]
