"""Names and result types shared by the ingest stage, the exporters, the CLI and the GUI."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Column roles a header can play. Single-column roles; sub-scores may be several columns.
ROLES: tuple[str, ...] = (
    "text",  # the review itself
    "followup_text",  # 追评
    "followup_date",
    "date",  # review date
    "purchase_date",
    "rating",
    "product",
    "sku",
    "user",
    "reply",  # seller reply
    "order_id",
    "helpful",  # helpful votes / likes
)
SUBSCORES = "subscores"  # PDD 描述得分/物流得分/服务得分, Dianping 口味/环境/服务

PLATFORMS: dict[str, tuple[str, str]] = {
    "taobao": ("淘宝/天猫", "Taobao/Tmall"),
    "jd": ("京东", "JD"),
    "pdd": ("拼多多", "Pinduoduo"),
    "douyin": ("抖音", "Douyin"),
    "meituan": ("美团/大众点评/饿了么", "Meituan/Dianping/Ele.me"),
    "amazon": ("亚马逊", "Amazon"),
    "unknown": ("未识别", "unknown"),
}

# Stable column names of `--export-csv` (one line per input row), in this order.
EXPORT_COLUMNS: tuple[str, ...] = (
    "source_file",
    "source_row",
    "status",  # kept | dropped
    "reason",  # readable reason, in the chosen language; empty when kept
    "platform",
    "text",
    "followup_text",
    "rating",  # integer 1-5 or empty
    "date",  # ISO
    "followup_date",
    "product",
    "sku",
    "user",
    "reply",
    "order_id",
)

KEPT = "kept"
DROPPED = "dropped"


@dataclass
class ColumnRoles:
    """Which column of a table plays which role, and how sure we are."""

    mapping: dict[str, str] = field(default_factory=dict)  # role -> column name
    subscores: list[str] = field(default_factory=list)
    confidence: dict[str, str] = field(
        default_factory=dict
    )  # role -> "header"|"content"|"user"|"saved"

    def column(self, role: str) -> str | None:
        return self.mapping.get(role)


@dataclass
class FileReport:
    """What we understood about one input table, for the summary and the import-check page."""

    source_file: str
    file_format: str
    encoding: str | None
    sheet: str | None
    sheets: list[str]
    platform: str  # a key of PLATFORMS
    roles: ColumnRoles
    columns: list[str]
    header_row: int | None
    title_rows: int
    rows: int  # input rows (everything below the header)
    kept: int
    dropped: int
    mapping_source: str = "auto"  # "auto" | "saved" | "user"


@dataclass
class ImportResult:
    """Every input row of every file, each kept or dropped with a reason.

    ``ledger`` has one row per input row with the ``EXPORT_COLUMNS`` plus internal columns:
    ``review_id`` (int, unique over the import), ``reason_code`` (stable English code, e.g.
    ``placeholder``, ``empty``, ``punctuation_only``, ``duplicate``, ``blank_row``,
    ``repeated_header``), ``analysis_text`` / ``followup_analysis_text`` (cleaned text used for
    analysis: entities decoded, repeated characters compressed; empty when there is no opinion),
    ``purchase_date``, ``helpful``, ``sheet`` and one column per sub-score (``subscore:<name>``).
    Dates are pandas datetimes (NaT when unknown); ``rating`` is nullable Int64.
    """

    ledger: pd.DataFrame
    files: list[FileReport]
    warnings: list[str] = field(default_factory=list)  # readable, in the chosen language

    @property
    def kept(self) -> pd.DataFrame:
        return self.ledger[self.ledger["status"] == KEPT]

    @property
    def dropped(self) -> pd.DataFrame:
        return self.ledger[self.ledger["status"] == DROPPED]

    def drop_reasons(self) -> pd.Series:
        """Count of dropped rows per readable reason, largest first."""
        return self.dropped["reason"].value_counts()
