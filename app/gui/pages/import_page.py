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

import pandas as pd
from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.ingest import mappings
from app.core.ingest.dates import parse_dates
from app.core.ingest.labels import platform_label, role_label
from app.core.ingest.ledger import build_import, reason_text
from app.core.ingest.model import ROLES, FileReport, ImportResult
from app.core.progress import CancelToken, ProgressFn, sub_progress
from app.gui.dialogs import error_dialog
from app.gui.widgets.frame_model import FrameModel
from app.gui.widgets.progress_panel import ProgressPanel
from app.gui.workers import TaskRunner
from app.io.readers import read_file
from app.io.table import RawTable

PREVIEW_ROWS = 30
SLOW_MS = 400  # a re-import taking longer than this shows the progress panel
ROLE_COLUMNS = 4  # role drop-downs per row
# Encodings offered for text files ("" = detect), as ``--encoding`` on the command line.
ENCODINGS = (
    ("UTF-8", "utf-8"),
    ("GB18030 (GBK)", "gb18030"),
    ("Big5", "big5"),
    ("UTF-16", "utf-16"),
    ("Windows-1252", "cp1252"),
    ("Shift_JIS", "shift_jis"),
)
MOSTLY = 0.5  # share of a text column's cells that makes it "mostly" empty, numbers or dates
SAMPLE_CELLS = 500  # cells of the text column looked at to tell numbers from dates


def text_column_kind(cells: pd.Series) -> str:
    """What a wrongly chosen text column mostly holds: ``empty``, ``dates``, ``numbers`` or
    ``""`` (none of these)."""
    texts = cells.astype("string").fillna("").str.strip()
    filled = texts[texts != ""]
    if len(filled) <= len(texts) * (1 - MOSTLY):
        return "empty"
    sample = filled.head(SAMPLE_CELLS)
    if parse_dates(sample).notna().mean() >= MOSTLY:
        return "dates"
    plain = sample.str.replace(r"[\s,，%¥$€£+\-]", "", regex=True)
    if pd.to_numeric(plain, errors="coerce").notna().mean() >= MOSTLY:
        return "numbers"
    return ""


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
            tab = self._file_tab(report, table, result)
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
        self._set_blocked(self._blocked_reason(result))
        self.content.setEnabled(True)
        self.stack.setCurrentWidget(self.content)

    def _set_blocked(self, reason: str) -> None:
        """Grey out 开始分析 with ``reason`` next to it and as its tooltip (``""``: enable)."""
        self.analyze_button.setEnabled(not reason)
        self.analyze_button.setToolTip(reason)
        self.blocked.setText(reason)
        self.blocked.setVisible(bool(reason))

    def _blocked_reason(self, result: ImportResult) -> str:
        """Why nothing can be analysed, per file, in plain words (``""``: something can)."""
        if len(result.kept):
            return ""
        reasons = [self._file_blocked_reason(result, report) for report in result.files]
        if len(reasons) == 1:
            return reasons[0]
        return "\n".join(
            self.tr("{file}：{reason}").format(file=Path(r.source_file).name, reason=reason)
            for r, reason in zip(result.files, reasons, strict=True)
        )

    def _file_blocked_reason(self, result: ImportResult, report: FileReport) -> str:
        role = role_label("text")
        fix = self.tr("请在上面「{role}」的下拉框里换成写着买家评价的那一列。").format(role=role)
        column = report.roles.column("text")
        table = self.tables.get(report.source_file)
        if column is None or table is None or column not in table.frame.columns:
            return self.tr(
                "还没有选出评价内容列：请在上面「{role}」的下拉框里选出写着买家评价的那一列。"
            ).format(role=role)
        ledger = result.ledger
        codes = ledger.loc[ledger["source_file"] == report.source_file, "reason_code"]
        rows = codes[~codes.isin(("blank_row", "repeated_header"))]
        top = rows.value_counts().index[0] if len(rows) else ""
        kind = text_column_kind(table.frame[column])
        if kind == "empty" or top == "empty":
            problem = self.tr("「{role}」选的是“{column}”列，但这一列几乎都是空的。")
        elif kind == "dates":
            problem = self.tr("「{role}」选的是“{column}”列，但这一列几乎都是日期，不是评价。")
        elif kind == "numbers":
            problem = self.tr("「{role}」选的是“{column}”列，但这一列几乎都是数字，不是评价。")
        elif top == "punctuation_only":
            problem = self.tr(
                "「{role}」选的是“{column}”列，但这一列几乎只有标点、数字或表情，不是评价。"
            )
        elif top == "placeholder":
            problem = self.tr(
                "“{column}”列里都是平台默认评价（买家没写内容），没有可以分析的评价。"
                "如果评价在别的列，"
            )
        else:
            problem = self.tr("“{column}”列里没有可以分析的评价（{reasons}）。")
        reasons = self.tr("、").join(reason_text(c) for c in rows.unique())
        return problem.format(role=role, column=column, reasons=reasons) + fix

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

    def _file_tab(
        self, report: FileReport, table: RawTable | None, result: ImportResult
    ) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(4, 10, 4, 4)
        info = QHBoxLayout()
        info.addWidget(QLabel(self._describe(report), wordWrap=True), 1)
        if len(report.sheets) > 1:
            info.addWidget(QLabel(self.tr("工作表：")))
            sheet = QComboBox(objectName="sheet")
            sheet.addItems(report.sheets)
            sheet.setCurrentText(report.sheet or "")
            sheet.currentTextChanged.connect(
                lambda name, path=report.source_file: self.set_sheet(path, name)
            )
            info.addWidget(sheet)
        if report.encoding is not None:  # a text file: its encoding can be chosen
            label = QLabel(self.tr("乱码时可换编码："))
            combo = self._encoding_combo(report)
            label.setBuddy(combo)
            info.addWidget(label)
            info.addWidget(combo)
        layout.addLayout(info)

        roles_frame = QFrame(objectName="card")
        grid = QGridLayout(roles_frame)
        grid.setContentsMargins(12, 10, 12, 10)
        grid.setHorizontalSpacing(10)
        for i, role in enumerate(ROLES):
            row, col = divmod(i, ROLE_COLUMNS)
            label = QLabel(role_label(role))
            combo = self._role_combo(report, role)
            label.setBuddy(combo)
            if report.roles.confidence.get(role) == "content":
                label.setProperty("inferred", True)
            grid.addWidget(label, row, col * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(combo, row, col * 2 + 1)
        for col in range(ROLE_COLUMNS):
            grid.setColumnStretch(col * 2 + 1, 1)
        if report.roles.subscores:
            note = self.tr("分项评分列：{columns}").format(
                columns="、".join(report.roles.subscores)
            )
            grid.addWidget(
                QLabel(note, objectName="muted"), grid.rowCount(), 0, 1, ROLE_COLUMNS * 2
            )
        layout.addWidget(roles_frame)

        if table is not None:
            view = QTableView(objectName="preview")
            model = FrameModel(
                table.frame.head(PREVIEW_ROWS),
                [str(r) for r in table.source_rows[:PREVIEW_ROWS]],
                view,
            )
            model.set_header_notes({c: role_label(r) for r, c in report.roles.mapping.items()})
            model.set_row_reasons(
                self._preview_reasons(result, report, table),
                heading=self.tr("是否分析"),
                kept=self.tr("✓ 分析"),
                tip=self.tr("这一行不参与分析：{reason}"),
            )
            view.setModel(model)
            view.setAlternatingRowColors(True)
            view.setWordWrap(False)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setDefaultSectionSize(130)
            view.verticalHeader().setDefaultSectionSize(26)
            view.setColumnWidth(0, 230)  # the reason column
            for role, width in (("text", 320), ("followup_text", 220)):
                column = report.roles.mapping.get(role)
                if column in report.columns:
                    view.setColumnWidth(report.columns.index(column) + model.offset, width)
            view.setToolTip(
                self.tr(
                    "文件的前 {n} 行（左侧是它在原文件中的行号）；灰色的行不参与分析，原因在第一列"
                ).format(n=PREVIEW_ROWS)
            )
            layout.addWidget(view, 1)
        return tab

    @staticmethod
    def _preview_reasons(result: ImportResult, report: FileReport, table: RawTable) -> list[str]:
        """Per preview row: "" when it will be analysed, else the import summary's reason."""
        ledger = result.ledger
        mine = ledger[ledger["source_file"] == report.source_file]
        codes = dict(zip(mine["source_row"].tolist(), mine["reason_code"].tolist(), strict=True))
        return [reason_text(codes.get(row, "")) for row in table.source_rows[:PREVIEW_ROWS]]

    def _encoding_combo(self, report: FileReport) -> QComboBox:
        combo = QComboBox(objectName="encoding")
        detected = (report.encoding or "").upper()
        combo.addItem(self.tr("自动识别（{encoding}）").format(encoding=detected), "")
        for label, codec in ENCODINGS:
            combo.addItem(label, codec)
        combo.setCurrentIndex(max(0, combo.findData(self._encodings.get(report.source_file, ""))))
        combo.setToolTip(
            self.tr("文字显示成乱码时，换一种编码重新读取这个文件（与命令行的 --encoding 相同）")
        )
        combo.currentIndexChanged.connect(
            lambda index, path=report.source_file, c=combo: self.set_encoding(
                path, str(c.itemData(index) or "")
            )
        )
        return combo

    def _role_combo(self, report: FileReport, role: str) -> QComboBox:
        combo = QComboBox(objectName=f"role:{role}")
        if role != "text":  # without review text there is nothing to analyse
            combo.addItem(self.tr("（无）"), "")
        for column in report.columns:
            combo.addItem(column, column)
        current = report.roles.mapping.get(role, "")
        combo.setCurrentIndex(max(0, combo.findData(current)))
        how = {
            "header": self.tr("根据表头识别"),
            "content": self.tr("根据内容推断，请核对"),
            "user": self.tr("你设置的"),
            "saved": self.tr("之前记住的设置"),
        }.get(report.roles.confidence.get(role, ""), "")
        combo.setToolTip(how)
        combo.currentIndexChanged.connect(
            lambda index, r=role, c=combo: self.set_role(r, str(c.itemData(index) or ""))
        )
        return combo

    def _describe(self, report: FileReport) -> str:
        parts = [
            self.tr("平台：{platform}").format(platform=platform_label(report.platform)),
            self.tr("格式：{format}").format(format=report.file_format.upper()),
        ]
        if report.encoding:
            parts.append(self.tr("编码：{encoding}").format(encoding=report.encoding.upper()))
        if report.header_row:
            parts.append(self.tr("表头在第 {row} 行").format(row=report.header_row))
        parts.append(
            self.tr("{rows} 行，保留 {kept} 条").format(
                rows=f"{report.rows:,}", kept=f"{report.kept:,}"
            )
        )
        return "   ·   ".join(parts)

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
