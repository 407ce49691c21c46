"""Excel workbooks (.xlsx/.xlsm/.xlsb/.ods and BIFF .xls) through calamine; xlrd as .xls backup.

The sheet holding the reviews is the one whose best header row scores highest; each sheet's
first rows are enough to judge, so only the chosen sheet is converted to Python objects.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import pandas as pd
import python_calamine as calamine

from app.core.errors import InputFileError
from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn
from app.io import messages
from app.io.cells import Cell, to_text
from app.io.header import (
    MAX_COLUMNS,
    SCAN_ROWS,
    Candidate,
    Layout,
    build_table,
    choose,
    detect_layout,
)

_CALAMINE_ERRORS = (calamine.CalamineError, calamine.ZipError, calamine.XmlError, ValueError)
MAX_BLANK_RUN = 1000  # more empty rows than this in a row, in a cell-by-cell read: skipped
SPARSE_MIN_CELLS = 2_000_000  # a used range up to this many cells is always safe to allocate
SPARSE_BYTES_PER_CELL = 2  # … above it, a range with less XML than this per cell is read cell by
# cell (a real cell takes 10+ bytes of XML, so only ranges mostly empty are)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_WIDE_REF = re.compile(rb' r="([A-Z]{2,3})[0-9]')
_LAST_REF = re.compile(rb'([A-Z]{0,3})([0-9]{1,7})"')
_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")
_DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_DATE_CODE = re.compile(r"[dmyhs]", re.I)


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
    sparse = _oversized(path) if kind == "xlsx" else {}
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


@dataclass
class _SparseSheet:
    numbers: list[int]  # Excel row number of each row read
    columns: list[int]  # Excel column number of each column read
    notes: list[tuple[str, str]]


def _oversized(path: Path) -> dict[str, _SparseSheet | None]:
    """Sheets to read cell by cell (filled in when read); ``{}`` when the scan cannot tell."""
    try:
        return dict.fromkeys(oversized_sheets(path))
    except (zipfile.BadZipFile, OSError, ET.ParseError, ValueError, KeyError, EOFError):
        return {}  # calamine will judge (and explain) the damage


def _calamine_rows(
    path: Path,
    sheet: str | None,
    sparse: dict[str, _SparseSheet | None],
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> tuple[list[list[object]], int, str, list[str]]:
    """Raw rows of the chosen sheet, the Excel row number of the first, the sheet, all sheets.

    Sheets in ``sparse`` are read cell by cell (their entry is filled in), never by calamine.
    """
    if sparse:
        parts = _sparse_parts(path)
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
                    read[name] = _read_sparse(path, parts[name], name, sparse)
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
            return _read_sparse(path, parts[sheet], sheet, sparse), 1, sheet, names
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


# ---------------------------------------------------------------- sparse xlsx sheets
# calamine allocates a sheet's whole used range (rows × columns from the first to the last cell
# present): one stray cell at XFD1048576 asks for 512 GB and aborts the process. Each sheet's
# cell references are scanned first (streamed, nothing allocated per cell); a range far larger
# than the cells present is read cell by cell instead.


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → zip member holding its XML (``{}`` when the workbook is not standard)."""
    try:
        with archive.open("xl/_rels/workbook.xml.rels") as handle:
            targets = {el.get("Id"): el.get("Target") or "" for el in ET.parse(handle).getroot()}
        with archive.open("xl/workbook.xml") as handle:
            sheets = list(ET.parse(handle).getroot().iter(f"{_MAIN}sheet"))
    except (KeyError, ET.ParseError):
        return {}
    parts: dict[str, str] = {}
    for sheet in sheets:
        target = targets.get(sheet.get(f"{_REL}id"), "")
        if target:
            path = target[1:] if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name") or ""] = str(PurePosixPath(*PurePosixPath(path).parts))
    return {name: part for name, part in parts.items() if part in archive.NameToInfo}


def _extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int, int]:
    """(last row, last column, bytes of XML) of a sheet, from one streamed pass over its XML.

    Rows are written in order, so the last reference of each block has the block's highest
    row; only references with two- or three-letter columns (rare) are collected one by one.
    """
    rows, size, tail = 0, 0, b""
    wide: set[bytes] = set()
    with archive.open(part) as handle:
        while chunk := handle.read(1 << 22):
            size += len(chunk)
            data = tail + chunk
            cut = data.rfind(b"<")  # an element may be cut in two: keep it for the next round
            block, tail = data[:cut], data[cut:]
            wide.update(_WIDE_REF.findall(block))
            last = block.rfind(b' r="')
            if last >= 0 and (found := _LAST_REF.match(block, last + 4)):
                rows = max(rows, int(found.group(2)))
                wide.add(found.group(1))
    columns = max((_column_number(c.decode()) for c in wide if c), default=0)
    return rows, max(columns, 26 if rows else 0), size


def _sparse(rows: int, columns: int, size: int) -> bool:
    """A used range that calamine would allocate in full although the XML holds few cells."""
    area = rows * columns
    return area > SPARSE_MIN_CELLS and area > size // SPARSE_BYTES_PER_CELL


def oversized_sheets(path: Path) -> dict[str, str]:
    """Sheets of an xlsx whose used range is huge next to the cells present → their XML part."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            if _sparse(*_extent(archive, part)):
                found[name] = part
    return found


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.NameToInfo:
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as handle:
        for _event, element in ET.iterparse(handle):
            if element.tag == f"{_MAIN}si":
                strings.append(_inline_text(element))
                element.clear()
    return strings


def _inline_text(element: ET.Element) -> str:
    """Text of a string item (its runs joined), without phonetic (rPh) runs."""
    parts: list[str] = []
    for child in element:
        if child.tag == f"{_MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{_MAIN}r":
            parts.extend(t.text or "" for t in child.iter(f"{_MAIN}t"))
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.NameToInfo:
        return set()
    with archive.open("xl/styles.xml") as handle:
        root = ET.parse(handle).getroot()
    custom = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")
    }
    dated: set[int] = set()
    xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        number = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", custom.get(number, ""))
        if number in _DATE_FORMAT_IDS or (number in custom and _DATE_CODE.search(code)):
            dated.add(index)
    return dated


def _cell_value(
    cell: ET.Element, strings: list[str], dates: set[int], epoch: dt.datetime
) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        found = cell.find(f"{_MAIN}is")
        return _inline_text(found) if found is not None else None
    value = cell.findtext(f"{_MAIN}v")
    if value is None or value == "":
        return None
    if kind == "s":
        index = int(value)
        return strings[index] if 0 <= index < len(strings) else None
    if kind == "b":
        return value == "1"
    if kind in ("str", "e", "d"):
        return value
    try:
        number = float(value)
    except ValueError:
        return value
    if int(cell.get("s", "0") or 0) in dates and 0 <= number < 2_958_466:
        return epoch + dt.timedelta(days=number)
    return number


def _iter_cells(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[int, int, object]]:
    """(row, column, value) of every cell holding a value, 1-based, streamed."""
    strings = _shared_strings(archive)
    dates = _date_styles(archive)
    with archive.open("xl/workbook.xml") as handle:
        pr = ET.parse(handle).getroot().find(f"{_MAIN}workbookPr")
    in_1904 = pr is not None and pr.get("date1904", "0") in ("1", "true")
    epoch = dt.datetime(1904, 1, 1) if in_1904 else dt.datetime(1899, 12, 30)
    row = column = 0
    with archive.open(part) as handle:
        for event, element in ET.iterparse(handle, events=("start", "end")):
            if element.tag == f"{_MAIN}row":
                if event == "start":
                    ref = element.get("r")
                    row = int(ref) if ref and ref.isdigit() else row + 1
                    column = 0
                else:
                    element.clear()
            elif element.tag == f"{_MAIN}c" and event == "end":
                ref = _REF.match(element.get("r") or "")
                column = _column_number(ref.group(1)) if ref else column + 1
                value = _cell_value(element, strings, dates, epoch)
                if value is not None and value != "":
                    yield row, column, value
                element.clear()


def _sparse_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return _sheet_parts(archive)


def _read_sparse(
    path: Path, part: str, sheet: str, sparse: dict[str, _SparseSheet | None]
) -> list[list[object]]:
    """Rows of a sheet read cell by cell; its row/column numbers are kept in ``sparse``."""
    rows, numbers, columns, notes = sparse_rows(path, part, sheet)
    sparse[sheet] = _SparseSheet(numbers, columns, notes)
    return rows


def sparse_rows(
    path: Path, part: str, sheet: str
) -> tuple[list[list[object]], list[int], list[int], list[tuple[str, str]]]:
    """Rows, Excel row numbers, column numbers and notes of a sheet read cell by cell (only cells present), with their Excel row numbers.

    Columns that hold nothing are left out (header names keep their column letter), runs of
    more than ``MAX_BLANK_RUN`` empty rows are skipped and reported in the returned notes.
    """
    cells: dict[int, dict[int, object]] = {}
    with zipfile.ZipFile(path) as archive:
        for row, column, value in _iter_cells(archive, part):
            cells.setdefault(row, {})[column] = value
    used = sorted({c for row in cells.values() for c in row})
    if len(used) > MAX_COLUMNS:
        raise messages.too_many_columns(path, len(used), sheet)
    position = {c: i for i, c in enumerate(used)}
    rows: list[list[object]] = []
    numbers: list[int] = []
    notes: list[tuple[str, str]] = []
    previous = 0
    for number in sorted(cells):
        gap = number - previous - 1
        if previous and gap > MAX_BLANK_RUN:
            notes.append(messages.blank_rows_skipped(sheet, previous + 1, number - 1))
        elif previous:
            rows.extend([None] * len(used) for _ in range(gap))
            numbers.extend(range(previous + 1, number))
        values: list[object] = [None] * len(used)
        for column, value in cells[number].items():
            values[position[column]] = value
        rows.append(values)
        numbers.append(number)
        previous = number
    return rows, numbers, used, notes
