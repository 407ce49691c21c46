"""Real export shapes that used to crash, hang or silently swallow rows (issue 17)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time

import openpyxl
import pytest

from app.core.errors import InputFileError
from app.core.i18n import set_language
from app.core.ingest.ledger import build_import
from app.io.readers.read import read_file

REVIEWS = [
    ["评价内容", "评分", "评价时间"],
    ["质量很好，很满意", 5, "2024-03-01"],
    ["物流太慢了", 2, "2024-03-02"],
]


def _xlsx_with_stray_cell(path, ref):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in REVIEWS:
        sheet.append(row)
    sheet[ref] = "x"
    book.create_sheet("说明").append(["本表由系统导出"])  # the reviews' sheet is picked by score
    book.save(path)
    return path


_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    def peak_mb():  # VmHWM is this process's own peak; ru_maxrss may carry the parent's over
        try:
            with open("/proc/self/status") as status:
                line = next(x for x in status if x.startswith("VmHWM:"))
            return int(line.split()[1]) / 1024
        except (OSError, StopIteration):
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from app.core.ingest.ledger import build_import
    from app.io.readers.read import read_file
    started = time.perf_counter()
    result = build_import([read_file(sys.argv[1])])
    kept = result.kept
    print(json.dumps({
        "seconds": time.perf_counter() - started,
        "peak_mb": peak_mb(),
        "kept": kept["text"].tolist(), "rows": kept["source_row"].tolist(),
        "dropped": result.dropped["source_row"].tolist(), "warnings": result.warnings,
    }))
    """
)


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ200000"])
def test_stray_far_cell_in_xlsx_reads_in_seconds_without_crashing(tmp_path, ref):
    # calamine allocated the whole range: XFD1048576 aborted the process (exit 134, 512 GB),
    # ZZ200000 took 111 s and 5.4 GB. Run in a child so a regression cannot kill pytest.
    path = _xlsx_with_stray_cell(tmp_path / "two_reviews.xlsx", ref)
    assert path.stat().st_size < 10_000
    child = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=120
    )
    assert child.returncode == 0, child.stderr[-2000:]
    out = json.loads(child.stdout)
    assert out["kept"] == ["质量很好，很满意", "物流太慢了"]
    assert out["rows"] == [2, 3]
    assert out["dropped"] == [int(ref.lstrip("AXFDZ"))]  # the stray cell's row, accounted for
    assert out["seconds"] < 20, out
    assert out["peak_mb"] < 300, out
    assert any("全是空行" in w for w in out["warnings"])


def test_stray_cell_keeps_its_excel_row_and_column_number(tmp_path):
    table = read_file(_xlsx_with_stray_cell(tmp_path / "x.xlsx", "AB500000"))
    assert list(table.frame.columns) == ["评价内容", "评分", "评价时间", "列28"]
    assert table.source_rows == [2, 3, 500000]
    assert table.frame["评价时间"].tolist()[:2] == ["2024-03-01", "2024-03-02"]


def test_xlsx_with_thousands_of_columns_is_refused_quickly(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("评价")
    sheet.append(["评价内容", *[f"c{i}" for i in range(2000)]])
    sheet.append(["很好", *range(2000)])
    path = tmp_path / "wide.xlsx"
    book.save(path)
    started = time.perf_counter()
    with pytest.raises(InputFileError) as error:
        read_file(path)
    assert time.perf_counter() - started < 10
    message = str(error.value)
    assert "2,001 列" in message and "wide.xlsx" in message and len(message) < 400
    set_language("en")
    assert "2,001 columns" in str(error.value)


def _csv(path, lines, encoding="utf-8"):
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


MULTI_LINE = '"第一行,还不错\n第二行,也不错\n第三行,很好"'  # a real quoted review with line breaks


def _hundred_rows_with_stray_quote():
    lines = ["评价内容,评分,评价时间"]
    for i in range(2, 101):
        text = MULTI_LINE if i == 5 else f"第{i}条评价，质量不错"
        lines.append(f"{chr(34) if i == 10 else ''}{text},{i % 5 + 1},2024-03-{i % 28 + 1:02d}")
    return lines


def test_unclosed_quote_no_longer_swallows_the_rows_below(tmp_path):
    # before: 9 reviews kept, the one on row 10 was 2,275 characters holding rows 10-100
    path = _csv(tmp_path / "stray_quote.csv", _hundred_rows_with_stray_quote())
    result = build_import([read_file(path)])
    assert len(result.ledger) == 99 and len(result.kept) == 99
    assert result.ledger["source_row"].tolist() == list(range(2, 101))
    rows = result.ledger.set_index("source_row")
    assert rows.loc[5, "text"] == MULTI_LINE.strip('"')  # quoted line breaks still one cell
    assert rows.loc[11, "text"] == "第11条评价，质量不错" and rows.loc[11, "rating"] == 2
    assert result.kept["text"].str.len().max() < 30
    assert [w for w in result.warnings if "引号" in w] == [
        "stray_quote.csv：第 10 行的引号没有配对，会把下面的行都并进一个单元格；"
        "已把它当作普通字符读取，这些行已恢复，请核对这几行。"
    ]
    set_language("en")
    assert "Row 10: an unmatched quote" in build_import([read_file(path)]).warnings[0]


def test_rows_wider_than_the_header_are_named_in_a_warning(tmp_path):
    lines = ["评价内容,评分,评价时间"] + [f"第{i}条评价很好,5,2024-03-01" for i in range(2, 30)]
    lines[5] = "衣服不错,就是有点大,颜色也好看,5,2024-03-01"
    lines[9] = "质量好,价格也便宜,4,2024-03-02"
    result = build_import([read_file(_csv(tmp_path / "commas.csv", lines))])
    warning = next(w for w in result.warnings if "比表头多" in w)
    assert "第 6、10 行" in warning and "“列4”" in warning


def test_semicolon_csv_with_decimal_comma_ratings(tmp_path):
    # a few reviews hold a stray ";": before, the comma split the rows more evenly and won
    lines = ["Review;Rating"] + [
        f"Great product number {i}{'; really' if i % 40 == 0 else ''};4,5" for i in range(300)
    ]
    table = read_file(_csv(tmp_path / "semicolon.csv", lines))
    assert table.delimiter == ";"
    assert list(table.frame.columns) == ["Review", "Rating", "列3"]  # 8 rows are wider
    result = build_import([table])
    assert (result.kept["rating"] == 5).sum() == 292  # 4,5 = 4.5 stars, rounded half up
    assert any("第 2、42、82、122、162 等 8 行" in w for w in result.warnings)


def test_csv_with_twenty_thousand_columns_is_refused_in_well_under_a_second(tmp_path):
    path = tmp_path / "wide.csv"
    header = ",".join(f"c{i}" for i in range(20_000))
    path.write_text(header + "\n" + ",".join("x" * 20_000) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputFileError) as error:
        read_file(path)
    assert time.perf_counter() - started < 1.0
    message = str(error.value)
    assert "20,000 列" in message and "wide.csv" in message and len(message) < 400


JD_JSON = {
    "comments": [
        {
            "id": 1, "content": "手机很流畅，电池也耐用", "creationTime": "2024-03-01 10:00:00",
            "score": 5, "nickname": "j***k", "referenceName": "小米14 徕卡光学",
            "referenceTime": "2024-02-25 09:00:00", "productColor": "黑色",
            "productSize": "12GB+256GB", "replyCount": 1, "usefulVoteCount": 3,
            "afterUserComment": {"content": "用了一个月还是很好", "created": "2024-04-01 08:00:00"},
            "replies": [{"content": "感谢您的支持", "creationTime": "2024-03-02"}],
        },
        {
            "id": 2, "content": "发热有点严重", "creationTime": "2024-03-03 11:00:00", "score": 3,
            "nickname": "m***3", "referenceName": "小米14 徕卡光学",
            "referenceTime": "2024-02-28 09:00:00", "productColor": "白色",
            "productSize": "16GB+512GB", "replyCount": 0, "usefulVoteCount": 0,
            "afterUserComment": "后来更新系统好了", "replies": [],
        },
    ]
}  # fmt: skip


def test_jd_json_maps_product_sku_followup_user_and_reply(tmp_path):
    path = tmp_path / "jd.json"
    path.write_text(json.dumps(JD_JSON, ensure_ascii=False), encoding="utf-8")
    ledger = build_import([read_file(path)]).ledger
    assert ledger["product"].tolist() == ["小米14 徕卡光学"] * 2
    assert ledger["sku"].tolist() == ["黑色 12GB+256GB", "白色 16GB+512GB"]
    assert ledger["followup_text"].tolist() == ["用了一个月还是很好", "后来更新系统好了"]
    assert str(ledger["followup_date"].iloc[0]) == "2024-04-01 08:00:00"
    assert ledger["user"].tolist() == ["j***k", "m***3"]
    assert ledger["reply"].tolist() == ["感谢您的支持", ""]
    assert str(ledger["purchase_date"].iloc[0]) == "2024-02-25 09:00:00"
    assert ledger["helpful"].tolist() == [3, 0]


def test_html_entities_are_decoded_in_review_text_but_plain_ampersands_stay(tmp_path):
    lines = [
        "评价内容,评分,商家回复",
        "a&apos;11芯片很快,5,谢谢&hellip;",
        "好用&amp;便宜&nbsp;推荐,5,",
        "AT&T 版本也能用 &abc 没问题,4,",
        "表情&#128512;&#x1F600;,5,",
    ]
    result = build_import([read_file(_csv(tmp_path / "entities.csv", lines))])
    assert result.ledger["text"].tolist() == [
        "a'11芯片很快",
        "好用&便宜 推荐",
        "AT&T 版本也能用 &abc 没问题",
        "表情😀😀",
    ]
    assert result.ledger["reply"].tolist()[0] == "谢谢…"
