"""A small read-only table model over a DataFrame, for previews (first rows of a file)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
MAX_CELL = 200  # characters shown per cell; the tooltip has the whole text


class FrameModel(QAbstractTableModel):
    """Shows ``frame`` as text; optional header notes (e.g. the role of each column)."""

    def __init__(
        self,
        frame: pd.DataFrame | None = None,
        row_labels: list[str] | None = None,
        parent: object = None,
    ) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._rows: list[str] = []
        self._notes: dict[str, str] = {}
        self.set_frame(frame if frame is not None else pd.DataFrame(), row_labels)

    def set_frame(self, frame: pd.DataFrame, row_labels: list[str] | None = None) -> None:
        self.beginResetModel()
        self._frame = frame.reset_index(drop=True)
        self._rows = row_labels or [str(i + 1) for i in range(len(frame))]
        self.endResetModel()

    def set_header_notes(self, notes: dict[str, str]) -> None:
        """Second header line per column name, e.g. ``{"初评内容": "评论内容"}``."""
        self._notes = dict(notes)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._frame.columns)

    def _text(self, row: int, column: int) -> str:
        value = self._frame.iat[row, column]
        return (
            "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(index.row(), index.column()).replace("\n", " ")
            return text if len(text) <= MAX_CELL else text[:MAX_CELL] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(index.row(), index.column())
            return text if len(text) > 30 else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and not 0 <= section < len(self._frame.columns):
            return None
        if not horizontal and not 0 <= section < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if not horizontal:
                return self._rows[section]
            name = str(self._frame.columns[section])
            note = self._notes.get(name)
            return f"{name}\n→ {note}" if note else name
        if role == Qt.ItemDataRole.ForegroundRole and horizontal:
            name = str(self._frame.columns[section])
            return None if name in self._notes else QBrush(QColor("#8a8f98"))
        return None
