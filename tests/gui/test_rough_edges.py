"""Rough edges found by using the app (issue 18): language switch, status bar, window size,
licences in 关于, accessible names. Each test analyses the bundled sample itself."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QItemSelectionModel, QRect, QTimer
from PySide6.QtGui import QAccessible, QScreen
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTabBar,
    QTextBrowser,
    QWidget,
)

from app.gui.i18n import LANGUAGE_NAMES
from app.gui.widgets.chart_canvas import ChartCanvas

SLOW_MS = 60000
ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(
    r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
)  # ideographs, CJK/full-width punctuation
RESULT_PAGES = ("dashboard", "browser", "themes", "export")


@pytest.fixture(scope="module")
def base_result(tmp_path_factory):
    """One analysis of the sample (in Chinese) per module, with its own user data folder."""
    from app.core.ingest.ledger import build_import
    from app.core.pipeline import run_analysis
    from app.io.readers.read import read_file
    from app.samples import sample_path

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVIEWLENS_DATA_DIR", str(tmp_path_factory.mktemp("analysis_data")))
        return run_analysis(build_import([read_file(sample_path())]))


@pytest.fixture
def shown(qtbot, window, base_result):
    """The window after a (Chinese) analysis, charts drawn."""
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.on_analysis_done(copy.deepcopy(base_result))
    return window


def _switch_to_english(qtbot, window) -> None:
    """Switch live on another page, then show the dashboard: its charts are drawn again."""
    if window.current_page_key() == "dashboard":
        window.show_page("export")
    window.set_language("en")
    qtbot.waitUntil(lambda: window.dashboard_page.title.text() == "Overview")
    with qtbot.waitSignal(window.dashboard_page.chartsReady, timeout=SLOW_MS):
        window.show_page("dashboard")


# -- the language switch --------------------------------------------------------------------------
def _figure_texts(figure) -> list[str]:
    """Titles, axis labels and legend texts of a chart (what is not data)."""
    texts = [t.get_text() for t in figure.texts]
    if figure._suptitle is not None:
        texts.append(figure._suptitle.get_text())
    for ax in figure.axes:
        texts += [ax.get_title(loc) for loc in ("left", "center", "right")]
        texts += [ax.get_xlabel(), ax.get_ylabel()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t.get_text() for t in legend.get_texts()]
    return [t for t in texts if t]


def test_switching_to_english_redraws_the_charts_and_renames_the_aspects(qtbot, shown):
    """After 中文→English the charts are English and aspect names too (table, themes, filter)."""
    before = {name: _figure_texts(c.figure) for name, c in shown.dashboard_page.canvases.items()}
    assert any(CJK.search(t) for texts in before.values() for t in texts)
    _switch_to_english(qtbot, shown)
    canvases = shown.dashboard_page.canvases
    assert set(canvases) == set(before)
    for name, canvas in canvases.items():
        chinese = [t for t in _figure_texts(canvas.figure) if CJK.search(t)]
        assert chinese == [], f"chart {name} still has {chinese}"
    heat = canvases.get("sku_aspect")
    if heat is not None:  # the aspect heat map's columns are aspect names
        ticks = [t.get_text() for ax in heat.figure.axes for t in ax.get_xticklabels()]
        assert ticks and not any(CJK.search(t) for t in ticks)
    model = shown.browser_page.model
    aspects = [model.data(model.index(r, 6)) for r in range(model.rowCount())]
    assert any(aspects) and not any(CJK.search(a or "") for a in aspects)
    theme_list = shown.themes_page.lists["complaint"]
    main = [theme_list.item(r, 3).text() for r in range(theme_list.rowCount())]
    assert any(main) and not any(CJK.search(m) for m in main)
    combo = shown.browser_page.filters.aspect
    assert not any(CJK.search(combo.itemText(i)) for i in range(combo.count()))
    # and back: Chinese names again (the charts follow when the dashboard is shown)
    with qtbot.waitSignal(shown.dashboard_page.chartsReady, timeout=SLOW_MS):
        shown.set_language("zh")
    assert "物流" in ";".join(model.data(model.index(r, 6)) or "" for r in range(model.rowCount()))


def test_a_language_switch_leaves_the_result_as_it_is_and_names_aspects_anew(qtbot, shown):
    """The result holds aspect keys and numbers: a switch redraws, the data stays the same."""
    import pandas as pd

    result = shown.result
    before = {t: getattr(result, t).copy(deep=True) for t in ("reviews", "themes", "aspects")}
    _switch_to_english(qtbot, shown)
    for table, frame in before.items():
        pd.testing.assert_frame_equal(getattr(result, table), frame)
    english = dict(zip(result.aspects["key"], result.aspects["label_en"], strict=True))
    model = shown.browser_page.model
    rows = range(model.rowCount())
    wanted = [
        "; ".join(
            english[k] for k in result.reviews.at[model.review_id(r), "aspects"].split(";") if k
        )
        for r in rows
    ]
    assert [model.data(model.index(r, 6)) or "" for r in rows] == wanted and any(wanted)
    note = f"Adapted to {result.adapted_to} rated reviews of this shop"
    assert result.adapted_to > 0 and note in shown.dashboard_page.subtitle.text()


def _data_strings(result) -> list[str]:
    """Review text and user data, which stay in their own language; longest first."""
    reviews = result.reviews
    values: set[str] = set()
    for column in ("text", "followup_text", "product", "sku"):
        values |= {str(v) for v in reviews[column].dropna() if str(v).strip()}
    values |= {str(v).replace("\\", "/").rsplit("/", 1)[-1] for v in reviews["source_file"]}
    themes = result.themes
    values |= {str(v) for v in themes["label"]}
    for quotes in themes["quotes"]:
        values |= {str(q) for q in quotes}
    for names in reviews["themes"].dropna():  # the themes column: theme labels joined
        values |= {n for n in str(names).split(";") if n}
    parts = set()
    for value in values:  # a cell shortens long text with "…" and shows ";" as "; "
        for shown in (value, value.replace(";", "; ")):
            parts |= {shown, shown[:160]}
    return sorted(parts, key=len, reverse=True)


def _visible_texts(page: QWidget) -> list[tuple[str, str]]:
    """(where, text) of what a user reads on ``page``: labels, buttons, placeholders, choices,
    tabs, headers, the first table rows, tooltips."""
    out: list[tuple[str, str]] = []
    for w in [page, *page.findChildren(QWidget)]:
        if not w.isVisibleTo(page):
            continue
        kind = type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((kind, w.text()))
        if isinstance(w, QLineEdit):
            out += [(kind, w.placeholderText()), (kind, w.text())]
        if isinstance(w, QComboBox):
            out += [(kind, w.itemText(i)) for i in range(w.count())]
        if isinstance(w, QTabBar):
            out += [(kind, w.tabText(i)) for i in range(w.count())]
        if isinstance(w, QTextBrowser):
            out.append((kind, w.toPlainText()))
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView) and w.model():
            model = w.model()
            for c in range(model.columnCount()):
                out.append((f"{kind} header", str(model.headerData(c, _horizontal()) or "")))
                for r in range(min(5, model.rowCount())):
                    out.append((f"{kind} cell", str(model.index(r, c).data() or "")))
        out.append((f"{kind} tooltip", w.toolTip()))
    return [(where, text) for where, text in out if text]


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def test_english_pages_show_no_chinese_but_the_reviews(qtbot, shown):
    """Every result page after 中文→English: only review text and user data are Chinese."""
    browser = shown.browser_page
    shown.show_page("browser")
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(3):
        browser.table.selectionModel().select(browser.model.index(row, 0), flags)
    browser.copy_selection()  # 「已复制 3 条」 beside the buttons
    _switch_to_english(qtbot, shown)
    data = _data_strings(shown.result)
    leftovers = []
    for key in RESULT_PAGES:
        shown.show_page(key)
        qtbot.wait(10)
        page = shown.page(key)
        for where, text in _visible_texts(page):
            rest = text
            for value in (*data, *LANGUAGE_NAMES.values()):  # 中文 in a language choice
                if value in rest:
                    rest = rest.replace(value, "")
            if CJK.search(rest):
                leftovers.append(f"{key} {where}: {text[:80]!r} → {rest[:80]!r}")
    assert leftovers == [], "\n".join(leftovers)
    assert browser.status.text() == "3 copied"
    assert not CJK.search(shown.status_text())


def test_theme_list_headers_and_aspects_are_not_cut(qtbot, shown):
    """'eme (double-click to renar' and 'Installation &…': the columns fit their text."""
    _switch_to_english(qtbot, shown)
    for theme_list in shown.themes_page.lists.values():
        header = theme_list.horizontalHeader()
        for column in (0, 1, 2, 3, 5):
            text = theme_list.horizontalHeaderItem(column).text()
            needed = header.fontMetrics().horizontalAdvance(text)
            assert theme_list.columnWidth(column) >= needed + 12, text
            for row in range(theme_list.rowCount()):
                cell = theme_list.item(row, column).text()
                needed = theme_list.fontMetrics().horizontalAdvance(cell)
                assert theme_list.columnWidth(column) >= needed + 12, cell


# -- the status bar -------------------------------------------------------------------------------
def test_status_bar_says_what_happens_now(qtbot, shown):
    """Not 「分析完成…」 while the next import and analysis run, nor after a cancel."""
    assert shown.status_text().startswith("分析完成")
    with qtbot.waitSignal(shown.import_page.importDone, timeout=SLOW_MS) as done:
        shown.open_sample()
        assert "分析完成" not in shown.status_text()
        assert "正在读取" in shown.status_text()
    assert "分析完成" not in shown.status_text() and "已读取 1 个文件" in shown.status_text()
    with qtbot.waitSignal(shown.analysis_runner.cancelled, timeout=SLOW_MS):
        shown.start_analysis(done.args[0])
        assert shown.status_text() == "正在分析评价…"
        shown.analysis_runner.cancel()
    assert shown.status_text() == "已取消分析"
    shown.set_language("en")
    qtbot.waitUntil(lambda: shown.status_text() == "Analysis cancelled")


# -- the window fits the screen -------------------------------------------------------------------
def _saved_geometry(qtbot, settings, width: int, height: int) -> QByteArray:
    from app.gui.main_window import MainWindow

    big = MainWindow(settings)
    qtbot.addWidget(big)
    big.resize(width, height)
    big.move(60, 30)
    return big.saveGeometry()


def test_restored_window_fits_a_small_screen(qtbot, settings, monkeypatch):
    """1200×760 must not run past the bottom of a 1366×768 screen (728 px without task bar)."""
    from app.gui.main_window import MainWindow

    settings.save_window(_saved_geometry(qtbot, settings, 1200, 760), QByteArray())
    area = QRect(0, 0, 1366, 728)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(area))
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()
    frame = win.frameGeometry()
    assert area.contains(frame), (frame, area)
    assert win.height() >= 600  # shrunk to fit, not collapsed


# -- 关于: licences -------------------------------------------------------------------------------
@pytest.fixture
def about(monkeypatch, window):
    shown_dialogs: list[QDialog] = []
    monkeypatch.setattr(QDialog, "exec", lambda d: shown_dialogs.append(d) or 0)

    def close_modal() -> None:  # a box shown some other way must not hang the test
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.close()

    timer = QTimer(singleShot=True, interval=1000)
    timer.timeout.connect(close_modal)
    timer.start()
    window.about_action.trigger()
    timer.stop()
    assert len(shown_dialogs) == 1
    return shown_dialogs[0]


def test_about_names_the_licences(monkeypatch, about):
    text = about.licences.toPlainText()
    assert "Noto Sans SC" in text and "SIL Open Font License" in text
    assert "Reserved Font Name" in text  # the OFL text itself, from resources/fonts/OFL.txt
    assert "PySide6" in text and "LGPL-3.0" in text
    assert re.search(r"^pandas \S+ — BSD-3-Clause", text, re.M)
    assert re.search(r"^openpyxl \S+ — MIT", text, re.M)
    calls = []
    monkeypatch.setattr(QMessageBox, "aboutQt", lambda parent, *a: calls.append(parent))
    about.about_qt.click()
    assert calls == [about]


def test_about_reads_the_list_the_build_generated(tmp_path, monkeypatch, window):
    """``packaging/licences.py`` writes the list; the dialog shows that file when present."""
    out = tmp_path / "licences" / "THIRD_PARTY_NOTICES.txt"
    run = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "licences.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("jieba ") and "MIT" in line for line in lines)
    assert any(line.startswith("PySide6") and "LGPL-3.0" in line for line in lines)
    out.write_text("frozen-only-library 9.9 — Zlib\n", encoding="utf-8")
    monkeypatch.setattr("app.gui.licences.resource_path", lambda *parts: tmp_path.joinpath(*parts))
    from app.gui.dialogs.about_dialog import licences_html

    html = licences_html()
    assert "frozen-only-library 9.9 — Zlib" in html and "pandas" not in html


# -- accessibility --------------------------------------------------------------------------------
INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox)


def _accessible_name(widget: QWidget) -> str:
    """What a screen reader announces as the widget's name: a button's text, else the name
    set on the widget (a combo's current item or a table's cells are values, not names)."""
    if isinstance(widget, QAbstractButton) and not isinstance(widget, ChartCanvas):
        iface = QAccessible.queryAccessibleInterface(widget)
        return iface.text(QAccessible.Text.Name) if iface is not None else ""
    return widget.accessibleName()


def test_every_interactive_widget_has_an_accessible_name(qtbot, shown):
    missing = []
    for key in ("start", "import", *RESULT_PAGES):
        page = shown.page(key)
        labelled = {id(label.buddy()) for label in page.findChildren(QLabel) if label.buddy()}
        for w in page.findChildren(QWidget):
            if id(w) in labelled:  # a label names it ("报告语言：")
                continue
            if isinstance(w, QHeaderView) or type(w).__name__.startswith("QScrollBar"):
                continue
            if isinstance(w, (*INTERACTIVE, ChartCanvas)) and not _accessible_name(w).strip():
                missing.append(f"{key}: {type(w).__name__} {w.objectName()!r} {w.toolTip()[:30]!r}")
    assert missing == [], "\n".join(missing)
    for name, canvas in shown.dashboard_page.canvases.items():
        description = canvas.accessibleDescription()
        assert len(description) > 20 and not description.startswith(name), (name, description)
    _switch_to_english(qtbot, shown)
    search = shown.browser_page.filters.search
    assert not CJK.search(search.accessibleName())
    for name, canvas in shown.dashboard_page.canvases.items():
        assert not CJK.search(canvas.accessibleName()), name
