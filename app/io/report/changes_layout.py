"""The grid of the sheet 变化与提醒 and its writers: merged bands, paragraphs, sections, tables.

Columns B..I (:data:`FIRST`..:data:`LAST`) are one upright A4 page wide; column A is a narrow
margin. Every writer takes the row to start at and returns the row after what it wrote.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from app.core.changes.common import pct
from app.io.report import style as st
from app.io.report.style import Lang, put

FIRST, LAST = 2, 9  # columns B..I; A is a narrow margin
WIDTHS = (17.0, 8.0, 10.0, 9.0, 8.0, 10.0, 8.0, 23.0)  # B..I: one A4 page wide, upright
TEXT_WIDTH = sum(WIDTHS) * 0.92  # merged cells: some room for wider fallback fonts
CHART_ROWS = 17  # rows a 7.5 cm chart covers

PCT = {**st.BODY, "fmt": st.PCT_WHOLE, "align": "center"}
NUM = {**st.BODY, "align": "center"}
TEXT = st.BODY_WRAP

Cell = tuple[object, dict]


def merged(ws: Worksheet, row: int, value: object, style: dict, first: int, last: int) -> None:
    """``value`` in columns ``first``..``last`` of ``row``, merged, the style across all of them."""
    put(ws, row, first, value, style)
    for col in range(first + 1, last + 1):  # the band fill and border reach across
        put(ws, row, col, None, style)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def width(first: int, last: int) -> float:
    """The width of columns ``first``..``last`` together."""
    return sum(WIDTHS[first - FIRST : last - FIRST + 1])


def paragraph(ws: Worksheet, row: int, text: str, style: dict | None = None) -> int:
    """A wrapped text across the page, the row as tall as the text needs."""
    style = style or st.BODY_WRAP
    merged(ws, row, text, style, FIRST, LAST)
    size = style["font"].sz or 10
    st.fit_height(ws, row, [(text, TEXT_WIDTH * 10 / size)])
    return row + 1


def note(ws: Worksheet, row: int, text: str) -> int:
    """A paragraph in the small muted note style."""
    return paragraph(ws, row, text, st.NOTE)


def section(ws: Worksheet, row: int, title: str) -> int:
    """A section's title band across the page."""
    merged(ws, row, title, st.SECTION, FIRST, LAST)
    ws.row_dimensions[row].height = 24
    return row + 1


def table(
    ws: Worksheet,
    row: int,
    titles: list[tuple[str, int]],
    rows: list[list[Cell]],
) -> int:
    """A header (title, last column of the cell) and banded rows; each cell spans from the
    column after the previous one to its title's last column. Returns the row after it."""
    spans, col = [], FIRST
    aligns = [style.get("align") for _, style in rows[0]] if rows else [None] * len(titles)
    for (title, last), align in zip(titles, aligns, strict=True):
        merged(ws, row, title, {**st.HEADER, "align": align}, col, last)
        spans.append((col, last))
        col = last + 1
    st.fit_height(ws, row, [(t, width(a, b)) for (t, _), (a, b) in zip(titles, spans, strict=True)])
    ws.row_dimensions[row].height = max(22.0, ws.row_dimensions[row].height or 0)
    for index, cells in enumerate(rows):
        row += 1
        band = {"fill": st.BAND} if index % 2 else {}
        wrapped = []
        for (value, style), (a, b) in zip(cells, spans, strict=True):
            merged(ws, row, value, {**style, **band, "border": True}, a, b)
            if style.get("wrap"):
                wrapped.append((value, width(a, b) * 10 / (style["font"].sz or 10)))
        st.fit_height(ws, row, wrapped)
    return row + 1


def two_sides_table(
    ws: Worksheet,
    row: int,
    lang: Lang,
    items: Iterable[tuple[pd.Series, Cell]],
    sides: tuple[str, str],
    heads: tuple[str, str],
    last_head: str,
) -> int:
    """A complaint tag's rate and count on two sides, then a word: ``items`` are (row, last
    cell); each row has ``label`` and ``<side>_rate``, ``_count``, ``_reviews`` for both
    ``sides``, headed ``heads``. Returns the row after it and an empty row."""
    cells = [
        [(r["label"], TEXT), *_side(r, sides[0]), *_side(r, sides[1]), last] for r, last in items
    ]
    titles = [
        (lang("差评标签", "Complaint tag"), FIRST),
        (heads[0], FIRST + 1),
        (lang("条数", "Reviews"), FIRST + 2),
        (heads[1], FIRST + 3),
        (lang("条数", "Reviews"), FIRST + 4),
        (last_head, LAST),
    ]
    return table(ws, row, titles, cells) + 1


def _side(r: pd.Series, side: str) -> list[Cell]:
    return [(rate(r[f"{side}_rate"]), PCT), (count(r[f"{side}_count"], r[f"{side}_reviews"]), NUM)]


def rate(value: object) -> float | None:
    """A rate for a percent cell; None (an empty cell, a gap in a chart) when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def interval(low: object, high: object) -> str:
    """A 95 % interval in words, ``—`` when either end is unknown."""
    if rate(low) is None or rate(high) is None:
        return "—"
    return f"{pct(low)}–{pct(high)}"


def count(part: object, n: object) -> str:
    """``part/n`` with thousands separators."""
    return f"{int(part):,}/{int(n):,}"


def coloured(colour: str, bold: bool = False) -> dict:
    """The wrapped body style in ``colour``."""
    return {**st.BODY_WRAP, "font": st.font(10, bold=bold, color=colour)}
