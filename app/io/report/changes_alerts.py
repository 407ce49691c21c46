"""The top of the sheet 变化与提醒: the alerts (each with its newest reviews quoted, date and
stars) and what is new since the last import."""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes import periods as pr
from app.core.changes.alerts import describe_alert
from app.core.changes.findings import HistoryFindings
from app.core.results import AnalysisResult
from app.io.report import style as st
from app.io.report.changes_layout import FIRST, LAST, TEXT, coloured, paragraph, section, table
from app.io.report.style import Lang

QUOTES = 5  # reviews quoted under each alert


def write_alerts(
    ws: Worksheet, row: int, result: AnalysisResult, found: HistoryFindings, lang: Lang
) -> int:
    """The section 需要注意: each alert in words above a table of its newest reviews."""
    row = section(ws, row, lang("需要注意", "Look at these now"))
    if not found.alerts:
        return (
            paragraph(
                ws,
                row,
                lang(
                    "没有提醒：最近 7 天没有集中出现的新问题，最近 30 天没有比例翻倍的问题，"
                    "也没有一连串好评之后突然出现的 1 星差评。",
                    "No alerts: no problem burst in the last 7 days, no problem's rate doubled "
                    "in the last 30 days, no 1-star review right after a run of good ones.",
                ),
            )
            + 1
        )
    reviews = result.reviews
    dates = pd.to_datetime(reviews["date"], errors="coerce")
    for number, alert in enumerate(found.alerts, start=1):
        colour = st.COMPLAINT if alert.severity >= 2 else st.INK
        row = paragraph(
            ws, row, f"{number}. {describe_alert(alert, lang.code)}", coloured(colour, True)
        )
        ids = [i for i in alert.review_ids if i in reviews.index]
        ids = sorted(ids, key=lambda i: dates.get(i, pd.NaT), reverse=True)[:QUOTES]
        cells = []
        for i in ids:
            day = dates.get(i)
            rating = pd.to_numeric(pd.Series([reviews.at[i, "rating"]]), errors="coerce").iloc[0]
            cells.append(
                [
                    (f"{day:%Y-%m-%d}" if pd.notna(day) else "—", st.BODY),
                    ("★" * int(rating) if pd.notna(rating) else "—", coloured(st.COMPLAINT)),
                    (str(reviews.at[i, "text"]), {**TEXT, "font": st.font(10, italic=True)}),
                ]
            )
        titles = [
            (lang("日期", "Date"), FIRST),
            (lang("星级", "Stars"), FIRST + 1),
            (
                lang(
                    f"评价原文（最新的 {len(ids)} 条，共 {alert.count} 条）",
                    f"Review (newest {len(ids)} of {alert.count})",
                ),
                LAST,
            ),
        ]
        row = table(ws, row, titles, cells) + 1
    return row


def write_since(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    """The section 上次导入之后: what the latest import added, in words."""
    row = section(ws, row, lang("上次导入之后", "New since the last import"))
    if found.since_import is None:
        text = lang(
            "店铺文件只导入过一次（或之前的评价没有日期）；下次导入后，这里会列出新增的评价。",
            "The shop file has one import so far (or the earlier reviews have no dates); after "
            "the next import this lists what is new.",
        )
    else:
        text = pr.describe_since(found.since_import, lang=lang.code)
    return paragraph(ws, row, text) + 1
