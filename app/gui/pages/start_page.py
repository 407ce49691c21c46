"""The first page: what the app does, open files, try the sample, my shops, recent files."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import tr
from app.gui.settings import Settings
from app.gui.widgets.shop_section import ShopSection
from app.io.readers.read import SUPPORTED_EXTENSIONS
from app.samples import sample_path

PATH_ROLE = Qt.ItemDataRole.UserRole


def file_filter() -> str:
    """``*.csv *.json …`` for the file dialog."""
    return " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS))


class StartPage(QWidget):
    """Emits ``filesChosen(list[str])`` when the user picks files, the sample or a recent file."""

    filesChosen = Signal(list)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.title = QLabel()
        self.title.setObjectName("heroTitle")
        self.intro = QLabel(wordWrap=True)
        self.intro.setObjectName("intro")
        self.open_button = QPushButton()
        self.open_button.setProperty("primary", True)
        self.open_button.setMinimumHeight(48)
        self.open_button.clicked.connect(self.choose_files)
        self.sample_button = QPushButton()
        self.sample_button.setMinimumHeight(48)
        self.sample_button.clicked.connect(self.open_sample)
        self.formats = QLabel(wordWrap=True)
        self.formats.setObjectName("muted")
        self.recent_title = QLabel()
        self.recent_title.setObjectName("sectionTitle")
        self.recent_list = QListWidget()
        self.recent_list.setObjectName("recentList")
        self.recent_list.itemActivated.connect(self._open_recent)
        self.recent_list.itemClicked.connect(self._open_recent)
        self.recent_empty = QLabel()
        self.recent_empty.setObjectName("muted")
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("linkButton")
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self._clear_recent)
        self.shops = ShopSection(settings)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()
        recent_head = QHBoxLayout()
        recent_head.addWidget(self.recent_title)
        recent_head.addStretch()
        recent_head.addWidget(self.clear_button)

        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.intro)
        inner.addSpacing(6)
        inner.addLayout(buttons)
        inner.addWidget(self.formats)
        inner.addSpacing(10)
        inner.addWidget(self.shops)
        inner.addSpacing(10)
        inner.addLayout(recent_head)
        inner.addWidget(self.recent_list)
        inner.addWidget(self.recent_empty)

        column = QVBoxLayout()
        column.addWidget(card)
        column.addStretch(1)
        card.setMaximumWidth(860)
        content = QWidget(objectName="startContent")
        outer = QHBoxLayout(content)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        outer.addLayout(column, 6)
        outer.addStretch(1)
        # long lists of shops and files scroll instead of making the window taller
        self.scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.scroll.setStyleSheet("QScrollArea, QWidget#startContent { background: transparent; }")
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.scroll)
        self.retranslateUi()

    # -- actions ---------------------------------------------------------------------------
    @Slot()
    def choose_files(self) -> None:
        """Ask for one or more export files (the last folder is remembered)."""
        label = self.tr("评价导出文件")
        everything = self.tr("所有文件")
        paths, _chosen = QFileDialog.getOpenFileNames(
            self,
            self.tr("打开评价文件"),
            self.settings.last_folder,
            f"{label} ({file_filter()});;{everything} (*)",
        )
        if paths:
            self.settings.last_folder = str(Path(paths[0]).parent)
            self.filesChosen.emit([str(p) for p in paths])

    @Slot()
    def open_sample(self) -> None:
        self.filesChosen.emit([str(sample_path())])

    @Slot(QListWidgetItem)
    def _open_recent(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path and os.path.isfile(path):
            self.filesChosen.emit([path])

    @Slot()
    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self.refresh_recent()

    def refresh_recent(self) -> None:
        """Re-read the recent files; missing ones are greyed out with a tooltip."""
        self.recent_list.clear()
        for path in self.settings.recent_files():
            item = QListWidgetItem(f"{Path(path).name}    —    {Path(path).parent}")
            item.setData(PATH_ROLE, path)
            if os.path.isfile(path):
                item.setToolTip(path)
            else:
                item.setForeground(QColor("#a0a4ab"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(
                    self.tr("找不到这个文件了（可能已被移动或删除）：\n{path}").format(path=path)
                )
            self.recent_list.addItem(item)
        has_items = self.recent_list.count() > 0
        rows = sum(self.recent_list.sizeHintForRow(i) for i in range(self.recent_list.count()))
        self.recent_list.setFixedHeight(rows + 2 * self.recent_list.frameWidth() + 4)
        self.recent_list.setVisible(has_items)
        self.clear_button.setVisible(has_items)
        self.recent_empty.setVisible(not has_items)

    # -- language --------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.title.setText(self.tr("把网店评价变成看得懂的结论"))
        self.intro.setText(
            self.tr(
                "打开从淘宝、京东、拼多多、抖音、美团等后台导出的评价文件，评论透镜会找出买家最常抱怨和最常夸的地方、"
                "好评差评随时间的变化，以及每条结论背后的原话。全部在你的电脑上完成，不联网，不上传任何数据。"
            )
        )
        self.open_button.setText(self.tr("打开评价文件…"))
        self.sample_button.setText(self.tr("试试示例数据"))
        self.formats.setText(
            self.tr(
                "支持 Excel（xlsx / xls）、CSV、JSON 等格式，可一次选多个文件，也可以直接把文件拖进这个窗口。"
            )
        )
        self.recent_title.setText(self.tr("最近打开"))
        self.recent_empty.setText(self.tr("还没有打开过文件。"))
        self.clear_button.setText(self.tr("清空列表"))
        self.recent_list.setAccessibleName(tr("最近打开的文件", "Recently opened files"))
        self.refresh_recent()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
