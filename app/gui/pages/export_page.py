"""导出: the Excel report (Chinese or English) and the chart images, written in a worker.

When a file is written the page says where and offers 打开所在文件夹; problems go to the shell's
error dialog. Before any work the targets are checked: never over an imported file, in a
writable folder, not locked; replacing a read-only file is asked first. ``exported(path)`` fires after each successful export (tests wait on it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import OutputError
from app.core.i18n import tr as core_tr
from app.core.progress import CancelToken, ProgressFn
from app.core.results import AnalysisResult
from app.gui import i18n
from app.gui.dialogs import error_dialog
from app.gui.settings import Settings
from app.gui.workers import TaskRunner


def report_task(result: AnalysisResult, path: str, lang: str) -> Any:
    def run(progress: ProgressFn, cancel: CancelToken) -> Path:
        from app.io.report.excel import write_report

        return write_report(result, path, lang=lang, progress=progress, cancel=cancel)

    return run


def charts_task(result: AnalysisResult, folder: str) -> Any:
    def run(progress: ProgressFn, cancel: CancelToken) -> Path:
        from app.io.chart_files import save_charts

        progress(0.05, "")
        cancel.check()
        save_charts(result, Path(folder))
        return Path(folder)

    return run


class ExportPage(QWidget):
    exported = Signal(str)  # the report file or the charts folder

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.result: AnalysisResult | None = None
        self.last_path: Path | None = None
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.failed.connect(self._on_failed)
        self.runner.finished.connect(self._on_finished)

        self.title = QLabel(objectName="pageTitle")
        self.intro = QLabel(wordWrap=True, objectName="intro")
        self.report_box = QGroupBox()
        self.report_text = QLabel(wordWrap=True)
        self.language = QComboBox()
        for lang, name in i18n.LANGUAGE_NAMES.items():
            self.language.addItem(name, lang)
        self.language_label = QLabel()
        self.report_button = QPushButton()
        self.report_button.setProperty("primary", True)
        self.report_button.clicked.connect(self.choose_report)
        report_row = QHBoxLayout()
        report_row.addWidget(self.language_label)
        report_row.addWidget(self.language)
        report_row.addStretch()
        report_row.addWidget(self.report_button)
        report_layout = QVBoxLayout(self.report_box)
        report_layout.addWidget(self.report_text)
        report_layout.addLayout(report_row)

        self.charts_box = QGroupBox()
        self.charts_text = QLabel(wordWrap=True)
        self.charts_button = QPushButton()
        self.charts_button.clicked.connect(self.choose_charts)
        charts_row = QHBoxLayout()
        charts_row.addStretch()
        charts_row.addWidget(self.charts_button)
        charts_layout = QVBoxLayout(self.charts_box)
        charts_layout.addWidget(self.charts_text)
        charts_layout.addLayout(charts_row)

        self.progress = QProgressBar(textVisible=False)
        self.progress.setRange(0, 1000)
        self.stage = QLabel(objectName="muted")
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.done_label = QLabel(wordWrap=True)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_folder)
        status_row = QHBoxLayout()
        status_row.addWidget(self.progress, 1)
        status_row.addWidget(self.cancel_button)
        done_row = QHBoxLayout()
        done_row.addWidget(self.done_label, 1)
        done_row.addWidget(self.open_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.report_box)
        layout.addWidget(self.charts_box)
        layout.addLayout(status_row)
        layout.addWidget(self.stage)
        layout.addLayout(done_row)
        layout.addStretch()
        self._set_busy(False)
        self.open_button.hide()
        self.retranslateUi()

    @Slot(object)
    def set_result(self, result: AnalysisResult) -> None:
        self.result = result
        index = self.language.findData(i18n.current_language())
        self.language.setCurrentIndex(max(0, index))
        self.done_label.clear()
        self.open_button.hide()

    # -- exports ---------------------------------------------------------------------------------
    @Slot()
    def choose_report(self) -> None:
        default = Path(self.settings.last_folder) / self.tr("评价分析报告.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("保存 Excel 报告"), str(default), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.settings.last_folder = str(Path(path).parent)
            self.export_report(path)

    def export_report(self, path: str, lang: str | None = None) -> None:
        """Write the report to ``path`` in the worker (``lang`` default: the combo's choice)."""
        if self.result is None or not self._may_write(path, charts=False):
            return
        lang = lang or self.language.currentData()
        self._start(self.tr("正在写入报告…"), report_task(self.result, path, lang))

    @Slot()
    def choose_charts(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("选择保存图表的文件夹"), self.settings.last_folder
        )
        if folder:
            self.settings.last_folder = folder
            self.export_charts(folder)

    def export_charts(self, folder: str) -> None:
        if self.result is not None and self._may_write(folder, charts=True):
            self._start(self.tr("正在保存图表…"), charts_task(self.result, folder))

    def _may_write(self, path: str, *, charts: bool) -> bool:
        """Check the report file or charts folder before any work; False (the user was told or
        said no) when it would replace an imported file, cannot be written, or is read-only."""
        from app.io.output_paths import check_outputs, report_output

        imported = getattr(self.result, "imported", None)
        inputs = [report.source_file for report in imported.files] if imported else []
        try:
            if charts:
                read_only = check_outputs(inputs, [], Path(path))
            else:
                read_only = check_outputs(inputs, [report_output(path)])
        except OutputError as error:
            error_dialog.show_error(self, error)
            return False
        if not read_only:
            return True
        names = "\n".join(str(p) for p in read_only[:5]) + ("\n…" if len(read_only) > 5 else "")
        answer = QMessageBox.question(
            self,
            core_tr("替换只读文件？", "Replace read-only files?"),
            core_tr(
                f"下面的文件是只读的（可能是有意保护起来的）：\n{names}\n\n要用新的内容替换它们吗？",
                f"These files are read-only (perhaps protected on purpose):\n{names}\n\n"
                "Replace them with the new content?",
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _start(self, message: str, fn: Any) -> None:
        self.done_label.clear()
        self.open_button.hide()
        self.stage.setText(message)
        self.progress.setValue(0)
        self._set_busy(True)
        self.runner.start(fn, on_success=self._on_done)

    def _on_done(self, path: object) -> None:
        self.last_path = Path(str(path))
        if self.last_path.is_dir():
            text = self.tr("图表已保存到：{path}")
        else:
            text = self.tr("报告已保存：{path}")
        self.done_label.setText(text.format(path=self.last_path))
        self.open_button.show()
        self.exported.emit(str(self.last_path))

    def open_folder(self) -> None:
        if self.last_path is not None:
            folder = self.last_path if self.last_path.is_dir() else self.last_path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- worker feedback ---------------------------------------------------------------------------
    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        if message:
            self.stage.setText(message)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    @Slot()
    def _on_finished(self) -> None:
        self._set_busy(False)
        self.stage.clear()

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.report_button.setEnabled(not busy)
        self.charts_button.setEnabled(not busy)

    # -- language ----------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("导出"))
        self.title.setText(self.tr("导出"))
        self.intro.setText(
            self.tr(
                "把分析结果存成文件，方便转发给同事、供应商或老板。主题的改名、合并和隐藏都会带上。"
            )
        )
        self.report_box.setTitle(self.tr("Excel 报告"))
        self.report_text.setText(
            self.tr(
                "一个工作簿：概览、差评和好评主题、各方面、各规格、趋势，以及每条评价的判断。"
                "用 Excel 或 WPS 就能打开。"
            )
        )
        self.language_label.setText(self.tr("报告语言："))
        self.language.setToolTip(self.tr("报告里的标题和说明用哪种语言（评价原文不翻译）"))
        self.report_button.setText(self.tr("保存 Excel 报告…"))
        self.charts_box.setTitle(self.tr("图表图片"))
        self.charts_text.setText(
            self.tr("总览里的每张图各存一份 PNG（可插进 PPT、发微信）和 SVG（放大不模糊）。")
        )
        self.charts_button.setText(self.tr("保存图表图片…"))
        self.cancel_button.setText(self.tr("取消"))
        self.open_button.setText(self.tr("打开所在文件夹"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
