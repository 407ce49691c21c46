"""The summary sheets: complaint / praise themes, aspects, SKUs, trends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.core.naming import aspect_name, aspect_names, by_count, stars, unspecified_line
from app.core.results import AnalysisResult
from app.core.reviews.labels import reviews_with
from app.io.report import charts, facts
from app.io.report import style as st
from app.io.report.style import Lang, put

TITLE_ROW, NOTE_ROW, HEADER_ROW = 1, 2, 4
CM = 72 / 2.54  # points per centimetre


@dataclass
class Col:
    title: str
    width: float
    style: dict


def write_table(ws: Worksheet, title: str, note: str, cols: Sequence[Col], rows: list[list]) -> int:
    """Title, note, header and rows; frozen header and autofilter. Returns the last data row."""
    put(ws, TITLE_ROW, 1, title, st.SECTION)
    ws.row_dimensions[TITLE_ROW].height = 24
    if note:
        put(ws, NOTE_ROW, 1, note, {**st.NOTE, "wrap": False})
    st.header_row(ws, HEADER_ROW, [c.title for c in cols])
    st.fit_height(ws, HEADER_ROW, [(c.title, c.width) for c in cols])
    ws.row_dimensions[HEADER_ROW].height = max(30.0, ws.row_dimensions[HEADER_ROW].height or 0)
    st.set_widths(ws, [c.width for c in cols])
    row = HEADER_ROW
    for values in rows:
        row += 1
        band = {"fill": st.BAND} if (row - HEADER_ROW) % 2 == 0 else {}
        for col, (spec, value) in enumerate(zip(cols, values, strict=True), start=1):
            put(ws, row, col, value, {**spec.style, **band})
        wrapped = [(v, c.width) for c, v in zip(cols, values, strict=True) if c.style.get("wrap")]
        st.fit_height(ws, row, wrapped)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    if rows:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(cols))}{row}"
    st.print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")  # the header on every page
    return row


def _quote_style() -> dict:
    return {**st.BODY_WRAP, "font": st.font(10, italic=True)}


def write_themes(
    ws: Worksheet,
    result: AnalysisResult,
    polarity: str,
    lang: Lang,
    change: facts.Change,
    pictures: list[charts.Placement] | None,
) -> None:
    """A theme table, a native bar chart and (when ``pictures`` is a list) the word cloud."""
    themes = result.themes_of(polarity)
    names = aspect_names(result.aspects, lang.code)
    base = reviews_with(result, polarity)  # the share is of the reviews with this kind
    dated = change.latest is not None and bool(change.previous)
    unit = lang("月", "month") if result.freq == facts.MONTH else lang("周", "week")
    complaint = polarity == "complaint"
    kind = lang("不满", "a complaint") if complaint else lang("夸奖", "praise")
    rated = bool(pd.to_numeric(result.reviews["rating"], errors="coerce").notna().any())
    cols = [
        Col(lang("标签", "Tag"), 12, st.BODY_WRAP),
        Col(lang(f"含{kind}的评论", "Reviews"), 7, st.NUMBER),
        Col(lang("分句数", "Clauses"), 6, st.NUMBER),
        Col(lang(f"占含{kind}评论", "Share"), 7, st.PERCENT),
        Col(lang("平均星级", "Avg stars"), 6, {**st.NUMBER, "fmt": "0.0"}),
        Col(lang("1–3星占比", "1–3★ share"), 7, st.PERCENT),
        Col(lang("主要方面", "Main aspect"), 8, st.BODY_WRAP),
    ]
    if dated:
        cols += [
            Col(lang(f"最近一{unit}", f"Latest {unit}"), 7, st.NUMBER),
            Col(lang(f"此前每{unit}平均", f"Before, per {unit}"), 8, {**st.NUMBER, "fmt": "0.0"}),
            Col(lang("变化", "Change"), 7, {**st.BODY, "fmt": st.PCT_CHANGE, "align": "center"}),
            Col(lang("各期评论数", "Reviews per period"), 12, st.BODY_WRAP),
        ]
    cols += [
        Col(lang("主要商品规格", "Top SKUs"), 18, st.BODY_WRAP),
        *(Col(lang(f"原话 {i}", f"Quote {i}"), 20, _quote_style()) for i in (1, 2, 3)),
    ]
    rows = []
    for _, theme in by_count(themes).iterrows():
        key = theme["key"]
        values: list[object] = [
            theme["label"],
            int(theme["review_count"]),
            int(theme["size"]),
            int(theme["review_count"]) / base if base else 0.0,
            *_star_cells(theme, rated),
            aspect_name(theme["main_aspect"], names),
        ]
        if dated:
            growth = change.growth(key)
            values += [
                change.latest_count(key),
                round(change.baseline(key) or 0.0, 1),
                round(growth, 4) if growth is not None else "—",
                " · ".join(str(v) for v in change.sequence(key)),
            ]
        skus = st.joined((f"{sku} ({count})" for sku, count in list(theme["top_skus"])[:3]), lang)
        quotes = [*list(theme["quotes"])[:3], "", "", ""][:3]
        values += [skus, *quotes]  # no key words: a tag's are its target and opinion, its label
        rows.append(values)
    title = lang("差评标签", "Complaint tags") if complaint else lang("好评标签", "Praise tags")
    note = lang(
        f"按评论计：评论里只要有一句{kind}就计入，整体判断是什么都算；占比的分母是含{kind}的"
        f" {base:,} 条评论。平均星级、1–3星占比：有这个标签的评论。已隐藏的标签不列出。",
        f"Reviews = reviews with a clause of this tag, whatever the review's overall label; "
        f"Share = of the {base:,} reviews with {kind}. Avg stars, 1–3★ share: of the reviews "
        "with the tag. Hidden tags are left out.",
    )
    last = write_table(ws, title, note, cols, rows)
    below = _below_tags(result, polarity, lang, names)
    for offset, line in enumerate(below, start=2):
        put(ws, last + offset, 1, line, {**st.NOTE, "wrap": False})
    anchor_row = last + 2 + len(below) + 1
    chart_width = 15.0
    if rows:
        shown = min(len(rows), 12)
        chart = charts.bar_chart(
            ws,
            title=title + lang(f"（含{kind}的评论数）", " (reviews)"),
            cats=(1, HEADER_ROW + 1, HEADER_ROW + shown),
            data=[(2, HEADER_ROW + 1, HEADER_ROW + shown)],
            anchor=f"A{anchor_row}",
            colours=(st.COMPLAINT if complaint else st.PRAISE,),
            size=(chart_width, max(6.0, 1.0 + 0.8 * shown)),
        )
        chart.legend = None
        st.keep_together(ws, anchor_row, chart.height * CM)
    if pictures is not None:
        col = st.column_after([c.width for c in cols], chart_width if rows else 0.0)
        anchor = f"{get_column_letter(col)}{anchor_row}"
        pictures.append(charts.Placement(ws, f"{polarity}_word_cloud", anchor))


def _star_cells(theme: pd.Series, rated: bool) -> list[object]:
    """平均星级 and 1–3星占比 of a tag (blank without ratings)."""
    mean = stars(theme.get("rating_mean")) if rated else None
    low = stars(theme.get("low_star_share")) if rated else None
    return [round(mean, 2) if mean is not None else None, low]


def _below_tags(
    result: AnalysisResult, polarity: str, lang: Lang, names: dict[str, str]
) -> list[str]:
    """The lines under a tag table: reviews saying nothing specific, the rarer things said
    (each aspect's 其他), and that a review can hold several tags."""
    lines = []
    if unspecified := unspecified_line(result.unspecified, polarity, lang.code):
        lines.append(unspecified + lang("，不计入任何标签。", "; they are in no tag."))
    other = result.other.get(polarity, {})
    parts = [
        f"{aspect_name(key, names) or lang('未归入方面', 'no aspect')} {n:,}"
        for key, n in sorted(other.items(), key=lambda item: (-item[1], item[0]))
        if n > 0
    ]
    if parts:
        lines.append(
            lang(
                f"其他（说法太少、不足 3 条评论的，按方面计评论数）：{lang.sep.join(parts)}。",
                f"Other (said in fewer than 3 reviews each; reviews per aspect): "
                f"{lang.sep.join(parts)}.",
            )
        )
    lines.append(
        lang(
            "一条评论可以有几个标签，所以各标签的占比加起来可超过 100%。",
            "A review can hold several tags, so the shares can add up to more than 100 %.",
        )
    )
    return lines


def write_aspects(ws: Worksheet, result: AnalysisResult, lang: Lang) -> None:
    aspects = result.aspects
    names = aspect_names(aspects, lang.code)
    cols = [
        Col(lang("方面", "Aspect"), 10, st.BODY_WRAP),
        Col(lang("好评分句", "Praise"), 8, st.NUMBER),
        Col(lang("差评分句", "Complaints"), 8, st.NUMBER),
        Col(lang("中性分句", "Neutral"), 8, st.NUMBER),
        Col(lang("占比", "Share"), 7, st.PERCENT),
        Col(lang("差评率", "Complaint rate"), 8, st.PERCENT),
        Col(lang("好评原话", "Praise quotes"), 36, _quote_style()),
        Col(lang("差评原话", "Complaint quotes"), 36, _quote_style()),
    ]
    rows = [
        [
            aspect_name(a["key"], names),
            int(a["praise"]),
            int(a["complaint"]),
            int(a["neutral"]),
            float(a["share"]),
            float(a["complaint_rate"]),
            "\n".join(list(a["praise_quotes"])[:3]),
            "\n".join(list(a["complaint_quotes"])[:3]),
        ]
        for _, a in aspects.iterrows()
    ]
    note = lang(
        "差评率 = 差评分句 ÷（好评分句 + 差评分句）；占比 = 该方面分句占全部带方面分句的比例。",
        "Complaint rate = complaint clauses / (praise + complaint clauses); Share = share of all "
        "clauses with an aspect.",
    )
    last = write_table(
        ws, lang("各方面的好评与差评", "Praise and complaints by aspect"), note, cols, rows
    )
    if rows:
        shown = min(len(rows), 15)
        charts.bar_chart(
            ws,
            title=lang("各方面的好评与差评分句", "Praise and complaint clauses by aspect"),
            cats=(1, HEADER_ROW + 1, HEADER_ROW + shown),
            data=[(2, HEADER_ROW + 1, HEADER_ROW + shown), (3, HEADER_ROW + 1, HEADER_ROW + shown)],
            colours=(st.PRAISE, st.COMPLAINT),
            stacked=True,
            anchor=f"A{last + 3}",
            size=(16.0, max(7.5, 2.5 + 0.9 * shown)),
        )
        st.keep_together(ws, last + 3, max(7.5, 2.5 + 0.9 * shown) * CM)


def write_skus(
    ws: Worksheet,
    result: AnalysisResult,
    table: pd.DataFrame,
    lang: Lang,
    pictures: list[charts.Placement] | None,
) -> None:
    group = facts.group_columns(result.reviews)
    names = {
        "product": Col(lang("商品", "Product"), 18, st.BODY_WRAP),
        "sku": Col("SKU", 26, st.BODY_WRAP),  # the full SKU text (the heat map shortens it)
    }
    cols = [names[c] for c in group] + [
        Col(lang("评论数", "Reviews"), 7, st.NUMBER),
        Col(lang("平均评分", "Avg rating"), 8, {**st.NUMBER, "fmt": st.AVG}),
        Col(lang("好评", "Praise"), 7, st.NUMBER),
        Col(lang("差评", "Complaints"), 8, st.NUMBER),
        Col(lang("差评率", "Complaint rate"), 8, st.PERCENT),
        Col(lang("主要差评主题", "Top complaint themes"), 30, st.BODY_WRAP),
    ]
    rows = []
    for _, r in table.iterrows():
        avg = r["avg_rating"]
        rows.append(
            [r[c] for c in group]
            + [
                int(r["reviews"]),
                round(float(avg), 2) if pd.notna(avg) else "—",
                int(r["praise"]),
                int(r["complaint"]),
                float(r["complaint_rate"]),
                r["top_themes"],
            ]
        )
    note = lang(
        f"差评率 = 差评评论 ÷ 评论数。评论少于 {facts.MIN_SKU_REVIEWS} 条的规格，差评率仅供参考。",
        f"Complaint rate = complaint reviews / reviews. Rates of variants with fewer than "
        f"{facts.MIN_SKU_REVIEWS} reviews are only indicative.",
    )
    last = write_table(ws, lang("各商品规格", "Products and variants"), note, cols, rows)
    rate_col = get_column_letter(len(group) + 5)
    if rows:
        ws.conditional_formatting.add(
            f"{rate_col}{HEADER_ROW + 1}:{rate_col}{last}",
            ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color="FFFFFF",
                end_type="num",
                end_value=1,
                end_color="F1948A",
            ),
        )
    if pictures is not None:
        pictures.append(charts.Placement(ws, "sku_aspect_heatmap", f"A{last + 3}"))


def write_trends(ws: Worksheet, result: AnalysisResult, change: facts.Change, lang: Lang) -> None:
    trend = result.trend
    assert trend is not None
    top = by_count(result.themes_of("complaint")).head(5)
    monthly = result.freq == facts.MONTH
    cols = [
        Col(lang("月份", "Month") if monthly else lang("周（周一）", "Week (Monday)"), 12, st.BODY),
        Col(lang("好评", "Praise"), 8, st.NUMBER),
        Col(lang("差评", "Complaints"), 8, st.NUMBER),
        Col(lang("褒贬都有", "Mixed"), 8, st.NUMBER),
        Col(lang("中性", "Neutral"), 8, st.NUMBER),
        Col(lang("合计", "Total"), 8, st.NUMBER),
        Col(lang("好评占比", "Praise share"), 10, st.PERCENT),
        Col(lang("差评占比", "Complaint share"), 10, st.PERCENT),
        Col(lang("褒贬都有占比", "Mixed share"), 10, st.PERCENT),
    ] + [
        Col(str(label), max(10.0, st.display_width(label) + 2.0), st.NUMBER)
        for label in top["label"]
    ]
    labels = facts.period_labels(trend.index, result.freq, lang)
    rows = []
    for label, (period, r) in zip(labels, trend.iterrows(), strict=True):
        rows.append(
            [
                label,
                int(r["praise"]),
                int(r["complaint"]),
                int(r.get("mixed", 0)),
                int(r["neutral"]),
                int(r["total"]),
            ]
            + (  # a thin period has no share (a gap in the chart), never 0 % or 100 %
                [
                    float(r["praise_share"]),
                    float(r["complaint_share"]),
                    r.get("mixed", 0) / r["total"],
                ]
                if r["total"] >= facts.MIN_PERIOD_REVIEWS
                else [None, None, None]
            )
            + [
                int(change.counts.at[period, k]) if k in change.counts.columns else 0
                for k in top["key"]
            ]
        )
    note = lang(
        f"每期的评论数和占比（评论少于 {facts.MIN_PERIOD_REVIEWS} 条的期不算占比，留空）；"
        "右侧为最大的差评标签每期提到的评论数。",
        f"Reviews per period and shares (left blank for periods under {facts.MIN_PERIOD_REVIEWS} "
        "reviews); on the right, reviews per period for the biggest complaint tags.",
    )
    last = write_table(ws, lang("趋势", "Trends"), note, cols, rows)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2)
    first = HEADER_ROW + 1
    below = last + 3  # under the table: beside it, they shrank the printed table to ~60 %
    if len(rows) >= 2:
        st.keep_together(ws, below, 17 * st.DEFAULT_ROW_HEIGHT + 7.5 * CM)  # both charts
        charts.line_chart(
            ws,
            title=lang("好评、差评与褒贬都有占比", "Praise, complaint and mixed share"),
            cats=(1, first, last),
            data=[(7, first, last), (8, first, last), (9, first, last)],
            colours=(st.PRAISE, st.COMPLAINT, st.MIXED),
            percent=True,
            anchor=f"A{below}",
        )
        if len(top):
            charts.line_chart(
                ws,
                title=lang("主要差评标签每期评论数", "Top complaint tags per period"),
                cats=(1, first, last),
                data=[(10 + i, first, last) for i in range(len(top))],
                anchor=f"A{below + 17}",
            )
