"""主题: rename / merge / hide themes, edit the aspect words and dictionaries, re-run the analysis.

Theme edits are saved for the dataset and applied to the shown result at once
(``resultEdited(result)``); they also survive 重新分析, which runs ``run_analysis`` in this page's
worker (segmentation is cached) and emits ``resultReplaced(result)``. ``filterRequested``
asks the window to show a theme's reviews.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.i18n import get_language
from app.core.i18n import tr as core_tr
from app.core.naming import aspect_names
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter
from app.core.text import segment as text_mod
from app.gui.dialogs import error_dialog
from app.gui.models.theme_editing import ThemeEditor
from app.gui.widgets.taxonomy_editor import TaxonomyEditor
from app.gui.widgets.theme_list import ThemeList, counted
from app.gui.widgets.word_list_editor import WordListEditor
from app.gui.workers import TaskRunner
from app.runtime.tasks import analysis_task


class ThemesPage(QWidget):
    resultEdited = Signal(object)  # AnalysisResult, changed in place
    resultReplaced = Signal(object)  # AnalysisResult of 重新分析
    filterRequested = Signal(object)  # ReviewFilter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: AnalysisResult | None = None
        self.editor: ThemeEditor | None = None
        self.runner = TaskRunner(self)
        self.runner.progress.connect(self._on_progress)
        self.runner.failed.connect(self._on_rerun_failed)
        self.runner.finished.connect(self._rerun_finished)

        self.title = QLabel(objectName="pageTitle")
        self.intro = QLabel(wordWrap=True, objectName="muted")
        self.rerun_button = QPushButton()
        self.rerun_button.setProperty("primary", True)
        self.rerun_button.clicked.connect(self.start_rerun)
        self.progress = QProgressBar(maximumWidth=200, textVisible=False)
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.runner.cancel)
        self.cancel_button.hide()
        self.stage = QLabel(objectName="muted")

        self.lists = {"complaint": ThemeList(), "praise": ThemeList()}
        for theme_list in self.lists.values():
            theme_list.renamed.connect(self.rename)
            theme_list.itemSelectionChanged.connect(self._update_buttons)
        self.merge_button = QPushButton()
        self.merge_button.clicked.connect(self.merge_selected)
        self.hide_button = QPushButton()
        self.hide_button.clicked.connect(self.toggle_hidden)
        self.show_button = QPushButton()
        self.show_button.clicked.connect(self.show_reviews)
        self.taxonomy = TaxonomyEditor()
        self.words = WordListEditor(
            text_mod.user_words, text_mod.add_user_word, text_mod.remove_user_word
        )
        self.stopwords = WordListEditor(
            text_mod.user_stopwords, text_mod.add_user_stopword, text_mod.remove_user_stopword
        )
        for editor in (self.taxonomy, self.words, self.stopwords):
            editor.changed.connect(self._settings_changed)

        self.tabs = QTabWidget(documentMode=True)
        for theme_list in self.lists.values():
            self.tabs.addTab(theme_list, "")
        for editor in (self.taxonomy, self.words, self.stopwords):
            self.tabs.addTab(editor, "")
        self.tabs.currentChanged.connect(self._update_buttons)

        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch()
        header.addWidget(self.stage)
        header.addWidget(self.progress)
        header.addWidget(self.cancel_button)
        header.addWidget(self.rerun_button)
        actions = QHBoxLayout()
        actions.addWidget(self.merge_button)
        actions.addWidget(self.hide_button)
        actions.addStretch()
        actions.addWidget(self.show_button)
        self.actions_row = QWidget()
        self.actions_row.setLayout(actions)
        actions.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.intro)
        layout.addWidget(self.actions_row)
        layout.addWidget(self.tabs, 1)
        self.retranslateUi()
        self._update_buttons()

    # -- result ----------------------------------------------------------------------------------
    @Slot(object)
    def set_result(self, result: AnalysisResult) -> None:
        self.result = result
        self.editor = None  # loaded on the first edit (hashing a big clause table takes a moment)
        self._fill()

    def _fill(self) -> None:
        if self.result is None:
            return
        names = aspect_names(self.result.aspects, get_language())
        for polarity, theme_list in self.lists.items():
            theme_list.set_themes(self.result.themes_of(polarity, include_hidden=True), names)
        self._update_tab_titles()
        self._update_buttons()

    def _edited(self) -> None:
        self._fill()
        self.resultEdited.emit(self.result)

    def _editor(self) -> ThemeEditor:
        assert self.result is not None
        if self.editor is None or self.editor.result is not self.result:
            self.editor = ThemeEditor(self.result)
        return self.editor

    # -- theme edits ------------------------------------------------------------------------------
    def current_list(self) -> ThemeList | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ThemeList) else None

    @Slot(str, str)
    def rename(self, key: str, label: str) -> None:
        if self.result is None:
            return
        self._editor().rename(key, label)
        self._edited()

    def merge(self, keys: list[str]) -> str:
        """Merge the themes ``keys`` (one polarity); returns the merged theme's key."""
        new_key = self._editor().merge(keys)
        self._edited()
        for theme_list in self.lists.values():
            theme_list.select_keys([new_key])
        return new_key

    @Slot()
    def merge_selected(self) -> None:
        theme_list = self.current_list()
        if theme_list is not None and len(theme_list.selected_keys()) >= 2:
            self.merge(theme_list.selected_keys())

    def set_hidden(self, keys: list[str], hidden: bool) -> None:
        for key in keys:
            self._editor().set_hidden(key, hidden)
        self._edited()

    @Slot()
    def toggle_hidden(self) -> None:
        theme_list = self.current_list()
        keys = theme_list.selected_keys() if theme_list else []
        if keys:
            self.set_hidden(keys, not all(theme_list.is_hidden(k) for k in keys))

    @Slot()
    def show_reviews(self) -> None:
        theme_list = self.current_list()
        keys = theme_list.selected_keys() if theme_list else []
        if keys:
            self.filterRequested.emit(ReviewFilter(theme=keys[0]))

    def _update_buttons(self) -> None:
        theme_list = self.current_list()
        self.actions_row.setVisible(theme_list is not None)
        keys = theme_list.selected_keys() if theme_list else []
        self.merge_button.setEnabled(len(keys) >= 2)
        self.hide_button.setEnabled(bool(keys))
        self.show_button.setEnabled(len(keys) == 1)
        hidden = bool(keys) and all(theme_list.is_hidden(k) for k in keys)  # type: ignore[union-attr]
        self.hide_button.setText(self.tr("取消隐藏") if hidden else self.tr("隐藏所选"))

    # -- re-run ------------------------------------------------------------------------------------
    @Slot()
    def start_rerun(self) -> None:
        if self.result is None:
            return
        imported, config = self.result.imported, self.result.config  # a shop's: its memory
        self.progress.setValue(0)
        for widget in (self.progress, self.cancel_button):
            widget.show()
        self.rerun_button.setEnabled(False)
        self.runner.start(
            lambda progress, cancel: analysis_task(imported, progress, cancel, config),
            on_success=self._on_rerun_done,
        )

    def _on_rerun_done(self, result: object) -> None:
        self.set_result(result)  # type: ignore[arg-type]
        self.resultReplaced.emit(result)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.stage.setText(message)

    @Slot()
    def _rerun_finished(self) -> None:
        for widget in (self.progress, self.cancel_button):
            widget.hide()
        self.stage.clear()
        self.rerun_button.setEnabled(True)

    @Slot(object)
    def _on_rerun_failed(self, error: object) -> None:
        error_dialog.show_error(self, error)  # type: ignore[arg-type]

    @Slot()
    def _settings_changed(self) -> None:
        self.stage.setText(self.tr("修改已保存，点“重新分析”后生效"))

    # -- language ----------------------------------------------------------------------------------
    def _update_tab_titles(self) -> None:
        for i, polarity in enumerate(("complaint", "praise")):
            title = self.tr("差评主题") if polarity == "complaint" else self.tr("好评主题")
            if self.result is not None:
                title += counted(len(self.result.themes_of(polarity)))
            self.tabs.setTabText(i, title)

    def retranslateUi(self) -> None:
        self.setWindowTitle(self.tr("主题"))
        self.title.setText(self.tr("主题"))
        self.intro.setText(
            self.tr(
                "双击主题名可以改名；选中两个或更多主题可以合并；用不上的主题可以隐藏。"
                "修改会自动保存，下次分析同一份数据时照样生效。"
            )
        )
        self.rerun_button.setText(self.tr("重新分析"))
        self.rerun_button.setToolTip(
            self.tr("用修改后的方面词表、词典和停用词重新分析同一份数据（主题的修改会保留）")
        )
        self.cancel_button.setText(self.tr("取消"))
        self.merge_button.setText(self.tr("合并所选"))
        self.merge_button.setToolTip(self.tr("把选中的几个主题合成一个（按住 Ctrl 多选）"))
        self.hide_button.setToolTip(self.tr("隐藏的主题不出现在总览、图表和报告里"))
        self.show_button.setText(self.tr("查看这些评价"))
        self.show_button.setToolTip(self.tr("在“评论浏览”里列出提到这个主题的评价"))
        self._update_tab_titles()
        for theme_list in self.lists.values():
            theme_list.retranslateUi()
        if self.result is not None:  # 主要方面 and 已隐藏 in the new language
            self._fill()
        self.taxonomy.retranslateUi()
        self.tabs.setTabText(2, self.tr("方面词表"))
        self.tabs.setTabText(3, self.tr("自定义词语"))
        self.tabs.setTabText(4, self.tr("停用词"))
        self.words.set_texts(
            self.tr("分词时要保持完整的词，例如店里的品牌名、型号或行话（如“冰丝”“小黑瓶”）。"),
            self.tr("输入词语，多个用空格隔开"),
            self.tr("添加"),
            self.tr("删除所选"),
            core_tr("自定义词语", "Custom words"),
        )
        self.stopwords.set_texts(
            self.tr("不想在主题和词云里看到的词，例如“宝贝”“东西”“亲”。不影响好评/差评判断。"),
            self.tr("输入词语，多个用空格隔开"),
            self.tr("添加"),
            self.tr("删除所选"),
            core_tr("停用词", "Stopwords"),
        )
        self.lists["complaint"].setAccessibleName(core_tr("差评主题", "Complaint themes"))
        self.lists["praise"].setAccessibleName(core_tr("好评主题", "Praise themes"))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslateUi()
        super().changeEvent(event)
