"""The first sheet of a shop history's report: 变化与提醒 / What changed.

From :class:`app.core.changes.findings.HistoryFindings`, in the order an owner reads them: the
alerts and what is new since the last import (:mod:`app.io.report.changes_alerts`), the
complaint tags' rates against before and the complaint share per period
(:mod:`app.io.report.changes_periods`), each marked fix before vs after and, when asked, the
comparison with another source (:mod:`app.io.report.changes_compare`), on the grid of
:mod:`app.io.report.changes_layout`. Every cell is written with :func:`app.io.report.style.put`
(never a formula).
"""

from __future__ import annotations

from datetime import datetime

from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes.findings import HistoryFindings
from app.core.results import AnalysisResult
from app.io.report import facts
from app.io.report import style as st
from app.io.report.changes_alerts import write_alerts, write_since
from app.io.report.changes_compare import write_comparison, write_fixes
from app.io.report.changes_layout import FIRST, LAST, WIDTHS, merged, note
from app.io.report.changes_periods import write_shares, write_tag_changes
from app.io.report.style import Lang


def write_changes(
    ws: Worksheet, result: AnalysisResult, found: HistoryFindings, lang: Lang
) -> None:
    """The sheet 变化与提醒 (see the module docstring)."""
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    st.set_widths(ws, WIDTHS, FIRST)
    st.print_setup(ws)  # first: keeping the chart on one page needs the page size
    merged(
        ws,
        1,
        lang("变化与提醒", "What changed"),
        {"font": st.font(18, bold=True, color=st.ACCENT)},
        FIRST,
        LAST,
    )
    ws.row_dimensions[1].height = 34
    span = facts.date_range(result)
    when = (
        lang(
            f"{span[0]:%Y-%m-%d} 至 {span[1]:%Y-%m-%d}", f"{span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}"
        )
        if span
        else lang("无日期", "no dates")
    )
    made = datetime.now().strftime("%Y-%m-%d %H:%M")
    row = note(
        ws,
        2,
        lang(
            f"店铺历史里的 {len(result.reviews):,} 条评价，评价日期 {when}；"
            f"ReviewLens 评论透镜生成于 {made}。比例都是“提到这个问题的评价 ÷ 同期全部评价”，"
            "条数写在旁边。",
            f"The {len(result.reviews):,} reviews of the shop history, dated {when}; made by "
            f"ReviewLens on {made}. Every rate is reviews mentioning the problem ÷ all reviews "
            "of the same time, with the counts beside.",
        ),
    )
    row += 1
    row = write_alerts(ws, row, result, found, lang)
    row = write_since(ws, row, found, lang)
    row = write_tag_changes(ws, row, found, lang)
    row = write_shares(ws, row, found, lang)
    row = write_fixes(ws, row, found, lang)
    if found.comparison is not None:
        write_comparison(ws, row, found.comparison, lang)
