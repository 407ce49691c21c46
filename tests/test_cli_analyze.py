"""``analyze -o REPORT --charts DIR``: the report and the charts, with their pictures drawn once."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.cli_analyze import ChartsWorker, report_and_charts, save_charts
from app.core.charts import data as chart_data
from app.core.charts.data import REPORT_PICTURES, result_figures
from app.core.errors import OutputError
from app.io.report.charts import draw_pictures
from app.io.report.excel import sheet_names
from tests.io.report_fixtures import make_result

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "taobao_sample.csv"


@pytest.fixture(scope="module")
def result():
    return make_result()


@pytest.fixture(scope="module")
def expected(result) -> list[str]:
    """The chart files the result supports, as the dashboard would build them."""
    return sorted(f"{name}.{ext}" for name in result_figures(result) for ext in ("png", "svg"))


def _media(report: Path) -> list[bytes]:
    with zipfile.ZipFile(report) as package:
        return sorted(package.read(n) for n in package.namelist() if n.startswith("xl/media/"))


def _pictures(folder: Path) -> list[bytes]:
    return sorted((folder / f"{name}.png").read_bytes() for name in REPORT_PICTURES)


def _check(report: Path, folder: Path, count: int, expected: list[str]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == expected
    assert count == len(expected) // 2
    assert _media(report) == _pictures(folder)  # the very PNGs that were saved
    wb = load_workbook(report)
    assert wb.sheetnames[0] == sheet_names("zh")["overview"]
    assert len(wb[sheet_names("zh")["complaints"]]._images) == 1


def test_report_embeds_the_saved_pictures(result, expected, tmp_path):
    report, count = report_and_charts(result, tmp_path / "r.xlsx", tmp_path / "charts")
    _check(report, tmp_path / "charts", count, expected)


def test_without_a_worker_process_the_outputs_are_the_same(result, expected, tmp_path, monkeypatch):
    monkeypatch.setattr(ChartsWorker, "start", classmethod(lambda cls, result, folder: None))
    report, count = report_and_charts(result, tmp_path / "r.xlsx", tmp_path / "charts")
    _check(report, tmp_path / "charts", count, expected)
    alone = tmp_path / "alone"
    assert save_charts(result, alone) == count
    assert _pictures(alone) == _pictures(tmp_path / "charts")


def test_report_alone_gets_the_same_pictures(result, tmp_path):
    report, count = report_and_charts(result, tmp_path / "r.xlsx", None)
    assert count == 0 and list(tmp_path.iterdir()) == [report]
    draw = draw_pictures(result)
    drawn = sorted(png for png in map(draw, REPORT_PICTURES) if png)
    assert len(drawn) == 3 and _media(report) == drawn


@pytest.mark.skipif(sys.platform != "linux", reason="the worker process is forked on Linux only")
def test_the_worker_sends_every_picture_then_the_count(result, expected, tmp_path):
    worker = ChartsWorker.start(result, tmp_path)
    assert worker is not None
    try:
        pictures = {name: worker.picture(name) for name in REPORT_PICTURES}
        assert worker.finish() == len(expected) // 2
    finally:
        worker.stop()
    assert not worker.process.is_alive()
    assert sorted(pictures.values()) == _pictures(tmp_path)


def test_a_failing_worker_leaves_the_work_to_this_process(result, expected, tmp_path, monkeypatch):
    parent, real = os.getpid(), chart_data.result_figure

    def broken_in_the_worker(result, name, lang=None):
        if os.getpid() != parent:
            raise MemoryError("the worker ran out of memory")
        return real(result, name, lang)

    monkeypatch.setattr(chart_data, "result_figure", broken_in_the_worker)
    report, count = report_and_charts(result, tmp_path / "r.xlsx", tmp_path / "charts")
    _check(report, tmp_path / "charts", count, expected)


def test_unusable_outputs_are_explained_before_any_work(result, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    started = []
    monkeypatch.setattr(ChartsWorker, "start", lambda *a: started.append(a))
    with pytest.raises(OutputError, match="图表文件夹"):
        report_and_charts(result, tmp_path / "r.xlsx", blocker / "charts")
    assert started == [] and not (tmp_path / "r.xlsx").exists()
    with pytest.raises(OutputError, match="保存位置不存在"):
        report_and_charts(result, tmp_path / "missing" / "r.xlsx", tmp_path / "charts")
    assert started == [] and not (tmp_path / "charts").exists()


@pytest.mark.slow
def test_analyze_command_writes_report_and_charts(tmp_path, capsys, monkeypatch):
    workers, real_start = [], ChartsWorker.start

    def spy(result, folder):
        workers.append(real_start(result, folder))
        return workers[-1]

    monkeypatch.setattr(ChartsWorker, "start", spy)
    report, charts = tmp_path / "报告.xlsx", tmp_path / "图表"
    assert main(["analyze", str(SAMPLE), "-o", str(report), "--charts", str(charts)]) == 0
    out = capsys.readouterr().out
    assert f"报告已写入 {report}" in out
    written = len(list(charts.glob("*.png")))
    assert f"{written} 张图已保存到 {charts}" in out and written >= 7
    assert len(list(charts.glob("*.svg"))) == written
    assert _media(report) == _pictures(charts)
    if sys.platform == "linux":
        assert workers and workers[0] is not None  # the charts were saved by the worker
