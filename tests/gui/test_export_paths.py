"""导出 page (issue 17): never save over an imported file; ask before replacing a read-only one."""

from __future__ import annotations

import stat

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from app.gui.pages.export_page import ExportPage
from tests.io.report_fixtures import make_result


@pytest.fixture
def page(qtbot, settings, tmp_path):
    """The export page holding a result whose first imported file is ``tmp_path/店铺评价.csv``."""
    result = make_result()
    source = tmp_path / "店铺评价.csv"
    source.write_bytes(b"the shop's only export")
    result.imported.files[0].source_file = str(source)
    export = ExportPage(settings)
    qtbot.addWidget(export)
    export.set_result(result)
    return export


def _source(page) -> str:
    return page.result.imported.files[0].source_file


def test_report_over_an_imported_file_is_refused(page, shown_errors, tmp_path):
    page.export_report(_source(page), "zh")
    assert not page.runner.is_running()  # nothing was started
    assert len(shown_errors) == 1 and "输入文件" in shown_errors[0].text()
    assert (tmp_path / "店铺评价.csv").read_bytes() == b"the shop's only export"


def test_chart_images_over_an_imported_file_are_refused(page, shown_errors, tmp_path):
    charts = tmp_path / "charts"
    charts.mkdir()
    source = charts / "complaint_themes.png"
    source.write_bytes(b"an export named like a chart")
    page.result.imported.files[0].source_file = str(source)
    page.export_charts(str(charts))
    assert not page.runner.is_running()
    assert len(shown_errors) == 1 and "complaint_themes.png" in shown_errors[0].text()
    assert source.read_bytes() == b"an export named like a chart"


def test_a_read_only_report_is_replaced_only_when_the_user_agrees(
    qtbot, page, tmp_path, monkeypatch
):
    target = tmp_path / "报告.xlsx"
    target.write_bytes(b"the report sent to the supplier")
    target.chmod(0o444)
    asked: list[str] = []

    def answer(reply):
        def question(parent, title, text, *args):
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    page.export_report(str(target), "zh")
    assert len(asked) == 1 and str(target) in asked[0] and "只读" in asked[0]
    assert not page.runner.is_running()
    assert target.read_bytes() == b"the report sent to the supplier"

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.exported, timeout=60000):
        page.export_report(str(target), "zh")
    assert len(asked) == 2
    assert load_workbook(target, read_only=True).sheetnames  # the new report
    assert stat.S_IMODE(target.stat().st_mode) == 0o444  # still protected
