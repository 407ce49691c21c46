"""The import check page and the analysis hand-off, driven through the widgets."""

from __future__ import annotations

import shutil
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from app.core.ingest import mappings
from app.core.progress import Cancelled
from app.gui import main_window as main_window_module
from app.gui.pages import import_page as import_page_module
from app.gui.pages.import_file_tab import PREVIEW_ROWS
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
    assert preview.model().rowCount() == PREVIEW_ROWS
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

    def slow_read(path, *, sheet=None, encoding=None, progress=None, cancel=None):
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

    monkeypatch.setattr(main_window_module, "analysis_task", broken)
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

    monkeypatch.setattr(main_window_module, "analysis_task", slow)
    load(qtbot, window, [sample_copy])
    window.import_page.analyze_button.click()
    assert window.current_page_key() == "analysis"
    window.analysis_panel.cancel_button.click()
    assert window.current_page_key() == "import"
    assert window.analysis_runner.wait_done(1000)


# -- issue 17: dropped rows marked in the preview, encoding choice for text files -------------
def _preview(page, file_index=0):
    return page.tabs.widget(file_index).findChild(QWidget, "preview").model()


def _cells(model, row):
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def test_rows_that_will_be_dropped_are_grey_in_the_preview_with_their_reason(
    qtbot, window, tmp_path
):
    path = tmp_path / "评价.csv"
    path.write_text(
        "评价内容,评分,评价时间\n"
        "质量很好，物流也快,5,2024-05-01\n"
        "此用户没有填写评价。,5,2024-05-02\n"
        "质量很好，物流也快,5,2024-05-01\n"
        "！！！,1,2024-05-03\n"
        "尺码偏小，换了一次,3,2024-05-04\n",
        encoding="utf-8",
    )
    result = load(qtbot, window, [path])
    page = window.import_page
    model = _preview(page)
    assert model.rowCount() == 5
    rows = [model.headerData(r, Qt.Orientation.Vertical) for r in range(5)]
    assert rows == ["2", "3", "4", "5", "6"]
    first = [_cells(model, r)[0] for r in range(5)]
    assert first == [
        "✓ 分析",
        "✕ 平台默认评价（买家没写内容）",
        "✕ 重复评价（与前面某行完全相同）",
        "✕ 只有标点、数字或表情",
        "✓ 分析",
    ]
    # the same reasons as the summary below the preview, for the same rows
    for reason in ("平台默认评价（买家没写内容）", "重复评价（与前面某行完全相同）"):
        assert reason in page.dropped.text()
    dropped_rows = set(result.dropped["source_row"].tolist())
    assert dropped_rows == {3, 4, 5}
    text_column = 1 + ["评价内容", "评分", "评价时间"].index("评价内容")
    grey = model.data(model.index(1, text_column), Qt.ItemDataRole.ForegroundRole)
    assert grey is not None and grey.color().name() == "#9aa0a6"
    assert model.data(model.index(0, text_column), Qt.ItemDataRole.ForegroundRole) is None
    tip = model.data(model.index(3, text_column), Qt.ItemDataRole.ToolTipRole)
    assert tip == "这一行不参与分析：只有标点、数字或表情"
    assert model.data(model.index(1, text_column)) == "此用户没有填写评价。"  # the data is shown


BIG5_ROWS = (
    "評價內容,評分,評價時間\n"
    "質量很好，物流也快，會再買,5,2024-05-01\n"
    "顏色和圖片一樣，很滿意,4,2024-05-02\n"
    "尺碼偏小，換了一次,3,2024-05-03\n"
)


def test_choosing_an_encoding_rereads_a_text_file(qtbot, window, tmp_path, shown_errors):
    path = tmp_path / "繁體評價.csv"
    path.write_bytes(BIG5_ROWS.encode("big5"))
    load(qtbot, window, [path])
    page = window.import_page
    combo = page.tabs.widget(0).findChild(QComboBox, "encoding")
    assert combo is not None
    assert combo.currentText().startswith("自动识别")
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert {"UTF-8", "GB18030 (GBK)", "Big5", "UTF-16", "Windows-1252"} <= set(labels)

    with qtbot.waitSignal(page.importDone, timeout=10000) as blocker:
        combo.setCurrentIndex(combo.findData("big5"))
    result = blocker.args[0]
    assert result.files[0].encoding == "big5"
    assert result.files[0].roles.mapping["text"] == "評價內容"
    assert result.kept["text"].iloc[0] == "質量很好，物流也快，會再買"
    combo = page.tabs.widget(0).findChild(QComboBox, "encoding")  # the tab was rebuilt
    assert combo.currentData() == "big5"
    assert "質量很好，物流也快，會再買" in _cells(_preview(page), 0)

    # a wrong choice: the plain reader message, and the page stays as it was
    with qtbot.waitSignal(page.runner.failed, timeout=10000):
        combo.setCurrentIndex(combo.findData("utf-8"))
    qtbot.waitUntil(lambda: page.content.isEnabled(), timeout=5000)
    assert len(shown_errors) == 1
    assert "不是用 utf-8 编码保存的" in shown_errors[0].text()
    assert page.result is result
    assert page.tabs.widget(0).findChild(QComboBox, "encoding").currentData() == "big5"
    assert page.analyze_button.isEnabled()
