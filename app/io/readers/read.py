"""Public entry points: any export file on disk → :class:`RawTable`, or a clear InputFileError.

The format is judged by content (see :mod:`app.io.readers.sniff`), so a ``.xls`` that is really an HTML
table or CSV text, or a ``.csv`` that is really a workbook, is read as what it is. Every cell
comes back as text exactly as exported; rows keep their numbers as the user sees them.
Completely blank rows at the very end of a file are not data and are left out; every other
row, blank or repeated header included, stays in ``frame`` for the ingest stage to judge.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from app.core.errors import InputFileError
from app.core.i18n import tr
from app.core.ingest.raw_table import RawTable
from app.core.progress import Cancelled, CancelToken, ProgressFn, no_progress, sub_progress
from app.io.readers import encoding as encodings
from app.io.readers import messages
from app.io.readers.header import SCAN_ROWS, Candidate, build_table, choose, detect_layout
from app.io.readers.htmltable import html_encoding, read_tables
from app.io.readers.jsonfile import read_json
from app.io.readers.sniff import SUPPORTED_EXTENSIONS, Sniffed, repair, sniff

__all__ = ["SUPPORTED_EXTENSIONS", "list_sheets", "read_file"]

WORKBOOK_KINDS = ("xlsx", "xlsb", "ods", "xls")


def read_file(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> RawTable:
    """Read one export file. ``sheet`` picks a worksheet, ``encoding`` overrides detection.

    Raises :class:`InputFileError` (readable, zh/en) for every bad input and
    :class:`Cancelled` when ``cancel`` was triggered; never returns a partial table.
    """
    path = Path(path)
    with _explained(path):
        forced = encodings.from_name(encoding) if encoding else None
        progress(0.0, tr("正在识别文件格式…", "Detecting the file format…"))
        sniffed = sniff(_existing(path), forced)
        if cancel is not None:
            cancel.check()
        table = _read(path, sniffed, sheet, forced, sub_progress(progress, 0.02, 0.98), cancel)
        progress(1.0, tr("读取完成", "File read"))
        return table


def list_sheets(path: str | Path) -> list[str]:
    """Worksheet names of a workbook, for the sheet picker; ``[]`` for other files."""
    path = Path(path)
    with _explained(path):
        kind = sniff(_existing(path)).kind
        if kind in WORKBOOK_KINDS:
            from app.io.readers.workbook import sheet_names

            return sheet_names(path)
        if kind == "xml2003":
            from app.io.readers.xmlsheet import read_xml_sheets

            return [name for name, _rows in read_xml_sheets(path)]
        return []


class _explained:
    """Turns OS and parser exceptions into InputFileError; lets Cancelled through."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type | None, error: BaseException | None, _tb: object) -> bool:
        if error is None or isinstance(error, InputFileError | Cancelled):
            return False
        if not isinstance(error, Exception):
            return False  # KeyboardInterrupt, SystemExit
        if isinstance(error, FileNotFoundError):
            raise messages.not_found(self.path) from None
        if isinstance(error, IsADirectoryError):
            raise messages.is_directory(self.path) from None
        if isinstance(error, PermissionError):
            raise messages.locked(self.path) from None
        if isinstance(error, MemoryError):
            raise messages.out_of_memory(self.path) from None
        if isinstance(error, OSError):
            raise messages.os_error(self.path, error) from None
        raise messages.cannot_read(self.path, error) from error


def _existing(path: Path) -> Path:
    if path.is_dir():
        raise messages.is_directory(path)
    if not path.exists():
        raise messages.not_found(path)
    return path


def _trim_blank_tail(frame: pd.DataFrame, rows: list[int]) -> tuple[pd.DataFrame, list[int]]:
    if frame.empty:
        return frame, rows
    filled = frame.notna().any(axis=1).to_numpy()
    last = int(filled.nonzero()[0][-1]) + 1 if filled.any() else 0
    return frame.iloc[:last].reset_index(drop=True), rows[:last]


def _read(
    path: Path,
    sniffed: Sniffed,
    sheet: str | None,
    forced: encodings.Detected | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> RawTable:
    kind = sniffed.kind
    source = str(path)
    if kind in WORKBOOK_KINDS:
        from app.io.readers.workbook import read_workbook

        frame, rows, layout, chosen, names = read_workbook(path, kind, sheet, progress, cancel)
        return RawTable(
            source,
            frame,
            rows,
            kind,
            sheet=chosen,
            sheets=names,
            header_row=_header_row(layout, rows),
            title_rows=layout.title_rows,
            warnings=_reader_notes(frame),
        )
    if kind == "xml2003":
        from app.io.readers.xmlsheet import read_xml_sheets

        sheets = read_xml_sheets(path)
        names = [name for name, _rows in sheets]
        chosen, rows_ = _pick(path, sheets, sheet)
        frame, rows, layout = build_table(path, rows_, 1, chosen, progress, cancel)
        return RawTable(
            source,
            frame,
            rows,
            "xml",
            sheet=chosen,
            sheets=names,
            header_row=_header_row(layout, rows),
            title_rows=layout.title_rows,
        )
    if kind == "html":
        data = path.read_bytes()
        found = html_encoding(data, forced)
        if found is None and sniffed.nuls:
            sniffed.warnings.append(messages.nul_removed(data.count(0)))
            data = data.replace(b"\x00", b"")
            found = html_encoding(data, forced)
        if found is None:
            raise messages.garbage(path)
        text = _html_text(path, data, found, forced is not None, sniffed)
        tables = [(f"表格{i}", t) for i, t in enumerate(read_tables(text), 1)]
        if not tables:
            raise messages.garbage(path)
        _name, rows_ = _pick(path, tables, None)
        frame, rows, layout = build_table(path, rows_, 1, None, progress, cancel)
        return RawTable(
            source,
            frame,
            rows,
            "html",
            found.name,
            header_row=_header_row(layout, rows),
            title_rows=layout.title_rows,
            warnings=sniffed.warnings,
        )
    assert sniffed.encoding is not None
    if kind == "json":
        text, found = _decode_all(path, sniffed, forced)
        try:
            frame, rows, file_format = read_json(path, text)
            frame, rows = _trim_blank_tail(frame, rows)
            return RawTable(source, frame, rows, file_format, found.name, warnings=sniffed.warnings)
        except InputFileError:
            if path.suffix.lower() in {".json", ".jsonl"}:
                raise
            # a text table whose first cell starts with "[" or "{": read it as delimited text
    from app.io.readers.delimited import NO_DELIMITER, read_delimited

    frame, rows, layout, found, delimiter = read_delimited(path, sniffed, forced, progress, cancel)
    notes = _reader_notes(frame)
    frame, rows = _trim_blank_tail(frame, rows)
    if frame.empty:
        if layout.header_index is None:
            raise messages.only_blank(path)
        raise messages.header_only(path)
    file_format = "tsv" if delimiter == "\t" else "csv"
    return RawTable(
        source,
        frame,
        rows,
        "txt" if path.suffix.lower() == ".txt" else file_format,
        found.name,
        header_row=_header_row(layout, rows),
        title_rows=layout.title_rows,
        delimiter=None if delimiter == NO_DELIMITER else delimiter,
        warnings=[*sniffed.warnings, *notes],
    )


def _reader_notes(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """What a sheet or text reader noticed (rows skipped, recovered or wider than the header)."""
    return list(frame.attrs.pop("reader_notes", ()))


def _header_row(layout: object, rows: list[int]) -> int | None:
    """1-based row number of the header: the row just before the first data row's block."""
    index = getattr(layout, "header_index", None)
    if index is None or not rows:
        return None
    return rows[0] - 1


def _pick(path: Path, sheets: list[tuple[str, list]], sheet: str | None) -> tuple[str, list]:
    names = [name for name, _rows in sheets]
    if not sheets:
        raise messages.no_sheets(path)
    if sheet is not None:
        if sheet not in names:
            raise messages.unknown_sheet(path, sheet, names)
        return sheet, dict(sheets)[sheet]
    candidates = []
    for name, rows in sheets:
        width = max(map(len, rows[:SCAN_ROWS]), default=0)
        candidates.append(Candidate(name, detect_layout(rows, width).score, len(rows)))
    best = choose(candidates).name
    return best, dict(sheets)[best]


def _html_text(
    path: Path, data: bytes, found: encodings.Detected, forced: bool, sniffed: Sniffed
) -> str:
    """The document as text: a mixed file line by line (with a warning), refused when garbled."""
    if found.other:
        try:
            text, utf8, other = encodings.decode_mixed(data, found.other)
        except UnicodeDecodeError:
            raise messages.garbage(path) from None
        main, minor = found.name.split("+", 1)
        count = other if main == "utf-8" else utf8
        sniffed.warnings.append(messages.mixed_lines(count, minor, main))
        return text
    text = encodings.decode_sample(data, found.codec, True)
    if not forced and found.codec not in encodings.UNICODE_CODECS and encodings.garbled(text):
        raise messages.looks_garbled(path, found.name)
    return text


def _decode_all(
    path: Path, sniffed: Sniffed, forced: encodings.Detected | None
) -> tuple[str, encodings.Detected]:
    """The whole file as text; UTF-8 that breaks after the first megabyte is mended line by line."""
    repair(path, sniffed)
    assert sniffed.encoding is not None
    if sniffed.data is not None:
        data = sniffed.data
    else:
        data = sniffed.head if sniffed.complete else path.read_bytes()
    try:
        return data.decode(sniffed.encoding.codec), sniffed.encoding
    except UnicodeDecodeError:
        if forced is not None:
            raise messages.wrong_encoding(path, forced.name) from None
        if sniffed.encoding.codec != "utf-8":
            raise messages.garbage(path) from None
    repair(path, sniffed, utf8_tail=True)
    assert sniffed.encoding is not None
    if sniffed.data is not None:
        data = sniffed.data
    try:
        return data.decode(sniffed.encoding.codec), sniffed.encoding
    except UnicodeDecodeError:
        raise messages.garbage(path) from None
