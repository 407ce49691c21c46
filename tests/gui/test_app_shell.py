"""The shell: start page, file dialog, drag and drop, recent files, settings, language,
errors, excepthook, translations, the command line's GUI entry."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSize, Qt, QTranslator, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QWidget

from app.core import i18n as core_i18n
from app.core.errors import InputFileError
from app.gui import application
from app.gui.dialogs.error_dialog import show_error
from app.gui.settings import MAX_RECENT, Settings
from app.samples import sample_path

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "评价导出.csv"
    shutil.copy(sample_path(), path)
    return path


def test_start_page_is_first_and_chinese(window):
    assert window.current_page_key() == "start"
    assert window.start_page.open_button.text() == "打开评价文件…"
    assert window.start_page.sample_button.text() == "试试示例数据"
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert not window.export_action.isEnabled()  # nothing to export before an analysis


def test_default_size_fits_the_screen(qtbot, settings):
    from app.gui.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert 0 < win.width() <= area.width() and 0 < win.height() <= area.height()
    win.close()


def test_long_lived_objects_are_frozen_out_of_garbage_collection(qtbot, settings):
    import gc

    from app.gui.main_window import MainWindow

    def scanned(obj: object) -> bool:  # still in a generation the collector walks through
        return any(o is obj for o in gc.get_objects())

    try:
        probe = []
        assert scanned(probe)
        win = MainWindow(settings)
        qtbot.addWidget(win)
        qtbot.waitUntil(lambda: not scanned(probe))  # frozen once the event loop runs
        probe = []
        win.dashboard_page.chartsReady.emit()  # the first charts: frozen once more
        qtbot.waitUntil(lambda: not scanned(probe))
        probe = []
        win.dashboard_page.chartsReady.emit()  # later charts: not again
        qtbot.wait(50)
        assert scanned(probe)
    finally:
        gc.unfreeze()


def test_window_geometry_is_remembered(qtbot, settings):
    from app.gui.main_window import MainWindow

    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.resize(first.minimumSizeHint().expandedTo(first.size()) + QSize(37, 23))
    first.show()
    size = first.size()
    first.close()
    assert Settings().window_geometry() is not None
    second = MainWindow(Settings())
    qtbot.addWidget(second)
    assert second.height() == size.height()  # (the width is clamped to the tiny test screen)
    second.close()


def test_open_files_through_the_dialog(qtbot, window, monkeypatch, sample_copy, settings):
    asked = {}

    def fake_dialog(parent, caption, folder, filters):
        asked.update(caption=caption, folder=folder, filters=filters)
        return [str(sample_copy)], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(fake_dialog))
    with qtbot.waitSignal(window.import_page.importDone, timeout=10000):
        window.start_page.open_button.click()
    assert "*.csv" in asked["filters"] and "*.xlsx" in asked["filters"]
    assert settings.last_folder == str(sample_copy.parent)
    assert settings.recent_files() == [str(sample_copy.resolve())]
    # the shortcut runs the same action and starts in the remembered folder
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a: ([], "")))
    window.open_action.trigger()


def test_dropping_files_opens_them(qtbot, window, sample_copy):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sample_copy))])
    event = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(window.import_page.importDone, timeout=10000) as blocker:
        QApplication.sendEvent(window, event)
    assert event.isAccepted()
    assert blocker.args[0].files[0].source_file == str(sample_copy)


def test_try_the_sample(qtbot, window, settings):
    with qtbot.waitSignal(window.import_page.importDone, timeout=10000) as blocker:
        window.start_page.sample_button.click()
    assert blocker.args[0].files[0].platform == "taobao"
    assert settings.recent_files() == []  # the sample has its own button


def test_recent_files_are_persisted_and_missing_ones_greyed(qtbot, window, sample_copy, tmp_path):
    with qtbot.waitSignal(window.import_page.importDone, timeout=10000):
        window.open_files([str(sample_copy)])
    gone = tmp_path / "已删除.csv"
    Settings().add_recent(gone)
    from app.gui.pages.start_page import StartPage

    page = StartPage(Settings())
    qtbot.addWidget(page)
    items = [page.recent_list.item(i) for i in range(page.recent_list.count())]
    assert [i.text().split()[0] for i in items] == ["已删除.csv", "评价导出.csv"]
    assert not items[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert "找不到这个文件" in items[0].toolTip()
    with qtbot.waitSignal(page.filesChosen) as blocker:
        page.recent_list.itemClicked.emit(items[1])
    assert blocker.args == [[str(sample_copy.resolve())]]


def test_recent_files_keep_at_most_ten(settings, tmp_path):
    for i in range(MAX_RECENT + 3):
        settings.add_recent(tmp_path / f"{i}.csv")
    settings.add_recent(tmp_path / "5.csv")
    files = Settings().recent_files()
    assert len(files) == MAX_RECENT and files[0].endswith("5.csv")
    settings.clear_recent()
    settings.add_recent(tmp_path / "one.csv")
    assert Settings().recent_files() == [str((tmp_path / "one.csv").resolve())]  # type=list


def test_language_switch_is_live_and_remembered(qtbot, window, settings):
    window.language_actions["en"].trigger()
    qtbot.waitUntil(lambda: window.start_page.open_button.text() == "Open review files…")
    assert window.windowTitle() == "ReviewLens"
    assert window.file_menu.title() == "File"
    assert core_i18n.get_language() == "en" and settings.language == "en"
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"
    window.language_actions["zh"].trigger()
    qtbot.waitUntil(lambda: window.start_page.open_button.text() == "打开评价文件…")
    qtbot.waitUntil(lambda: box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消")
    assert core_i18n.get_language() == "zh" and Settings().language == "zh"


def test_language_switch_retranslates_the_import_page(qtbot, window):
    with qtbot.waitSignal(window.import_page.importDone, timeout=10000):
        window.open_sample()
    window.set_language("en")
    page = window.import_page
    qtbot.waitUntil(lambda: page.analyze_button.text() == "Start analysis")
    labels = "\n".join(
        w.text()
        for w in page.tabs.widget(0).findChildren(QWidget)
        if hasattr(w, "text") and isinstance(w.text(), str)
    )
    assert "Taobao/Tmall" in labels and "review text" in labels


def test_app_error_shows_only_the_plain_message(shown_errors):
    show_error(None, InputFileError("文件打不开。", "Cannot open the file."))
    box = shown_errors[0]
    assert box.text() == "文件打不开。" and box.detailedText() == ""


def test_unexpected_error_shows_details_and_log_path(shown_errors):
    try:
        {}["missing"]
    except KeyError as error:
        show_error(None, error)
    box = shown_errors[0]
    assert "意外错误" in box.text() and "reviewlens.log" in box.informativeText()
    assert "KeyError" in box.detailedText()
    from app.logging_setup import log_path

    assert "KeyError" in log_path().read_text(encoding="utf-8")


def test_excepthook_shows_the_error_instead_of_crashing(shown_errors):
    try:
        raise RuntimeError("slot failed")
    except RuntimeError as error:
        application.excepthook(RuntimeError, error, error.__traceback__)
    assert len(shown_errors) == 1 and "RuntimeError" in shown_errors[0].detailedText()


def test_main_without_arguments_starts_the_gui(monkeypatch):
    from app import cli

    calls = []
    monkeypatch.setattr(application, "run_gui", lambda files: calls.append(files) or 0)
    assert cli.main([]) == 0 and calls == [[]]
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--help"])
    assert exit_info.value.code == 0 and calls == [[]]


def test_the_command_line_does_not_load_qt():
    code = "import sys, app.cli; assert not [m for m in sys.modules if m.startswith('PySide6')]"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Loaded only when an analysis, a chart, a report or a file read needs them (each costs 0.2-1 s).
HEAVY_AT_START = (
    "matplotlib", "openpyxl", "sklearn", "scipy", "jieba", "rjieba", "wordcloud",
    "python_calamine", "xlrd", "PIL",
)  # fmt: skip


def test_first_window_opens_fast_without_the_analysis_libraries(tmp_path):
    """``REVIEWLENS_STARTUP_PROBE=1 python main.py`` reports its first window and quits, and
    nothing in :data:`HEAVY_AT_START` was imported before the window was painted."""
    code = (
        "import sys; from app.cli import main; code = main([]); "
        "print('heavy', sorted({m.split('.')[0] for m in sys.modules} & set(sys.argv[1:]))); "
        "sys.exit(code)"
    )
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        REVIEWLENS_STARTUP_PROBE="1",
        REVIEWLENS_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *HEAVY_AT_START],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    shown = re.search(r"^first-window (\S+)$", result.stdout, re.M)
    assert shown, result.stdout
    assert shown.group(1) == "?" or 0 < float(shown.group(1)) < 120
    assert "heavy []" in result.stdout, "imported before the first window; make it lazy"


SHELL_MODULES = (
    "application.py", "main_window.py", "pages/start_page.py", "pages/import_page.py",
    "widgets/progress_panel.py", "dialogs/error_dialog.py",
)  # fmt: skip


def _tr_strings(path: Path) -> set[str]:
    """Literal texts of ``self.tr("…")`` and ``QCoreApplication.translate("Ctx", "…")``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if node.func.attr == "tr" and args:
                found.add(args[0])
            elif node.func.attr == "translate" and len(args) >= 2:
                found.add(args[1])
    return found


def test_every_shell_string_has_an_english_translation():
    ts = ROOT / "resources" / "translations" / "reviewlens_en.ts"
    translated = {}  # source -> (context, English)
    for context in ET.parse(ts).getroot().iter("context"):
        for m in context.iter("message"):
            t = m.find("translation")
            if (t.text or "").strip() and t.get("type") != "unfinished":
                translated[m.findtext("source")] = (context.findtext("name"), t.text)
    sources = set().union(*(_tr_strings(ROOT / "app" / "gui" / m) for m in SHELL_MODULES))
    hint = "run `python packaging/update_translations.py` and translate the new strings"
    assert sources and sources - set(translated) == set(), hint
    compiled = QTranslator()
    assert compiled.load(str(ts.with_suffix(".qm")))
    for source in sources:  # the .qm was compiled from the current .ts
        context, english = translated[source]
        assert compiled.translate(context, source) == english, hint


def test_fonts_and_style(qapp):
    assert application.register_font() == "Noto Sans SC"
    assert qapp.font().family() == "Noto Sans SC"
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(qapp.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "评论透镜物啰堃")
    assert "QPushButton" in qapp.styleSheet()


def test_drop_ignores_non_files(window):
    mime = QMimeData()
    mime.setText("hello")
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, event)
    assert window.current_page_key() == "start"


def test_side_bar_is_disabled_until_there_is_a_result(window):
    nav = window.nav
    assert nav.isVisible() and nav.page_keys() == ["dashboard", "browser", "themes", "export"]
    assert not any(nav.button(k).isEnabled() for k in nav.page_keys())
    assert "分析" in nav.button("browser").toolTip()
    assert not window.nav_actions["browser"].isEnabled()
    window.nav_actions["browser"].trigger()
    assert window.current_page_key() == "start"


def test_a_bad_file_dropped_on_the_window_shows_the_plain_message(
    qtbot, window, tmp_path, shown_errors
):
    bad = tmp_path / "不是表格.csv"
    bad.write_bytes(b"\xff\xfe\x00\x00" + bytes(range(256)) * 4)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(bad))])
    args = (QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(window, QDragEnterEvent(*args))
    with qtbot.waitSignal(window.import_page.backRequested, timeout=10000):
        QApplication.sendEvent(window, QDropEvent(*args))
    assert len(shown_errors) == 1
    box = shown_errors[0]
    assert "不是表格.csv" in box.text() and "Traceback" not in box.text()
    assert not box.detailedText() and box.icon() == box.Icon.Warning
    assert window.current_page_key() == "start"
