"""Fast path for the report's large sheets (all reviews, dropped rows).

openpyxl writes each large sheet as a small placeholder: header, widths, frozen header,
autofilter and a few sample rows that carry the cell styles. After openpyxl has saved the
workbook, :func:`splice` copies the package and streams the real rows into those sheets as XML
built column-wise with pandas (inline strings: text can never become a formula; text starting
with ``= + - @`` also gets a quote-prefix style, so editing it in Excel keeps it text; longer
text than a cell holds is cut with a marker). This is about 5× faster than openpyxl's
write-only mode and keeps memory flat.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from xml.etree import ElementTree

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from app.io.readers.cells import formula_positions
from app.io.report.style import (
    HEADER,
    ILLEGAL_XML_PATTERN,
    LINE_HEIGHT,
    MAX_CELL_CHARS,
    MAX_WRAPPED_LINES,
    apply,
    fit_cell,
    font,
    print_setup,
    put,
    wrapped_lines,
)

MAX_DATA_ROWS = 1_048_575  # an xlsx sheet holds 1,048,576 rows, one is the header
CHUNK = 20_000
QUOTED = "\x00quoted"  # the style variant of text cells that start with = + - @ (never a value)
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


@dataclass
class BigColumn:
    """One column: its values (positional), how they are written and styled."""

    title: str
    values: pd.Series
    kind: str = "text"  # text | int | date
    width: float = 12
    wrap: bool = False
    fmt: str | None = None
    colours: dict[str, str] = field(default_factory=dict)  # cell value -> font colour


@dataclass
class BigTable:
    name: str
    columns: list[BigColumn]

    @property
    def n_rows(self) -> int:
        return len(self.columns[0].values) if self.columns else 0


@dataclass
class Part:
    """Rows ``start:stop`` of ``table`` go into the sheet titled ``title``."""

    table: BigTable
    title: str
    start: int
    stop: int
    styles: dict[tuple[int, str], int] = field(default_factory=dict)  # (col, variant) -> xf id


def add_placeholders(wb: Workbook, table: BigTable, max_rows: int = MAX_DATA_ROWS) -> list[Part]:
    """Create the sheet(s) for ``table`` (split every ``max_rows`` rows) with styled samples."""
    parts = []
    n_parts = max(1, -(-table.n_rows // max_rows))
    for number in range(n_parts):
        title = table.name if number == 0 else f"{table.name} {number + 1}"
        start, stop = number * max_rows, min(table.n_rows, (number + 1) * max_rows)
        ws = wb.create_sheet(title)
        for col, column in enumerate(table.columns, start=1):
            put(ws, 1, col, column.title, HEADER)
            ws.column_dimensions[get_column_letter(col)].width = column.width
            for row, variant in enumerate(_variants(column), start=2):
                colour = column.colours.get(variant, "1F2D3D")
                sample = "x" if column.kind == "text" else 0
                cell = put(ws, row, col, sample)
                apply(cell, font=font(10, color=colour), fmt=column.fmt, wrap=column.wrap)
                cell.quotePrefix = variant == QUOTED
        header_lines = max((wrapped_lines(c.title, c.width) for c in table.columns), default=1)
        ws.row_dimensions[1].height = max(30.0, LINE_HEIGHT * header_lines + 3)
        ws.freeze_panes = "A2"
        print_setup(ws, title_rows="1:1")  # one page wide, the header on every printed page
        last = get_column_letter(len(table.columns))
        ws.auto_filter.ref = f"A1:{last}{stop - start + 1}"
        parts.append(Part(table, title, start, stop))
    return parts


def _variants(column: BigColumn) -> list[str]:
    return ["", *column.colours, *([QUOTED] if column.kind == "text" else [])]


def _fit_cells(values: list[str]) -> list[str]:
    """``values`` with texts longer than a cell holds cut (:func:`fit_cell`)."""
    if max(map(len, values), default=0) <= MAX_CELL_CHARS // 2:
        return values
    return [fit_cell(v) for v in values]


def splice(
    workbook: bytes,
    out: str,
    parts: list[Part],
    *,
    progress: Callable[[float], None] = lambda fraction: None,
    check: Callable[[], None] = lambda: None,
    compresslevel: int = 1,
) -> None:
    """Copy the openpyxl package ``workbook`` to ``out``, streaming the rows of ``parts``."""
    total = sum(p.stop - p.start for p in parts) or 1
    done = 0
    with zipfile.ZipFile(io.BytesIO(workbook)) as zin:
        paths = _sheet_paths(zin)
        by_path = {paths[p.title]: p for p in parts}
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zout:
            for info in zin.infolist():
                part = by_path.get(info.filename)
                if part is None:
                    zout.writestr(info, zin.read(info))
                    continue
                head, header_row, tail = _split_placeholder(zin.read(info).decode("utf-8"), part)
                big = (part.stop - part.start) > 400_000
                with zout.open(info.filename, "w", force_zip64=big) as stream:
                    writer = _BackgroundWriter(stream)
                    try:
                        writer.write((head + header_row).encode("utf-8"))
                        for start in range(part.start, part.stop, CHUNK):
                            check()
                            stop = min(part.stop, start + CHUNK)
                            writer.write(_rows_xml(part, start, stop).encode("utf-8"))
                            done += stop - start
                            progress(done / total)
                        writer.write(tail.encode("utf-8"))
                    except BaseException:
                        writer.close(raise_error=False)  # the first error is the one to show
                        raise
                    writer.close()


class _BackgroundWriter:
    """Writes chunks to ``stream`` in a thread while the caller builds the next ones.

    Writing a zip entry is mostly zlib compression, which runs without the GIL, so it overlaps
    with building the XML. At most two chunks wait. ``close`` waits for the last write and
    raises the first write error (``raise_error=False`` when another error is on its way).
    """

    def __init__(self, stream: io.BufferedIOBase) -> None:
        self._stream = stream
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="xlsx-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:  # after an error, keep draining so write() never blocks
                try:
                    self._stream.write(data)
                except BaseException as error:
                    self._error = error

    def write(self, data: bytes) -> None:
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def close(self, raise_error: bool = True) -> None:
        self._queue.put(None)
        self._thread.join()
        if self._error is not None and raise_error:
            raise self._error


def _sheet_paths(zin: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> path of its XML inside the package."""
    book = ElementTree.fromstring(zin.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zin.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _NS)}
    paths = {}
    for sheet in book.iterfind("m:sheets/m:sheet", _NS):
        target = targets[sheet.get(f"{{{_NS['r']}}}id")]
        paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return paths


_CELL = re.compile(r"<c\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _split_placeholder(xml: str, part: Part) -> tuple[str, str, str]:
    """(text up to ``<sheetData>``, the header row, text from ``</sheetData>``); learn styles."""
    start = xml.index("<sheetData")
    open_end = xml.index(">", start) + 1
    end = xml.index("</sheetData>", open_end)
    data = xml[open_end:end]
    for match in _CELL.finditer(data):
        attrs = dict(_ATTR.findall(match.group(1)))
        ref = re.fullmatch(r"([A-Z]+)(\d+)", attrs.get("r", ""))
        if not ref or int(ref.group(2)) < 2:
            continue
        col = _col_index(ref.group(1))
        variants = _variants(part.table.columns[col - 1])
        index = int(ref.group(2)) - 2
        if index < len(variants):
            part.styles[(col, variants[index])] = int(attrs.get("s", "0"))
    header = re.search(r"<row\b[^>]*\br=\"1\".*?</row>", data, re.S)
    last = f"{get_column_letter(len(part.table.columns))}{part.stop - part.start + 1}"
    head = re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="A1:{last}"', xml[:open_end])
    return head, header.group(0) if header else "", xml[end:]


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


_ILLEGAL_BUT_NUL = re.compile(ILLEGAL_XML_PATTERN.replace("\\x00", "\\x01"))
_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def escape_all(values: list[str]) -> list[str]:
    """XML-escaped texts without the characters XML forbids; one C-speed pass over all of them."""
    joined = "\x00".join(values)
    if joined.count("\x00") != len(values) - 1:  # a value holds NUL itself: go one by one
        return [_escape_one(v) for v in values]
    for old, new in _XML_ESCAPES:
        if old in joined:
            joined = joined.replace(old, new)
    if _ILLEGAL_BUT_NUL.search(joined):
        joined = _ILLEGAL_BUT_NUL.sub("", joined)
    return joined.split("\x00") if values else []


def _escape_one(value: str) -> str:
    value = re.sub(ILLEGAL_XML_PATTERN, "", value)
    for old, new in _XML_ESCAPES:
        value = value.replace(old, new)
    return value


def _rows_xml(part: Part, start: int, stop: int) -> str:
    """The ``<row>`` elements of rows ``start:stop`` (sheet rows start at 2)."""
    first = start - part.start + 2
    numbers = [str(r) for r in range(first, first + stop - start)]
    columns: list[list[str]] = []
    lines = np.ones(stop - start)
    for col, column in enumerate(part.table.columns, start=1):
        values = column.values.iloc[start:stop]
        letter = get_column_letter(col)
        style = part.styles.get((col, ""), 0)
        if column.kind == "text":
            raw = _fit_cells(values.tolist())
            text = escape_all(raw)
            head = f'<c r="{letter}'
            risky = formula_positions(raw)
            if column.colours or risky:
                by_value = {v: part.styles.get((col, v), style) for v in column.colours}
                styles = [by_value.get(v, style) for v in raw]
                quoted = part.styles.get((col, QUOTED), style)
                for i in risky:
                    styles[i] = quoted
                cells = [
                    f'{head}{r}" s="{s}" t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>'
                    if t
                    else ""
                    for r, s, t in zip(numbers, styles, text, strict=True)
                ]
            else:  # one style: bake it into the template
                mid = f'" s="{style}" t="inlineStr"><is><t xml:space="preserve">'
                cells = [
                    f"{head}{r}{mid}{t}</t></is></c>" if t else ""
                    for r, t in zip(numbers, text, strict=True)
                ]
            columns.append(cells)
            if column.wrap:
                width = np.array([len(v) + len(v.encode("utf-8")) for v in raw], dtype=float) / 2
                breaks = np.array([v.count("\n") for v in raw], dtype=float)
                lines = np.maximum(lines, np.ceil(width / max(1.0, column.width - 1)) + breaks)
        else:
            if column.kind == "date":
                dates = pd.to_datetime(values, errors="coerce")
                numeric = (dates - EXCEL_EPOCH) / pd.Timedelta(days=1)
            else:
                numeric = pd.to_numeric(values, errors="coerce")
            present = numeric.notna().tolist()
            shown = numeric.fillna(0).to_numpy()
            if column.kind == "int":  # Python's str/repr: the shortest exact text, as numpy's
                texts = list(map(str, shown.astype("int64").tolist()))
            else:
                texts = list(map(repr, shown.astype(float).tolist()))
            head, mid = f'<c r="{letter}', f'" s="{style}"><v>'
            columns.append(
                [
                    f"{head}{r}{mid}{t}</v></c>" if p else ""
                    for r, t, p in zip(numbers, texts, present, strict=True)
                ]
            )
    heights = np.clip(lines, 1, MAX_WRAPPED_LINES) * LINE_HEIGHT + 3
    opens = [
        f'<row r="{r}" ht="{h:g}" customHeight="1">' if h > LINE_HEIGHT + 3 else f'<row r="{r}">'
        for r, h in zip(numbers, heights.tolist(), strict=True)
    ]
    closes = ["</row>"] * len(opens)
    return "".join(chain.from_iterable(zip(opens, *columns, closes, strict=True)))
