"""One file's tab on the import check: what was recognised, the sheet and encoding pickers, a
drop-down per column role, and a preview of the first rows (rows that will not be analysed are
grey, their reason in the first column). Choices come out as signals; the page re-imports.

Texts are translated in the ``ImportPage`` context, where the page's own texts are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.ingest.labels import platform_label, role_label
from app.core.ingest.ledger import reason_text
from app.core.ingest.model import ROLES, FileReport, ImportResult
from app.core.ingest.raw_table import RawTable
from app.gui.widgets.frame_model import FrameModel

PREVIEW_ROWS = 30
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


class FileTab(QWidget):
    """The tab of one imported file (see the module docstring)."""

    roleChosen = Signal(str, str)  # role, column ("" = none)
    sheetChosen = Signal(str, str)  # file path, sheet name
    encodingChosen = Signal(str, str)  # file path, encoding ("" = detect)

    def __init__(
        self,
        report: FileReport,
        table: RawTable | None,
        result: ImportResult,
        encoding: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._chosen_encoding = encoding
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 10, 4, 4)
        info = QHBoxLayout()
        info.addWidget(QLabel(self._describe(report), wordWrap=True), 1)
        if len(report.sheets) > 1:
            info.addWidget(QLabel(QCoreApplication.translate("ImportPage", "工作表：")))
            sheet = QComboBox(objectName="sheet")
            sheet.addItems(report.sheets)
            sheet.setCurrentText(report.sheet or "")
            sheet.currentTextChanged.connect(
                lambda name, path=report.source_file: self.sheetChosen.emit(path, name)
            )
            info.addWidget(sheet)
        if report.encoding is not None:  # a text file: its encoding can be chosen
            label = QLabel(QCoreApplication.translate("ImportPage", "乱码时可换编码："))
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
            note = QCoreApplication.translate("ImportPage", "分项评分列：{columns}").format(
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
                heading=QCoreApplication.translate("ImportPage", "是否分析"),
                kept=QCoreApplication.translate("ImportPage", "✓ 分析"),
                tip=QCoreApplication.translate("ImportPage", "这一行不参与分析：{reason}"),
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
                QCoreApplication.translate(
                    "ImportPage",
                    "文件的前 {n} 行（左侧是它在原文件中的行号）；灰色的行不参与分析，原因在第一列",
                ).format(n=PREVIEW_ROWS)
            )
            layout.addWidget(view, 1)

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
        combo.addItem(
            QCoreApplication.translate("ImportPage", "自动识别（{encoding}）").format(
                encoding=detected
            ),
            "",
        )
        for label, codec in ENCODINGS:
            combo.addItem(label, codec)
        combo.setCurrentIndex(max(0, combo.findData(self._chosen_encoding)))
        combo.setToolTip(
            QCoreApplication.translate(
                "ImportPage",
                "文字显示成乱码时，换一种编码重新读取这个文件（与命令行的 --encoding 相同）",
            )
        )
        combo.currentIndexChanged.connect(
            lambda index, path=report.source_file, c=combo: self.encodingChosen.emit(
                path, str(c.itemData(index) or "")
            )
        )
        return combo

    def _role_combo(self, report: FileReport, role: str) -> QComboBox:
        combo = QComboBox(objectName=f"role:{role}")
        if role != "text":  # without review text there is nothing to analyse
            combo.addItem(QCoreApplication.translate("ImportPage", "（无）"), "")
        for column in report.columns:
            combo.addItem(column, column)
        current = report.roles.mapping.get(role, "")
        combo.setCurrentIndex(max(0, combo.findData(current)))
        how = {
            "header": QCoreApplication.translate("ImportPage", "根据表头识别"),
            "content": QCoreApplication.translate("ImportPage", "根据内容推断，请核对"),
            "user": QCoreApplication.translate("ImportPage", "你设置的"),
            "saved": QCoreApplication.translate("ImportPage", "之前记住的设置"),
        }.get(report.roles.confidence.get(role, ""), "")
        combo.setToolTip(how)
        combo.currentIndexChanged.connect(
            lambda index, r=role, c=combo: self.roleChosen.emit(r, str(c.itemData(index) or ""))
        )
        return combo

    def _describe(self, report: FileReport) -> str:
        parts = [
            QCoreApplication.translate("ImportPage", "平台：{platform}").format(
                platform=platform_label(report.platform)
            ),
            QCoreApplication.translate("ImportPage", "格式：{format}").format(
                format=report.file_format.upper()
            ),
        ]
        if report.encoding:
            parts.append(
                QCoreApplication.translate("ImportPage", "编码：{encoding}").format(
                    encoding=report.encoding.upper()
                )
            )
        if report.header_row:
            parts.append(
                QCoreApplication.translate("ImportPage", "表头在第 {row} 行").format(
                    row=report.header_row
                )
            )
        parts.append(
            QCoreApplication.translate("ImportPage", "{rows} 行，保留 {kept} 条").format(
                rows=f"{report.rows:,}", kept=f"{report.kept:,}"
            )
        )
        return "   ·   ".join(parts)
