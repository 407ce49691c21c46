"""Delimiters, encodings, header detection and column naming on small hand-written files."""

from __future__ import annotations

import pytest

from app.core.progress import Cancelled, CancelToken
from app.io.readers.read import SUPPORTED_EXTENSIONS, list_sheets, read_file


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    lines = ["评价内容,评分,时间", "好用,5,2024-01-01", "不好用,1,2024-01-02"]
    text = "\n".join(line.replace(",", delimiter) for line in lines) + "\n"
    table = read_file(write(tmp_path, "x.txt", text))
    assert table.delimiter == delimiter
    assert list(table.frame.columns) == ["评价内容", "评分", "时间"]
    assert table.frame["评价内容"].tolist() == ["好用", "不好用"]


def test_tab_separated_text_with_commas_inside_cells(tmp_path):
    text = "评价\t评分\n好,真好,非常好\t5\n还行\t3\n一般,吧\t2\n"
    table = read_file(write(tmp_path, "x.tsv", text))
    assert table.delimiter == "\t"
    assert table.frame["评价"].tolist() == ["好,真好,非常好", "还行", "一般,吧"]


def test_strict_utf8_without_bom(tmp_path):
    table = read_file(write(tmp_path, "x.csv", "评价,评分\n很好,5\n"))
    assert table.encoding == "utf-8"


def test_gbk_file_read_as_gb18030_and_encoding_override(tmp_path):
    path = write(tmp_path, "x.csv", "评价,评分\n很好,5\n", "gbk")
    assert read_file(path).encoding == "gb18030"
    table = read_file(path, encoding="gbk")
    assert table.encoding == "gbk"
    assert table.frame["评价"].tolist() == ["很好"]


def test_utf16_big_endian_with_bom(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xfe\xff" + "评价\t评分\r\n很好\t5\r\n".encode("utf-16-be"))
    table = read_file(path)
    assert table.encoding == "utf-16"
    assert table.frame["评价"].tolist() == ["很好"]


def test_utf8_that_turns_into_gbk_after_the_first_megabyte(tmp_path):
    ascii_rows = "".join(f"review {i},5\n" for i in range(60_000))  # > 1 MB of ASCII
    path = tmp_path / "x.csv"
    path.write_bytes(b"text,rating\n" + ascii_rows.encode() + "很好,5\n".encode("gbk"))
    table = read_file(path)
    assert table.encoding == "gb18030"
    assert table.frame["text"].iloc[-1] == "很好"
    assert len(table.frame) == 60_001


def test_crlf_and_quoted_line_breaks_and_record_numbers(tmp_path):
    text = '评价,评分\r\n"第一行\r\n第二行",5\r\n"他说""好""",4\r\n普通,3\r\n'
    table = read_file(write(tmp_path, "x.csv", text))
    assert table.frame["评价"].tolist() == ["第一行\r\n第二行", '他说"好"', "普通"]
    assert table.source_rows == [2, 3, 4]


def test_title_and_blank_rows_above_the_header(tmp_path):
    text = "\n评价列表 2024-05\n\n用户昵称,评价内容,评分\nA,好,5\nB,差,1\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert table.header_row == 4
    assert table.title_rows == 1
    assert table.source_rows == [5, 6]
    assert table.frame["评价内容"].tolist() == ["好", "差"]


def test_blank_rows_inside_the_data_stay_trailing_ones_go(tmp_path):
    text = "评价,评分\n好,5\n\n,\n差,1\n\n\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert table.source_rows == [2, 3, 4, 5]
    assert table.frame["评价"].tolist()[3] == "差"
    assert table.frame.iloc[1].isna().all() and table.frame.iloc[2].isna().all()


def test_duplicate_and_empty_header_names_are_made_unique(tmp_path):
    table = read_file(write(tmp_path, "x.csv", "评价,评分,,评价\n好,5,x,真好\n"))
    assert list(table.frame.columns) == ["评价", "评分", "列3", "评价.1"]
    assert table.frame["评价.1"].tolist() == ["真好"]


def test_unknown_headers_fall_back_to_the_first_label_row(tmp_path):
    text = "店铺周报\nfoo,bar,baz\nabc,12,2024-01-01\nxyz,13,2024-01-02\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert list(table.frame.columns) == ["foo", "bar", "baz"]
    assert table.header_row == 2
    assert table.source_rows == [3, 4]


def test_no_header_at_all_gives_made_up_names(tmp_path):
    text = "这个杯子很好用，保温效果不错,5\n颜色有点暗，和图片不太一样的感觉,3\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert list(table.frame.columns) == ["列1", "列2"]
    assert table.header_row is None
    assert table.source_rows == [1, 2]


def test_single_column_text_file(tmp_path):
    text = "评价\n质量好, 做工细\n还可以\n"
    table = read_file(write(tmp_path, "reviews.txt", text))
    assert list(table.frame.columns) == ["评价"]
    assert table.frame["评价"].tolist() == ["质量好, 做工细", "还可以"]


def test_rows_wider_than_the_header_keep_their_extra_cells(tmp_path):
    rows = "".join(f"r{i},5\n" for i in range(3000))
    text = "评价,评分\n" + rows + "多出来,4,额外\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert list(table.frame.columns) == ["评价", "评分", "列3"]
    assert table.frame.iloc[-1].tolist() == ["多出来", "4", "额外"]
    assert len(table.frame) == 3001


def test_ids_and_numbers_stay_exactly_as_exported(tmp_path):
    text = "订单号,用户ID,评分,价格\n3712345678901234567,1.03531E+12,05,0012.50\n"
    table = read_file(write(tmp_path, "x.csv", text))
    assert table.frame.iloc[0].tolist() == ["3712345678901234567", "1.03531E+12", "05", "0012.50"]


def test_csv_named_xlsx_is_read_as_csv_and_xlsx_named_csv_as_xlsx(tmp_path, exports):
    table = read_file(write(tmp_path, "x.xlsx", "评价,评分\n好,5\n"))
    assert table.file_format == "csv"
    renamed = tmp_path / "really_a_workbook.csv"
    renamed.write_bytes(exports["douyin"].read_bytes())
    assert read_file(renamed).file_format == "xlsx"
    assert list_sheets(renamed) == ["评价管理"]


def test_json_list_of_records_and_nested_dicts(tmp_path):
    text = '[{"评价": "好", "评分": 5, "买家": {"昵称": "A", "等级": {"值": 3}}}, {"评价": "差"}]'
    table = read_file(write(tmp_path, "x.json", text))
    assert list(table.frame.columns) == ["评价", "评分", "买家.昵称", "买家.等级.值"]
    assert table.frame["买家.等级.值"].tolist()[0] == "3"
    assert table.frame["评分"].isna().tolist() == [False, True]


def test_progress_is_reported_and_cancel_stops_reading(tmp_path, exports):
    seen: list[float] = []
    read_file(exports["taobao"], progress=lambda f, _m: seen.append(f))
    assert len(seen) >= 3 and seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        read_file(exports["douyin"], cancel=token)


def test_supported_extensions():
    for ext in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".json", ".jsonl"):
        assert ext in SUPPORTED_EXTENSIONS


def test_csv_starting_with_a_bracket_is_not_taken_for_json(tmp_path):
    table = read_file(write(tmp_path, "x.csv", "[店铺A]评价导出\n评价内容,评分\n好,5\n"))
    assert table.file_format == "csv"
    assert table.frame["评价内容"].tolist() == ["好"]
