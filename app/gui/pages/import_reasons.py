"""Why 开始分析 is greyed out on the import check: per file, in plain words, with the fix.

Texts are translated in the ``ImportPage`` context, where the page's own texts are.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QCoreApplication

from app.core.ingest.dates import parse_dates
from app.core.ingest.labels import role_label
from app.core.ingest.ledger import reason_text
from app.core.ingest.model import FileReport, ImportResult
from app.core.ingest.raw_table import RawTable

MOSTLY = 0.5  # share of a text column's cells that makes it "mostly" empty, numbers or dates
SAMPLE_CELLS = 500  # cells of the text column looked at to tell numbers from dates


def text_column_kind(cells: pd.Series) -> str:
    """What a wrongly chosen text column mostly holds: ``empty``, ``dates``, ``numbers`` or
    ``""`` (none of these)."""
    texts = cells.astype("string").fillna("").str.strip()
    filled = texts[texts != ""]
    if len(filled) <= len(texts) * (1 - MOSTLY):
        return "empty"
    sample = filled.head(SAMPLE_CELLS)
    if parse_dates(sample).notna().mean() >= MOSTLY:
        return "dates"
    plain = sample.str.replace(r"[\s,，%¥$€£+\-]", "", regex=True)
    if pd.to_numeric(plain, errors="coerce").notna().mean() >= MOSTLY:
        return "numbers"
    return ""


def blocked_reason(result: ImportResult, tables: dict[str, RawTable]) -> str:
    """Why nothing can be analysed, per file (``""``: something can)."""
    if len(result.kept):
        return ""
    reasons = [_file_reason(result, report, tables) for report in result.files]
    if len(reasons) == 1:
        return reasons[0]
    line = QCoreApplication.translate("ImportPage", "{file}：{reason}")
    return "\n".join(
        line.format(file=Path(r.source_file).name, reason=reason)
        for r, reason in zip(result.files, reasons, strict=True)
    )


def _file_reason(result: ImportResult, report: FileReport, tables: dict[str, RawTable]) -> str:
    role = role_label("text")
    fix = QCoreApplication.translate(
        "ImportPage", "请在上面「{role}」的下拉框里换成写着买家评价的那一列。"
    ).format(role=role)
    column = report.roles.column("text")
    table = tables.get(report.source_file)
    if column is None or table is None or column not in table.frame.columns:
        return QCoreApplication.translate(
            "ImportPage",
            "还没有选出评价内容列：请在上面「{role}」的下拉框里选出写着买家评价的那一列。",
        ).format(role=role)
    ledger = result.ledger
    codes = ledger.loc[ledger["source_file"] == report.source_file, "reason_code"]
    rows = codes[~codes.isin(("blank_row", "repeated_header"))]
    top = rows.value_counts().index[0] if len(rows) else ""
    kind = text_column_kind(table.frame[column])
    if kind == "empty" or top == "empty":
        problem = QCoreApplication.translate(
            "ImportPage", "「{role}」选的是“{column}”列，但这一列几乎都是空的。"
        )
    elif kind == "dates":
        problem = QCoreApplication.translate(
            "ImportPage", "「{role}」选的是“{column}”列，但这一列几乎都是日期，不是评价。"
        )
    elif kind == "numbers":
        problem = QCoreApplication.translate(
            "ImportPage", "「{role}」选的是“{column}”列，但这一列几乎都是数字，不是评价。"
        )
    elif top == "punctuation_only":
        problem = QCoreApplication.translate(
            "ImportPage",
            "「{role}」选的是“{column}”列，但这一列几乎只有标点、数字或表情，不是评价。",
        )
    elif top == "placeholder":
        problem = QCoreApplication.translate(
            "ImportPage",
            "“{column}”列里都是平台默认评价（买家没写内容），没有可以分析的评价。如果评价在别的列，",
        )
    else:
        problem = QCoreApplication.translate(
            "ImportPage", "“{column}”列里没有可以分析的评价（{reasons}）。"
        )
    reasons = QCoreApplication.translate("ImportPage", "、").join(
        reason_text(c) for c in rows.unique()
    )
    return problem.format(role=role, column=column, reasons=reasons) + fix
