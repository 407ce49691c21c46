"""``--export-csv``: one line per input row, UTF-8 with BOM so Excel opens it, written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from app.core.errors import OutputError
from app.core.ingest.model import EXPORT_COLUMNS, ImportResult


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
    if target.is_dir():
        raise OutputError(
            f"“{target}” 是一个文件夹，请给出要保存的文件名，例如 {target / '结果.csv'}",
            f"“{target}” is a folder; give a file name, e.g. {target / 'result.csv'}",
        )
    if not target.parent.exists():
        raise OutputError(
            f"保存位置不存在：{target.parent}",
            f"The folder to save into does not exist: {target.parent}",
        )
    try:
        fd, tmp = tempfile.mkstemp(prefix=".reviewlens-", suffix=".csv", dir=target.parent)
    except OSError as error:
        raise _cannot_write(target, error) from error
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as handle:
            frame.to_csv(handle, index=False, lineterminator="\r\n")
        os.replace(tmp, target)
    except OSError as error:
        raise _cannot_write(target, error) from error
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _cannot_write(target: Path, error: OSError) -> OutputError:
    if isinstance(error, PermissionError):
        return OutputError(
            f"无法写入 {target}：文件可能正在 Excel 等程序中打开，或没有写入权限。请关闭后重试。",
            f"Cannot write {target}: it may be open in Excel or another program, or the folder is "
            "read-only. Close it and try again.",
        )
    return OutputError(
        f"无法写入 {target}：{error.strerror or error}",
        f"Cannot write {target}: {error.strerror or error}",
    )
