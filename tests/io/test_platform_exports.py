"""Each platform's export shape reads with the right header, rows, row numbers and text."""

from __future__ import annotations

from app.io.readers.read import read_file


def row(table, number: int) -> dict:
    """The row a user sees as row ``number`` in Excel / the CSV."""
    return table.frame.iloc[table.source_rows.index(number)].to_dict()


def test_taobao_gb18030_with_title_blank_and_repeated_header(exports):
    table = read_file(exports["taobao"])
    assert table.encoding == "gb18030"
    assert table.file_format == "csv"
    assert table.delimiter == ","
    assert table.header_row == 3
    assert table.title_rows == 1
    assert list(table.frame.columns) == [
        "订单号", "用户ID", "会员名", "宝贝规格", "评价时间", "评价内容", "追评内容",
    ]  # fmt: skip
    assert table.source_rows == list(range(4, 17))
    first = row(table, 4)
    assert first["订单号"] == "3712345678901234567"
    assert first["用户ID"] == "1.03531E+12"
    assert first["宝贝规格"] == "颜色分类:白色;尺码:L"
    assert first["评价时间"] == "2024/5/3 14:05"
    assert row(table, 6)["评价时间"] == "2024-05-06 09:15:00"
    assert row(table, 6)["评价内容"] == "此用户没有填写评价。"
    # the repeated header and the blank row below it stay for the ingest stage to judge
    assert row(table, 10)["评价内容"] == "评价内容"
    assert all(value != value for value in row(table, 11).values())  # all missing (NaN)
    assert row(table, 16)["评价内容"] == "客服态度很好，换货很顺利"


def test_jd_utf8_bom_multiline_quotes_and_entities(exports):
    table = read_file(exports["jd"])
    assert table.encoding == "utf-8-sig"
    assert table.header_row == 1
    assert list(table.frame.columns)[:4] == ["用户昵称", "会员级别", "评分", "评价内容"]
    assert len(table.frame) == 6
    assert table.source_rows == [2, 3, 4, 5, 6, 7]
    assert row(table, 3)["评价内容"] == "屏幕清楚\n拍照一般\n总体满意"
    assert row(table, 4)["评价内容"] == '说是"原装"充电器&hellip;结果发热&nbsp;严重'
    assert row(table, 2)["会员级别"] == "PLUS会员"
    assert row(table, 5)["点赞数"] == "0"
    assert row(table, 7)["商家回复"] != row(table, 7)["商家回复"]  # empty cell → missing


def test_pdd_subscores(exports):
    table = read_file(exports["pdd"])
    assert table.encoding == "utf-8"
    assert list(table.frame.columns)[3:6] == ["描述得分", "物流得分", "服务得分"]
    assert len(table.frame) == 5
    assert row(table, 2)["订单编号"] == "240315-123456789012340"
    assert row(table, 2)["评价时间"] == "1710460800"


def test_douyin_xlsx_numbers_and_dates_as_text(exports):
    table = read_file(exports["douyin"])
    assert table.file_format == "xlsx"
    assert table.encoding is None
    assert table.sheet == "评价管理"
    assert table.sheets == ["评价管理"]
    assert table.source_rows == [2, 3, 4, 5, 6]
    assert row(table, 2)["商品ID"] == "3601234567890123"
    assert row(table, 2)["评价星级"] == "5"
    assert row(table, 2)["评价时间"] == "2024-03-01 10:30:00"
    assert row(table, 3)["商家回复"] != row(table, 3)["商家回复"]


def test_meituan_word_grades(exports):
    table = read_file(exports["meituan"])
    assert list(table.frame.columns)[2:6] == ["总体评分", "口味", "环境", "服务"]
    assert row(table, 5)["口味"] == "差"
    assert row(table, 2)["评价时间"] == "2024年1月15日"


def test_amazon_helium10(exports):
    table = read_file(exports["amazon"])
    assert list(table.frame.columns) == [
        "Date", "Author", "Verified", "Helpful", "Title", "Body", "Rating", "Images", "Videos",
        "URL", "Variation", "Style",
    ]  # fmt: skip
    assert len(table.frame) == 4
    assert row(table, 2)["Date"] == "January 15, 2024"
    assert row(table, 3)["Body"] == "The lid hinge broke after a week."


def test_unicode_text_utf16_tab_separated(exports):
    for name in ("unicode_text", "utf16_nobom"):
        table = read_file(exports[name])
        assert table.encoding == "utf-16"
        assert table.delimiter == "\t"
        assert list(table.frame.columns) == ["昵称", "评分", "评价", "时间"]
        assert len(table.frame) == 4
        assert row(table, 3)["评价"] == "做工粗糙"
    assert read_file(exports["unicode_text"]).file_format == "txt"
    assert read_file(exports["utf16_nobom"]).file_format == "tsv"


def test_xls_that_is_an_html_table(exports):
    table = read_file(exports["fake_html_xls"])
    assert table.file_format == "html"
    assert table.encoding == "gb18030"
    assert table.header_row == 2
    assert table.title_rows == 1
    assert list(table.frame.columns) == ["买家", "评价内容", "评价时间", "评分"]
    assert table.source_rows == [3, 4, 5, 6]
    assert row(table, 4)["评价内容"] == "第一行\n第二行"
    assert row(table, 5)["评价内容"] == "一般 般"


def test_xls_that_is_csv_text(exports):
    table = read_file(exports["fake_csv_xls"])
    assert table.file_format == "csv"
    assert table.encoding == "gb18030"
    assert list(table.frame.columns) == ["评论内容", "评论时间", "星级"]
    assert row(table, 3)["评论内容"] == "不太满意"


def test_xlsx_with_title_rows_followups_serials_and_repeated_header(exports):
    table = read_file(exports["tmall_titles"])
    assert table.header_row == 3
    assert table.title_rows == 1
    assert table.source_rows == [4, 5, 6, 7, 8]
    assert row(table, 4)["订单号"] == "3712345678901234567"
    assert row(table, 4)["评分"] == "5"
    assert row(table, 4)["评价时间"] == "2024-05-02 09:00:00"
    assert row(table, 4)["商品ID"] == "1035310000000"
    assert row(table, 5)["追评"] == "洗了一次没缩水"
    assert row(table, 5)["追评时间"] == "2024-05-10 09:00:00"
    assert row(table, 6)["评价时间"] == "45306"  # an Excel serial number survives as text
    assert row(table, 7)["订单号"] == "订单号"  # repeated header kept
    assert row(table, 8)["评价内容"] == "物流很快\n包装完好"


def test_real_biff_xls(exports):
    table = read_file(exports["real_xls"])
    assert table.file_format == "xls"
    assert table.header_row == 2
    assert list(table.frame.columns) == ["评价内容", "评价时间", "评分"]
    assert row(table, 3) == {
        "评价内容": "鞋子很合脚",
        "评价时间": "2024-01-15 10:30:00",
        "评分": "5",
    }


def test_json_object_holding_records_is_flattened(exports):
    table = read_file(exports["json"])
    assert table.file_format == "json"
    assert table.header_row is None
    assert list(table.frame.columns) == [
        "id", "content", "score", "user.nick", "user.level", "pics", "time",
    ]  # fmt: skip
    assert table.source_rows == [1, 2, 3, 4]
    assert row(table, 1)["id"] == "1234567890123456789"
    assert row(table, 1)["user.nick"] == "小***熊"
    assert row(table, 1)["pics"] == '["a.jpg", "b.jpg"]'
    assert row(table, 2)["content"] == "快递慢"


def test_json_lines_row_numbers_are_line_numbers(exports):
    table = read_file(exports["jsonl"])
    assert table.file_format == "jsonl"
    assert table.source_rows == [1, 3, 4]
    assert row(table, 3)["content"] == "快递慢"


def test_every_cell_is_text_or_missing(exports):
    for name in ("taobao", "jd", "douyin", "tmall_titles", "real_xls", "json", "fake_html_xls"):
        frame = read_file(exports[name]).frame
        for column in frame.columns:
            assert all(isinstance(v, str) or v != v for v in frame[column]), (name, column)
