"""Import rules (app.core.ingest): which rows are reviews, which are copies, what a date means.

Every input row is accounted for: kept, or dropped with a reason a user can read. A platform's
canned "no review" text (此用户没有填写评价, 系统默认好评, 暂无内容 …) is dropped as 平台默认评价
unless the row has a real 追评. A duplicate is a later row equal to an earlier one in buyer,
text, 追评, dates, SKU and order id (and, when the file has no buyer, date or order column,
in every cell): two buyers writing the same 「好评」 are two reviews. A slash date with the
year last is month first (US style, 03/04/2024 = 4 March) unless the first number cannot be a
month (13/04/2024 = 13 April); a year-first date is always year, month, day.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from app.core.ingest.ledger import build_import
from app.core.ingest.model import ImportResult
from app.core.ingest.values import parse_dates
from app.io.readers.read import read_file

PLACEHOLDER_REASON = "平台默认评价（买家没写内容）"
DUPLICATE_REASON = "重复评价（与前面某行完全相同）"


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _import(*paths: Path) -> ImportResult:
    result = build_import([read_file(p) for p in paths], saved_mappings=False)
    assert len(result.ledger) == sum(len(read_file(p).frame) for p in paths)  # every row
    return result


def _row(result: ImportResult, n: int) -> pd.Series:
    """Ledger row of the file's n-th data row (1-based)."""
    return result.ledger.iloc[n - 1]


PLACEHOLDERS = [
    "此用户没有填写评价。",
    "此用户没有填写评价内容",
    "该用户未填写评价",
    "买家未及时做出评价",
    "用户没有发表评论",
    "此用户未填写追评",
    "没有追加评论",
    "该用户觉得商品不错",
    "此用户觉得宝贝很好",
    "系统默认好评",
    "评价方未及时做出评价,系统默认好评!",
    "默认五星好评",
    "超时未评价系统默认好评",
    "您没有填写内容，默认好评",
    "暂无评价",
    "暂无内容",
    "暂时无追评",
    "无评价内容",
    "No review",
    "no comment",
    "Review text not provided",
]
NOT_PLACEHOLDERS = [
    "好评",
    "好评！",
    "默认好评，其实质量一般",
    "没有评价的必要，太差了",
    "无语",
    "暂无问题，很好用",
    "系统很好用",
]


def test_platform_placeholders_are_dropped_with_their_reason(tmp_path):
    rows = [{"评价内容": t, "评分": 5, "用户名": f"买家{i}"} for i, t in enumerate(PLACEHOLDERS)]
    result = _import(_write(tmp_path / "shop.csv", rows))
    ledger = result.ledger
    kept = ledger.loc[ledger["status"] == "kept", "text"].tolist()
    assert kept == []
    assert ledger["reason_code"].tolist() == ["placeholder"] * len(PLACEHOLDERS)
    assert ledger["reason"].tolist() == [PLACEHOLDER_REASON] * len(PLACEHOLDERS)
    assert ledger["text"].tolist() == PLACEHOLDERS  # the original text stays in the ledger


def test_short_real_reviews_that_resemble_placeholders_are_kept(tmp_path):
    rows = [
        {"评价内容": t, "评分": 5, "用户名": f"买家{i}"} for i, t in enumerate(NOT_PLACEHOLDERS)
    ]
    result = _import(_write(tmp_path / "shop.csv", rows))
    assert result.kept["text"].tolist() == NOT_PLACEHOLDERS
    assert result.dropped.empty


def test_a_placeholder_with_a_real_followup_is_kept(tmp_path):
    rows = [
        {"评价内容": "此用户没有填写评价。", "追评": "用了一周，质量不错", "评分": 5},
        {"评价内容": "暂无内容", "追评": "此用户未填写追评", "评分": 5},
    ]
    result = _import(_write(tmp_path / "shop.csv", rows))
    assert _row(result, 1)["status"] == "kept"
    assert _row(result, 2)["reason"] == PLACEHOLDER_REASON


def test_two_buyers_writing_the_same_praise_are_two_reviews(tmp_path):
    same = {"评价内容": "好评", "评分": 5, "评价时间": "2024-03-01 10:00:00", "规格": "白色 XL"}
    rows = [{"用户名": "t***1", **same}, {"用户名": "j***8", **same}]
    result = _import(_write(tmp_path / "shop.csv", rows))
    assert result.kept["user"].tolist() == ["t***1", "j***8"]
    assert result.dropped.empty


def test_the_same_buyer_writing_the_same_review_again_later_is_kept(tmp_path):
    rows = [
        {"用户名": "t***1", "评价内容": "好评", "评分": 5, "评价时间": "2024-03-01 10:00:00"},
        {"用户名": "t***1", "评价内容": "好评", "评分": 5, "评价时间": "2024-04-02 09:00:00"},
    ]
    assert len(_import(_write(tmp_path / "shop.csv", rows)).kept) == 2


def test_the_same_buyer_with_two_orders_is_two_reviews(tmp_path):
    same = {"用户名": "t***1", "评价内容": "好评", "评价时间": "2024-03-01 10:00:00"}
    rows = [{**same, "订单号": "100001"}, {**same, "订单号": "100002"}]
    assert len(_import(_write(tmp_path / "shop.csv", rows)).kept) == 2


def test_a_repeated_row_of_the_same_buyer_is_a_duplicate(tmp_path):
    row = {"用户名": "t***1", "评价内容": "好评", "评分": 5, "评价时间": "2024-03-01 10:00:00"}
    other = {**row, "用户名": "j***8"}
    result = _import(_write(tmp_path / "shop.csv", [row, other, row]))
    assert [r["status"] for _, r in result.ledger.iterrows()] == ["kept", "kept", "dropped"]
    third = _row(result, 3)
    assert third["reason"] == DUPLICATE_REASON
    assert third["duplicate_of"] == _row(result, 1)["review_id"]


def test_a_row_repeated_in_a_second_file_is_a_duplicate(tmp_path):
    row = {"用户名": "t***1", "评价内容": "质量不错", "评价时间": "2024-03-01 10:00:00"}
    first = _write(tmp_path / "一月.csv", [row])
    second = _write(tmp_path / "二月.csv", [row, {**row, "评价内容": "物流很快"}])
    result = _import(first, second)
    assert result.ledger["reason"].tolist() == ["", DUPLICATE_REASON, ""]


def test_without_buyer_or_date_columns_only_identical_rows_are_duplicates(tmp_path):
    rows = [
        {"评价内容": "好评", "评分": 5, "规格": "白色"},
        {"评价内容": "好评", "评分": 4, "规格": "白色"},  # another star: another buyer
        {"评价内容": "好评", "评分": 5, "规格": "黑色"},
        {"评价内容": "好评", "评分": 5, "规格": "白色"},  # the first row again
    ]
    result = _import(_write(tmp_path / "shop.csv", rows))
    assert result.ledger["reason"].tolist() == ["", "", "", DUPLICATE_REASON]


def test_placeholders_are_not_counted_as_duplicates(tmp_path):
    rows = [{"用户名": "t***1", "评价内容": "系统默认好评", "评价时间": "2024-03-01"}] * 2
    result = _import(_write(tmp_path / "shop.csv", rows))
    assert result.ledger["reason"].tolist() == [PLACEHOLDER_REASON] * 2


def _dates(values: list[str]) -> list[str]:
    return [f"{d:%Y-%m-%d %H:%M}" for d in parse_dates(pd.Series(values, dtype=object))]


def test_slash_dates_with_the_year_last_are_month_first():
    assert _dates(["03/04/2024", "12/31/2024", "04/13/2024 10:30"]) == [
        "2024-03-04 00:00",
        "2024-12-31 00:00",
        "2024-04-13 10:30",
    ]


def test_slash_dates_whose_first_number_cannot_be_a_month_are_day_first():
    assert _dates(["13/04/2024", "25/12/2024 08:15"]) == ["2024-04-13 00:00", "2024-12-25 08:15"]


@pytest.mark.parametrize("text", ["2024/03/04", "2024-03-04", "2024年3月4日", "2024.03.04"])
def test_year_first_dates_are_year_month_day(text):
    assert _dates([text]) == ["2024-03-04 00:00"]


def test_a_us_style_export_reads_its_dates_month_first(tmp_path):
    rows = [
        {"Review": "Great quality, fits well", "Rating": 5, "Date": "03/04/2024"},
        {"Review": "Broke after two days", "Rating": 1, "Date": "12/31/2024"},
    ]
    result = _import(_write(tmp_path / "amazon.csv", rows))
    assert [f"{d:%Y-%m-%d}" for d in result.kept["date"]] == ["2024-03-04", "2024-12-31"]
    day_first = [{"Review": "Great quality, fits well", "Rating": 5, "Date": "13/04/2024"}]
    result = _import(_write(tmp_path / "uk.csv", day_first))
    assert f"{result.kept['date'].iloc[0]:%Y-%m-%d}" == "2024-04-13"
