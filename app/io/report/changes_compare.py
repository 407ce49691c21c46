"""The two-sided sections of the sheet 变化与提醒: each marked fix before vs after (rates with
their 95 % Wilson intervals and a verdict in words) and the comparison with another source."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes import compare as cmp
from app.core.changes import fix_check as fc
from app.core.changes.findings import HistoryFindings
from app.core.changes.stats import MIN_SIDE_REVIEWS, MIN_TAG_REVIEWS
from app.io.report import style as st
from app.io.report.changes_layout import (
    FIRST,
    LAST,
    NUM,
    PCT,
    TEXT,
    coloured,
    count,
    interval,
    note,
    paragraph,
    rate,
    section,
    table,
    two_sides_table,
)
from app.io.report.style import Lang

VERDICT_COLOURS = {fc.WORSE: st.COMPLAINT, fc.BETTER: st.PRAISE, fc.NO_CHANGE: st.INK}
COMPARE_ORDER = {cmp.THEY_BETTER: 0, cmp.WE_BETTER: 1, cmp.NO_CHANGE: 2, cmp.TOO_FEW: 3}


def write_fixes(ws: Worksheet, row: int, found: HistoryFindings, lang: Lang) -> int:
    """The section 改动前后对比: one titled table per marked change."""
    row = section(ws, row, lang("改动前后对比", "Before and after your changes"))
    if not found.fixes:
        return (
            note(
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
    row = note(
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
        row = paragraph(
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
                    (rate(r["before_rate"]), PCT),
                    (interval(r["before_low"], r["before_high"]), NUM),
                    (count(r["before_count"], r["before_reviews"]), NUM),
                    (rate(r["after_rate"]), PCT),
                    (interval(r["after_low"], r["after_high"]), NUM),
                    (count(r["after_count"], r["after_reviews"]), NUM),
                    (
                        fc.verdict_words(verdict, lang.code),
                        coloured(
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
        row = table(ws, row, titles, cells) + 1
    return row


def write_comparison(ws: Worksheet, row: int, c: cmp.Comparison, lang: Lang) -> int:
    """The section 与“…”对比: the tags clearly rarer at the other source first."""
    row = section(ws, row, lang(f"与“{c.theirs}”对比", f"Compared with “{c.theirs}”"))
    row = note(
        ws,
        row,
        lang(
            f"{c.ours}和{c.theirs}的评价放在一起分析，按同样的标签比较比例；{c.theirs}明显更少的"
            "问题（他们做得更好的地方）排在前面。",
            f"The reviews of {c.ours} and {c.theirs} analysed together and compared tag by tag; "
            f"the problems clearly rarer at {c.theirs} (where they beat us) come first.",
        ),
    )
    span = cmp.describe_span(c, lang.code)
    if span:
        row = paragraph(ws, row, span)
    row = paragraph(
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
    items = []
    for _, r in tags.iterrows():
        text, colour = words[r["verdict"]]
        items.append((r, (text, coloured(colour, r["verdict"] == cmp.THEY_BETTER))))
    return two_sides_table(
        ws,
        row,
        lang,
        items,
        sides=("ours", "theirs"),
        heads=(c.ours, c.theirs),
        last_head=lang("结论", "Verdict"),
    )
