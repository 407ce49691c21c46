"""Issue 17: real exports never crash — odd dates, tiny files, formula text, over-long cells."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.core.ingest.dates import parse_dates, resolve_after
from app.io.report.excel import sheet_names

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
    assert sorted(charts.glob("*.png")), "no chart saved"
    assert "含不满：" in out


def test_a_file_with_no_review_left_is_refused_before_any_output(tmp_path, capsys):
    source = tmp_path / "zero_kept.csv"
    source.write_text("评价内容,评价时间,评分\n,2024-05-01,5\n,2024-06-02,1\n", encoding="utf-8")
    report, charts = tmp_path / "report.xlsx", tmp_path / "charts"
    assert main(["analyze", str(source), "-o", str(report), "--charts", str(charts)]) == 1
    err = capsys.readouterr().err
    assert "没有可分析的评论：读取的 2 行都被删除了（没有评价内容 2 行）" in err
    assert not report.exists()
    assert not charts.exists() or not any(charts.iterdir())


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


# ---- case 7: formula injection; case 9c: over-long cells ----------------------------------

INJECTIONS = [
    '=HYPERLINK("http://evil.example","点我领红包")',
    "=cmd|' /C calc'!A0",
    "@SUM(1) 质量不错",
    "+1+2 还行",
    "+86 这个号码打不通",
    "-差评，质量太差",
]
LONG = "质量很好物流很快，" * 4000  # 36,000 characters: over Excel's 32,767 per cell


def _export_with_formulas(tmp_path: Path) -> Path:
    rows = [["评价内容", "评价时间", "评分", "商品"]]
    products = ["=1+1", "-5", "+3.5", "@x", "商品A", "商品A"]
    for i, (text, product) in enumerate(zip(INJECTIONS, products, strict=True)):
        rows.append([text, f"2024-05-0{i + 1}", "3", product])
    rows += [[LONG, "2024-05-08", "5", "商品A"]] * 2  # the second is dropped as a duplicate
    source = tmp_path / "formulas.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return source


def _csv_cells(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("command", ["import", "analyze"])
def test_csv_export_neutralises_formulas(tmp_path, command):
    out = tmp_path / "rows.csv"
    assert main([command, str(_export_with_formulas(tmp_path)), "--export-csv", str(out)]) == 0
    rows = _csv_cells(out)
    assert [r["text"] for r in rows[:6]] == ["'" + text for text in INJECTIONS]
    assert [r["product"] for r in rows[:4]] == ["'=1+1", "-5", "+3.5", "'@x"]
    assert b'"\'=HYPERLINK(""http://evil.example"",""' in out.read_bytes()


def test_gui_row_export_csv_and_xlsx(tmp_path):
    from app.gui.models.row_export import export_rows

    frame = pd.DataFrame(
        {"评论": [*INJECTIONS, "\t=1", "好评"], "评分": ["-5", "+3.5", "5", "", "", "", "", ""]}
    )
    export_rows(frame, tmp_path / "rows.csv")
    rows = _csv_cells(tmp_path / "rows.csv")
    assert [r["评论"] for r in rows] == ["'" + t for t in [*INJECTIONS, "\t=1"]] + ["好评"]
    assert [r["评分"] for r in rows[:3]] == ["-5", "+3.5", "5"]
    export_rows(frame, tmp_path / "rows.xlsx")
    ws = load_workbook(tmp_path / "rows.xlsx").active
    for row, text in enumerate(INJECTIONS, start=2):
        cell = ws.cell(row=row, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert ws.cell(row=9, column=1).quotePrefix is False


def test_report_keeps_formulas_as_text_and_cuts_long_cells(tmp_path):
    report = tmp_path / "report.xlsx"
    assert main(["analyze", str(_export_with_formulas(tmp_path)), "-o", str(report)]) == 0
    wb = load_workbook(report)
    reviews, dropped = wb[NAMES["reviews"]], wb[NAMES["dropped"]]
    by_text = {row[0].value: row for row in reviews.iter_rows(min_row=2)}
    for text in INJECTIONS:
        cell = by_text[text][0]
        assert (cell.data_type, cell.quotePrefix) == ("s", True), text
        assert cell.alignment.wrap_text  # the column's own look is kept
    products = {row[7].value: row[7] for row in reviews.iter_rows(min_row=2)}
    assert products["=1+1"].data_type == "s" and products["=1+1"].quotePrefix
    assert not products["商品A"].quotePrefix
    marker = "…（内容过长，已截断）"
    for cell in (by_text[next(t for t in by_text if t.startswith("质量"))][0], dropped["D2"]):
        assert len(cell.value) == 32_767
        assert cell.value.endswith(marker) and cell.value.startswith("质量很好物流很快")


def test_long_text_in_any_sheet_is_cut_with_the_report_language(tmp_path):
    from openpyxl import Workbook as Book

    from app.io.report.style import put, report_language

    ws = Book().active
    put(ws, 1, 1, "😀" * 20_000)  # 40,000 UTF-16 units
    with report_language("en"):
        put(ws, 2, 1, "x" * 40_000)
    put(ws, 3, 1, "y" * 32_767)
    zh, en, exact = ws["A1"].value, ws["A2"].value, ws["A3"].value
    assert zh.endswith("…（内容过长，已截断）") and len(zh.encode("utf-16-le")) // 2 <= 32_767
    assert en.endswith("… (too long, cut)") and len(en) == 32_767
    assert exact == "y" * 32_767  # at the limit: untouched


def test_one_sentence_repeated_thousands_of_times_does_not_crash(tmp_path, capsys):
    # 4,000 equal clauses among a few others: the silhouette's subsample met one cluster only
    assert main(["analyze", str(_export_with_formulas(tmp_path))]) == 0
    assert "含不满：7 条评论里" in capsys.readouterr().out
