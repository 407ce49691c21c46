"""The four-column verdict table shared by 「改动效果」 and 「与对手对比」: label | rate | rate |
verdict, the verdict coloured, the table as tall as its rows (no scroll bars), and the rate cells."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.core.changes.common import pct
from app.core.i18n import tr

VERDICT_COLUMN = 3


def rate_text(row: pd.Series, side: str) -> str:
    """「25%（45/180 条）」, or 没有评价."""
    n = int(row[f"{side}_reviews"])
    if not n:
        return tr("没有评价", "no reviews")
    rate, count = row[f"{side}_rate"], int(row[f"{side}_count"])
    return tr(f"{pct(rate)}（{count}/{n:,} 条）", f"{pct(rate)} ({count} of {n:,})")


def make_verdict_table() -> QTableWidget:
    """A read-only four-column table without selection, row numbers or scroll bars."""
    table = QTableWidget(0, 4)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def fill_verdict_table(
    table: QTableWidget,
    rows: Sequence[tuple[Sequence[str], str]],
    colours: dict[str, str],
    bold_first: bool = False,
) -> None:
    """Put ``rows`` (cells, verdict key) in ``table``: each cell with itself as tool tip, the
    verdict cell coloured by ``colours[verdict]``; ``bold_first`` makes the first row bold.
    The table is then sized to show every row."""
    table.setRowCount(len(rows))
    for r, (cells, verdict) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if c == VERDICT_COLUMN and verdict in colours:
                item.setForeground(QColor(colours[verdict]))
            if bold_first and r == 0:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)
    table.resizeRowsToContents()
    height = table.horizontalHeader().height() + 2 * table.frameWidth() + 2
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(height)


def table_cells(table: QTableWidget) -> list[list[str]]:
    """The table's cells, row by row (for tests)."""
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
