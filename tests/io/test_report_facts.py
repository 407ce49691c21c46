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
