"""A table editor of the aspect taxonomy: aspect name (中文 / English) → keywords.

Only the core aspects are edited here (industry packs keep theirs). 保存 writes the user copy
with ``save_taxonomy``; 恢复默认 deletes it (``reset_taxonomy``). Changes apply to the next
analysis: ``changed`` fires after either.
"""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.aspects.taxonomy import Aspect, load_taxonomy, reset_taxonomy, save_taxonomy
from app.core.errors import AppError
from app.core.i18n import tr
from app.gui.dialogs import error_dialog

KEY_ROLE = Qt.ItemDataRole.UserRole
SPLIT = re.compile(r"[、,，;；\s]+")


class TaxonomyEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cues: dict[str, tuple[str, ...]] = {}
        self.intro = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 3)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 120)
        self.table.setColumnWidth(1, 150)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_row)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_rows)
        self.save_button = QPushButton()
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.retranslateUi()
        self.reload()

    def retranslateUi(self) -> None:
        self.intro.setText(
            self.tr(
                "每个方面由一组关键词识别：分句里出现任一关键词，就算说到了这个方面。"
                "关键词用顿号或逗号隔开。保存后点“重新分析”生效。"
            )
        )
        self.table.setHorizontalHeaderLabels(
            [self.tr("方面"), self.tr("英文名"), self.tr("关键词（用顿号隔开）")]
        )
        self.table.setAccessibleName(tr("方面词表", "Aspects"))
        self.add_button.setText(self.tr("添加方面"))
        self.remove_button.setText(self.tr("删除所选方面"))
        self.save_button.setText(self.tr("保存词表"))
        self.reset_button.setText(self.tr("恢复默认"))
        self.reset_button.setToolTip(self.tr("丢弃你对词表的所有修改，用回自带的词表"))

    def reload(self) -> None:
        try:
            aspects = load_taxonomy().aspects
        except AppError as error:
            error_dialog.show_error(self, error)
            return
        self._cues = {a.key: a.negative_cues for a in aspects}
        self.table.setRowCount(0)
        for aspect in aspects:
            self._append(aspect.key, aspect.zh, aspect.en, "、".join(aspect.keywords))

    def _append(self, key: str, zh: str, en: str, keywords: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((zh, en, keywords)):
            item = QTableWidgetItem(text)
            item.setData(KEY_ROLE, key)
            self.table.setItem(row, column, item)

    @Slot()
    def add_row(self) -> None:
        self._append("", self.tr("新方面"), "", "")
        self.table.scrollToBottom()
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0))

    @Slot()
    def remove_rows(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def aspects(self) -> tuple[Aspect, ...]:
        """The table as aspects (rows without a name or keywords are skipped)."""
        out: list[Aspect] = []
        used: set[str] = set()
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in range(3)]
            zh, en, words = ((c.text().strip() if c else "") for c in cells)
            keywords = tuple(dict.fromkeys(w for w in SPLIT.split(words) if w))
            if not zh or not keywords:
                continue
            key = str(cells[0].data(KEY_ROLE) or "") if cells[0] else ""
            if not key:
                base = re.sub(r"[^a-z0-9]+", "_", en.lower()).strip("_") or "custom"
                key, n = base, 2
                while key in used or key in self._cues:
                    key, n = f"{base}_{n}", n + 1
            used.add(key)
            out.append(Aspect(key, zh, en or zh, keywords, self._cues.get(key, ())))
        return tuple(out)

    @Slot()
    def save(self) -> None:
        try:
            taxonomy = load_taxonomy()
            save_taxonomy(dataclasses.replace(taxonomy, aspects=self.aspects()))
        except (AppError, OSError) as error:
            error_dialog.show_error(self, error)
            return
        self.reload()
        self.changed.emit()

    @Slot()
    def reset(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("恢复默认词表"), self.tr("确定丢弃你对方面词表的所有修改吗？")
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        reset_taxonomy()
        self.reload()
        self.changed.emit()
