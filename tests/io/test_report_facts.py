from __future__ import annotations

import pandas as pd

from app.io.report.facts import Change, fix_first
from app.io.report.style import Lang
from tests.io.report_fixtures import make_result

_zh = Lang("zh")


def test_growth_from_a_small_base_is_told_in_counts_not_a_huge_percentage():
    result = make_result()
    keys = result.themes_of("complaint")["key"].tolist()[:2]
    periods = pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"])
    counts = pd.DataFrame({keys[0]: [2, 1, 3, 25], keys[1]: [10, 12, 11, 30]}, index=periods)
    change = Change(counts, latest=periods[-1], previous=list(periods[:-1]))
    items = fix_first(result, change, pd.DataFrame(), _zh)
    small = next(i for i in items if result.themes_of("complaint")["label"].iloc[0] in i)
    big = next(i for i in items if result.themes_of("complaint")["label"].iloc[1] in i)
    assert "最近一期 25 条（此前平均每期 2.0 条）" in small and "%" not in small
    assert "最近一期增长 173%" in big


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
