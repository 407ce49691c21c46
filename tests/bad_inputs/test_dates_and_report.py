"""Issue 17: real exports never crash — odd dates, tiny files, formula text, over-long cells."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.core.ingest.dates import parse_dates, resolve_after
from app.io.excel_report import sheet_names

NAMES = sheet_names("zh")
ALWAYS = [NAMES[k] for k in ("overview", "complaints", "praise", "aspects", "reviews", "dropped")]

# shape → (CSV text, reviews the report lists, trends sheet expected)
SHAPES = {
    "one_review": ("评价内容,评价时间,评分\n质量很好，非常满意,2024-05-01,5\n", 1, False),
    "two_reviews": (
        "评价内容,评价时间,评分\n质量很好，非常满意,2024-05-01,5\n太差了，用了一天就坏了,2024-06-02,1\n",
        2,
        True,
    ),
    "four_short_no_themes": (
        "评价内容,评价时间,评分\n很好,2024-05-01,5\n不错,2024-05-02,4\n差,2024-05-03,1\n一般,2024-05-04,3\n",
        4,
        True,
    ),
    "one_period": (
        "评价内容,评价时间,评分\n很好,2024-05-01 10:00,5\n不错,2024-05-01 11:00,4\n差,2024-05-01 12:00,1\n",
        3,
        False,
    ),
    "no_dates": ("评价内容,评分\n很好,5\n不错,4\n差,1\n一般,3\n", 4, False),
    "all_neutral": ("评价内容,评价时间\n收到了,2024-05-01\n今天到的,2024-07-03\n", 2, True),
    "no_ratings": ("评价内容,评价时间\n很好,2024-05-01\n差,2024-06-02\n", 2, True),
    "zero_kept": ("评价内容,评价时间,评分\n,2024-05-01,5\n,2024-06-02,1\n", 0, False),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_small_files_give_a_report_and_charts(tmp_path, capsys, shape):
    body, n_reviews, trends = SHAPES[shape]
    source = tmp_path / f"{shape}.csv"
    source.write_text(body, encoding="utf-8")
    report, charts = tmp_path / "report.xlsx", tmp_path / "charts"
    assert main(["analyze", str(source), "-o", str(report), "--charts", str(charts)]) == 0
    out = capsys.readouterr().out
    wb = load_workbook(report)
    assert [s for s in wb.sheetnames if s in ALWAYS] == ALWAYS
    assert (NAMES["trends"] in wb.sheetnames) == trends
    reviews = list(wb[NAMES["reviews"]].iter_rows(min_row=2, values_only=True))
    assert len(reviews) == n_reviews
    if shape == "all_neutral":
        assert {row[2] for row in reviews} == {"中性"}
    pictures = sorted(charts.glob("*.png"))
    if n_reviews:
        assert pictures, "no chart saved"
    else:  # a clear reason instead of a crash; the dropped rows are in the report
        assert "没有可分析的评论：导入的 2 行都被删除了（没有评价内容 2 行）" in out
        assert len(list(wb[NAMES["dropped"]].iter_rows(min_row=2))) == 2


# ---- case 2: unusual dates -----------------------------------------------------------------

REF = dt.datetime(2024, 6, 1, 12, 0)


def _dates(values: list[str]) -> list:
    return parse_dates(pd.Series(values, dtype=object), reference=REF).tolist()


@pytest.mark.parametrize(
    "raw",
    [
        "9999-12-31", "0001-01-01", "1677-09-21", "2262-04-12",  # text, pandas' ns range
        "9999/12/31 23:59", "9999年12月31日", "9999-12-31T00:00:00Z", "1/1/9999",
        "January 1, 9999", "-5", "-5.5",  # Excel serials below 0
        "99999年前", "9999999天前", "300年前",  # relative dates before 1900
    ],
)  # fmt: skip
def test_placeholder_and_overflowing_dates_are_no_date(raw):
    assert pd.isna(_dates([raw])[0])
    # one odd cell does not spoil the others of its column
    assert _dates([raw, "2024-01-05"])[1] == pd.Timestamp("2024-01-05")


def test_follow_up_offset_that_overflows_is_no_date():
    base = pd.Series(pd.to_datetime(["2024-01-01"] * 3))
    out = resolve_after(base, pd.Series(["99999999999天后", "收货后5天", "9999-12-31"]))
    assert pd.isna(out[0]) and pd.isna(out[2])
    assert out[1] == pd.Timestamp("2024-01-06")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("半个月前", "2024-05-17 12:00"),
        ("半年前", "2023-12-01 12:00"),
        ("01-15 10:30", "2024-01-15 10:30"),  # no year: the reference's
        ("12-25", "2023-12-25"),  # ... or the year before when that is in the future
        ("1月15日", "2024-01-15"),
        ("2024-05-06 星期一", "2024-05-06"),
        ("2024-05-06 周一", "2024-05-06"),
        ("2024-05-06 (周一)", "2024-05-06"),
        ("2024-05-06（周一）", "2024-05-06"),
        ("2024-05-06 Mon", "2024-05-06"),
        ("2024-05-06 星期一 10:30", "2024-05-06 10:30"),
        ("Monday, May 6, 2024", "2024-05-06"),
    ],
)
def test_halves_no_year_and_weekdays(raw, expected):
    assert _dates([raw])[0] == pd.Timestamp(expected)


def test_import_with_placeholder_dates_keeps_every_row(tmp_path, capsys):
    source = tmp_path / "odd_dates.csv"
    source.write_text(
        "评价内容,评价时间,评分\n质量很好,9999-12-31,5\n还行吧,0001-01-01,4\n太差了,1677-09-21,1\n"
        "不错,2262-04-12,5\n一般般,-5,3\n挺好的,2024-05-06 星期一,5\n很满意,半个月前,5\n",
        encoding="utf-8",
    )
    out_csv = tmp_path / "rows.csv"
    argv = ["import", str(source), "--reference-date", "2024-06-01", "--export-csv", str(out_csv)]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "共 7 行：保留 7 行，删除 0 行" in out
    assert "「评价时间」列有 5 个无法识别的日期，已留空。" in out
    with out_csv.open(encoding="utf-8-sig", newline="") as handle:
        dates = [row["date"] for row in csv.DictReader(handle)]
    assert dates == ["", "", "", "", "", "2024-05-06", "2024-05-17"]


def test_xlsx_with_year_9999_and_year_1_cells(tmp_path, capsys):
    wb = Workbook()
    ws = wb.active
    ws.append(["评价内容", "评价时间", "评分"])
    ws.append(["质量很好", dt.datetime(9999, 12, 31), 5])
    ws.append(["太差了", dt.datetime(1, 1, 1), 1])
    ws.append(["挺好", dt.datetime(2024, 5, 6, 10, 30), 5])
    wb.save(tmp_path / "odd_dates.xlsx")
    assert main(["import", str(tmp_path / "odd_dates.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "保留 3 行" in out
    assert "「评价时间」列有 2 个无法识别的日期，已留空。" in out
