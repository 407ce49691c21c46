from __future__ import annotations

import pandas as pd

from app.io.report.facts import Change, fix_first
from app.io.report.style import Lang
from tests.io.report_fixtures import make_result

_zh = Lang("zh")


def test_growth_is_of_the_rate_and_never_from_a_small_base():
    result = make_result()
    keys = result.themes_of("complaint")["key"].tolist()[:2]
    labels = result.themes_of("complaint")["label"].tolist()[:2]
    periods = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"])
    counts = pd.DataFrame({keys[0]: [2, 1, 3, 25], keys[1]: [10, 12, 11, 30]}, index=periods)
    reviews = pd.Series([100, 100, 100, 100], index=periods)
    change = Change(counts, latest=periods[-1], previous=list(periods[:-1]), reviews=reviews)
    items = fix_first(result, change, pd.DataFrame(), _zh)
    small = next(i for i in items if labels[0] in i)
    big = next(i for i in items if labels[1] in i)
    assert "上升" not in small and "%" not in small  # 2 a month is no base for a percentage
    assert "最近一期占评价的比例上升 173%（30%，此前 11%）" in big
    # three times the reviews in April: 30 of 300 is the same 10 %, no growth at all
    change.reviews = pd.Series([100, 100, 100, 300], index=periods)
    items = fix_first(result, change, pd.DataFrame(), _zh)
    assert not any("上升" in i for i in items)


def test_change_sentence_never_gives_count_growth_from_thin_months():
    from app.core.reviews.trends import sentiment_trend
    from app.io.report.facts import change_sentence, theme_change
    from tests.core.changes_data import BROKEN, SLOW, batch, make

    def sentence(rows: list[dict]) -> str:
        result = make(rows)
        result.freq = "M"
        result.trend = sentiment_trend(result.reviews["sentiment"], result.reviews["date"], "M")
        return change_sentence(result, theme_change(result), _zh)

    # months of 15–17 reviews, 物流慢 1 · 2 · 1 then 13: the old sentence said "+875%"
    rows = batch("2024-01", 17, {SLOW: 1}) + batch("2024-02", 15, {SLOW: 2})
    rows += batch("2024-03", 16, {SLOW: 1}) + batch("2024-04", 17, {SLOW: 13})
    rows += batch("2024-04-30", 1)  # April covered to its last day
    text = sentence(rows)
    assert "%" not in text and "还看不出变化" in text
    assert text.startswith("最近一月（2024年4月）有 18 条评价，此前 3 个月共 48 条")
    # ten times the reviews at the same 5 %: 坏了 does not rise; 物流慢 2 % → 30 % does
    rows = []
    for month in ("2024-01", "2024-02", "2024-03"):
        rows += batch(month, 100, {SLOW: 2, BROKEN: 5})
    rows += batch("2024-04", 1000, {SLOW: 300, BROKEN: 50})
    text = sentence(rows)
    assert "坏了" not in text
    assert text.startswith(
        "最近一月（2024年4月）「物流慢」增加了：占当期评价的 30%（300/1,000 条），此前 2%（6/300 条）。"
    )


def _ranked(result) -> list[str]:
    """The tag labels of 先处理这些, in order (the SKU and aspect lines left out)."""
    items = fix_first(result, Change(pd.DataFrame()), pd.DataFrame(), _zh)
    return [i.split("」")[0].lstrip("「") for i in items if i.startswith("「")]


def test_fix_first_ranks_tags_by_stars_lost_times_reviews():
    result = make_result()
    shop = float(result.reviews["rating"].astype(float).mean())  # 3.47 stars
    themes = result.themes
    rows = {label: themes.index[themes["label"] == label][0] for label in themes["label"]}
    # (reviews, average stars): cost × size = 20 × 0.1 (floor), 5 × 2.47, 10 × 1.47, 8 × 0.97
    for label, (count, mean) in {
        "快递太慢": (20, shop + 0.5),
        "尺码偏小": (5, shop - 2.47),
        "色差大": (10, shop - 1.47),
        "质量差": (8, shop - 0.97),
    }.items():
        themes.loc[rows[label], ["review_count", "rating_mean"]] = (count, mean)
    assert _ranked(result) == ["色差大", "尺码偏小", "质量差"]  # 14.7, 12.35, 7.76 (vs 2.0)
    items = fix_first(result, Change(pd.DataFrame()), pd.DataFrame(), _zh)
    assert f"这些评论平均 {shop - 1.47:.1f} 星（全店 {shop:.1f} 星）" in items[0]
