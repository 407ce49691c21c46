"""「我的店铺」 on the start page: recent shops, 新建店铺…, 加入评价文件…, 打开.

A shop is one file (:mod:`app.history`) that every import appends to. Creating a shop and
adding export files run in this section's :class:`TaskRunner` (progress and 取消 shown inline);
the outcome is said in plain words (新增 N 条，已有 M 条…). 打开 emits ``openRequested(path)``:
the window analyses the shop. Bad shop files get the error dialog with the plain message.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AppError
from app.core.i18n import tr
from app.gui.dialogs import error_dialog
from app.gui.settings import Settings
from app.gui.widgets.shop_outcome import outcome_text
from app.gui.workers import TaskRunner
from app.history import schema, session
from app.io.readers.read import SUPPORTED_EXTENSIONS
from app.runtime.tasks import shop_add_task

PATH_ROLE = Qt.ItemDataRole.UserRole
SHOWN = 5  # shops shown without scrolling


def export_filter() -> str:
    """``*.csv *.json …``: the review exports the readers take."""
    return " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS))


def shop_filter() -> str:
    return tr("店铺文件", "Shop files") + f" (*{schema.SUFFIX})"


class ShopSection(QWidget):
    """The shops the user worked with; emits ``openRequested(str)`` to analyse one."""

    openRequested = Signal(str)
    shopChanged = Signal(str)  # a shop was created or got files (its path)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._progress)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.finished.connect(self._idle)
        self._outcome_lines: list[str] = []
        self._outcome: object = None
        self._outcome_kind = ""
        self._source = schema.MAIN_SOURCE  # whose reviews the last files added were

        self.title = QLabel(objectName="sectionTitle")
        self.list = QListWidget(objectName="recentList")
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.empty = QLabel(objectName="muted", wordWrap=True)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.choose_new_shop)
        self.pick_button = QPushButton(objectName="linkButton")
        self.pick_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.pick_button.clicked.connect(self.choose_existing_shop)
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.choose_files)
        self.rival_button = QPushButton()
        self.rival_button.clicked.connect(self.choose_competitor_files)
        self.open_button = QPushButton()
        self.open_button.setProperty("primary", True)
        self.open_button.clicked.connect(self.open_selected)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 1000)
        self.stage = QLabel(objectName="muted")
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.outcome = QLabel(wordWrap=True, objectName="shopOutcome")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch()
        head.addWidget(self.pick_button)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.add_button, self.rival_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch()
        busy = QHBoxLayout()
        busy.addWidget(self.bar, 1)
        busy.addWidget(self.stage, 2)
        busy.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        layout.addLayout(busy)
        layout.addWidget(self.outcome)
        self._busy_widgets = (self.bar, self.stage, self.cancel_button)
        self._idle()
        self.outcome.hide()
        self.retranslateUi()

    # -- which shop --------------------------------------------------------------------------
    def selected_shop(self) -> str | None:
        """The selected shop's path (the first shop when none is selected)."""
        item = self.list.currentItem() if self.list.selectedItems() else self.list.item(0)
        return item.data(PATH_ROLE) if item is not None else None

    def select_shop(self, path: str | Path) -> None:
        wanted = str(Path(path).resolve())
        for row in range(self.list.count()):
            if self.list.item(row).data(PATH_ROLE) == wanted:
                self.list.setCurrentRow(row)

    def refresh(self) -> None:
        """Re-read the recent shops; missing ones are greyed out with a tooltip."""
        current = self.selected_shop() if self.list.selectedItems() else None
        self.list.clear()
        for path in self.settings.recent_shops():
            shop = Path(path)
            item = QListWidgetItem(f"{shop.stem}    —    {shop.parent}")
            item.setData(PATH_ROLE, path)
            if shop.is_file():
                item.setToolTip(path)
            else:
                item.setForeground(QColor("#a0a4ab"))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(
                    tr(
                        f"找不到这个店铺文件了（可能已被移动或删除）：\n{path}",
                        f"This shop file is gone (moved or deleted?):\n{path}",
                    )
                )
            self.list.addItem(item)
        rows = sum(self.list.sizeHintForRow(i) for i in range(min(self.list.count(), SHOWN)))
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 4)
        self.list.setVisible(self.list.count() > 0)
        self.empty.setVisible(self.list.count() == 0)
        if current:
            self.select_shop(current)
        self._update_buttons()

    # -- actions -----------------------------------------------------------------------------
    @Slot()
    def choose_new_shop(self) -> None:
        """Ask for the new shop's name and folder (default: the user data folder)."""
        from app.paths import user_data_dir

        start = user_data_dir() / (tr("我的店铺", "my-shop") + schema.SUFFIX)
        path, _chosen = QFileDialog.getSaveFileName(
            self,
            tr("新建店铺：给店铺文件起个名字", "New shop: name the shop file"),
            str(start),
            shop_filter(),
            options=QFileDialog.Option.DontConfirmOverwrite,  # an existing shop is kept
        )
        if path:
            self.create_shop(path)

    @Slot()
    def choose_existing_shop(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(
            self, tr("打开店铺文件", "Open a shop file"), self.settings.last_folder, shop_filter()
        )
        if path:
            self.use_shop(path)

    def create_shop(self, path: str) -> None:
        """Create the shop file ``path`` (an existing shop file is only checked)."""
        self._run(
            tr("正在建立店铺…", "Creating the shop…"),
            lambda _progress, _cancel: session.create_shop(path),
            "created",
        )

    def use_shop(self, path: str) -> None:
        """Check that ``path`` is a shop file and list it (a bad file: the plain error)."""
        self._run(
            tr("正在检查店铺文件…", "Checking the shop file…"),
            lambda _progress, _cancel: (Path(path), session.check_shop(path)),
            "checked",
        )

    @Slot()
    def choose_files(self) -> None:
        shop = self.selected_shop()
        if shop is None:
            return
        paths = self._pick_exports(tr("加入评价文件", "Add review files"))
        if paths:
            self.add_files(shop, paths)

    @Slot()
    def choose_competitor_files(self) -> None:
        """Ask the competitor's name (the source, default 对手A), then its export files."""
        shop = self.selected_shop()
        if shop is None:
            return
        name, ok = QInputDialog.getText(
            self,
            tr("加入对手的评价", "Add a competitor's reviews"),
            tr(
                "对手叫什么（同一个对手每次用同一个名字）：",
                "The competitor's name (use the same name every time):",
            ),
            text=tr("对手A", "rival A"),
        )
        if not ok:
            return
        name = " ".join(name.split())
        if name.lower() in (schema.MAIN_SOURCE, "本店", ""):
            error_dialog.show_error(
                self,
                AppError(
                    f"对手的名字不能是“{name}”：请起一个别的名字，例如 对手A。",
                    f"The competitor cannot be called “{name}”; pick another name, e.g. rival A.",
                ),
            )
            return
        paths = self._pick_exports(tr(f"加入“{name}”的评价文件", f"Add “{name}”'s review files"))
        if paths:
            self.add_files(shop, paths, source=name)

    def _pick_exports(self, title: str) -> list[str]:
        label = tr("评价导出文件", "Review exports")
        paths, _chosen = QFileDialog.getOpenFileNames(
            self,
            title,
            self.settings.last_folder,
            f"{label} ({export_filter()});;{tr('所有文件', 'All files')} (*)",
        )
        if paths:
            self.settings.last_folder = str(Path(paths[0]).parent)
        return [str(p) for p in paths]

    def add_files(self, shop: str, paths: list[str], source: str = schema.MAIN_SOURCE) -> None:
        """Import ``paths`` into ``shop`` in the worker (``source``: the shop's own reviews, or
        a competitor's name); the outcome is said in plain words."""
        self._source = " ".join(source.split())
        self._run(
            tr("正在把评价加入店铺…", "Adding the reviews to the shop…"),
            shop_add_task(shop, paths, source),
            "added",
        )

    @Slot()
    def open_selected(self) -> None:
        shop = self.selected_shop()
        if shop is not None and os.path.isfile(shop):
            self.openRequested.emit(shop)

    # -- the worker ----------------------------------------------------------------------------
    def _run(self, stage: str, fn: object, kind: str) -> None:
        self._outcome, self._outcome_kind = None, ""
        self.outcome.hide()
        self.bar.setValue(0)
        self.stage.setText(stage)
        for widget in self._busy_widgets:
            widget.show()
        self._update_buttons(busy=True)
        self.runner.start(fn, on_success=lambda value: self._done(kind, value))  # type: ignore[arg-type]

    def _done(self, kind: str, value: object) -> None:
        path = value.shop if kind == "added" else value[0] if kind == "checked" else value
        self.settings.add_recent_shop(path)  # type: ignore[arg-type]
        self.refresh()
        self.select_shop(path)  # type: ignore[arg-type]
        self._outcome, self._outcome_kind = value, kind
        self._show_outcome()
        self.shopChanged.emit(str(path))

    def _show_outcome(self) -> None:
        value, kind = self._outcome, self._outcome_kind
        if value is None:
            return
        self.outcome.setText(outcome_text(kind, value, self._source))
        self.outcome.show()

    @Slot(float, str)
    def _progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            self.stage.setText(message)

    @Slot(object)
    def _failed(self, error: object) -> None:
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    @Slot()
    def _cancelled(self) -> None:
        self.outcome.setText(
            tr(
                "已取消。店铺文件要么整份导入、要么保持原样；同一个文件再加入一次也不会重复计入。",
                "Cancelled. A shop file takes an import whole or not at all; adding the same "
                "file again never counts its reviews twice.",
            )
        )
        self.outcome.show()

    @Slot()
    def _idle(self) -> None:
        for widget in self._busy_widgets:
            widget.hide()
        self._update_buttons()

    def _update_buttons(self, busy: bool | None = None) -> None:
        busy = self.runner.is_running() if busy is None else busy
        shop = self.selected_shop()
        usable = shop is not None and os.path.isfile(shop)
        self.new_button.setEnabled(not busy)
        self.pick_button.setEnabled(not busy)
        self.add_button.setEnabled(usable and not busy)
        self.rival_button.setEnabled(usable and not busy)
        self.open_button.setEnabled(usable and not busy)

    # -- language ------------------------------------------------------------------------------
    def retranslateUi(self) -> None:
        self.title.setText(tr("我的店铺", "My shops"))
        self.empty.setText(
            tr(
                "把每次从后台导出的评价都加入同一个店铺，重复的只算一次，就能看到最近有什么变化。",
                "Add every review export of a shop to one shop file (repeats count once) to see "
                "what changed recently.",
            )
        )
        self.new_button.setText(tr("新建店铺…", "New shop…"))
        self.pick_button.setText(tr("打开其他店铺文件…", "Open another shop file…"))
        self.add_button.setText(tr("加入评价文件…", "Add review files…"))
        self.rival_button.setText(tr("加入对手的评价…", "Add a competitor's reviews…"))
        self.rival_button.setToolTip(
            tr(
                "把对手店的评价导出加入这个店铺，之后可以对比差评比例",
                "Add a competitor's review export to this shop to compare complaint shares",
            )
        )
        self.open_button.setText(tr("打开", "Open"))
        self.open_button.setToolTip(
            tr("分析店铺里的全部评价，看看有什么变化", "Analyse every review the shop holds")
        )
        self.cancel_button.setText(tr("取消", "Cancel"))
        self.list.setAccessibleName(tr("我的店铺", "My shops"))
        self.refresh()
        self._show_outcome()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
