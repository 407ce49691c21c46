"""The numbers and sentences of the report, computed from an :class:`AnalysisResult` (no Excel)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app.core.changes.periods import MIN_PERIOD_REVIEWS, RISING, periods, tag_changes
from app.core.changes.stats import MIN_SIDE_REVIEWS
from app.core.naming import aspect_name, aspect_names, stars
from app.core.results import AnalysisResult
from app.core.reviews.trends import MONTH, count_trend
from app.io.report.style import Lang

MIN_SKU_REVIEWS = 10  # a variant needs this many reviews before its complaint rate is ranked
MIN_ASPECT_OPINIONS = 5
MIN_GROWTH_BASE = 5  # reviews per period before a theme's growth is given as a percentage
BASELINE_PERIODS = 3


@dataclass
class Change:
    """Theme review counts per period and the comparison of the latest complete period.

    Growth is of the tag's *rate* (reviews with it / reviews of the period), never of raw
    counts: a tag that grows only because the shop sold more does not grow.
    """

    counts: pd.DataFrame  # period x theme key: reviews mentioning the theme
    latest: pd.Timestamp | None = None
    previous: list[pd.Timestamp] = field(default_factory=list)
    reviews: pd.Series | None = None  # period -> all reviews of the period (the rates' base)
    tags: pd.DataFrame = field(default_factory=pd.DataFrame)  # changes.periods.tag_changes

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

    def rates(self, key: str) -> tuple[float, float] | None:
        """The tag's rate in the latest period and in the previous ones pooled; None when
        either has fewer than ``MIN_PERIOD_REVIEWS`` reviews."""
        if self.reviews is None or self.latest is None or not self.previous:
            return None
        now, before = int(self.reviews[self.latest]), int(self.reviews[self.previous].sum())
        if now < MIN_PERIOD_REVIEWS or before < MIN_PERIOD_REVIEWS:
            return None
        pooled = float(self.counts.loc[self.previous, key].sum()) if key in self.counts else 0.0
        return self.latest_count(key) / now, pooled / before

    def growth(self, key: str) -> float | None:
        """(latest rate − earlier rate) / earlier rate; None without enough reviews in the
        periods, or fewer than ``MIN_GROWTH_BASE`` tag reviews per earlier period."""
        rates, base = self.rates(key), self.baseline(key)
        if rates is None or not base or base < MIN_GROWTH_BASE:
            return None
        return (rates[0] - rates[1]) / rates[1]

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
    shown = periods(result, result.freq)
    if shown is None or shown.latest_full is None:
        return Change(counts)
    reviews = shown.table["reviews"].reindex(counts.index, fill_value=0)
    index = list(counts.index)
    latest = shown.latest_full  # the last period the data covers whole
    previous = index[: index.index(latest)][-BASELINE_PERIODS:]
    return Change(counts, latest, previous, reviews, tag_changes(shown, BASELINE_PERIODS))


def change_sentence(result: AnalysisResult, change: Change, lang: Lang) -> str:
    """What changed most in the latest complete period, as one or two sentences: a tag's share
    of the period's reviews against the earlier periods (never a growth of raw counts)."""
    if change.latest is None or not change.previous or result.trend is None:
        return lang("日期不足两个时间段，无法比较变化。", "Not enough dated periods to compare.")
    unit = lang("月", "month") if result.freq == MONTH else lang("周", "week")
    when = period_label(change.latest, result.freq, lang)
    trend = result.trend
    now_n = int(trend.at[change.latest, "total"])
    before_n = int(trend.loc[change.previous, "total"].sum())
    if now_n < MIN_SIDE_REVIEWS or before_n < MIN_SIDE_REVIEWS:
        return lang(
            f"最近一{unit}（{when}）有 {now_n:,} 条评价，此前 {len(change.previous)} 个{unit}共 "
            f"{before_n:,} 条：评价太少（每边至少 {MIN_SIDE_REVIEWS} 条），还看不出变化。",
            f"Latest {unit} ({when}): {now_n:,} reviews, {before_n:,} in the "
            f"{len(change.previous)} {unit}(s) before: too few (at least {MIN_SIDE_REVIEWS} "
            "each) to tell what changed.",
        )
    share_now = float(trend.at[change.latest, "complaint"]) / now_n
    share_before = float(trend.loc[change.previous, "complaint"].sum()) / before_n
    share = lang(
        f"差评占比 {share_now:.0%}（此前 {share_before:.0%}）。",
        f"Complaints were {share_now:.0%} of reviews (before: {share_before:.0%}).",
    )
    tags = change.tags
    rising = tags.loc[tags["status"] == RISING] if len(tags) else tags
    if rising.empty:
        return (
            lang(
                f"最近一{unit}（{when}）没有哪个差评标签占评价的比例明显上升；",
                f"Latest {unit} ({when}): no complaint tag's share of reviews clearly rose; ",
            )
            + share
        )
    best = rising.iloc[0]
    return (
        lang(
            f"最近一{unit}（{when}）「{best['label']}」增加了：占当期评价的 "
            f"{best['latest_rate']:.0%}（{best['latest_count']}/{best['latest_reviews']:,} 条），"
            f"此前 {best['before_rate']:.0%}（{best['before_count']}/{best['before_reviews']:,} 条）。",
            f"Latest {unit} ({when}): “{best['label']}” rose to {best['latest_rate']:.0%} of "
            f"reviews ({best['latest_count']} of {best['latest_reviews']:,}), from "
            f"{best['before_rate']:.0%} ({best['before_count']} of {best['before_reviews']:,}). ",
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
        if growth is not None and growth >= 0.2:  # of the rate: more reviews alone is no growth
            now, before = change.rates(theme["key"]) or (0.0, 0.0)
            text += lang(
                f"，最近一期占评价的比例上升 {growth:.0%}（{now:.0%}，此前 {before:.0%}）",
                f", its share of reviews up {growth:.0%} in the latest period "
                f"({now:.0%}, before {before:.0%})",
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
