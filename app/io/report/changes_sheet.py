"""The first sheet of a shop history's report: 变化与提醒 / What changed.

From :class:`app.core.changes.findings.HistoryFindings`, in the order an owner reads them: the
alerts (each with up to :data:`QUOTES` of its reviews, date and stars), what is new since the
last import, the complaint tags' rates in the latest full period against before (counts beside,
a status in words), the complaint share per period (table and a native line chart, 0–100 %,
gaps for periods too small to have a rate), each marked fix before vs after (rates with their
95 % Wilson intervals and a verdict in words) and, when asked, the comparison with another
source. Every cell is written with :func:`app.io.report.style.put` (never a formula).
"""

from __future__ import annotations

import math
from datetime import datetime

import pandas as pd
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes import compare as cmp
from app.core.changes import fix_check as fc
from app.core.changes import periods as pr
from app.core.changes.alerts import describe_alert
from app.core.changes.common import pct
from app.core.changes.findings import HistoryFindings
from app.core.changes.stats import MIN_SIDE_REVIEWS, MIN_TAG_REVIEWS
from app.core.results import AnalysisResult
from app.io.report import charts, facts
from app.io.report import style as st
from app.io.report.style import Lang, put

QUOTES = 5  # reviews quoted under each alert
FIRST, LAST = 2, 9  # columns B..I; A is a narrow margin
WIDTHS = (17.0, 8.0, 10.0, 9.0, 8.0, 10.0, 8.0, 23.0)  # B..I: one A4 page wide, upright
TEXT_WIDTH = sum(WIDTHS) * 0.92  # merged cells: some room for wider fallback fonts
CHART_ROWS = 17  # rows a 7.5 cm chart covers


def _merged(ws: Worksheet, row: int, value: object, style: dict, first: int, last: int) -> None:
    put(ws, row, first, value, style)
    for col in range(first + 1, last + 1):  # the band fill and border reach across
        put(ws, row, col, None, style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _width(first: int, last: int) -> float:
    return sum(WIDTHS[first - FIRST : last - FIRST + 1])


def _paragraph(ws: Worksheet, row: int, text: str, style: dict | None = None) -> int:
    style = style or st.BODY_WRAP
    _merged(ws, row, text, style, FIRST, LAST)
    size = style["font"].sz or 10
    st.fit_height(ws, row, [(text, TEXT_WIDTH * 10 / size)])
    return row + 1


def _note(ws: Worksheet, row: int, text: str) -> int:
    return _paragraph(ws, row, text, st.NOTE)


def _section(ws: Worksheet, row: int, title: str) -> int:
    _merged(ws, row, title, st.SECTION, FIRST, LAST)
    ws.row_dimensions[row].height = 24
    return row + 1


def _table(
    ws: Worksheet,
    row: int,
    titles: list[tuple[str, int]],
    rows: list[list[tuple[object, dict]]],
) -> int:
    """A header (title, last column of the cell) and banded rows; each cell spans from the
    column after the previous one to its title's last column. Returns the row after it."""
    spans, col = [], FIRST
    aligns = [style.get("align") for _, style in rows[0]] if rows else [None] * len(titles)
    for (title, last), align in zip(titles, aligns, strict=True):
        _merged(ws, row, title, {**st.HEADER, "align": align}, col, last)
        spans.append((col, last))
        col = last + 1
    st.fit_height(
        ws, row, [(t, _width(a, b)) for (t, _), (a, b) in zip(titles, spans, strict=True)]
    )
    ws.row_dimensions[row].height = max(22.0, ws.row_dimensions[row].height or 0)
    for index, cells in enumerate(rows):
        row += 1
        band = {"fill": st.BAND} if index % 2 else {}
        wrapped = []
        for (value, style), (a, b) in zip(cells, spans, strict=True):
            _merged(ws, row, value, {**style, **band, "border": True}, a, b)
            if style.get("wrap"):
                wrapped.append((value, _width(a, b) * 10 / (style["font"].sz or 10)))
        st.fit_height(ws, row, wrapped)
    return row + 1


def _rate(value: object) -> float | None:
    """A rate for a percent cell; None (an empty cell, a gap in a chart) when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def _interval(low: object, high: object) -> str:
    if _rate(low) is None or _rate(high) is None:
        return "—"
    return f"{pct(low)}–{pct(high)}"


def _count(count: object, n: object) -> str:
    return f"{int(count):,}/{int(n):,}"


PCT = {**st.BODY, "fmt": st.PCT_WHOLE, "align": "center"}
NUM = {**st.BODY, "align": "center"}
TEXT = st.BODY_WRAP


def _coloured(colour: str, bold: bool = False) -> dict:
    return {**st.BODY_WRAP, "font": st.font(10, bold=bold, color=colour)}


def write_changes(
    ws: Worksheet, result: AnalysisResult, found: HistoryFindings, lang: Lang
) -> None:
    """The sheet 变化与提醒 (see the module docstring)."""
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    st.set_widths(ws, WIDTHS, FIRST)
    st.print_setup(ws)  # first: keeping the chart on one page needs the page size
    _merged(
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
    row = _note(
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
    row = _alerts(ws, row, result, found, lang)
    row = _since(ws, row, found, lang)
    row = _tag_changes(ws, row, found, lang)
    row = _shares(ws, row, found, lang)
    row = _fixes(ws, row, found, lang)
    if found.comparison is not None:
        _comparison(ws, row, found.comparison, lang)


def _alerts(
    ws: Worksheet, row: int, result: AnalysisResult, found: HistoryFindings, lang: Lang
) -> int:
    row = _section(ws, row, lang("需要注意", "Look at these now"))
    if not found.alerts:
        return (
            _paragraph(
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
        row = _paragraph(
            ws, row, f"{number}. {describe_alert(alert, lang.code)}", _coloured(colour, True)
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
                    ("★" * int(rating) if pd.notna(rating) else "—", _coloured(st.COMPLAINT)),
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
        row = _table(ws, row, titles, cells) + 1
    return row


def _since(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    row = _section(ws, row, lang("上次导入之后", "New since the last import"))
    if found.since_import is None:
        text = lang(
            "店铺文件只导入过一次（或之前的评价没有日期）；下次导入后，这里会列出新增的评价。",
            "The shop file has one import so far (or the earlier reviews have no dates); after "
            "the next import this lists what is new.",
        )
    else:
        text = pr.describe_since(found.since_import, lang=lang.code)
    return _paragraph(ws, row, text) + 1


STATUS = {
    pr.RISING: (("上升", "rising"), st.COMPLAINT),
    pr.NEW: (("新出现", "new"), st.COMPLAINT),
    pr.FALLING: (("下降", "falling"), st.PRAISE),
    pr.STEADY: (("没有明显变化", "no clear change"), st.INK),
    pr.TOO_FEW: (("评价太少", "too few reviews"), st.MUTED),
}


def _tag_changes(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    p, table = found.periods, found.changes
    row = _section(ws, row, lang("差评标签的变化（按比例）", "Complaint tags, as rates"))
    unit = lang("月", "month") if p is not None and p.freq == pr.MONTH else lang("周", "week")
    if p is None or table.empty:
        return (
            _note(
                ws,
                row,
                lang(
                    f"还不能比较：需要一个完整的{unit}，以及它之前的评价。",
                    f"Nothing to compare yet: it needs one full {unit} and reviews before it.",
                ),
            )
            + 1
        )
    latest = table.attrs.get("latest", p.latest_full)
    before = table.attrs.get("before", [])
    latest_name = pr.period_name(latest, p.freq, lang.code)
    row = _note(
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
    cells = []
    for _, r in table.iterrows():
        (zh, en), colour = STATUS[r["status"]]
        cells.append(
            [
                (r["label"], TEXT),
                (_rate(r["latest_rate"]), PCT),
                (_count(r["latest_count"], r["latest_reviews"]), NUM),
                (_rate(r["before_rate"]), PCT),
                (_count(r["before_count"], r["before_reviews"]), NUM),
                (lang(zh, en), _coloured(colour, colour == st.COMPLAINT)),
            ]
        )
    titles = [
        (lang("差评标签", "Complaint tag"), FIRST),
        (lang(f"最近一{unit}", f"Latest {unit}"), FIRST + 1),
        (lang("条数", "Reviews"), FIRST + 2),
        (lang("此前", "Before"), FIRST + 3),
        (lang("条数", "Reviews"), FIRST + 4),
        (lang("状态", "Status"), LAST),
    ]
    return _table(ws, row, titles, cells) + 1


def _shares(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    p = found.periods
    if p is not None and len(p.table) >= 2:
        ws.row_breaks.append(Break(id=row - 1))
    row = _section(ws, row, lang("每期含不满的比例", "Share of reviews with a complaint"))
    if p is None:
        return (
            _note(
                ws, row, lang("评价日期太少，无法按期统计。", "Too few dates to count per period.")
            )
            + 1
        )
    small = pr.MIN_PERIOD_REVIEWS
    row = _note(
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
                (_rate(r["complaint_share"]), PCT),
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
    return _table(ws, header, titles, cells) + 1


VERDICT_COLOURS = {fc.WORSE: st.COMPLAINT, fc.BETTER: st.PRAISE, fc.NO_CHANGE: st.INK}


def _fixes(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    row = _section(ws, row, lang("改动前后对比", "Before and after your changes"))
    if not found.fixes:
        return (
            _note(
                ws,
                row,
                lang(
                    "还没有记下的改动。用 shop analyze 店铺 --change 2024-05-01:换了顺丰 记下一次"
                    "改动，以后每次分析都会对比改动前后。",
                    "No change marked yet. shop analyze SHOP --change 2024-05-01:switched courier "
                    "marks one; every later analysis compares before and after it.",
                ),
            )
            + 1
        )
    row = _note(
        ws,
        row,
        lang(
            "区间：真实比例有 95% 的可能在这个范围内。结论由两比例检验（95%）决定，前后各需至少 "
            f"{MIN_SIDE_REVIEWS} 条评价、这个问题前后合计至少 {MIN_TAG_REVIEWS} 条，"
            "否则写“还看不出来（评价太少）”。改动后的评价可能仍是改动前下的订单。",
            "Range: the true rate is within it with 95 % likelihood. The verdict comes from the "
            f"two-proportion test (95 %); it needs {MIN_SIDE_REVIEWS} reviews on each side and "
            f"{MIN_TAG_REVIEWS} of the problem in all, otherwise “too early to tell”. Reviews "
            "after the date may still be of orders placed before it.",
        ),
    )
    for check in found.fixes:
        st.keep_together(ws, row, 18.0 * (len(check.table) + 3))  # its title with its table
        what = check.description or lang("这次改动", "the change")
        row = _paragraph(
            ws,
            row,
            f"{what}（{check.date:%Y-%m-%d}）"
            if lang.code == "zh"
            else f"{what} ({check.date:%Y-%m-%d})",
            {**st.BODY_WRAP, "font": st.font(11, bold=True, color=st.ACCENT)},
        )
        cells = []
        for key, r in check.table.iterrows():
            name = r["label"] if key != fc.OVERALL else lang("含不满（整体）", "Any complaint")
            verdict = r["verdict"]
            cells.append(
                [
                    (name, {**TEXT, "font": st.font(10, bold=key == fc.OVERALL)}),
                    (_rate(r["before_rate"]), PCT),
                    (_interval(r["before_low"], r["before_high"]), NUM),
                    (_count(r["before_count"], r["before_reviews"]), NUM),
                    (_rate(r["after_rate"]), PCT),
                    (_interval(r["after_low"], r["after_high"]), NUM),
                    (_count(r["after_count"], r["after_reviews"]), NUM),
                    (
                        fc.verdict_words(verdict, lang.code),
                        _coloured(
                            VERDICT_COLOURS.get(verdict, st.MUTED), verdict in (fc.WORSE, fc.BETTER)
                        ),
                    ),
                ]
            )
        titles = [
            (lang("问题", "Problem"), FIRST),
            (lang("之前", "Before"), FIRST + 1),
            (lang("区间", "Range"), FIRST + 2),
            (lang("条数", "Reviews"), FIRST + 3),
            (lang("之后", "After"), FIRST + 4),
            (lang("区间", "Range"), FIRST + 5),
            (lang("条数", "Reviews"), FIRST + 6),
            (lang("结论", "Verdict"), LAST),
        ]
        row = _table(ws, row, titles, cells) + 1
    return row


COMPARE_ORDER = {cmp.THEY_BETTER: 0, cmp.WE_BETTER: 1, cmp.NO_CHANGE: 2, cmp.TOO_FEW: 3}


def _comparison(ws: Worksheet, row: int, c: cmp.Comparison, lang: Lang) -> int:
    row = _section(ws, row, lang(f"与“{c.theirs}”对比", f"Compared with “{c.theirs}”"))
    row = _note(
        ws,
        row,
        lang(
            f"{c.ours}和{c.theirs}的评价放在一起分析，按同样的标签比较比例；{c.theirs}明显更少的"
            "问题（他们做得更好的地方）排在前面。",
            f"The reviews of {c.ours} and {c.theirs} analysed together and compared tag by tag; "
            f"the problems clearly rarer at {c.theirs} (where they beat us) come first.",
        ),
    )
    row = _paragraph(
        ws,
        row,
        cmp.describe_row(
            c.overall, lang("含不满的评价", "Reviews with a complaint"), c.ours, c.theirs, lang.code
        ),
    )
    words = {
        cmp.THEY_BETTER: (
            lang(f"{c.theirs}明显更少", f"clearly fewer at {c.theirs}"),
            st.COMPLAINT,
        ),
        cmp.WE_BETTER: (lang(f"{c.ours}明显更少", f"clearly fewer at {c.ours}"), st.PRAISE),
        cmp.NO_CHANGE: (lang("没有明显差别", "no clear difference"), st.INK),
        cmp.TOO_FEW: (lang("评价太少，还看不出来", "too few reviews to tell"), st.MUTED),
    }
    tags = c.tags.assign(_o=c.tags["verdict"].map(COMPARE_ORDER), _d=c.tags["diff"])
    tags = tags.sort_values(["_o", "_d"], kind="stable")
    cells = []
    for _, r in tags.iterrows():
        text, colour = words[r["verdict"]]
        cells.append(
            [
                (r["label"], TEXT),
                (_rate(r["ours_rate"]), PCT),
                (_count(r["ours_count"], r["ours_reviews"]), NUM),
                (_rate(r["theirs_rate"]), PCT),
                (_count(r["theirs_count"], r["theirs_reviews"]), NUM),
                (text, _coloured(colour, r["verdict"] == cmp.THEY_BETTER)),
            ]
        )
    titles = [
        (lang("差评标签", "Complaint tag"), FIRST),
        (c.ours, FIRST + 1),
        (lang("条数", "Reviews"), FIRST + 2),
        (c.theirs, FIRST + 3),
        (lang("条数", "Reviews"), FIRST + 4),
        (lang("结论", "Verdict"), LAST),
    ]
    return _table(ws, row, titles, cells) + 1
