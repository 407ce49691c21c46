"""The first sheet: what a shop owner reads before anything else (values, not formulas)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.core.naming import adapted_note, by_count, unspecified_line
from app.core.results import AnalysisResult
from app.core.reviews.labels import LABELS, review_summary
from app.core.reviews.unhappy import (
    OVERALL,
    in_both_note,
    label_name,
    label_note,
    overall_counts,
    overall_percents,
    unhappy_sentence,
    unhappy_split,
)
from app.io.report import charts, facts
from app.io.report import style as st
from app.io.report.style import Lang, put

FIRST, LAST = 2, 9  # columns B..I; A is a narrow margin
COL_WIDTH = 13.5
TEXT_WIDTH = COL_WIDTH * (LAST - FIRST + 1)
TOP_THEMES = 5


def _merged(
    ws: Worksheet, row: int, value: object, style: dict, first: int = FIRST, last: int = LAST
) -> None:
    put(ws, row, first, value, style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _paragraph(ws: Worksheet, row: int, text: str, style: dict | None = None) -> int:
    _merged(ws, row, text, style or st.BODY_WRAP)
    st.fit_height(ws, row, [(text, TEXT_WIDTH)])
    return row + 1


def _note(ws: Worksheet, row: int, text: str) -> int:
    """A small 9 pt note over the whole width (more characters fit a line than at 10 pt)."""
    _merged(ws, row, text, st.NOTE)
    st.fit_height(ws, row, [(text, TEXT_WIDTH * 10 / 9)])
    return row + 1


def _section(ws: Worksheet, row: int, title: str) -> int:
    _merged(ws, row, title, st.SECTION)
    ws.row_dimensions[row].height = 24
    return row + 1


def _kpis(ws: Worksheet, row: int, blocks: list[tuple[str, object, str, str, str]]) -> int:
    """Up to four blocks side by side, two columns each: label, big value, small note."""
    for index, (label, value, fmt, colour, note) in enumerate(blocks):
        col = FIRST + 2 * index
        for r, (v, style) in enumerate(
            (
                (label, {"font": st.font(9, color=st.MUTED), "align": "center"}),
                (
                    value,
                    {"font": st.font(20, bold=True, color=colour), "fmt": fmt, "align": "center"},
                ),
                (note, {"font": st.font(9, color=st.MUTED), "align": "center"}),
            )
        ):
            _merged(
                ws, row + r, v, {**style, "fill": st.KPI_FILL, "valign": "center"}, col, col + 1
            )
    ws.row_dimensions[row].height = 18
    ws.row_dimensions[row + 1].height = 32
    ws.row_dimensions[row + 2].height = 18
    return row + 4


SENTIMENT_COLOURS = {
    "praise": st.PRAISE,
    "complaint": st.COMPLAINT,
    "mixed": st.MIXED,
    "neutral": st.NEUTRAL,
}


def _unhappy_blocks(result: AnalysisResult, lang: Lang) -> list[tuple[str, object, str, str, str]]:
    """含不满 first (how many customers complain about something), then the two flags."""
    s = review_summary(result)
    unhappy = (
        lang(*LABELS["with_complaint"]),
        s.with_complaint,
        st.INT,
        st.COMPLAINT,
        lang(f"占 {s.share(s.with_complaint):.0%} · 至少一句在抱怨",
             f"{s.share(s.with_complaint):.0%} · one complaining clause or more"),
    )  # fmt: skip
    return [unhappy, *_flag_blocks(result, lang)]


def _label_blocks(result: AnalysisResult, lang: Lang) -> list[tuple[str, object, str, str, str]]:
    """好评 / 差评 / 褒贬都有 / 中性: one label per review, whole percents adding up to 100."""
    counts, percents = overall_counts(result), overall_percents(result)
    return [
        (
            lang(label_name(key, "zh") + "占比", label_name(key, "en")),
            percents[key] / 100,
            st.PCT_WHOLE,
            SENTIMENT_COLOURS[key],
            lang(f"{counts[key]:,} 条 · ", f"{counts[key]:,} · ") + label_note(key, lang.code),
        )
        for key in OVERALL
    ]


def _flag_blocks(result: AnalysisResult, lang: Lang) -> list[tuple[str, object, str, str, str]]:
    """The two flags, or "—" when the export cannot support them (no stars, no 追评)."""
    s = review_summary(result)
    return [
        (
            lang(*LABELS["high_stars_unhappy"]),
            s.high_stars_unhappy if s.rated else "—",
            st.INT,
            st.COMPLAINT if s.rated else st.MUTED,
            lang(*LABELS["high_stars_unhappy_note" if s.rated else "no_ratings"]),
        ),
        (
            lang(*LABELS["got_worse"]),
            s.got_worse if s.followups else "—",
            st.INT,
            st.COMPLAINT if s.followups else st.MUTED,
            lang(*LABELS["got_worse_note" if s.followups else "no_followups"]),
        ),
    ]


def write_overview(
    ws: Worksheet, result: AnalysisResult, lang: Lang, change: facts.Change, skus: pd.DataFrame
) -> None:
    reviews = result.reviews
    imported = result.imported
    n = len(reviews)
    counts = overall_counts(result)
    percents = overall_percents(result)
    ratings = pd.to_numeric(reviews["rating"], errors="coerce").dropna()
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 2
    st.set_widths(ws, [COL_WIDTH] * (LAST - FIRST + 1), FIRST)

    _merged(
        ws,
        1,
        lang("评论分析报告", "Review analysis report"),
        {"font": st.font(18, bold=True, color=st.ACCENT)},
    )
    ws.row_dimensions[1].height = 34
    span = facts.date_range(result)
    paths = [f.source_file for f in imported.files] or list(
        dict.fromkeys(imported.ledger["source_file"].astype(str))
    )
    files = st.joined(st.file_names(paths).values(), lang)  # never the owner's folders
    when = (
        lang(
            f"{span[0]:%Y-%m-%d} 至 {span[1]:%Y-%m-%d}", f"{span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}"
        )
        if span
        else lang("无日期", "no dates")
    )
    row = _paragraph(
        ws,
        2,
        lang(f"评论日期：{when}　｜　文件：{files}", f"Review dates: {when}  |  Files: {files}"),
        st.NOTE,
    )
    made = datetime.now().strftime("%Y-%m-%d %H:%M")
    note = lang(f"ReviewLens 评论透镜生成于 {made}", f"Made by ReviewLens on {made}")
    if adapted := adapted_note(result.adapted_to, lang.code, result.self_trained_on):
        note += "　｜　" + adapted
    row = _paragraph(ws, row, note, st.NOTE) + 1

    row = _kpis(ws, row, _unhappy_blocks(result, lang))
    rated = bool(review_summary(result).rated)
    row = _note(ws, row - 1, unhappy_sentence(unhappy_split(result), lang.code))
    row = _note(
        ws,
        row,
        lang("下面每条评论按整条判断，只算一种，四项加起来 100%；",
             "Below, each review judged as a whole gets one label and the four add up to 100 %; ")
        + in_both_note(lang.code, rated) + lang("。", "."),
    )  # fmt: skip
    row = _kpis(ws, row, _label_blocks(result, lang))
    row = _kpis(
        ws,
        row,
        [
            (
                lang("读取的行", "Rows read"),
                len(imported.ledger),
                st.INT,
                st.INK,
                lang(f"{len(imported.files)} 个文件", f"{len(imported.files)} file(s)"),
            ),
            (lang("分析的评论", "Reviews analysed"), n, st.INT, st.INK, ""),
            (
                lang("删除的行", "Rows dropped"),
                len(imported.dropped),
                st.INT,
                st.MUTED,
                lang("原因见下方", "reasons below") if len(imported.dropped) else "",
            ),
            (
                lang("平均评分", "Average rating"),
                round(float(ratings.mean()), 2) if len(ratings) else "—",
                st.AVG,
                st.INK,
                lang(f"{len(ratings)} 条有评分", f"{len(ratings)} rated"),
            ),
        ],
    )
    reasons = imported.drop_reasons()
    if len(reasons):
        text = st.joined((f"{reason}：{count}" for reason, count in reasons.items()), lang)
        row = (
            _paragraph(
                ws,
                row,
                lang(f"删除的行（不参与分析）：{text}", f"Rows dropped (not analysed): {text}"),
                st.NOTE,
            )
            + 1
        )

    row = _section(ws, row, lang("最近的变化", "What changed most recently"))
    row = _paragraph(ws, row, facts.change_sentence(result, change, lang)) + 1

    items = facts.fix_first(result, change, skus, lang)
    if items:
        row = _section(ws, row, lang("先处理这些", "Fix these first"))
        for number, item in enumerate(items, start=1):
            row = _paragraph(ws, row, f"{number}. {item}")
        row += 1

    ws.row_breaks.append(Break(id=row - 1))  # page 2: the themes table and the charts
    row = _section(ws, row, lang("最大的差评标签", "Biggest complaint tags"))
    summary, split = review_summary(result), unhappy_split(result)
    row = _paragraph(
        ws,
        row,
        lang(
            f"按评论计：一条评论只要有一句在抱怨就计入，整体是好评的也算"
            f"（共 {summary.with_complaint:,} 条含不满内容的评论，"
            f"其中整体判为差评的 {split.complaint:,} 条、褒贬都有的 {split.mixed:,} 条）。",
            f"Counted in reviews: a review counts once it has one complaining clause, even when "
            f"it is praise overall ({summary.with_complaint:,} reviews with a complaint, "
            f"{split.complaint:,} of them complaint reviews and {split.mixed:,} mixed overall).",
        ),
        st.NOTE,
    )
    top = by_count(result.themes_of("complaint")).head(TOP_THEMES)
    header = row
    for col, title, last in (
        (2, lang("标签", "Tag"), 3),
        (4, lang("含不满的评论", "Reviews"), 4),
        (5, lang("占含不满评论", "Share of them"), 5),
        (6, lang("原话举例", "Example"), LAST),
    ):
        _merged(ws, row, title, st.HEADER, col, last)
    ws.row_dimensions[row].height = 22
    row += 1
    for _, theme in top.iterrows():
        quote = theme["quotes"][0] if len(theme["quotes"]) else ""
        band = {"fill": st.BAND} if (row - header) % 2 == 0 else {}
        _merged(ws, row, theme["label"], {**st.BODY_WRAP, **band}, 2, 3)
        put(ws, row, 4, int(theme["review_count"]), {**st.NUMBER, **band})
        mentioned = (
            int(theme["review_count"]) / summary.with_complaint if summary.with_complaint else 0.0
        )
        put(ws, row, 5, mentioned, {**st.PERCENT, **band})
        _merged(ws, row, quote, {**st.BODY_WRAP, **band, "font": st.font(10, italic=True)}, 6, LAST)
        st.fit_height(ws, row, [(quote, COL_WIDTH * 4), (theme["label"], COL_WIDTH * 2)])
        row += 1
    if top.empty:
        row = _paragraph(ws, row, lang("没有找到差评标签。", "No complaint tags found."), st.NOTE)
    last_theme = row - 1
    if unspecified := unspecified_line(result.unspecified, "complaint", lang.code):
        row += 1  # under the table, apart from it
        row = _paragraph(
            ws, row, unspecified + lang("（不计入任何标签）。", " (in no tag)."), st.NOTE
        )
    row += 1

    row = _section(ws, row, lang("评论情感", "Sentiment of the reviews"))
    for col, title in (
        (2, lang("情感", "Sentiment")),
        (3, lang("评论数", "Reviews")),
        (4, lang("占比", "Share")),
    ):
        put(ws, row, col, title, st.HEADER)
    sentiment_header = row
    for key in OVERALL:
        row += 1
        put(ws, row, 2, label_name(key, lang.code), st.BODY)
        put(ws, row, 3, counts[key], st.NUMBER)
        put(ws, row, 4, percents[key] / 100, {**st.PERCENT, "fmt": st.PCT_WHOLE})
        put(ws, row, 5, label_note(key, lang.code), st.NOTE)
    row += 2
    if n:
        charts.pie_chart(
            ws,
            title=lang("每条评论的整体判断", "Overall label of each review"),
            cats=(2, sentiment_header + 1, sentiment_header + len(OVERALL)),
            data=(3, sentiment_header + 1, sentiment_header + len(OVERALL)),
            colours=[SENTIMENT_COLOURS[k] for k in OVERALL],
            anchor=f"B{row}",
            size=(11.5, 7.5),
        )
    if not top.empty:
        charts.bar_chart(
            ws,
            title=lang("差评标签（含不满的评论数）", "Complaint tags (reviews with it)"),
            cats=(2, header + 1, last_theme),
            data=[(4, header + 1, last_theme)],
            anchor=f"F{row}",
            size=(13.5, 7.5),
        )
    st.print_setup(ws)
