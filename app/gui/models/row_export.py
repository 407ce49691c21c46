"""Write the browser's filtered rows: CSV (UTF-8 with BOM, via ``write_csv``) or an xlsx sheet.

No Qt here: these run in a worker. The xlsx is streamed with openpyxl's write-only mode into a
temporary file beside the target and renamed, so a failure never leaves half a workbook; text
that looks like a formula (``= + - @``) is stored as plain text with a quote prefix, and CSV
cells get a leading ``'`` (see :func:`app.io.csv_export.csv_safe`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.core.errors import OutputError
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.io.atomic import atomic_path, check_target
from app.io.csv_export import write_csv

XLSX_MAX_ROWS = 1_048_575  # one header row + this many rows fill a sheet


def export_rows(
    frame: pd.DataFrame,
    path: str | Path,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Write ``frame`` to ``path``; the suffix (.csv or .xlsx) picks the format."""
    target = Path(path)
    progress(0.0, "")
    if target.suffix.lower() == ".xlsx":
        written = write_xlsx(frame, target, progress, cancel or CancelToken())
    else:
        written = write_csv(frame, target)
    progress(1.0, "")
    return written


def write_xlsx(
    frame: pd.DataFrame, target: Path, progress: ProgressFn, cancel: CancelToken
) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from app.io.report.style import RISKY_START, clean_text  # loads openpyxl

    if len(frame) > XLSX_MAX_ROWS:
        raise OutputError(
            f"Excel 一张表最多放 {XLSX_MAX_ROWS:,} 行，这次有 {len(frame):,} 行。请缩小筛选范围，或导出为 CSV。",
            f"An Excel sheet holds at most {XLSX_MAX_ROWS:,} rows; these are {len(frame):,}. "
            "Narrow the filter or export as CSV.",
        )
    check_target(target, "评论.xlsx")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    bold = Font(bold=True)
    header = []
    for title in frame.columns:
        cell = WriteOnlyCell(sheet, value=str(title))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    step = max(1, len(frame) // 50)
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        values = []
        for value in row:
            if isinstance(value, str):
                text = clean_text(value)
                if text.startswith(RISKY_START):
                    cell = WriteOnlyCell(sheet, value=text)
                    cell.data_type = "s"
                    cell.quotePrefix = True  # stays text when edited in Excel
                    values.append(cell)
                else:
                    values.append(text)
            else:
                values.append(None if pd.isna(value) else value)
        sheet.append(values)
        if i % step == 0:
            cancel.check()
            progress(0.9 * i / max(1, len(frame)), "")
    with atomic_path(target, ".xlsx") as tmp:
        book.save(tmp)
    return target
