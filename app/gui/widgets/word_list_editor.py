"""Add / remove words of one list (the user dictionary or the stopwords), saved at once.

The list functions come from :mod:`app.core.text.segment` (``user_words`` / ``add_user_word`` /
``remove_user_word`` and the stopword trio); they reload the dictionaries themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError
from app.core.i18n import tr
from app.gui.dialogs import error_dialog


class WordListEditor(QWidget):
    changed = Signal()

    def __init__(
        self,
        words: Callable[[], list[str]],
        add: Callable[[str], None],
        remove: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._words, self._add, self._remove = words, add, remove
        self.intro = QLabel(wordWrap=True)
        self.entry = QLineEdit(clearButtonEnabled=True)
        self.entry.returnPressed.connect(self.add_entry)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_entry)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove_selected)
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        self.reload()

    def set_texts(
        self, intro: str, placeholder: str, add: str, remove: str, name: str = ""
    ) -> None:
        """The texts in the UI language; ``name`` names the list for screen readers."""
        self.intro.setText(intro)
        if name:
            self.list.setAccessibleName(name)
            self.entry.setAccessibleName(tr(f"添加到「{name}」的词语", f"Words to add to {name}"))
        self.entry.setPlaceholderText(placeholder)
        self.add_button.setText(add)
        self.remove_button.setText(remove)

    def reload(self) -> None:
        self.list.clear()
        self.list.addItems(self._words())

    def words(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    @Slot()
    def add_entry(self) -> None:
        words = [w for w in self.entry.text().replace("，", " ").replace(",", " ").split() if w]
        try:
            for word in words:
                self._add(word)
        except AppError as error:
            error_dialog.show_error(self, error)
            return
        self.entry.clear()
        self.reload()
        if words:
            self.changed.emit()

    @Slot()
    def remove_selected(self) -> None:
        chosen = [item.text() for item in self.list.selectedItems()]
        for word in chosen:
            self._remove(word)
        self.reload()
        if chosen:
            self.changed.emit()
