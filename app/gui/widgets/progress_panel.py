"""A centred progress panel: what is happening, a bar and a cancel button.

Connect a :class:`~app.gui.workers.TaskRunner`'s ``progress`` to :meth:`set_progress`, and
``cancelRequested`` to the runner's ``cancel``. Used by the import check and the analysis.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget


class ProgressPanel(QWidget):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title_text = ""
        self.title = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.title.setObjectName("pageTitle")
        self.stage = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.stage.setObjectName("muted")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(420)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancelRequested)

        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.stage)
        layout.addSpacing(16)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.retranslateUi()

    def start(self, title: str) -> None:
        """Reset for a new run; ``title`` is already translated by the caller."""
        self._title_text = title
        self.title.setText(title)
        self.stage.setText(self.tr("准备中…"))
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)

    @Slot(float, str)
    def set_progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.stage.setText(message)

    def fraction(self) -> float:
        return self.bar.value() / 1000

    def retranslateUi(self) -> None:
        self.cancel_button.setText(self.tr("取消"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
