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
from app.io.readers import read_file

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
    book.save(path)
    return path


_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from app.core.ingest.ledger import build_import
    from app.io.readers import read_file
    started = time.perf_counter()
    result = build_import([read_file(sys.argv[1])])
    kept = result.kept
    print(json.dumps({
        "seconds": time.perf_counter() - started,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
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
    assert out["seconds"] < 20 and out["peak_mb"] < 300
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
