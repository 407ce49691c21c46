"""Issue 17: real exports never crash — odd dates, tiny files, formula text, over-long cells."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.cli import main
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
