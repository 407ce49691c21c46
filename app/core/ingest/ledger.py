"""Raw tables in, one ledger row per input row out: kept, or dropped with a reason.

Duplicates: two rows are the same review when user, text, follow-up, review and purchase date,
SKU and order ID (those the file has) are all equal; a file with no user, date or order-ID column compares
whole rows instead (two identical "好评" from unknown buyers on unknown days cannot be told
apart from a copy). The first occurrence is kept, over all files of the import.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.errors import ColumnError
from app.core.i18n import tr
from app.core.ingest import cleaning, mappings
from app.core.ingest.model import (
    DROPPED,
    EXPORT_COLUMNS,
    KEPT,
    ROLES,
    ColumnRoles,
    FileReport,
    ImportResult,
)
from app.core.ingest.opinions import opinions
from app.core.ingest.raw_table import RawTable
from app.core.ingest.roles import apply_override, check_overrides, detect_platform, detect_roles
from app.core.ingest.values import (
    _NULL_VARIANTS,
    DT_DTYPE,
    clean_text,
    normalize_ids,
    null_mask,
    parse_counts,
    parse_dates,
    parse_ratings,
    resolve_after,
)
from app.core.progress import CancelToken, ProgressFn, no_progress

__all__ = ["INTERNAL_COLUMNS", "REASONS", "build_import", "opinions", "reason_text"]

# Stable reason codes and their readable (zh, en) texts.
REASONS: dict[str, tuple[str, str]] = {
    "blank_row": ("空行", "Blank row"),
    "repeated_header": ("重复的表头行", "Repeated header row"),
    "empty": ("没有评价内容", "No review text"),
    "placeholder": (
        "平台默认评价（买家没写内容）",
        "Platform placeholder text (the buyer wrote nothing)",
    ),
    "punctuation_only": ("只有标点、数字或表情", "Only punctuation, digits or emoji"),
    "duplicate": ("重复评价（与前面某行完全相同）", "Duplicate of an earlier review"),
}
INTERNAL_COLUMNS: tuple[str, ...] = (
    "review_id",
    "reason_code",
    "analysis_text",
    "followup_analysis_text",
    "purchase_date",
    "helpful",
    "sheet",
    "duplicate_of",  # review_id of the first copy, for duplicates
)
_TEXT_ROLES = ("text", "followup_text", "product", "sku", "user", "reply")
_BLANKS = frozenset(_NULL_VARIANTS) | {" ", "  ", "\t", "\u3000"}


def reason_text(code: str) -> str:
    """The readable reason for a reason code, in the current language (``""`` when kept)."""
    return tr(*REASONS[code]) if code in REASONS else ""


class _Canceller:
    def __init__(self, cancel: CancelToken | None) -> None:
        self.cancel = cancel

    def __call__(self) -> None:
        if self.cancel is not None:
            self.cancel.check()


def build_import(
    tables: list[RawTable],
    *,
    overrides: dict[str, str] | None = None,
    reference_date: datetime | None = None,
    saved_mappings: bool = True,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Merge ``tables`` into one ledger: every input row kept or dropped with a reason.

    Column roles per table: user ``overrides`` (applied to every table that has the column;
    saved for that header when ``saved_mappings``) win over a saved mapping of the same header,
    which wins over automatic detection. ``reference_date`` resolves relative dates (3天前).
    """
    check = _Canceller(cancel)
    overrides = dict(overrides or {})
    _check_overrides_somewhere(overrides, tables)
    total = max(sum(len(t.frame) for t in tables), 1)
    parts: list[pd.DataFrame] = []
    reports: list[FileReport] = []
    warnings: list[str] = []
    done = 0
    for table in tables:
        check()
        name = Path(table.source_file).name
        progress(done / total * 0.9, tr(f"正在整理 {name}", f"Preparing {name}"))
        roles, source = _resolve_roles(table, overrides, saved_mappings)
        platform = detect_platform(table, roles)
        part = _file_ledger(table, roles, platform, reference_date, warnings, check)
        parts.append(part)
        reports.append(_report(table, roles, platform, source))
        done += len(table.frame)
    check()
    progress(0.9, tr("正在查找重复评价", "Looking for duplicates"))
    ledger = _finish(parts)
    start = 0
    for report, part in zip(reports, parts, strict=True):
        codes = ledger["reason_code"].iloc[start : start + len(part)]
        report.kept = int((codes == "").sum())
        report.dropped = report.rows - report.kept
        start += len(part)
    progress(1.0, tr("导入完成", "Import finished"))
    return ImportResult(ledger=ledger, files=reports, warnings=warnings)


def _check_overrides_somewhere(overrides: dict[str, str], tables: list[RawTable]) -> None:
    """Unknown roles, and columns no table has, are errors (listing what exists)."""
    if not overrides:
        return
    columns: list[str] = []
    for t in tables:
        columns.extend(str(c) for c in t.frame.columns if str(c) not in columns)
    for role, col in overrides.items():
        if role not in ROLES or (col and col not in columns):
            check_overrides({role: col}, columns)


def _resolve_roles(
    table: RawTable, overrides: dict[str, str], saved_mappings: bool
) -> tuple[ColumnRoles, str]:
    columns = [str(c) for c in table.frame.columns]
    mine = {r: c for r, c in overrides.items() if not c or c in columns}
    saved = mappings.load_mapping(columns) if saved_mappings else None
    if saved is not None:
        roles, source = saved, "saved"
        for role, col in mine.items():
            apply_override(roles, role, col)
        if "text" not in roles.mapping:
            raise ColumnError(
                "已保存的列设置里没有评论内容列，请用 --map text=列名 指定。",
                "The saved column mapping has no review text column; use --map text=<column>.",
            )
    else:
        roles, source = detect_roles(table, mine), "auto"
    if mine:
        source = "user"
        if saved_mappings:
            mappings.save_mapping(columns, roles)
    return roles, source


def _report(table: RawTable, roles: ColumnRoles, platform: str, source: str) -> FileReport:
    return FileReport(
        source_file=table.source_file,
        file_format=table.file_format,
        encoding=table.encoding,
        sheet=table.sheet,
        sheets=list(table.sheets),
        platform=platform,
        roles=roles,
        columns=[str(c) for c in table.frame.columns],
        header_row=table.header_row,
        title_rows=table.title_rows,
        rows=len(table.frame),
        kept=0,
        dropped=0,
        mapping_source=source,
    )


def _file_ledger(
    table: RawTable,
    roles: ColumnRoles,
    platform: str,
    reference: datetime | None,
    warnings: list[str],
    check: _Canceller,
) -> pd.DataFrame:
    """The ledger rows of one table, before duplicates are looked for across files."""
    frame = table.frame
    n = len(frame)
    name = Path(table.source_file).name
    empty = pd.Series(np.full(n, "", dtype=object), index=frame.index)

    def column(role: str) -> pd.Series | None:
        col = roles.column(role)
        return frame[col] if col is not None else None

    def warn(zh: str, en: str) -> None:
        warnings.append(tr(f"{name}：{zh}", f"{name}: {en}"))

    for zh, en in table.warnings:  # what the reader repaired or recovered, rows it skipped
        warn(zh, en)

    blank = _blank_rows(frame)
    header = cleaning.repeated_header_rows(frame) & ~blank
    valid = pd.Series(~blank & ~header, index=frame.index)
    texts = {
        r: cleaning.unescape_entities(clean_text(s)) if (s := column(r)) is not None else empty
        for r in _TEXT_ROLES
    }
    out = pd.DataFrame(index=frame.index)
    out["source_file"] = table.source_file
    rows = np.asarray(table.source_rows, dtype=np.int64)
    out["source_row"] = rows if len(rows) == n else np.arange(2, n + 2, dtype=np.int64)
    out["platform"] = platform
    for role in _TEXT_ROLES:
        out[role] = texts[role]
    check()
    rating = _ratings(column("rating"), valid, roles.column("rating"), warn)
    out["rating"] = rating
    purchase = _dates(column("purchase_date"), valid, reference, None, warn)
    date = _dates(column("date"), valid, reference, purchase, warn)
    base = date.fillna(purchase)
    fu = column("followup_date")
    out["date"] = date
    out["followup_date"] = (
        resolve_after(base, fu) if fu is not None else pd.Series(pd.NaT, frame.index, DT_DTYPE)
    )
    out["purchase_date"] = purchase
    if roles.column("date") is None and roles.column("purchase_date") is not None:
        warn(
            "没有评价时间列，趋势分析将用购买时间代替。",
            "No review date column; trends will use the purchase date instead.",
        )
    helpful = column("helpful")
    out["helpful"] = (
        parse_counts(helpful) if helpful is not None else pd.array([pd.NA] * n, "Int64")
    )
    order = column("order_id")
    out["order_id"] = normalize_ids(order)[0] if order is not None else empty
    _warn_scientific(frame, roles, warn)
    check()
    review, glued = cleaning.split_glued_reply(texts["text"])
    reply = cleaning.decode_markup(cleaning.strip_reply_prefix(texts["reply"]))
    out["reply"] = reply.where(reply != "", glued)
    analysis, status = cleaning.clean_texts(review, check)
    fu_analysis, fu_status = cleaning.clean_texts(texts["followup_text"], check)
    out["analysis_text"] = analysis
    out["followup_analysis_text"] = fu_analysis
    check()
    code = np.where((status == "") | (fu_status == ""), "", status).astype(object)
    code[header] = "repeated_header"
    code[blank] = "blank_row"
    out["reason_code"] = code
    out["sheet"] = table.sheet or ""
    for col in roles.subscores:
        out[f"subscore:{col}"] = parse_ratings(frame[col])
    out["_dupkey"] = _duplicate_keys(frame, out, roles)
    return out.reset_index(drop=True)


def _ratings(s: pd.Series | None, valid: pd.Series, name: str | None, warn) -> pd.Series:
    if s is None:
        return pd.Series(pd.array([pd.NA] * len(valid), dtype="Int64"), index=valid.index)
    rating = parse_ratings(s)
    scale = rating.attrs.get("scale", 5)
    if scale != 5:
        warn(
            f"「{name}」列是 {scale} 分制，已换算成 1–5 星。",
            f"Column '{name}' is on a {scale}-point scale; converted to 1–5 stars.",
        )
    bad = int((rating.isna() & ~null_mask(s) & valid).sum())
    if bad:
        warn(
            f"「{name}」列有 {bad} 个无法识别的评分，已留空。",
            f"Column '{name}' has {bad} ratings that could not be read; left empty.",
        )
    return rating


def _dates(
    s: pd.Series | None, valid: pd.Series, reference: datetime | None, base, warn
) -> pd.Series:
    if s is None:
        return pd.Series(pd.NaT, index=valid.index, dtype=DT_DTYPE)
    dates = parse_dates(s, reference)
    missing = dates.isna() & ~null_mask(s)
    if base is not None and missing.any():  # 收货后5天 in the review-date column
        dates = dates.fillna(resolve_after(base, s.where(missing, None)))
        missing = dates.isna() & ~null_mask(s)
    bad = int((missing & valid).sum())
    if bad:
        warn(
            f"「{s.name}」列有 {bad} 个无法识别的日期，已留空。",
            f"Column '{s.name}' has {bad} dates that could not be read; left empty.",
        )
    return dates


def _warn_scientific(frame: pd.DataFrame, roles: ColumnRoles, warn) -> None:
    """Flag ID-like columns whose numbers Excel turned into 1.03531E+12."""
    text_cols = {roles.column(r) for r in ("text", "followup_text", "reply", "product")}
    for col in frame.columns:
        if col in text_cols:
            continue
        head = frame[col].iloc[:500].to_numpy(dtype=object, na_value=None)
        if not any(v is not None and ("E+" in v or "e+" in v) for v in head):
            continue
        count = int(normalize_ids(frame[col])[1].sum())
        if count:
            label = "订单号" if col == roles.column("order_id") else f"「{col}」"
            label_en = "The order ID column" if label == "订单号" else f"Column '{col}'"
            warn(
                f"{label}列有 {count} 个科学计数法数字（Excel 已丢失末几位），已原样保留。",
                f"{label_en} has {count} numbers in scientific notation (Excel already lost "
                "their last digits); kept as they are.",
            )


def _blank_rows(frame: pd.DataFrame) -> np.ndarray:
    mask = np.ones(len(frame), dtype=bool)
    for col in frame.columns:
        s = frame[col]
        mask &= (s.isna() | s.isin(_BLANKS)).to_numpy()
    return mask


def _duplicate_keys(frame: pd.DataFrame, out: pd.DataFrame, roles: ColumnRoles) -> np.ndarray:
    keys = out[["user", "text", "followup_text", "date", "purchase_date", "sku", "order_id"]]
    hashes = pd.util.hash_pandas_object(keys, index=False).to_numpy()
    if not any(roles.column(r) for r in ("user", "date", "purchase_date", "order_id")):
        whole = pd.util.hash_pandas_object(frame.fillna(""), index=False).to_numpy()
        hashes = hashes ^ (whole * np.uint64(0x9E3779B97F4A7C15))
    return hashes


def _finish(parts: list[pd.DataFrame]) -> pd.DataFrame:
    ledger = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    for col in (*EXPORT_COLUMNS, *INTERNAL_COLUMNS, "_dupkey"):
        if col not in ledger.columns:
            ledger[col] = pd.Series(dtype=object)
    n = len(ledger)
    ledger["review_id"] = np.arange(1, n + 1, dtype=np.int64)
    code = ledger["reason_code"].to_numpy(dtype=object, copy=True)
    first = cleaning.duplicate_of(ledger[["_dupkey"]], code == "")
    dup = first >= 0
    code[dup] = "duplicate"
    ledger["reason_code"] = code
    ledger["duplicate_of"] = pd.Series(first + 1).where(dup).astype("Int64")
    ledger["status"] = np.array([KEPT, DROPPED], dtype=object)[(code != "").astype(np.int8)]
    texts = {c: reason_text(c) for c in REASONS}
    ledger["reason"] = pd.Series(code).map(texts).fillna("").to_numpy(dtype=object)
    for col in ("analysis_text", "followup_analysis_text"):
        ledger.loc[ledger["status"] == DROPPED, col] = ""
    subs = [c for c in ledger.columns if c.startswith("subscore:")]
    for col in subs:
        ledger[col] = ledger[col].astype("Int64")
    ordered = [*EXPORT_COLUMNS, *INTERNAL_COLUMNS, *subs]
    return ledger[ordered]
