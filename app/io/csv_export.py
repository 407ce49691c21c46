"""``--export-csv``: one line per input row, UTF-8 with BOM so Excel opens it, written atomically.

Every CSV the app writes goes through :func:`write_csv`, which neutralises text that a
spreadsheet would run as a formula (:func:`csv_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from app.core.ingest.model import EXPORT_COLUMNS, ImportResult
from app.io.atomic import atomic_path, check_target
from app.io.readers.cells import FORMULA_START, formula_positions

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(_NUMBER)


def csv_safe(value: object) -> object:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)`` (OWASP CSV injection): text starting with
    ``= + - @``, tab or carriage return gets a leading ``'``; plain numbers (``-5``) stay."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _NUMBER_RE.fullmatch(value)
    ):
        return "'" + value
    return value


def csv_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (and its header) with :func:`csv_safe` applied to every text cell."""
    out = frame.rename(columns=lambda c: csv_safe(str(c)))
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype.kind in "biufcmM":  # numbers and dates cannot start a formula
            continue
        values = column.tolist()
        risky = formula_positions(values)
        if risky:
            for j in risky:
                values[j] = csv_safe(values[j])
            out.isetitem(i, pd.Series(values, index=column.index, dtype=object))
    return out


def format_dates(series: pd.Series) -> pd.Series:
    """ISO text: ``YYYY-MM-DD HH:MM:SS``, or ``YYYY-MM-DD`` when the time is exactly midnight."""
    dates = pd.to_datetime(series, errors="coerce")
    full = dates.dt.strftime("%Y-%m-%d %H:%M:%S")
    day_only = dates.dt.strftime("%Y-%m-%d")
    midnight = dates.dt.normalize() == dates
    out = full.where(~midnight, day_only)
    return out.fillna("").astype(object)


def ledger_frame(result: ImportResult, extra: Sequence[str] = ()) -> pd.DataFrame:
    """The export columns (plus ``extra`` ones) as text, ready for CSV."""
    ledger = result.ledger
    out = pd.DataFrame(index=ledger.index)
    for column in (*EXPORT_COLUMNS, *extra):
        values = ledger[column] if column in ledger.columns else pd.Series("", index=ledger.index)
        if column in ("date", "followup_date"):
            out[column] = format_dates(values)
        elif column == "rating":
            out[column] = values.astype("Int64").astype("string").fillna("").astype(object)
        else:
            out[column] = values.astype("string").fillna("").astype(object)
    return out


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8-with-BOM CSV via a temporary file, so no half-written output;
    formula-like text is neutralised (:func:`csv_safe`)."""
    target = Path(path)
    check_target(target, "结果.csv")
    with (
        atomic_path(target, ".csv") as tmp,
        tmp.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        csv_safe_frame(frame).to_csv(handle, index=False, lineterminator="\r\n")
    return target
