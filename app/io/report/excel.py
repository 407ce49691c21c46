"""The Excel report: one workbook a shop owner can forward, written from an AnalysisResult.

Sheets (names in the report language): 变化与提醒 / What changed (first, only for a shop
history), 概览 / Overview, 差评标签 / Complaint tags,
好评标签 / Praise tags, 方面 / Aspects, SKU (when products or SKUs exist), 趋势 / Trends
(when dates exist), 评论明细 / All reviews (split every 1,048,575 rows) and 删除的行 /
Dropped rows. Summary sheets are built with openpyxl (native charts, embedded PNGs); the two
large sheets are streamed by :mod:`app.io.report.bigsheet`. The file is written to a temporary
file beside the target and renamed, so a failure never leaves a broken report.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from app.core.changes.findings import HistoryFindings
from app.core.i18n import LANGUAGES, get_language
from app.core.naming import aspect_names, joined_names
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.results import AnalysisResult
from app.io.atomic import atomic_path, check_target
from app.io.report import bigsheet as big
from app.io.report import charts, facts
from app.io.report import style as st
from app.io.report.changes_sheet import write_changes
from app.io.report.overview import write_overview
from app.io.report.sheets import write_aspects, write_skus, write_themes, write_trends
from app.io.report.style import Lang

__all__ = ["sheet_names", "write_report"]


def sheet_names(lang: str = "zh") -> dict[str, str]:
    """Sheet key -> title in ``lang``."""
    t = Lang(lang)
    return {
        "changes": t("变化与提醒", "What changed"),
        "overview": t("概览", "Overview"),
        "complaints": t("差评标签", "Complaint tags"),
        "praise": t("好评标签", "Praise tags"),
        "aspects": t("方面", "Aspects"),
        "skus": t("SKU", "SKUs"),
        "trends": t("趋势", "Trends"),
        "reviews": t("评论明细", "All reviews"),
        "dropped": t("删除的行", "Dropped rows"),
    }


def write_report(
    result: AnalysisResult,
    path: str | Path,
    *,
    lang: str | None = None,
    images: bool = True,
    pictures: charts.PictureSource | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    findings: HistoryFindings | None = None,
) -> Path:
    """Write the report to ``path`` (atomically) and return it. Raises OutputError, Cancelled.

    ``findings`` (the analysis of a shop history) puts the sheet 变化与提醒 / What changed
    first (:mod:`app.io.report.changes_sheet`); a report of plain exports has none.

    ``images=False`` leaves out the pictures (word clouds, heat map). ``pictures`` gives their
    PNGs by chart name when they are drawn elsewhere (``analyze --charts`` draws them once for
    both); it is asked just before the workbook is saved. By default they are drawn here.
    """
    code = lang or get_language()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; use one of {LANGUAGES}")
    with st.report_language(code):
        return _write_report(result, Path(path), code, images, pictures, progress, cancel, findings)


def _write_report(
    result: AnalysisResult,
    target: Path,
    code: str,
    images: bool,
    pictures: charts.PictureSource | None,
    progress: ProgressFn,
    cancel: CancelToken | None,
    findings: HistoryFindings | None = None,
) -> Path:
    t = Lang(code)
    cancel = cancel or CancelToken()
    check_target(target, "评论分析报告.xlsx")
    names = sheet_names(code)

    progress(0.0, t("计算报告数字", "Computing the report's figures"))
    change = facts.theme_change(result)
    skus = facts.sku_table(result, t)
    cancel.check()

    wb = Workbook()
    overview = wb.active
    overview.title = names["overview"]
    write_overview(overview, result, t, change, skus)
    if findings is not None:
        write_changes(wb.create_sheet(names["changes"], 0), result, findings, t)
        wb.active = 0
    progress(0.1, t("写入主题和方面", "Writing themes and aspects"))
    placements: list[charts.Placement] | None = [] if images else None
    write_themes(wb.create_sheet(names["complaints"]), result, "complaint", t, change, placements)
    cancel.check()
    write_themes(wb.create_sheet(names["praise"]), result, "praise", t, change, placements)
    cancel.check()
    write_aspects(wb.create_sheet(names["aspects"]), result, t)
    if not skus.empty:
        write_skus(wb.create_sheet(names["skus"]), result, skus, t, placements)
    if result.trend is not None and not result.trend.empty:
        write_trends(wb.create_sheet(names["trends"]), result, change, t)
    cancel.check()
    parts = big.add_placeholders(wb, review_table(result, names["reviews"], t))
    parts += big.add_placeholders(wb, dropped_table(result, names["dropped"], t))
    if placements:
        progress(0.2, t("绘制词云和热力图", "Drawing the word clouds and heat map"))
        charts.place_pictures(placements, pictures or charts.draw_pictures(result, code))
        cancel.check()
    progress(0.3, t("保存工作簿", "Saving the workbook"))
    buffer = io.BytesIO()
    wb.save(buffer)
    cancel.check()

    with atomic_path(target, ".xlsx") as tmp:
        big.splice(
            buffer.getvalue(),
            str(tmp),
            parts,
            progress=lambda f: progress(0.35 + 0.63 * f, t("写入评论明细", "Writing all reviews")),
            check=cancel.check,
        )
    progress(1.0, t("报告已保存", "Report saved"))
    return target


def _text(series: pd.Series) -> pd.Series:
    """Plain Python strings, "" for missing values."""
    values = series.astype(object)
    return values.where(values.notna(), "").astype(str)


def _file_names(result: AnalysisResult, series: pd.Series) -> pd.Series:
    """The source file column as file names only (the report never shows the owner's folders),
    named alike on every sheet."""
    ledger = result.imported.ledger["source_file"].astype(str).unique().tolist()
    text = _text(series)
    names = st.file_names([*ledger, *text.unique().tolist()])
    return text.map(names)


def review_table(result: AnalysisResult, name: str, t: Lang) -> big.BigTable:
    """Every analysed review with its labels, rating, date, product, SKU, file and row."""
    r = result.reviews
    labels = {k: t.sentiment(k) for k in ("praise", "complaint", "mixed", "neutral")}
    yes = t("是", "yes")

    def flag(column: str) -> pd.Series:
        values = r[column] if column in r.columns else pd.Series(False, index=r.index)
        return pd.Series(
            values.fillna(False).astype(bool).map({True: yes, False: ""}), index=r.index
        )

    dates = pd.to_datetime(r["date"], errors="coerce")
    timed = bool((dates.dropna() != dates.dropna().dt.normalize()).any())
    cols = [
        big.BigColumn(t("评论", "Review"), _text(r["text"]), width=40, wrap=True),
        big.BigColumn(t("追评", "Follow-up"), _text(r["followup_text"]), width=20, wrap=True),
        big.BigColumn(
            t("情感", "Sentiment"),
            _text(r["sentiment"]).map(lambda k: labels.get(k, k)),
            width=9,  # 褒贬都有
            colours={
                labels["praise"]: st.PRAISE,
                labels["complaint"]: st.COMPLAINT,
                labels["mixed"]: st.MIXED,
                labels["neutral"]: st.NEUTRAL,
            },
        ),
        big.BigColumn(
            t("主题", "Themes"),
            _text(r["themes"]).str.replace(";", t.sep, regex=False),
            width=14,
            wrap=True,
        ),
        big.BigColumn(
            t("方面", "Aspects"),
            joined_names(_text(r["aspects"]), aspect_names(result.aspects, t.code), t.sep),
            width=11,
            wrap=True,
        ),
        big.BigColumn(t("评分", "Rating"), r["rating"], kind="int", width=6),
        big.BigColumn(
            t("日期", "Date"),
            dates,
            kind="date",
            width=16 if timed else 11,
            fmt=st.DATETIME if timed else st.DATE,
        ),
        big.BigColumn(t("商品", "Product"), _text(r["product"]), width=10),
        big.BigColumn("SKU", _text(r["sku"]), width=14),
        big.BigColumn(
            t("高星但不满", "High stars, unhappy"),
            flag("rating_text_mismatch"),
            width=6,
            colours={yes: st.COMPLAINT},
        ),
        big.BigColumn(
            t("追评变差", "Got worse"), flag("got_worse"), width=6, colours={yes: st.COMPLAINT}
        ),
        big.BigColumn(
            t("来源文件", "Source file"), _file_names(result, r["source_file"]), width=14
        ),
        big.BigColumn(t("行号", "Row"), r["source_row"], kind="int", width=6),
    ]
    return big.BigTable(name, cols)


def dropped_table(result: AnalysisResult, name: str, t: Lang) -> big.BigTable:
    """Rows left out of the analysis, with the file, row, reason and original text."""
    d = result.imported.dropped
    dates = (
        pd.to_datetime(d["date"], errors="coerce")
        if "date" in d.columns
        else pd.Series(pd.NaT, index=d.index)
    )

    def col(column: str) -> pd.Series:
        return (
            _text(d[column]) if column in d.columns else pd.Series("", index=d.index, dtype=object)
        )

    cols = [
        big.BigColumn(
            t("来源文件", "Source file"),
            _file_names(result, col("source_file")),
            width=14,
        ),
        big.BigColumn(
            t("行号", "Row"),
            d["source_row"] if "source_row" in d.columns else col("source_row"),
            kind="int",
            width=6,
        ),
        big.BigColumn(t("删除原因", "Reason"), col("reason"), width=16, wrap=True),
        big.BigColumn(t("原文", "Original text"), col("text"), width=40, wrap=True),
        big.BigColumn(t("追评", "Follow-up"), col("followup_text"), width=20, wrap=True),
        big.BigColumn(
            t("评分", "Rating"),
            d["rating"] if "rating" in d.columns else col("rating"),
            kind="int",
            width=6,
        ),
        big.BigColumn(t("日期", "Date"), dates, kind="date", width=11, fmt=st.DATE),
        big.BigColumn(t("商品", "Product"), col("product"), width=10),
        big.BigColumn("SKU", col("sku"), width=14),
    ]
    return big.BigTable(name, cols)
