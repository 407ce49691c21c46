"""CSV / TSV / TXT: delimiter sniffing, header detection on a sample, one fast pandas pass.

The layout (delimiter, header row, width) is decided from the decoded first megabyte; the
whole file is then parsed once by pandas' C engine, in chunks, every cell as text. Rows that
are wider than the sample predicted make the C engine fail; then the file is parsed again by
the ``csv`` module (slower, but rare and exact).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn
from app.io.readers import messages
from app.io.readers.cells import frame_from_rows, is_blank
from app.io.readers.encoding import Detected
from app.io.readers.header import MAX_COLUMNS, Layout, detect_layout, unique_names
from app.io.readers.sniff import Sniffed, repair

CANDIDATES = (",", "\t", ";", "|")
NO_DELIMITER = "\x1f"  # unit separator: never in text, so each line is one cell
CHUNK_ROWS = 100_000
SAMPLE_RECORDS = 2000

csv.field_size_limit(1 << 28)


def _records(text: str, delimiter: str, complete: bool, limit: int) -> list[list[str]]:
    """Up to ``limit`` records of the sample; the last one is dropped when it may be cut."""
    quoting = csv.QUOTE_NONE if delimiter == NO_DELIMITER else csv.QUOTE_MINIMAL
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quoting=quoting)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) >= limit + 1:
                break
    except csv.Error:
        pass
    if not complete or len(records) > limit:
        records = records[:-1] if len(records) > 1 else records
    return records[:limit]


def sniff_delimiter(text: str, complete: bool, prefer_tab: bool = False) -> str:
    """The candidate that splits most non-blank records into the same number (≥ 2) of cells.

    A candidate whose usual width is the width of the first record (the header) wins over one
    that only splits the data rows evenly (``好;4,5;2024-03-01`` under ``评价;评分;时间``).
    """
    best, best_key = NO_DELIMITER, (False, 0.0, 0)
    order = ("\t", ",", ";", "|") if prefer_tab else CANDIDATES
    for rank, delimiter in enumerate(order):
        rows = [r for r in _records(text, delimiter, complete, 200) if not is_blank(r)]
        widths = Counter(len(r) for r in rows if len(r) > 1)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        key = (len(rows[0]) == width, round(count / len(rows), 2), -rank)
        if count / len(rows) >= 0.5 and key > best_key:
            best, best_key = delimiter, key
    return best


def _read_pandas(
    path: Path | bytes,
    codec: str,
    delimiter: str,
    width: int,
    size: int,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> pd.DataFrame:
    chunks: list[pd.DataFrame] = []
    with io.BytesIO(path) if isinstance(path, bytes) else open(path, "rb") as raw:
        reader = pd.read_csv(
            raw, sep=delimiter, header=None, names=list(range(width)), index_col=False,
            dtype=str, keep_default_na=False, na_values=[""], skip_blank_lines=False,
            encoding=codec, chunksize=CHUNK_ROWS, engine="c",
            quoting=csv.QUOTE_NONE if delimiter == NO_DELIMITER else csv.QUOTE_MINIMAL,
        )  # fmt: skip
        with reader:
            for chunk in reader:
                if cancel is not None:
                    cancel.check()
                chunks.append(chunk)
                progress(min(raw.tell() / max(size, 1), 1.0), tr("正在读取表格…", "Reading…"))
    if not chunks:
        return pd.DataFrame(columns=list(range(width)), dtype="str")
    return pd.concat(chunks, ignore_index=True) if len(chunks) > 1 else chunks[0]


def _read_csv_module(
    path: Path | bytes, codec: str, delimiter: str, progress: ProgressFn, cancel: CancelToken | None
) -> pd.DataFrame:
    rows: list[list[str | None]] = []
    quoting = csv.QUOTE_NONE if delimiter == NO_DELIMITER else csv.QUOTE_MINIMAL
    raw = io.BytesIO(path) if isinstance(path, bytes) else open(path, "rb")  # noqa: SIM115
    with io.TextIOWrapper(raw, encoding=codec, newline="") as handle:
        for record in csv.reader(handle, delimiter=delimiter, quoting=quoting):
            rows.append([c if c else None for c in record])
            if len(rows) % CHUNK_ROWS == 0:
                if cancel is not None:
                    cancel.check()
                progress(0.5, tr("正在读取表格…", "Reading…"))
    width = max((len(r) for r in rows), default=1)
    return frame_from_rows(list(range(width)), rows)  # type: ignore[arg-type]


def _drop_empty_extra_columns(frame: pd.DataFrame, header_width: int) -> pd.DataFrame:
    """Columns beyond the header that hold nothing (from trailing delimiters) go."""
    keep = frame.shape[1]
    while keep > header_width and frame.iloc[:, keep - 1].isna().all():
        keep -= 1
    return frame.iloc[:, :keep]


def read_delimited(
    path: Path,
    sniffed: Sniffed,
    forced: Detected | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> tuple[pd.DataFrame, list[int], Layout, Detected, str]:
    """Frame (text cells), source rows, layout, encoding and delimiter of a delimited file."""
    repair(path, sniffed)  # NUL bytes, lines in two encodings: read from repaired bytes
    assert sniffed.encoding is not None
    found = sniffed.encoding
    prefer_tab = path.suffix.lower() in {".tsv", ".txt"}
    delimiter = sniff_delimiter(sniffed.text, sniffed.complete, prefer_tab)
    sample = _records(sniffed.text, delimiter, sniffed.complete, SAMPLE_RECORDS)
    width = max((len(r) for r in sample), default=1)
    if width > MAX_COLUMNS:
        raise messages.too_many_columns(path, width)
    cells = [[c if c else None for c in r] for r in sample]
    layout = detect_layout(cells, width)
    source = sniffed.data if sniffed.data is not None else path
    try:
        frame = _read_pandas(source, found.codec, delimiter, width, sniffed.size, progress, cancel)
    except UnicodeDecodeError:
        if forced is not None or found.codec != "utf-8":
            raise messages.wrong_encoding(path, found.name) from None
        repair(path, sniffed, utf8_tail=True)  # UTF-8 for the first megabyte only
        assert sniffed.encoding is not None
        found = sniffed.encoding
        source = sniffed.data if sniffed.data is not None else path
        try:
            frame = _read_pandas(
                source, found.codec, delimiter, width, sniffed.size, progress, cancel
            )
        except pd.errors.ParserError:
            frame = _read_csv_module(source, found.codec, delimiter, progress, cancel)
    except pd.errors.ParserError:
        frame = _read_csv_module(source, found.codec, delimiter, progress, cancel)
    notes: list[tuple[str, str]] = []
    spans_lines = _line_breaks(source) > len(frame) + 1  # some cell holds a line break
    if delimiter != NO_DELIMITER and spans_lines and _has_swallowed_rows(frame, delimiter, width):
        frame, literal = _read_recovering(source, found.codec, delimiter, width, cancel)
        notes.extend(messages.stray_quotes(literal))
    if frame.shape[1] > MAX_COLUMNS:
        raise messages.too_many_columns(path, frame.shape[1])
    frame.columns = range(frame.shape[1])
    if frame.shape[1] > width:
        layout.names = unique_names(layout.names, frame.shape[1])
    frame = frame.iloc[layout.data_start :]
    frame = _drop_empty_extra_columns(frame, width)
    frame.columns = layout.names[: frame.shape[1]]
    source_rows = list(range(layout.data_start + 1, layout.data_start + 1 + len(frame)))
    frame = frame.reset_index(drop=True)
    if layout.header_index is not None:
        header = sample[layout.header_index] if layout.header_index < len(sample) else []
        header_width = len(header) - _trailing_empty(header)
        notes.extend(_wider_than_header(frame, source_rows, header_width))
    frame.attrs["reader_notes"] = notes
    return frame, source_rows, layout, found, delimiter


def _trailing_empty(record: list[str]) -> int:
    """How many cells at the end of a record are empty (``a,b,,`` → 2)."""
    count = 0
    for cell in reversed(record):
        if cell.strip():
            break
        count += 1
    return count


def _wider_than_header(
    frame: pd.DataFrame, rows: list[int], header_width: int
) -> list[tuple[str, str]]:
    """A note naming the rows with more cells than the header (unquoted delimiters in text)."""
    if header_width < 1 or frame.shape[1] <= header_width:
        return []
    extra = frame.iloc[:, header_width:]
    wide = extra.notna().to_numpy().any(axis=1).nonzero()[0]
    if len(wide) == 0:
        return []
    return [messages.wider_than_header([rows[i] for i in wide], list(extra.columns))]


def _line_breaks(path: Path | bytes) -> int:
    """Line feeds in the file (bytes; may overcount in UTF-16, which only costs a closer look)."""
    if isinstance(path, bytes):
        return path.count(b"\n")
    count = 0
    with open(path, "rb") as raw:
        while chunk := raw.read(1 << 24):
            count += chunk.count(b"\n")
    return count


def _has_swallowed_rows(frame: pd.DataFrame, delimiter: str, width: int) -> bool:
    """Whether a cell holds whole rows of the file (an unclosed quote read past line ends)."""
    for col in frame.columns:
        values = frame[col].to_numpy(dtype=object, na_value="")
        if "\n" not in "\x00".join(values):  # one C-speed pass per column, the usual case
            continue
        for cell in values:
            if cell.count("\n") >= 2 and _swallowed(cell, delimiter, width):
                return True
    return False


def _swallowed(cell: str, delimiter: str, width: int) -> bool:
    lines = cell.split("\n")
    rowlike = sum(1 for line in lines if line.count(delimiter) >= max(width - 1, 1))
    return rowlike >= 2 and rowlike >= len(lines) / 2


class _Lines:
    """Lines handed to ``csv.reader`` from ``taken`` on, counting how many it has taken."""

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.taken = lines, start

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.taken >= len(self.lines):
            raise StopIteration
        self.taken += 1
        return self.lines[self.taken - 1]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _read_recovering(
    path: Path | bytes, codec: str, delimiter: str, width: int, cancel: CancelToken | None
) -> tuple[pd.DataFrame, list[int]]:
    """Parse again, taking a quote for a plain character on a line whose quoted cell would
    swallow the rows below it. Returns the frame and those records' 1-based numbers."""
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    lines = _LINE.findall(data.decode(codec))
    records: list[list[str | None]] = []
    literal: list[int] = []
    position = 0
    while position < len(lines):
        feed = _Lines(lines, position)
        reader = csv.reader(feed, delimiter=delimiter)
        position = len(lines)
        while True:
            if cancel is not None and len(records) % CHUNK_ROWS == 0:
                cancel.check()
            start = feed.taken
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error:  # a NUL byte or similar: keep the line as one cell
                record = [lines[start].rstrip("\r\n")]
            if feed.taken - start > 2 and any(_swallowed(c, delimiter, width) for c in record):
                plain = csv.reader([lines[start]], delimiter=delimiter, quoting=csv.QUOTE_NONE)
                records.append([c if c else None for c in next(plain)])
                literal.append(len(records))
                position = start + 1  # read on from the next line with a fresh parser
                break
            records.append([c if c else None for c in record])
    widest = max((len(r) for r in records), default=1)
    return frame_from_rows(list(range(widest)), records), literal  # type: ignore[arg-type]
