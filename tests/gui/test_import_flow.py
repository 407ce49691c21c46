"""The import check page and the analysis hand-off, driven through the widgets."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from app.core.ingest import mappings
from app.core.progress import Cancelled
from app.gui import main_window as main_window_module
from app.gui.pages import import_page as import_page_module
from app.samples import sample_path


@pytest.fixture
def sample_copy(tmp_path):
    path = tmp_path / "我的店铺评价.csv"
    shutil.copy(sample_path(), path)
    return path


@pytest.fixture
def two_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    notes.title = "说明"
    notes.append(["这是导出说明"])
    for name, text in (("评价", "质量很好"), ("追加", "物流太慢了")):
        sheet = book.create_sheet(name)
        sheet.append(["评价内容", "评分", "评价时间"])
        for i in range(5):
            sheet.append([f"{text}，第{i}次购买", 5 - i % 3, f"2024-05-0{i + 1}"])
    path = tmp_path / "两张表.xlsx"
    book.save(path)
    return path


def load(qtbot, window, paths):
    page = window.import_page
    with qtbot.waitSignal(page.importDone, timeout=15000) as blocker:
        window.open_files([str(p) for p in paths])
    return blocker.args[0]


def visible_text(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


def test_sample_shows_platform_encoding_and_roles(qtbot, window, sample_copy):
    result = load(qtbot, window, [sample_copy])
    page = window.import_page
    assert window.current_page_key() == "import"
    assert page.stack.currentWidget() is page.content
    text = visible_text(page.tabs.widget(0))
    assert "淘宝/天猫" in text and "GB18030" in text and "表头在第 2 行" in text
    assert page.role_combo(0, "text").currentData() == "初评内容"
    assert page.role_combo(0, "rating").currentData() == "评分"
    assert "买家信用" not in result.files[0].roles.mapping.values()
    assert "平台默认评价" in page.dropped.text()
    assert f"{len(result.kept)}" in page.summary.text()
    preview = page.tabs.widget(0).findChild(QWidget, "preview")
    assert preview.model().rowCount() == import_page_module.PREVIEW_ROWS
    assert page.analyze_button.isEnabled()


def test_changing_a_role_reimports_with_the_override(qtbot, window, sample_copy):
    load(qtbot, window, [sample_copy])
    page = window.import_page
    combo = page.role_combo(0, "rating")
    with qtbot.waitSignal(page.importDone, timeout=10000) as blocker:
        combo.setCurrentIndex(combo.findData(""))
    result = blocker.args[0]
    assert "rating" not in result.files[0].roles.mapping
    assert result.files[0].mapping_source == "user"
    assert result.kept["rating"].isna().all()
    assert page.role_combo(0, "rating").currentData() == ""  # the rebuilt tab shows it
    assert page.role_combo(0, "text").findData("") == -1  # review text can't be unset
    # not remembered unless asked
    assert mappings.load_mapping(result.files[0].columns) is None


def test_remember_saves_the_mapping_for_this_header(qtbot, window, sample_copy):
    load(qtbot, window, [sample_copy])
    page = window.import_page
    combo = page.role_combo(0, "user")
    with qtbot.waitSignal(page.importDone, timeout=10000):
        combo.setCurrentIndex(combo.findData(""))
    page.remember.setChecked(True)
    qtbot.waitUntil(lambda: not page.runner.is_running(), timeout=10000)
    requested = []
    page.analysisRequested.connect(requested.append)
    window.analysisRequested_blocked = True
    page.analysisRequested.disconnect(window.start_analysis)
    page.analyze_button.click()
    assert requested
    saved = mappings.load_mapping(requested[0].files[0].columns)
    assert saved is not None and "user" not in saved.mapping
    # the next import of the same header uses it and ticks the box
    result = load(qtbot, window, [sample_copy])
    assert result.files[0].mapping_source == "saved" and page.remember.isChecked()


def test_sheet_picker_rereads_the_chosen_sheet(qtbot, window, two_sheets):
    result = load(qtbot, window, [two_sheets])
    page = window.import_page
    assert result.files[0].sheet == "评价"
    picker = page.sheet_combo(0)
    assert [picker.itemText(i) for i in range(picker.count())] == ["说明", "评价", "追加"]
    with qtbot.waitSignal(page.importDone, timeout=10000) as blocker:
        picker.setCurrentText("追加")
    result = blocker.args[0]
    assert result.files[0].sheet == "追加"
    assert result.kept["text"].str.contains("物流太慢").all()
    assert page.sheet_combo(0).currentText() == "追加"


def test_several_files_get_one_tab_each(qtbot, window, sample_copy, two_sheets):
    result = load(qtbot, window, [sample_copy, two_sheets])
    assert len(result.files) == 2
    assert window.import_page.tabs.count() == 2
    assert window.import_page.tabs.tabBar().isVisible()


def test_a_bad_file_shows_the_plain_message(qtbot, window, tmp_path, shown_errors):
    bad = tmp_path / "坏文件.xlsx"
    bad.write_bytes(b"\x00\x01 definitely not a workbook" * 10)
    with qtbot.waitSignal(window.import_page.backRequested, timeout=10000):
        window.open_files([str(bad)])
    assert len(shown_errors) == 1
    box = shown_errors[0]
    assert "坏文件.xlsx" in box.text() and "Traceback" not in box.text()
    assert not box.detailedText()
    assert window.current_page_key() == "start"


def test_cancelling_a_long_import_returns_within_a_second(qtbot, window, monkeypatch, sample_copy):
    started = threading.Event()

    def slow_read(path, *, sheet=None, progress=None, cancel=None):
        started.set()
        for i in range(1000):
            cancel.check()
            progress(i / 1000, "正在读取")
            time.sleep(0.01)
        raise AssertionError("not cancelled")

    monkeypatch.setattr(import_page_module, "read_file", slow_read)
    page = window.import_page
    window.open_files([str(sample_copy)])
    assert started.wait(5)
    assert page.stack.currentWidget() is page.panel
    qtbot.waitUntil(lambda: page.panel.fraction() > 0, timeout=3000)
    t0 = time.monotonic()
    with qtbot.waitSignal(page.backRequested, timeout=1000):
        page.panel.cancel_button.click()
    assert window.current_page_key() == "start"
    assert page.runner.wait_done(1000)
    assert time.monotonic() - t0 < 1.0


def test_start_analysis_runs_the_pipeline_and_hands_over_the_result(qtbot, window, sample_copy):
    pytest.importorskip("app.core.pipeline", exc_type=ImportError)
    imported = load(qtbot, window, [sample_copy])
    progress = []
    window.analysis_runner.progress.connect(lambda value, message: progress.append(value))
    with qtbot.waitSignal(window.resultReady, timeout=60000) as blocker:
        window.import_page.analyze_button.click()
        assert window.current_page_key() == "analysis"
    result = blocker.args[0]
    assert sum(result.counts.values()) == len(imported.kept)
    assert progress and progress == sorted(progress)
    assert f"好评 {result.counts.get('praise', 0):,}" in window.counts_label.text()
    assert window.current_page_key() == main_window_module.RESULTS_PAGE
    assert window.export_action.isEnabled() and window.search_action.isEnabled()


def test_analysis_failure_keeps_the_import(qtbot, window, monkeypatch, sample_copy, shown_errors):
    def broken(imported, progress, cancel):
        raise KeyError("internal")

    monkeypatch.setattr(main_window_module, "analyze", broken)
    load(qtbot, window, [sample_copy])
    with qtbot.waitSignal(window.analysis_runner.finished, timeout=10000):
        window.import_page.analyze_button.click()
    assert window.current_page_key() == "import" and window.import_page.result is not None
    box = shown_errors[0]
    assert "意外错误" in box.text() and "KeyError" in box.detailedText()
    assert "Traceback" not in box.text() and "reviewlens.log" in box.informativeText()


def test_cancelling_the_analysis_goes_back_to_the_import(qtbot, window, monkeypatch, sample_copy):
    def slow(imported, progress, cancel):
        for _ in range(1000):
            cancel.check()
            time.sleep(0.01)
        raise Cancelled()

    monkeypatch.setattr(main_window_module, "analyze", slow)
    load(qtbot, window, [sample_copy])
    window.import_page.analyze_button.click()
    assert window.current_page_key() == "analysis"
    window.analysis_panel.cancel_button.click()
    assert window.current_page_key() == "import"
    assert window.analysis_runner.wait_done(1000)
