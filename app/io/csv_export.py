"""``--export-csv``: one line per input row, UTF-8 with BOM so Excel opens it, written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from app.core.ingest.model import EXPORT_COLUMNS, ImportResult
from app.io.atomic import atomic_path, check_target


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
    """Write ``frame`` as UTF-8-with-BOM CSV via a temporary file, so no half-written output."""
    target = Path(path)
    check_target(target, "结果.csv")
    with (
        atomic_path(target, ".csv") as tmp,
        tmp.open("w", encoding="utf-8-sig", newline="") as handle,
    ):
        frame.to_csv(handle, index=False, lineterminator="\r\n")
    return target
