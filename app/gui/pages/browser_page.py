"""评论浏览: every review in a fast table, filters above, the selected review in full below.

Public: :meth:`BrowserPage.set_result`, :meth:`BrowserPage.apply_filter`, ``filterChanged``
(after each applied filter), ``exported(path)`` after an export, :meth:`focus_search`.
On a big result (:data:`ASYNC_FILTER_ROWS` reviews or more) the matching rows are found in a
worker, so ``filterChanged`` comes a moment later and the window stays responsive.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import get_language
from app.core.i18n import tr as core_tr
from app.core.naming import aspect_names
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter, matching_clauses, review_mask, search_words
from app.gui.dialogs import error_dialog
from app.gui.models.review_table import ReviewTableModel
from app.gui.models.row_export import export_rows
from app.gui.settings import Settings
from app.gui.widgets.filter_bar import FilterBar
from app.gui.workers import TaskRunner

ASYNC_FILTER_ROWS = 200_000
COLUMN_WIDTHS = (330, 200, 56, 48, 92, 150, 130, 150, 150, 130, 52)


class BrowserPage(QWidget):
    filterChanged = Signal(object)  # ReviewFilter
    exported = Signal(str)  # path written

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.result: AnalysisResult | None = None
        self.current = ReviewFilter()
        self.runner = TaskRunner(self)
        self.runner.failed.connect(self._on_export_failed)
        self.runner.finished.connect(self._export_finished)
        self.filter_runner = TaskRunner(self)
        self.filter_runner.failed.connect(self._on_filter_failed)

        self.title = QLabel(objectName="pageTitle")
        self.count_label = QLabel()
        self.count_label.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.filters = FilterBar()
        self.filters.changed.connect(self._controls_changed)
        self.filters.clearRequested.connect(lambda: self.apply_filter(ReviewFilter()))

        self.model = ReviewTableModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(self.copy_selection)
        self.table.addAction(self.copy_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        from app.gui.widgets.review_detail import ReviewDetail

        self.detail = ReviewDetail()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 130])

        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_selection)
        self.export_button = QPushButton()
        self.export_menu = QMenu(self)
        self.csv_action = self.export_menu.addAction("", lambda: self.export_dialog("csv"))
        self.xlsx_action = self.export_menu.addAction("", lambda: self.export_dialog("xlsx"))
        self.export_button.setMenu(self.export_menu)
        self.status = QLabel(objectName="muted")
        self._status_text: object = None  # () -> str, so a language switch re-says it
        self.model.sortStarted.connect(lambda: self._say(lambda: self.tr("正在排序…")))
        self.model.sortFinished.connect(lambda: self._say(None))

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(16)
        top.addWidget(self.count_label)
        top.addStretch()
        top.addWidget(self.status)
        top.addWidget(self.copy_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(splitter, 1)
        self.retranslateUi()

    # -- public ----------------------------------------------------------------------------------
    @Slot(object)
    def set_result(self, result: AnalysisResult) -> None:
        """Show a new result with no filter."""
        self.result = result
        self.filters.set_result(result)
        self.model.set_aspect_names(aspect_names(result.aspects, get_language()))
        self.model.set_reviews(result.reviews)
        self.apply_filter(ReviewFilter())

    def refresh(self) -> None:
        """Re-read the result's columns (after theme edits), keeping the filter when possible."""
        if self.result is None:
            return
        keep = self.current
        if keep.theme and keep.theme not in set(self.result.themes["key"]):
            keep = keep.replace(theme=None)
        self.filters.set_result(self.result)
        self.model.set_aspect_names(aspect_names(self.result.aspects, get_language()))
        self.model.set_reviews(self.result.reviews)
        self.apply_filter(keep)

    @Slot(object)
    def apply_filter(self, flt: ReviewFilter) -> None:
        """Show the reviews matching ``flt`` (the controls follow); emits ``filterChanged``."""
        self.current = flt
        self.filters.set_filter(flt)
        self.filter_runner.cancel()
        mask = None
        if self.result is not None and not flt.is_empty:
            reviews, clauses = self.result.reviews, self.result.clauses
            if len(reviews) >= ASYNC_FILTER_ROWS:
                self._say(lambda: self.tr("正在筛选…"))
                self.filter_runner.start(
                    lambda _progress, _cancel: (flt, review_mask(reviews, clauses, flt)),
                    on_success=self._filtered,
                )
                return
            mask = review_mask(reviews, clauses, flt)
        self._show_mask(flt, mask)

    def _filtered(self, payload: tuple[ReviewFilter, object]) -> None:
        flt, mask = payload
        if flt is self.current:
            self._say(None)
            self._show_mask(flt, mask)

    @Slot(object)
    def _on_filter_failed(self, error: object) -> None:
        self._say(None)
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    def _show_mask(self, flt: ReviewFilter, mask: object) -> None:
        if self.result is not None:
            self.model.set_mask(mask)  # type: ignore[arg-type]
        self._update_count()
        self.detail.clear_review()
        if self.model.rowCount():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.filterChanged.emit(flt)

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def shown_count(self) -> int:
        return self.model.rowCount()

    # -- reacting --------------------------------------------------------------------------------
    @Slot()
    def _controls_changed(self) -> None:
        self.apply_filter(self.filters.filter())

    def _update_count(self) -> None:
        self.count_label.setText(
            self.tr("显示 {shown} / {total} 条").format(
                shown=f"{self.model.rowCount():,}", total=f"{self.model.total:,}"
            )
        )

    @Slot()
    def _show_current(self) -> None:
        index = self.table.currentIndex()
        if self.result is None or not index.isValid():
            self.detail.clear_review()
            return
        position = self.model.position(index.row())
        row = self.result.reviews.iloc[position]
        review_id = self.result.reviews.index[position]
        text = "" if pd.isna(row["text"]) else str(row["text"])
        follow = "" if pd.isna(row.get("followup_text")) else str(row.get("followup_text") or "")
        rating = row.get("rating")
        meta = [
            self.tr("{n} 星").format(n=int(rating)) if pd.notna(rating) else "",
            pd.Timestamp(row["date"]).strftime("%Y-%m-%d") if pd.notna(row["date"]) else "",
            " / ".join(
                str(v) for v in (row.get("product"), row.get("sku")) if isinstance(v, str) and v
            ),
            self.tr("来源：{file} 第 {row} 行").format(
                file=os.path.basename(str(row["source_file"])), row=row["source_row"]
            ),
        ]
        self.detail.show_review(
            text=text,
            followup=follow,
            sentiment=str(row["sentiment"]),
            sentiment_label=self.model.data(self.model.index(index.row(), 2)) or "",
            meta=meta,
            clauses=matching_clauses(self.result.clauses, review_id, self.current),
            words=search_words(self.current.text),
        )

    # -- copy and export ---------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})

    @Slot()
    def copy_selection(self) -> str:
        """Copy the selected rows as tab-separated text (with a header line); returns it."""
        rows = self.selected_rows()
        if not rows:
            return ""
        lines = [self.model.headers(), *self.model.table_text(rows)]
        text = "\n".join(
            "\t".join(c.replace("\t", " ").replace("\r", " ").replace("\n", " ") for c in line)
            for line in lines
        )
        QGuiApplication.clipboard().setText(text)
        n = f"{len(rows):,}"
        self._say(lambda: self.tr("已复制 {n} 条").format(n=n))
        return text

    def export_dialog(self, kind: str) -> None:
        """Ask where to save the shown rows, then write them in the worker."""
        if kind == "xlsx":
            name, pattern = self.tr("筛选的评价.xlsx"), self.tr("Excel 工作簿 (*.xlsx)")
        else:
            name, pattern = self.tr("筛选的评价.csv"), self.tr("CSV 文件 (*.csv)")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("导出筛选结果"),
            str(Path(self.settings.last_folder) / name),
            pattern,
        )
        if path:
            if not path.lower().endswith(f".{kind}"):
                path += f".{kind}"
            self.settings.last_folder = str(Path(path).parent)
            self.export_to(path)

    def export_to(self, path: str) -> None:
        """Write the shown rows to ``path`` (.csv or .xlsx); ``exported`` fires when done."""
        frame = self.model.export_frame()
        n = f"{len(frame):,}"
        self._say(lambda: self.tr("正在导出 {n} 条…").format(n=n))
        self.export_button.setEnabled(False)
        self.runner.start(
            lambda progress, cancel: export_rows(frame, path, progress, cancel),
            on_success=self._on_exported,
        )

    def _on_exported(self, path: object) -> None:
        name = Path(str(path)).name
        self._say(lambda: self.tr("已导出到 {name}").format(name=name))
        self.status.setToolTip(str(path))
        self.exported.emit(str(path))

    @Slot()
    def _export_finished(self) -> None:
        self.export_button.setEnabled(True)

    @Slot(object)
    def _on_export_failed(self, error: object) -> None:
        self._say(lambda: self.tr("导出失败"))
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    def _say(self, text: object) -> None:
        """Show ``text()`` next to the buttons (None: nothing); said again after a language switch."""
        self._status_text = text
        self.status.setText(text() if callable(text) else "")

    def status_text(self) -> str:
        return self.status.text()

    # -- language ----------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("评论浏览"))
        self.title.setText(self.tr("评论浏览"))
        self.copy_button.setText(self.tr("复制所选"))
        self.copy_button.setToolTip(
            self.tr("把选中的行复制为表格文字（Ctrl+C），可直接粘贴到 Excel 或聊天窗口")
        )
        self.copy_action.setText(self.tr("复制所选行"))
        self.export_button.setText(self.tr("导出筛选结果"))
        self.export_button.setToolTip(self.tr("把当前显示的评价（按筛选条件）保存为文件"))
        self.csv_action.setText(self.tr("导出为 CSV（Excel 可直接打开）…"))
        self.xlsx_action.setText(self.tr("导出为 Excel 工作簿…"))
        self.table.setAccessibleName(core_tr("评价列表", "Reviews"))
        self.detail.setAccessibleName(core_tr("所选评价全文", "The selected review in full"))
        self.model.retranslate()
        if self.result is not None:  # aspects named in the new language
            self.model.set_aspect_names(aspect_names(self.result.aspects, get_language()))
            self.model.reload_columns(self.result.reviews, ("aspects",))
        metrics = self.table.fontMetrics()  # 好评 / "Complaint" must fit the 判断 column
        widest = max(metrics.horizontalAdvance(t) for t in self.model.sentiment_labels())
        self.table.setColumnWidth(2, max(COLUMN_WIDTHS[2], widest + 20))
        self._update_count()
        self._show_current()
        self._say(self._status_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
