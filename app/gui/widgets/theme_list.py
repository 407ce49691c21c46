"""The themes of one polarity as a small table: name (edit in place), size, share, aspect, quote.

``renamed(key, label)`` fires after an in-place edit of a name. Hidden themes stay listed,
greyed, so they can be shown again.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.core.i18n import get_language
from app.core.naming import aspect_name, by_count

KEY_ROLE = Qt.ItemDataRole.UserRole
COLUMN_WIDTHS = (170, 70, 64, 100, 300, 70)
FIT = (0, 1, 2, 3, 5)  # columns widened to their header and names (the quote column stretches)
CELL_PADDING = 24


def counted(n: int) -> str:
    """`` (12)`` after a name: full-width brackets in Chinese, ASCII ones in English."""
    return f"（{n:,}）" if get_language() == "zh" else f" ({n:,})"


class ThemeList(QTableWidget):
    renamed = Signal(str, str)  # key, new label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self._filling = False
        self._names: Mapping[str, str] = {}
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.setColumnWidth(column, width)
        self.itemChanged.connect(self._item_changed)
        self.retranslateUi()

    def retranslateUi(self) -> None:
        self.setHorizontalHeaderLabels(
            [
                self.tr("主题（双击改名）"),
                self.tr("评价数"),
                self.tr("占比"),
                self.tr("主要方面"),
                self.tr("例句"),
                self.tr("状态"),
            ]
        )
        self.horizontalHeaderItem(2).setToolTip(self.tr("占这类（差评或好评）说法的比例"))
        self.fit_columns()

    def fit_columns(self) -> None:
        """Widen the short columns so that no header or aspect name is cut (never narrower
        than the defaults; the user's own wider widths are kept)."""
        header_metrics = self.horizontalHeader().fontMetrics()
        cell_metrics = self.fontMetrics()
        for column in FIT:
            item = self.horizontalHeaderItem(column)
            wanted = header_metrics.horizontalAdvance(item.text()) if item else 0
            for row in range(self.rowCount()):
                cell = self.item(row, column)
                if cell is not None:
                    wanted = max(wanted, cell_metrics.horizontalAdvance(cell.text()))
            width = max(COLUMN_WIDTHS[column], wanted + CELL_PADDING)
            if self.columnWidth(column) < width:
                self.setColumnWidth(column, width)

    def set_themes(self, themes: pd.DataFrame, names: Mapping[str, str] | None = None) -> None:
        """Fill from rows of ``result.themes`` (one polarity, hidden ones included), biggest
        review count first; ``names``: aspect key → name for the 主要方面 column
        (:func:`app.core.naming.aspect_names`)."""
        self._names = names or {}
        self._filling = True
        try:
            selected = set(self.selected_keys())
            self.clearContents()
            self.setRowCount(len(themes))
            for row, (_, theme) in enumerate(by_count(themes).iterrows()):
                self._fill_row(row, theme)
            self.fit_columns()
            self.clearSelection()
            for row in range(self.rowCount()):
                if self.key(row) in selected:
                    self.selectRow(row)
        finally:
            self._filling = False

    def _fill_row(self, row: int, theme: pd.Series) -> None:
        hidden = bool(theme["hidden"])
        quotes = [str(q) for q in theme["quotes"]] if isinstance(theme["quotes"], list) else []
        terms = [str(t) for t in theme["terms"]] if isinstance(theme["terms"], list) else []
        cells = [
            str(theme["label"]),
            f"{int(theme['review_count']):,}",
            f"{float(theme['share']):.0%}",
            aspect_name(theme["main_aspect"], self._names),
            f"“{quotes[0]}”" if quotes else "",
            self.tr("已隐藏") if hidden else "",
        ]
        tip = self.tr("关键词：{terms}").format(terms="、".join(terms[:8]))
        if quotes:
            tip += "\n" + "\n".join(f"“{q}”" for q in quotes)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(KEY_ROLE, str(theme["key"]))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            if column == 0:
                flags |= Qt.ItemFlag.ItemIsEditable
            item.setFlags(flags)
            item.setToolTip(tip)
            if column in (1, 2):
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if hidden:
                item.setForeground(QBrush(QColor("#9aa0a6")))
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            self.setItem(row, column, item)

    # -- selection -------------------------------------------------------------------------------
    def key(self, row: int) -> str:
        item = self.item(row, 0)
        return str(item.data(KEY_ROLE)) if item is not None else ""

    def selected_keys(self) -> list[str]:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.key(r) for r in rows if self.key(r)]

    def select_keys(self, keys: list[str]) -> None:
        self.clearSelection()
        for row in range(self.rowCount()):
            if self.key(row) in keys:
                self.selectRow(row)

    def is_hidden(self, key: str) -> bool:
        for row in range(self.rowCount()):
            if self.key(row) == key:
                return bool(self.item(row, 5).text())
        return False

    @Slot(QTableWidgetItem)
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        self.renamed.emit(str(item.data(KEY_ROLE)), item.text())
