"""The main window's menu bar and tool bar, made of the actions the window already has
(their texts are set by the window's ``retranslateUi``)."""

from __future__ import annotations

from typing import Any


def build_menus(window: Any) -> None:
    """File / 查看 / language / help menus and the tool bar, as attributes of ``window``."""
    bar = window.menuBar()
    window.file_menu = bar.addMenu("")
    for act in (window.open_action, window.sample_action, window.export_action):
        window.file_menu.addAction(act)
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.quit_action)
    window.pages_menu = bar.addMenu("")
    window.language_menu = bar.addMenu("")
    window.language_menu.addActions(list(window.language_actions.values()))
    window.help_menu = bar.addMenu("")
    window.help_menu.addActions([window.log_action, window.about_action])
    window.toolbar = window.addToolBar("")
    window.toolbar.setObjectName("mainToolbar")
    window.toolbar.setMovable(False)
    window.toolbar.addActions([window.home_action, window.open_action, window.export_action])
    window.toolbar.addAction(window.search_action)
