"""导入检查: read the files in a worker, show what was understood, let the user correct it.

Per file: platform, format/encoding, sheet picker, encoding picker (text files), column roles
(one drop-down per role), and a preview of the first rows, where rows that will not be analysed
are grey with their reason in the first column. Below: the dropped rows per reason and warnings.
Every correction re-runs ``build_import`` in the worker; ``importDone`` fires after each run,
``analysisRequested(ImportResult)`` when the user presses 开始分析. When 开始分析 is greyed out,
the label next to it (and the button's tooltip) says why and what to change.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.ingest import mappings
from app.core.ingest.ledger import build_import, reason_text
from app.core.ingest.model import ROLES, ImportResult
from app.core.ingest.raw_table import RawTable
from app.core.progress import CancelToken, ProgressFn, sub_progress
from app.gui.dialogs import error_dialog
from app.gui.pages.import_file_tab import FileTab
from app.gui.pages.import_reasons import blocked_reason
from app.gui.widgets.frame_model import FrameModel
from app.gui.widgets.progress_panel import ProgressPanel
from app.gui.workers import TaskRunner
from app.io.readers.read import read_file

SLOW_MS = 400  # a re-import taking longer than this shows the progress panel


def import_task(
    paths: list[str],
    tables: dict[str, RawTable],
    sheets: dict[str, str | None],
    overrides: dict[str, str],
    saved_mappings: bool,
    encodings: dict[str, str] | None = None,
) -> Callable[[ProgressFn, CancelToken], tuple[dict[str, RawTable], ImportResult]]:
    """The worker body: read the files not read yet (``encodings``: chosen per text file),
    then build the import."""
    tables = dict(tables)
    encodings = dict(encodings or {})

    def run(progress: ProgressFn, cancel: CancelToken) -> tuple[dict[str, RawTable], ImportResult]:
        missing = [p for p in paths if p not in tables]
        reading = 0.8 if missing else 0.0
        for i, path in enumerate(missing):
            part = sub_progress(
                progress, reading * i / len(missing), reading * (i + 1) / len(missing)
            )
            tables[path] = read_file(
                path,
                sheet=sheets.get(path),
                encoding=encodings.get(path) or None,
                progress=part,
                cancel=cancel,
            )
        result = build_import(
            [tables[p] for p in paths],
            overrides=overrides,
            saved_mappings=saved_mappings,
            progress=sub_progress(progress, reading, 1.0),
            cancel=cancel,
        )
        return tables, result

    return run


class ImportPage(QWidget):
    importDone = Signal(object)  # ImportResult, after every successful (re-)import
    analysisRequested = Signal(object)  # ImportResult
    backRequested = Signal()  # the first load was cancelled or failed
    reselectRequested = Signal()  # 重新选择文件: the window opens the file dialog

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = TaskRunner(self)
        self.result: ImportResult | None = None
        self.paths: list[str] = []
        self.tables: dict[str, RawTable] = {}
        self._sheets: dict[str, str | None] = {}
        self._overrides: dict[str, str] = {}
        self._encodings: dict[str, str] = {}  # path -> chosen encoding ("" or absent: detect)
        self._committed: tuple[dict, dict, dict] = ({}, {}, {})  # behind self.result
        self._slow = QTimer(self, singleShot=True, interval=SLOW_MS)
        self._slow.timeout.connect(self._show_panel)

        self.panel = ProgressPanel()
        self.panel.cancelRequested.connect(self.runner.cancel)
        self.runner.progress.connect(self.panel.set_progress)
        self.runner.failed.connect(self._on_failed)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.finished.connect(self._slow.stop)

        self.title = QLabel(objectName="pageTitle")
        self.summary = QLabel(wordWrap=True)
        self.hint = QLabel(wordWrap=True, objectName="muted")
        self.tabs = QTabWidget(documentMode=True)
        self.dropped = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.warnings = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.warnings.setObjectName("warning")
        self.remember = QCheckBox()
        self.remember.toggled.connect(self._remember_toggled)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.reselectRequested)
        self.analyze_button = QPushButton(minimumHeight=44, minimumWidth=180)
        self.analyze_button.setProperty("primary", True)
        self.analyze_button.clicked.connect(self.request_analysis)
        self.blocked = QLabel(wordWrap=True, objectName="warning")  # why 开始分析 is grey
        self.blocked.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.blocked.setVisible(False)

        bottom = QVBoxLayout()
        bottom.setContentsMargins(4, 6, 4, 6)
        bottom.addWidget(self.dropped)
        bottom.addWidget(self.warnings)
        footer = QHBoxLayout()
        footer.addWidget(self.remember)
        footer.addStretch()
        footer.addWidget(self.blocked, 3)
        footer.addWidget(self.back_button)
        footer.addWidget(self.analyze_button)
        self.content = QWidget()
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        layout.addLayout(footer)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.panel)
        self.stack.addWidget(self.content)
        QVBoxLayout(self).addWidget(self.stack)
        self.layout().setContentsMargins(0, 0, 0, 0)
        self.retranslateUi()

    # -- public API ------------------------------------------------------------------------
    def load(self, paths: list[str]) -> None:
        """Read ``paths`` from scratch (saved column settings are used)."""
        self.paths = [str(p) for p in paths]
        self.tables, self._sheets, self._overrides, self._encodings = {}, {}, {}, {}
        self.result = None
        self.remember.blockSignals(True)
        self.remember.setChecked(False)
        self.remember.blockSignals(False)
        self._run(saved_mappings=True)

    def set_role(self, role: str, column: str) -> None:
        """Give ``role`` to ``column`` (``""``: no column) and re-import."""
        if role not in ROLES:
            raise ValueError(role)
        self._overrides[role] = column
        self._run(saved_mappings=self.remember.isChecked())

    def set_sheet(self, path: str, sheet: str) -> None:
        """Re-read ``path`` using worksheet ``sheet``."""
        self._sheets[path] = sheet
        self._run(saved_mappings=self.remember.isChecked(), reread=path)

    def set_encoding(self, path: str, encoding: str) -> None:
        """Re-read text file ``path`` as ``encoding`` (``""``: detect it again)."""
        self._encodings[path] = encoding
        self._run(saved_mappings=self.remember.isChecked(), reread=path)

    @Slot()
    def request_analysis(self) -> None:
        if self.result is None or self.runner.is_running():
            return
        if self.remember.isChecked():
            for report in self.result.files:
                mappings.save_mapping(report.columns, report.roles)
        self.analysisRequested.emit(self.result)

    def role_combo(self, file_index: int, role: str) -> QComboBox:
        """The drop-down of ``role`` in the tab of file ``file_index`` (for tests and tours)."""
        return self.tabs.widget(file_index).findChild(QComboBox, f"role:{role}")

    def sheet_combo(self, file_index: int) -> QComboBox | None:
        return self.tabs.widget(file_index).findChild(QComboBox, "sheet")

    def encoding_combo(self, file_index: int) -> QComboBox | None:
        """The encoding drop-down of a text file's tab (None for workbooks)."""
        return self.tabs.widget(file_index).findChild(QComboBox, "encoding")

    def preview_model(self, file_index: int) -> FrameModel | None:
        view = self.tabs.widget(file_index).findChild(QTableView, "preview")
        return view.model() if view is not None else None

    # -- running ---------------------------------------------------------------------------
    def _run(self, *, saved_mappings: bool, reread: str | None = None) -> None:
        tables = {p: t for p, t in self.tables.items() if p != reread}
        fn = import_task(
            self.paths, tables, self._sheets, self._overrides, saved_mappings, self._encodings
        )
        first = self.result is None
        self.panel.start(self.tr("正在读取和检查文件…") if first else self.tr("正在重新检查…"))
        if first:
            self._show_panel()
        else:
            self._set_blocked(self.tr("正在重新检查，请稍候…"))
            self.content.setEnabled(False)
            self._slow.start()
        self.runner.start(fn, on_success=self._on_imported)

    @Slot()
    def _show_panel(self) -> None:
        self.stack.setCurrentWidget(self.panel)

    def _on_imported(self, outcome: tuple[dict[str, RawTable], ImportResult]) -> None:
        self.tables, self.result = outcome
        self._committed = (dict(self._sheets), dict(self._overrides), dict(self._encodings))
        if any(f.mapping_source == "saved" for f in self.result.files):
            self.remember.blockSignals(True)
            self.remember.setChecked(True)
            self.remember.blockSignals(False)
        self._show_result()
        self.importDone.emit(self.result)

    def _restore(self) -> None:
        """Back to the state of the result on screen (after a failed or cancelled re-run)."""
        if self.result is None:
            self.backRequested.emit()
            return
        sheets, overrides, chosen = self._committed
        self._sheets, self._overrides, self._encodings = dict(sheets), dict(overrides), dict(chosen)
        self._show_result()

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        error_dialog.show_error(self.window(), error)  # type: ignore[arg-type]
        self._restore()

    @Slot()
    def _on_cancelled(self) -> None:
        self._restore()

    @Slot(bool)
    def _remember_toggled(self, checked: bool) -> None:
        if self.result is not None and (
            self._overrides or any(f.mapping_source == "saved" for f in self.result.files)
        ):
            self._run(saved_mappings=checked)

    # -- showing the result ----------------------------------------------------------------
    def _show_result(self) -> None:
        result = self.result
        if result is None:
            return
        current = self.tabs.currentIndex()
        while self.tabs.count():
            old = self.tabs.widget(0)
            self.tabs.removeTab(0)
            old.deleteLater()
        for report in result.files:
            table = self.tables.get(report.source_file)
            tab = FileTab(report, table, result, self._encodings.get(report.source_file, ""))
            tab.roleChosen.connect(self.set_role)
            tab.sheetChosen.connect(self.set_sheet)
            tab.encodingChosen.connect(self.set_encoding)
            self.tabs.addTab(tab, Path(report.source_file).name)
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))
        self.tabs.tabBar().setVisible(len(result.files) > 1)
        total, kept = len(result.ledger), len(result.kept)
        if total == kept:
            text = self.tr("共读取 {total} 行，全部 {kept} 条评价都会参与分析。")
        else:
            text = self.tr(
                "共读取 {total} 行：{kept} 条评价会参与分析，{dropped} 行不参与（原因见下方）。"
            )
        self.summary.setText(
            text.format(total=f"{total:,}", kept=f"{kept:,}", dropped=f"{total - kept:,}")
        )
        self._show_dropped(result)
        heading = self.tr("请留意：")  # (lupdate does not look inside f-strings)
        items = "<br>".join(f"• {escape(w)}" for w in result.warnings)
        self.warnings.setText(f"<b>{escape(heading)}</b><br>{items}")
        self.warnings.setVisible(bool(result.warnings))
        self._set_blocked(blocked_reason(result, self.tables))
        self.content.setEnabled(True)
        self.stack.setCurrentWidget(self.content)

    def _set_blocked(self, reason: str) -> None:
        """Grey out 开始分析 with ``reason`` next to it and as its tooltip (``""``: enable)."""
        self.analyze_button.setEnabled(not reason)
        self.analyze_button.setToolTip(reason)
        self.blocked.setText(reason)
        self.blocked.setVisible(bool(reason))

    def _show_dropped(self, result: ImportResult) -> None:
        dropped = result.dropped
        if dropped.empty:
            self.dropped.setText(escape(self.tr("没有需要去掉的行，所有行都会参与分析。")))
            return
        counts = dropped["reason_code"].value_counts()
        lines = [
            self.tr("{reason}：{count} 行").format(reason=reason_text(code), count=f"{n:,}")
            for code, n in counts.items()
        ]
        heading, separator = self.tr("不参与分析的行："), self.tr("；")
        self.dropped.setText(f"<b>{escape(heading)}</b>{escape(separator.join(lines))}")

    # -- language --------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.title.setText(self.tr("导入检查"))
        self.hint.setText(
            self.tr(
                "请核对每一项信息对应的是文件里的哪一列；不对的话，直接在下拉框里改，结果会马上更新。"
            )
        )
        self.remember.setText(self.tr("记住这个设置（以后表头相同的文件自动使用）"))
        self.back_button.setText(self.tr("重新选择文件"))
        self.analyze_button.setText(self.tr("开始分析"))
        if not self.runner.is_running():
            self._show_result()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
