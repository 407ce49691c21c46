"""The real exports in ../shared/data/exports read correctly (skipped when absent)."""

from __future__ import annotations

import pytest

from app.io.readers.read import read_file

pytestmark = pytest.mark.shared_data


def test_real_taobao_gb18030_export(shared_data):
    table = read_file(shared_data / "exports" / "taobao_phone_export_gb18030.csv")
    assert table.encoding == "gb18030"
    assert list(table.frame.columns) == [
        "用户ID",
        "会员级别",
        "手机参数",
        "昵称",
        "购买时间",
        "评论内容",
    ]
    assert table.header_row == 1
    assert table.source_rows[0] == 2 and table.source_rows[-1] == 1732
    assert len(table.frame) == 1731  # 1720 reviews + 6 blank rows + 5 repeated headers
    assert table.frame.iloc[0].isna().all()  # row 2 is blank and stays
    repeated = table.frame["评论内容"] == "评论内容"
    assert int(repeated.sum()) == 5
    ids = table.frame["用户ID"].dropna()
    assert ids.iloc[0] == "1.03531E+12"  # scientific notation kept as exported
    assert ids.str.fullmatch(r"\d{13}|\d\.\d+E\+12|用户ID").all()  # never ".0" or rounded
    dates = table.frame["购买时间"].dropna()
    assert dates.str.contains("/").any() and dates.str.contains("-").any()


def test_real_tmall_xlsx_export(shared_data):
    table = read_file(shared_data / "exports" / "tmall_tshirt_export.xlsx")
    assert table.sheet == "Sheet1"
    assert table.header_row == 1
    assert len(table.frame) == 20
    assert table.source_rows == list(range(2, 22))
    for column in ("评论", "评论时间", "追评", "几天后追评", "商家回复"):
        assert column in table.frame.columns
    assert table.frame["页码"].iloc[0] == "1"  # a float cell 1.0 shown as Excel shows it
    assert (table.frame["追评"] == "空").any()
    assert table.frame["评论时间"].str.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d").all()
