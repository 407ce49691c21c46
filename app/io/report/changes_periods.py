"""The period sections of the sheet 变化与提醒: each complaint tag's rate in the latest full
period against before (counts beside, a status in words), and the complaint share per period
(a table under a native line chart, 0–100 %, gaps for periods too small to have a rate)."""

from __future__ import annotations

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes import periods as pr
from app.core.changes.findings import HistoryFindings
from app.core.changes.stats import MIN_SIDE_REVIEWS, MIN_TAG_REVIEWS
from app.io.report import charts, facts
from app.io.report import style as st
from app.io.report.changes_layout import (
    CHART_ROWS,
    FIRST,
    LAST,
    PCT,
    coloured,
    note,
    rate,
    section,
    table,
    two_sides_table,
)
from app.io.report.style import Lang

STATUS = {
    pr.RISING: (("上升", "rising"), st.COMPLAINT),
    pr.NEW: (("新出现", "new"), st.COMPLAINT),
    pr.FALLING: (("下降", "falling"), st.PRAISE),
    pr.STEADY: (("没有明显变化", "no clear change"), st.INK),
    pr.TOO_FEW: (("评价太少", "too few reviews"), st.MUTED),
}


def write_tag_changes(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    """The section 差评标签的变化: the latest full period against the periods before it."""
    p, changes = found.periods, found.changes
    row = section(ws, row, lang("差评标签的变化（按比例）", "Complaint tags, as rates"))
    unit = lang("月", "month") if p is not None and p.freq == pr.MONTH else lang("周", "week")
    if p is None or changes.empty:
        return (
            note(
                ws,
                row,
                lang(
                    f"还不能比较：需要一个完整的{unit}，以及它之前的评价。",
                    f"Nothing to compare yet: it needs one full {unit} and reviews before it.",
                ),
            )
            + 1
        )
    latest = changes.attrs.get("latest", p.latest_full)
    before = changes.attrs.get("before", [])
    latest_name = pr.period_name(latest, p.freq, lang.code)
    row = note(
        ws,
        row,
        lang(
            f"最近一个完整的{unit}（{latest_name}）与此前 {len(before)} 个{unit}合计比较。"
            f"差别在 95% 的把握下成立才算上升或下降；两边各需至少 {MIN_SIDE_REVIEWS} 条评价、"
            f"这个标签合计至少 {MIN_TAG_REVIEWS} 条，否则写“评价太少”。",
            f"The latest full {unit} ({latest_name}) against the {len(before)} {unit}s before "
            f"it together. Rising or falling only when the difference holds at 95 %; it needs "
            f"{MIN_SIDE_REVIEWS} reviews on each side and {MIN_TAG_REVIEWS} of the tag in all, "
            "otherwise “too few reviews”.",
        ),
    )
    items = []
    for _, r in changes.iterrows():
        (zh, en), colour = STATUS[r["status"]]
        items.append((r, (lang(zh, en), coloured(colour, colour == st.COMPLAINT))))
    return two_sides_table(
        ws,
        row,
        lang,
        items,
        sides=("latest", "before"),
        heads=(lang(f"最近一{unit}", f"Latest {unit}"), lang("此前", "Before")),
        last_head=lang("状态", "Status"),
    )


def write_shares(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    """The section 每期含不满的比例: a line chart above its table, from the top of a page."""
    p = found.periods
    if p is not None and len(p.table) >= 2:
        ws.row_breaks.append(Break(id=row - 1))
    row = section(ws, row, lang("每期含不满的比例", "Share of reviews with a complaint"))
    if p is None:
        return (
            note(
                ws, row, lang("评价日期太少，无法按期统计。", "Too few dates to count per period.")
            )
            + 1
        )
    small = pr.MIN_PERIOD_REVIEWS
    row = note(
        ws,
        row,
        lang(
            f"评价少于 {small} 条的期不算比例（图上留空）；数据没有覆盖全部天数的期标为“不完整”。",
            f"Periods with fewer than {small} reviews get no rate (a gap in the chart); periods "
            "the data does not fully cover are marked “partial”.",
        ),
    )
    cells = []
    labels = facts.period_labels(p.table.index, p.freq, lang)
    for label, (_, r) in zip(labels, p.table.iterrows(), strict=True):
        notes = []
        if r["partial"]:
            notes.append(
                lang(
                    f"不完整（只有 {r['covered']:.0%} 的天数）",
                    f"partial ({r['covered']:.0%} of its days)",
                )
            )
        if r["small"]:
            notes.append(lang(f"评价少于 {small} 条，不算比例", f"under {small} reviews: no rate"))
        cells.append(
            [
                (label, st.BODY),
                (int(r["reviews"]), {**st.NUMBER, "align": "center"}),
                (int(r["with_complaint"]), {**st.NUMBER, "align": "center"}),
                (rate(r["complaint_share"]), PCT),
                (lang("；", "; ").join(notes), {**st.NOTE, "wrap": True}),
            ]
        )
    titles = [
        (
            lang("月份", "Month") if p.freq == pr.MONTH else lang("周（周一）", "Week (Monday)"),
            FIRST,
        ),
        (lang("评价数", "Reviews"), FIRST + 1),
        (lang("含不满", "With a complaint"), FIRST + 2),
        (lang("含不满比例", "Complaint share"), FIRST + 3),
        (lang("备注", "Note"), LAST),
    ]
    header = row
    if len(cells) >= 2:  # the chart above its table, both from the top of a printed page
        header += CHART_ROWS + 1
        first, last = header + 1, header + len(cells)
        charts.line_chart(
            ws,
            title=lang("含不满的评价占比", "Share of reviews with a complaint"),
            cats=(FIRST, first, last),
            data=[(FIRST + 3, first, last)],
            colours=(st.COMPLAINT,),
            percent=True,
            anchor=f"B{row}",
            size=(17.0, 7.5),
        )
    return table(ws, header, titles, cells) + 1
