"""Finding the header row below title and blank rows, naming columns, choosing the sheet."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import pandas as pd

from app.core.i18n import tr
from app.core.ingest.aliases import header_score
from app.core.progress import CancelToken, ProgressFn
from app.io.readers import messages
from app.io.readers.cells import (
    Cell,
    column_text,
    frame_from_columns,
    is_blank,
    to_text,
    trailing_blank_count,
)

SCAN_ROWS = 30
MAX_COLUMNS = 500  # review exports have a few dozen columns; more is not a review table
_SHORT = 20
_NUMBER_OR_DATE = re.compile(r"^[\s+\-$¥￥]*[\d.,:/\-年月日时分秒 %E+e]+$")


@dataclass
class Layout:
    """Where the header is (``None``: no header, names were made up) and what it names."""

    header_index: int | None  # 0-based index into the rows given to :func:`detect_layout`
    names: list[str]
    title_rows: int  # non-blank rows above the header
    score: float  # header_score of the header row (0 when none matched an alias)

    @property
    def data_start(self) -> int:
        return 0 if self.header_index is None else self.header_index + 1


def unique_names(cells: Sequence[object], width: int) -> list[str]:
    """Header cells as unique column names: ``评价``, ``评价.1``; empty → ``列3``."""
    names: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        cell = cells[index] if index < len(cells) else None
        base = "" if cell is None else str(cell).replace("\ufeff", "").strip()
        base = base or f"列{index + 1}"
        name, n = base, 1
        while name in seen:
            name, n = f"{base}.{n}", n + 1
        seen.add(name)
        names.append(name)
    return names


def _valueish(cell: Cell) -> bool:
    """A cell that looks like data rather than a header: a number, date or long text."""
    return cell is not None and (len(cell) > _SHORT or bool(_NUMBER_OR_DATE.match(cell)))


def _plain_header(rows: Sequence[Sequence[Cell]], width: int) -> int | None:
    """First row of short, distinct, non-numeric labels above rows that look like data."""
    if width < 2:
        return None
    for index, row in enumerate(rows[:SCAN_ROWS]):
        cells = [c.strip() for c in row if c is not None and c.strip()]
        if len(cells) < 2 or len(cells) < 0.6 * width or len(set(cells)) < len(cells):
            continue
        if any(_valueish(c) for c in cells):
            continue
        below = [r for r in rows[index + 1 : index + 21] if not is_blank(r)]
        if not below:
            return index
        for col in range(width):
            values = [r[col] if col < len(r) else None for r in below]
            present = [v for v in values if v is not None and v.strip()]
            if present and sum(map(_valueish, present)) > len(present) / 2:
                return index
        return None  # the rows below look just like this one: no header at all
    return None


def detect_layout(rows: Sequence[Sequence[Cell]], width: int) -> Layout:
    """Find the header among the first rows with ``header_score``; fall back to plain labels."""
    best_index: int | None = None
    best_score = 0.0
    for index, row in enumerate(rows[:SCAN_ROWS]):
        score = header_score(list(row))
        if score > best_score:
            best_index, best_score = index, score
    if best_index is None:
        best_index = _plain_header(rows, width)
    if best_index is None:
        return Layout(None, unique_names([], width), 0, 0.0)
    titles = sum(1 for row in rows[:best_index] if not is_blank(row))
    return Layout(best_index, unique_names(rows[best_index], width), titles, best_score)


@dataclass
class Candidate:
    """One sheet (or HTML table) competing to be the one that holds the reviews."""

    name: str
    score: float
    rows: int
    visible: bool = True


def choose(candidates: Sequence[Candidate]) -> Candidate:
    """Highest header score; ties go to visible sheets, then to the one with more rows."""
    return max(candidates, key=lambda c: (c.score, c.visible, c.rows))


def build_table(
    path: Path,
    rows: list[list[object]],
    first_row: int,
    sheet: str | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> tuple[pd.DataFrame, list[int], Layout]:
    """Rows of raw cell values (the first is row ``first_row``) → text frame, row numbers, layout.

    Completely blank rows at the end (formatted but empty Excel rows) are left out.
    """
    width = max(map(len, rows), default=0)
    if min(map(len, rows), default=0) < width:  # ragged (HTML, XML): pad with missing cells
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    layout = detect_layout([[to_text(c) for c in row] for row in rows[:SCAN_ROWS]], width)
    data = rows[layout.data_start :]
    del data[len(data) - trailing_blank_count(data) :]
    if not data:
        raise messages.header_only(path, sheet)
    columns: list[list[Cell]] = []
    for index in range(width):
        if cancel is not None:
            cancel.check()
        columns.append(column_text(list(map(itemgetter(index), data))))
        progress(0.6 + 0.4 * (index + 1) / width, tr("正在整理表格…", "Preparing the table…"))
    frame = frame_from_columns(layout.names, columns)
    start = first_row + layout.data_start
    return frame, list(range(start, start + len(frame))), layout
