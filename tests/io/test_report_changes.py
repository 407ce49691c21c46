"""The report's first sheet 变化与提醒 / What changed, written from a shop history's findings."""

from __future__ import annotations

import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.core.changes.findings import Fix, history_findings
from app.core.pipeline import AnalysisConfig, run_analysis
from app.io.report.excel import write_report
from tests.history.test_append import _import
from tests.history.test_cli_shop_changes import LEAK, write_shop_export

FORMULA = "=1+1"  # no ASCII comma: the CSV stays as written


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """Four months of reviews, the newest 漏水 review starting like a formula; weekly periods
    (the first and last partial, with 12 reviews: too few for a rate)."""
    folder = tmp_path_factory.mktemp("changes")
    path = write_shop_export(folder / "all.csv", range(0, 120), leak_from=113)
    text = path.read_text(encoding="utf-8-sig").replace(f"第1190次：{LEAK}", FORMULA + LEAK)
    path.write_text(text, encoding="utf-8-sig")
    result = run_analysis(_import(path), AnalysisConfig())
    fixes = [
        Fix(pd.Timestamp("2026-03-01"), "换了顺丰"),
        Fix(pd.Timestamp("2026-04-28"), "换了盖子"),
    ]
    found = history_findings(result, last_import_cutoff=None, fixes=fixes)
    return result, found, folder


def _rows(ws) -> list[list[object]]:
    return [[v for v in row if v is not None] for row in ws.iter_rows(values_only=True)]


def test_the_sheet_opens_the_report_with_alerts_quotes_and_tags(analysed):
    result, found, folder = analysed
    path = write_report(result, folder / "r.xlsx", images=False, lang="zh", findings=found)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert ws.title == "变化与提醒"
    rows = _rows(ws)
    alert = rows.index(["1. 新问题：最近 7 天有 7 条评价提到「杯子漏水」，之前 7 天一条都没有。"])
    assert rows[alert + 1] == ["日期", "星级", "评价原文（最新的 5 条，共 7 条）"]
    assert rows[alert + 2] == ["2026-04-30", "★", FORMULA + LEAK]
    assert [r[0] for r in rows[alert + 2 : alert + 7]] == [
        f"2026-04-{d}" for d in (30, 29, 28, 27, 26)
    ]
    quote = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA + LEAK)
    assert quote.data_type == "s"  # shown as written, never computed
    header = rows.index(["差评标签", "最近一周", "条数", "此前", "条数", "状态"])
    tags = {r[0]: r[1:] for r in rows[header + 1 : header + 4]}
    assert tags["杯子漏水"] == [pytest.approx(3 / 21), "3/21", 0, "0/126", "评价太少"]


def test_complaint_share_per_period_is_a_0_to_100_percent_line_with_gaps(analysed):
    result, found, folder = analysed
    path = write_report(result, folder / "r.xlsx", images=False, lang="zh", findings=found)
    ws = load_workbook(path).worksheets[0]
    rows = _rows(ws)
    header = rows.index(["周（周一）", "评价数", "含不满", "含不满比例", "备注"])
    first, last = rows[header + 1], rows[header + 18]
    # 12 reviews in each of the two partial weeks: no rate (an empty cell), said why
    assert first == ["2025-12-29", 12, 2, "不完整（只有 57% 的天数）；评价少于 20 条，不算比例"]
    assert last[:3] == ["2026-04-27", 12, 5] and len(last) == 4
    assert rows[header + 2] == ["2026-01-05", 21, 3, pytest.approx(3 / 21)]
    # a native line chart of that column, from 0 to 100 %, with gaps for the empty cells
    with zipfile.ZipFile(path) as book:
        xml = [book.read(n).decode() for n in book.namelist() if n.startswith("xl/charts/")]
    mine = [x for x in xml if "'变化与提醒'" in x]
    assert len(mine) == 1
    column = f"'变化与提醒'!$E${header + 2}:$E${header + 19}"  # rows are 1-based in Excel
    assert "<lineChart>" in mine[0] and f"<f>{column}</f>" in mine[0]
    assert '<max val="1" /><min val="0" />' in mine[0]
    assert '<dispBlanksAs val="gap" />' in mine[0]


def test_each_fix_is_a_table_with_wilson_ranges_and_a_verdict(analysed):
    result, found, folder = analysed
    path = write_report(result, folder / "r.xlsx", images=False, lang="zh", findings=found)
    rows = _rows(load_workbook(path).worksheets[0])
    first = rows.index(["换了顺丰（2026-03-01）"])
    assert rows[first + 1] == ["问题", "之前", "区间", "条数", "之后", "区间", "条数", "结论"]
    assert rows[first + 2] == [
        "含不满（整体）", pytest.approx(26 / 177), "10%–21%", "26/177",
        pytest.approx(32 / 183), "13%–24%", "32/183", "没有明显变化",
    ]  # fmt: skip
    second = rows.index(["换了盖子（2026-04-28）"])
    assert rows[second + 2][-1] == "还看不出来（评价太少）"
    assert rows[second + 2][3] == "55/351" and rows[second + 2][6] == "3/9"


def test_english_report_and_a_plain_report(analysed):
    result, found, folder = analysed
    path = write_report(result, folder / "en.xlsx", images=False, lang="en", findings=found)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames[:2] == ["What changed", "Overview"]
    plain = write_report(result, folder / "plain.xlsx", images=False, lang="zh")
    assert load_workbook(plain, read_only=True).sheetnames[0] == "概览"
