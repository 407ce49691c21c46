"""The main window's actions, side bar items, menu bar and tool bar (their texts are set by the
window's ``retranslateUi``), and the keys of the result pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from app.gui import i18n

RESULTS_PAGE, EXPORT_PAGE, SEARCH_PAGE = "dashboard", "export", "browser"
# side bar: (page key, icon file); Ctrl+1… in this order
NAV_ITEMS = (
    (RESULTS_PAGE, "nav_dashboard.svg"),
    (SEARCH_PAGE, "nav_reviews.svg"),
    ("themes", "nav_themes.svg"),
    (EXPORT_PAGE, "nav_export.svg"),
)


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


def make_actions(window: Any) -> None:
    """The window's actions (texts set by its ``retranslateUi``), its side bar items, then the
    menus and tool bar."""

    def action(shortcut: QKeySequence | str | None, slot: Any) -> QAction:
        act = QAction(window)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        window.addAction(act)
        return act

    window.open_action = action(QKeySequence.StandardKey.Open, window.start_page.choose_files)
    window.sample_action = action(None, window.open_sample)
    window.export_action = action("Ctrl+E", lambda: window._go(EXPORT_PAGE))
    window.search_action = action("Ctrl+F", window._search)
    window.nav_actions = {}
    for number, (key, icon) in enumerate(NAV_ITEMS, start=1):
        window.nav.add_item(key, icon)
        window.nav_actions[key] = action(f"Ctrl+{number}", lambda _c=False, k=key: window._go(k))
    window.quit_action = action(QKeySequence.StandardKey.Quit, window.close)
    window.home_action = action(None, lambda: window.show_page("start"))
    window.log_action = action(None, window._open_log_folder)
    window.about_action = action(None, window._about)
    window.language_group = QActionGroup(window)
    window.language_actions = {}
    for lang, name in i18n.LANGUAGE_NAMES.items():
        act = QAction(name, window, checkable=True)
        act.setChecked(lang == i18n.current_language())
        act.triggered.connect(lambda _checked=False, lg=lang: window.set_language(lg))
        window.language_group.addAction(act)
        window.language_actions[lang] = act

    build_menus(window)
    window._update_actions()
