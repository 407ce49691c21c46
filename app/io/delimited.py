"""CSV / TSV / TXT: delimiter sniffing, header detection on a sample, one fast pandas pass.

The layout (delimiter, header row, width) is decided from the decoded first megabyte; the
whole file is then parsed once by pandas' C engine, in chunks, every cell as text. Rows that
are wider than the sample predicted make the C engine fail; then the file is parsed again by
the ``csv`` module (slower, but rare and exact).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pandas as pd

from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn
from app.io import messages
from app.io.cells import frame_from_rows, is_blank
from app.io.encoding import Detected
from app.io.header import Layout, detect_layout, unique_names
from app.io.sniff import Sniffed, repair

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
    """The candidate that splits most non-blank records into the same number (≥ 2) of cells."""
    best, best_key = NO_DELIMITER, (0.0, 0)
    order = ("\t", ",", ";", "|") if prefer_tab else CANDIDATES
    for rank, delimiter in enumerate(order):
        rows = [r for r in _records(text, delimiter, complete, 200) if not is_blank(r)]
        widths = Counter(len(r) for r in rows if len(r) > 1)
        if not widths:
            continue
        _width, count = widths.most_common(1)[0]
        key = (round(count / len(rows), 2), -rank)
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
    found = sniffed.encoding
    frame.columns = range(frame.shape[1])
    if frame.shape[1] > width:
        layout.names = unique_names(layout.names, frame.shape[1])
    frame = frame.iloc[layout.data_start :]
    frame = _drop_empty_extra_columns(frame, width)
    frame.columns = layout.names[: frame.shape[1]]
    source_rows = list(range(layout.data_start + 1, layout.data_start + 1 + len(frame)))
    return frame.reset_index(drop=True), source_rows, layout, found, delimiter
