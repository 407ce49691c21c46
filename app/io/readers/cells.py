"""Turning workbook cell values into the text a user sees, and rows into a text DataFrame."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from itertools import zip_longest

import pandas as pd

Cell = str | None
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet may run such text as a formula
_FORMULA_AFTER_NUL = re.compile(r"\x00[=+\-@\t\r]")


def float_text(value: float) -> str:
    """``5.0`` → ``5``; ``1035310000000.0`` → ``1035310000000``; ``4.5`` → ``4.5``."""
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer():
        if abs(value) < 1e15:
            return str(int(value))
        return str(int(Decimal(repr(value))))  # shortest digits that round-trip, no float noise
    return repr(value)


def _datetime_text(value: dt.datetime) -> str:
    if value.microsecond:  # serial-number float noise: round to the second as Excel shows it
        value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
    return value.isoformat(sep=" ")


def to_text(value: object) -> Cell:
    """One cell as text, or None when empty. Dates become ISO text, whole floats integers."""
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return value or None  # type: ignore[return-value]
    if kind is float:
        return _float_cell(value)  # type: ignore[arg-type]
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is int:
        return str(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    text = str(value)
    return text or None


def _float_cell(value: float) -> str:
    if value.is_integer() and -1e15 < value < 1e15:
        return str(int(value))
    return float_text(value)


def _datetime_cell(value: dt.datetime) -> str:
    return value.isoformat(" ") if not value.microsecond else _datetime_text(value)


def column_text(values: Sequence[object]) -> list[Cell]:
    """A whole column as text, with fast paths for string, number and date-time columns."""
    kinds = set(map(type, values))
    if kinds <= {str}:
        return [v or None for v in values]  # type: ignore[misc]
    if kinds <= {str, float}:
        return [v or None if type(v) is str else _float_cell(v) for v in values]  # type: ignore
    if kinds <= {str, dt.datetime}:
        return [v or None if type(v) is str else _datetime_cell(v) for v in values]  # type: ignore
    return [v or None if type(v) is str else to_text(v) for v in values]  # type: ignore


def is_blank(row: Sequence[object]) -> bool:
    return all(c is None or (type(c) is str and not c.strip()) for c in row)


def frame_from_columns(names: list[str], columns: Sequence[Sequence[Cell]]) -> pd.DataFrame:
    """A DataFrame of ``str`` columns (missing = NA) from per-column text lists."""
    data = {name: pd.Series(col, dtype="str") for name, col in zip(names, columns, strict=True)}
    return pd.DataFrame(data, columns=names)


def frame_from_rows(names: list[str], rows: Sequence[Sequence[Cell]]) -> pd.DataFrame:
    """Like :func:`frame_from_columns`, from rows (short rows are padded with missing)."""
    width = len(names)
    columns = [list(col) for col in zip_longest(*rows)] if rows else []
    columns = columns[:width]
    while len(columns) < width:
        columns.append([None] * len(rows))
    return frame_from_columns(names, columns)


def trailing_blank_count(rows: Sequence[Sequence[object]]) -> int:
    """How many rows at the end are completely blank (e.g. formatted but empty Excel rows)."""
    count = 0
    for row in reversed(rows):
        if not is_blank(row):
            break
        count += 1
    return count


def formula_positions(values: Sequence[object]) -> list[int]:
    """Positions of the values whose text starts like a formula (``= + - @``, tab, CR; plain
    numbers included), found at C speed on the values joined by NUL."""
    texts = list(map(str, values))  # None/NaN/NA read "None"/"nan"/"<NA>": never risky
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1:
        return [i for i, t in enumerate(texts) if t.startswith(FORMULA_START)]
    hits = [m.end() - 1 for m in _FORMULA_AFTER_NUL.finditer(joined)]
    if joined.startswith(FORMULA_START):
        hits.insert(0, 0)
    positions, index, previous = [], 0, 0
    for hit in hits:  # a value's position is the number of NULs before it
        index += joined.count("\x00", previous, hit)
        positions.append(index)
        previous = hit
    return positions
