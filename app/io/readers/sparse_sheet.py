"""Worksheets read cell by cell from the xlsx XML, for sheets whose used range is far larger
than the cells present.

calamine allocates a sheet's whole used range (rows × columns from the first to the last cell
present): one stray cell at XFD1048576 asks for 512 GB and aborts the process. Each sheet's cell
references are scanned first (streamed, nothing allocated per cell); a range far larger than the
cells present is read here instead, cell by cell.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from app.io.readers import messages
from app.io.readers.header import MAX_COLUMNS

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


@dataclass
class SparseSheet:
    numbers: list[int]  # Excel row number of each row read
    columns: list[int]  # Excel column number of each column read
    notes: list[tuple[str, str]]


def find_oversized(path: Path) -> dict[str, SparseSheet | None]:
    """Sheets to read cell by cell (filled in when read); ``{}`` when the scan cannot tell."""
    try:
        return dict.fromkeys(oversized_sheets(path))
    except (zipfile.BadZipFile, OSError, ET.ParseError, ValueError, KeyError, EOFError):
        return {}  # calamine will judge (and explain) the damage


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


def sparse_parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return _sheet_parts(archive)


def read_sparse(
    path: Path, part: str, sheet: str, sparse: dict[str, SparseSheet | None]
) -> list[list[object]]:
    """Rows of a sheet read cell by cell; its row/column numbers are kept in ``sparse``."""
    rows, numbers, columns, notes = sparse_rows(path, part, sheet)
    sparse[sheet] = SparseSheet(numbers, columns, notes)
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
