"""Choosing the sheet that holds the reviews, or the one the user picked."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from app.core.errors import InputFileError
from app.core.i18n import set_language
from app.io.readers.read import list_sheets, read_file


def test_reviews_sheet_is_chosen_over_a_summary_sheet(exports):
    table = read_file(exports["multi_sheet"])
    assert table.sheet == "评价明细"
    assert table.sheets == ["汇总", "评价明细"]
    assert list(table.frame.columns) == ["用户昵称", "评分", "评价内容", "评价时间"]
    assert len(table.frame) == 6
    assert table.source_rows[0] == 2


def test_explicit_sheet(exports):
    table = read_file(exports["multi_sheet"], sheet="汇总")
    assert table.sheet == "汇总"
    assert list(table.frame.columns) == ["指标", "数值"]
    assert table.frame["数值"].tolist() == ["6", "0.83", "2024-05-31"]


def test_unknown_sheet_lists_the_sheets(exports):
    with pytest.raises(InputFileError) as error:
        read_file(exports["multi_sheet"], sheet="Sheet9")
    assert "Sheet9" in str(error.value) and "汇总、评价明细" in str(error.value)
    set_language("en")
    assert "Its sheets are: 汇总, 评价明细" in str(error.value)


def test_list_sheets(exports):
    assert list_sheets(exports["multi_sheet"]) == ["汇总", "评价明细"]
    assert list_sheets(exports["real_xls"]) == ["评价"]
    assert list_sheets(exports["taobao"]) == []
    assert list_sheets(exports["fake_html_xls"]) == []


def test_tie_goes_to_the_sheet_with_more_rows(tmp_path):
    book = Workbook()
    small = book.active
    small.title = "旧"
    small.append(["评价内容", "评分"])
    small.append(["好", 5])
    big = book.create_sheet("新")
    big.append(["评价内容", "评分"])
    for i in range(5):
        big.append([f"评价{i}", 4])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert read_file(path).sheet == "新"


def test_leading_empty_rows_and_columns_keep_excel_row_numbers(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet["C4"] = "评价内容"
    sheet["D4"] = "评分"
    sheet["C5"] = "好"
    sheet["D5"] = 5
    sheet["C7"] = "差"
    sheet["D7"] = 1.5
    path = tmp_path / "offset.xlsx"
    book.save(path)
    table = read_file(path)
    assert table.header_row == 4
    assert table.source_rows == [5, 6, 7]
    assert table.frame["评分"].tolist()[0::2] == ["5", "1.5"]


def test_empty_sheet_and_header_only_sheet(tmp_path):
    book = Workbook()
    book.active.title = "空"
    book.create_sheet("表头")["A1"] = "评价内容"
    path = tmp_path / "x.xlsx"
    book.save(path)
    with pytest.raises(InputFileError, match="空的"):
        read_file(path, sheet="空")
    with pytest.raises(InputFileError, match="只有表头"):
        read_file(path, sheet="表头")
