"""Excel workbooks (.xlsx/.xlsm/.xlsb/.ods and BIFF .xls) through calamine; xlrd as .xls backup.

The sheet holding the reviews is the one whose best header row scores highest; each sheet's
first rows are enough to judge, so only the chosen sheet is converted to Python objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice
from pathlib import Path

import pandas as pd
import python_calamine as calamine

from app.core.errors import InputFileError
from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn
from app.io.readers import messages
from app.io.readers.cells import Cell, to_text
from app.io.readers.header import (
    MAX_COLUMNS,
    SCAN_ROWS,
    Candidate,
    Layout,
    build_table,
    choose,
    detect_layout,
)
from app.io.readers.sparse_sheet import SparseSheet, find_oversized, read_sparse, sparse_parts

_CALAMINE_ERRORS = (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError)


class _Unreadable(Exception):
    """calamine could not parse the file (the .xls backup reader may still)."""


def _open(path: Path) -> calamine.CalamineWorkbook:
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except calamine.PasswordError:
        raise messages.encrypted(path) from None
    except PermissionError:
        raise messages.locked(path) from None
    except _CALAMINE_ERRORS as error:
        raise _Unreadable() from error


def _worksheets(book: calamine.CalamineWorkbook) -> list[tuple[str, bool]]:
    """(name, visible) of every worksheet (chart sheets have no cells)."""
    result = []
    for meta in book.sheets_metadata:
        if meta.typ == calamine.SheetTypeEnum.WorkSheet:
            result.append((meta.name, meta.visible == calamine.SheetVisibleEnum.Visible))
    return result


def sheet_names(path: Path) -> list[str]:
    """Worksheet names in workbook order."""
    book = _open(path)
    try:
        return [name for name, _visible in _worksheets(book)]
    finally:
        book.close()


def _text_rows(rows: Sequence[Sequence[object]]) -> list[list[Cell]]:
    return [[to_text(c) for c in row] for row in rows]


def _score(sheet: calamine.CalamineSheet) -> tuple[float, int]:
    if sheet.start is None:
        return -1.0, 0
    top = _text_rows(list(islice(sheet.iter_rows(), sheet.start[0], sheet.start[0] + SCAN_ROWS)))
    return detect_layout(top, sheet.width).score, sheet.height


def read_workbook(
    path: Path,
    kind: str,
    sheet: str | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> tuple[pd.DataFrame, list[int], Layout, str, list[str]]:
    """Frame, Excel row numbers, layout, chosen sheet and all sheet names of a workbook.

    Notes for the import summary (pairs of Chinese and English sentences) are in
    ``frame.attrs["reader_notes"]``.
    """
    sparse = find_oversized(path) if kind == "xlsx" else {}
    try:
        rows, first_row, sheet, names = _calamine_rows(path, sheet, sparse, progress, cancel)
    except _Unreadable:
        if kind != "xls":
            raise messages.corrupt_workbook(path) from None
        rows, first_row, sheet, names = _xlrd_rows(path, sheet)
    if not rows:
        raise messages.empty_sheet(path, sheet)
    width = max(map(len, rows), default=0)
    if width > MAX_COLUMNS:
        raise messages.too_many_columns(path, width, sheet)
    frame, source_rows, layout = build_table(path, rows, first_row, sheet, progress, cancel)
    if sheet in sparse:
        read = sparse[sheet]
        assert read is not None
        source_rows = [read.numbers[n - 1] for n in source_rows]
        frame.columns = [
            f"列{read.columns[i]}" if name == f"列{i + 1}" else name
            for i, name in enumerate(frame.columns)
        ]
        frame.attrs["reader_notes"] = read.notes
    return frame, source_rows, layout, sheet, names


def _calamine_rows(
    path: Path,
    sheet: str | None,
    sparse: dict[str, SparseSheet | None],
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> tuple[list[list[object]], int, str, list[str]]:
    """Raw rows of the chosen sheet, the Excel row number of the first, the sheet, all sheets.

    Sheets in ``sparse`` are read cell by cell (their entry is filled in), never by calamine.
    """
    if sparse:
        parts = sparse_parts(path)
    book = _open(path)
    try:
        sheets = _worksheets(book)
        names = [name for name, _visible in sheets]
        if not names:
            raise messages.no_sheets(path)
        if sheet is not None and sheet not in names:
            raise messages.unknown_sheet(path, sheet, names)
        progress(0.05, tr("正在打开工作簿…", "Opening the workbook…"))
        if sheet is None and len(names) == 1:
            sheet = names[0]
        if sheet is None:
            candidates, loaded, read = [], {}, {}
            for name, visible in sheets:
                if cancel is not None:
                    cancel.check()
                if name in sparse:
                    read[name] = read_sparse(path, parts[name], name, sparse)
                    top = _text_rows(read[name][:SCAN_ROWS])
                    score = detect_layout(top, max(map(len, top), default=0)).score
                    candidates.append(Candidate(name, score, len(read[name]), visible))
                    continue
                loaded[name] = book.get_sheet_by_name(name)  # parsed once, reused below
                score, height = _score(loaded[name])
                candidates.append(Candidate(name, score, height, visible))
            sheet = choose(candidates).name
            if sheet in read:
                return read[sheet], 1, sheet, names
            chosen = loaded[sheet]
            loaded.clear()
        elif sheet in sparse:
            return read_sparse(path, parts[sheet], sheet, sparse), 1, sheet, names
        else:
            chosen = book.get_sheet_by_name(sheet)
        progress(0.2, tr("正在读取工作表…", "Reading the sheet…"))
        if chosen.start is None:
            return [], 1, sheet, names
        return chosen.to_python(), chosen.start[0] + 1, sheet, names
    except _CALAMINE_ERRORS as error:
        raise _Unreadable() from error
    finally:
        book.close()


def _xlrd_rows(path: Path, sheet: str | None) -> tuple[list[list[object]], int, str, list[str]]:
    """Backup reader for .xls files calamine cannot open (same result as ``_calamine_rows``)."""
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except xlrd.XLRDError as error:
        if "encrypt" in str(error).lower():
            raise messages.encrypted(path) from None
        raise messages.corrupt_workbook(path) from None
    except Exception:  # xlrd raises many kinds of errors on damaged files
        raise messages.corrupt_workbook(path) from None
    try:
        names = book.sheet_names()
        if sheet is not None and sheet not in names:
            raise messages.unknown_sheet(path, sheet, names)
        candidates = []
        for name in names if sheet is None else [sheet]:
            ws = book.sheet_by_name(name)
            top = [_xlrd_row(book, ws, r) for r in range(min(ws.nrows, SCAN_ROWS))]
            score = detect_layout(_text_rows(top), ws.ncols).score
            candidates.append(Candidate(name, score, ws.nrows))
        if not candidates:
            raise messages.no_sheets(path)
        sheet = choose(candidates).name
        ws = book.sheet_by_name(sheet)
        return [_xlrd_row(book, ws, r) for r in range(ws.nrows)], 1, sheet, names
    except InputFileError:
        raise
    except Exception:
        raise messages.corrupt_workbook(path) from None
    finally:
        book.release_resources()


def _xlrd_row(book: object, ws: object, index: int) -> list[object]:
    import xlrd

    values: list[object] = []
    for cell in ws.row(index):  # type: ignore[attr-defined]
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                values.append(xlrd.xldate_as_datetime(cell.value, book.datemode))  # type: ignore[attr-defined]
            except (ValueError, OverflowError):
                values.append(cell.value)
        elif cell.ctype == xlrd.XL_CELL_ERROR:
            values.append(xlrd.error_text_from_code.get(cell.value, "#ERR"))
        elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
            values.append(bool(cell.value))
        else:
            values.append(cell.value)
    return values
