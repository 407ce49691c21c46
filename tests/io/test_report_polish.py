"""What using and printing the report showed (issue 18): no folder paths, readable print."""

from __future__ import annotations

import dataclasses
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from app.io.report.excel import write_report
from tests.io.report_fixtures import make_result

A4_LANDSCAPE_POINTS = 842 - 2 * 0.5 * 72  # printable width even with half-inch side margins


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report of files kept in the owner's private folders."""
    folder = tmp_path_factory.mktemp("reports") / "王老板的店" / "客户资料"
    folder.mkdir(parents=True)
    result = make_result()
    paths = {name: str(folder / name) for name in result.reviews["source_file"].unique()}
    paths |= {name: str(folder / name) for name in result.imported.ledger["source_file"].unique()}
    result.reviews["source_file"] = result.reviews["source_file"].map(paths)
    result.imported.ledger["source_file"] = result.imported.ledger["source_file"].map(paths)
    result.imported.files[:] = [
        dataclasses.replace(f, source_file=paths[f.source_file]) for f in result.imported.files
    ]
    path = write_report(result, folder.parent / "报告.xlsx", lang="zh")
    return path, load_workbook(path), sorted(paths)


def test_the_report_names_files_without_their_folders(report):
    path, wb, names = report
    header = wb["概览"]["B2"].value
    assert all(name in header for name in names)
    assert "王老板的店" not in header and "客户资料" not in header
    assert {c.value for c in wb["评论明细"]["L"][1:]} == set(names)
    assert {c.value for c in wb["删除的行"]["A"][1:]} == {names[-1]}
    with zipfile.ZipFile(path) as z:  # nowhere: no sheet, no document property
        for member in z.namelist():
            assert "王老板的店".encode() not in z.read(member), member


def test_same_file_name_in_two_folders_stays_apart(tmp_path):
    result = make_result()
    first, second = sorted(result.reviews["source_file"].unique())
    paths = {first: str(tmp_path / "1月" / "评价.csv"), second: str(tmp_path / "2月" / "评价.csv")}
    result.reviews["source_file"] = result.reviews["source_file"].map(paths)
    result.imported.ledger["source_file"] = result.imported.ledger["source_file"].map(paths)
    result.imported.files[:] = [
        dataclasses.replace(f, source_file=paths[f.source_file]) for f in result.imported.files
    ]
    wb = load_workbook(write_report(result, tmp_path / "r.xlsx", lang="zh", images=False))
    assert {c.value for c in wb["评论明细"]["L"][1:]} == {"1月/评价.csv", "2月/评价.csv"}
    assert str(tmp_path) not in wb["概览"]["B2"].value


def _points(width: float | None) -> float:
    """A column ``width`` characters wide on paper at 100 % (7 px a character, 5 px padding)."""
    return ((width or 8.43) * 7 + 5) * 0.75


def _printed_points(ws) -> float:
    """Width the sheet prints at 100 %: its columns, or further where a chart or picture ends."""
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)]
    right = sum(map(_points, widths))
    for drawing in ws._charts + ws._images:
        start = drawing.anchor._from.col
        before = sum(
            _points(ws.column_dimensions[get_column_letter(i + 1)].width) for i in range(start)
        )
        right = max(right, before + drawing.anchor.ext.width / 12_700)  # EMU -> points
    return right


def test_every_sheet_prints_one_page_wide_on_landscape_a4(report):
    wb = report[1]
    for ws in wb.worksheets:
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.orientation == "landscape", ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4), ws.title
    # the review text is the wide column and wraps; short columns such as the SKU do not
    reviews = wb["评论明细"]
    widths = {c.value: reviews.column_dimensions[c.column_letter].width for c in reviews[1]}
    assert widths["评论"] == max(widths.values())
    assert all(reviews[f"A{row}"].alignment.wrap_text for row in range(2, 8))
    assert not reviews["I2"].alignment.wrap_text


@pytest.mark.parametrize(
    "sheet", ["差评标签", "好评标签", "方面", "SKU", "趋势", "评论明细", "删除的行"]
)
def test_tables_print_at_a_readable_size_with_the_header_on_every_page(report, sheet):
    ws = report[1][sheet]
    assert ws.page_setup.fitToWidth == 1
    # fitting the columns, charts and pictures on a landscape A4 page keeps 10 pt text >= 8 pt
    assert 10 * min(1.0, A4_LANDSCAPE_POINTS / _printed_points(ws)) >= 8.0
    header = 1 if sheet in ("评论明细", "删除的行") else 4
    assert ws.print_title_rows == f"${header}:${header}"


def test_trend_charts_start_a_new_page_rather_than_being_cut(report):
    ws = report[1]["趋势"]
    first = min(chart.anchor._from.row for chart in ws._charts)  # 0-based: the row above
    assert first > max(c.row for c in ws["A"] if c.value is not None)  # under the table
    assert first in {b.id for b in ws.row_breaks.brk}
