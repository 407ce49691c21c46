"""Every bad input raises InputFileError with a specific message, Chinese or English."""

from __future__ import annotations

import time

import psutil
import pytest

from app.core.errors import InputFileError
from app.core.i18n import set_language
from app.io.readers import sniff
from app.io.readers.read import list_sheets, read_file

# fixture name → (words of the Chinese message, words of the English message)
EXPECTED = {
    "empty": ("空文件", "is empty (0 bytes)"),
    "blank_lines": ("只有空行", "only blank lines"),
    "garbage": ("无法识别", "Cannot recognise the format"),
    "unknown_ext": ("不支持", "not a supported file"),
    "truncated": ("已损坏或不完整", "damaged or incomplete"),
    "encrypted": ("文件设置了密码，请在 Excel 里取消密码后另存再导入", "password-protected"),
    "bomb": ("解压后过大", "unreasonable size"),
    "header_only": ("只有表头，没有评价数据行", "header row but no data rows"),
    "not_records": ("没有评价记录列表", "no list of review records"),
    "zip_archive": ("压缩包", "zip archive"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_message_in_both_languages(exports, name):
    zh, en = EXPECTED[name]
    with pytest.raises(InputFileError) as error:
        read_file(exports[name])
    assert zh in str(error.value)
    assert exports[name].name in str(error.value)
    set_language("en")
    assert en in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError) as error:
        read_file(tmp_path / "nope.csv")
    assert "找不到文件" in str(error.value)
    set_language("en")
    assert "File not found" in str(error.value)
    with pytest.raises(InputFileError):
        list_sheets(tmp_path / "nope.xlsx")


def test_directory(tmp_path):
    with pytest.raises(InputFileError) as error:
        read_file(tmp_path)
    assert "是一个文件夹" in str(error.value)
    set_language("en")
    assert "is a folder" in str(error.value)


def test_file_locked_by_another_program(exports, monkeypatch):
    def locked(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(sniff, "open", locked, raising=False)
    with pytest.raises(InputFileError) as error:
        read_file(exports["douyin"])
    assert "请在 Excel 里关闭这个文件后重试" in str(error.value)
    set_language("en")
    assert "Close the file in Excel" in str(error.value)


def test_excel_lock_file(tmp_path):
    path = tmp_path / "~$评价.xlsx"
    path.write_bytes(b"\x05user" + b"\x00" * 160)
    with pytest.raises(InputFileError, match="临时锁文件"):
        read_file(path)


def test_other_documents_are_named(tmp_path):
    pdf = tmp_path / "report.csv"
    pdf.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    with pytest.raises(InputFileError, match="PDF"):
        read_file(pdf)


def test_bomb_is_refused_fast_without_inflating(exports):
    process = psutil.Process()
    before = process.memory_info().rss
    start = time.perf_counter()
    with pytest.raises(InputFileError):
        read_file(exports["bomb"])
    assert time.perf_counter() - start < 1.0
    assert process.memory_info().rss - before < 100 * 1024**2


def test_unknown_encoding_name(exports):
    with pytest.raises(InputFileError, match="不认识文字编码"):
        read_file(exports["jd"], encoding="klingon-8")


def test_wrong_encoding_override(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("评价,评分\n很好,5\n".encode("gbk"))
    with pytest.raises(InputFileError, match="不是用 utf-8 编码保存的"):
        read_file(path, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": [1, 2', "不是有效的 JSON"),
        ('["a", "b"]', "没有评价记录列表"),
        ('{"a": 1}\n{"a": 2\n', "第 2 行"),
    ],
)
def test_bad_json(tmp_path, text, words):
    path = tmp_path / "x.jsonl" if "\n" in text else tmp_path / "x.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError, match=words):
        read_file(path)


def test_html_without_table_rows(tmp_path):
    path = tmp_path / "x.xls"
    path.write_text("<html><body><table></table></body></html>", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_file(path)
