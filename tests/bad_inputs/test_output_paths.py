"""Output paths on the command line (issue 17, "never lose a file").

An output never replaces an input or another output of the run; a bad output path is refused
before the input is read; a read-only target needs --force; SIGTERM/SIGHUP leave no temporary
file; a reader that stops listening (``| head -1``) does not fail the run.
"""

from __future__ import annotations

import csv
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.samples import sample_path
from tools.samples import write_csv

REPO = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def _copy_sample(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(sample_path().read_bytes())
    return path


def _refused(capsys, args: list[str], *words: str) -> str:
    """Run ``args``; it must stop at once with exit 1, nothing analysed, ``words`` in the error."""
    code = main(args)
    out, err = capsys.readouterr()
    assert code == 1, err
    assert out == ""  # refused before the input was read: no summary
    for word in words:
        assert word in err
    assert "Traceback" not in err
    return err


# -- 1. an output over an input or over another output --------------------------------------------
def test_report_over_its_input_is_refused(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    before = source.read_bytes()
    err = _refused(capsys, ["analyze", str(source), "-o", str(source)], "输入文件", "覆盖")
    assert str(source) in err
    assert source.read_bytes() == before


def test_csv_over_its_input_is_refused_also_written_as_dot_slash(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = _copy_sample(tmp_path / "a.csv")
    before = source.read_bytes()
    _refused(capsys, ["import", "a.csv", "--export-csv", "./a.csv"], "输入文件")
    assert source.read_bytes() == before


def test_output_through_a_symlink_to_the_input_is_refused(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    link = tmp_path / "link.csv"
    link.symlink_to(source)
    before = source.read_bytes()
    err = _refused(
        capsys, ["--lang", "en", "import", str(source), "--export-csv", str(link)], "input file"
    )
    assert "Will not save the row-by-row CSV" in err
    assert link.is_symlink() and source.read_bytes() == before


def test_report_and_csv_on_one_path_are_refused(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    target = tmp_path / "P"
    _refused(
        capsys,
        ["analyze", str(source), "-o", str(target), "--export-csv", str(target)],
        "报告和逐行结果文件不能用同一个路径",
    )
    assert not target.exists()


def test_charts_folder_on_the_report_path_is_refused(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    target = tmp_path / "out"
    _refused(
        capsys, ["analyze", str(source), "-o", str(target), "--charts", str(target)], "图表文件夹"
    )
    assert not target.exists()


def test_a_chart_image_over_an_input_is_refused(tmp_path, capsys):
    """A CSV export named like a chart is read as CSV; the chart must not replace it."""
    charts = tmp_path / "charts"
    source = _copy_sample(charts / "rating_distribution.png")
    before = source.read_bytes()
    _refused(capsys, ["analyze", str(source), "--charts", str(charts)], "rating_distribution.png")
    assert source.read_bytes() == before
    _refused(capsys, ["analyze", str(source), "--charts", str(source)], "图表文件夹", "输入文件")
    assert source.read_bytes() == before


# -- 8. bad output paths are found before the input is read -------------------------------------
def test_missing_report_folder_is_found_before_the_analysis(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    started = time.monotonic()
    _refused(
        capsys,
        ["analyze", str(source), "-o", str(tmp_path / "missing" / "r.xlsx")],
        "保存位置不存在",
    )
    assert time.monotonic() - started < 3  # before: after the whole analysis
    assert not (tmp_path / "missing").exists()


def test_charts_under_a_file_are_found_before_the_analysis(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    _refused(capsys, ["analyze", str(source), "--charts", str(blocker / "charts")], "不是文件夹")


def test_missing_csv_folder_is_found_before_the_import(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    _refused(
        capsys,
        ["import", str(source), "--export-csv", str(tmp_path / "no" / "rows.csv")],
        "保存位置不存在",
    )


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root may write into any folder"
)
def test_unwritable_folder_is_found_before_the_import(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        _refused(capsys, ["import", str(source), "--export-csv", str(locked / "r.csv")], "无法保存")
    finally:
        locked.chmod(0o755)


# -- 10. a read-only target needs --force ---------------------------------------------------------
def test_read_only_report_is_kept_unless_forced(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    report = tmp_path / "r.xlsx"
    report.write_bytes(b"last week's report")
    report.chmod(0o444)
    _refused(capsys, ["analyze", str(source), "-o", str(report)], "只读", "--force")
    err = _refused(capsys, ["--lang", "en", "analyze", str(source), "-o", str(report)], "read-only")
    assert "Add --force" in err
    assert report.read_bytes() == b"last week's report"
    assert stat.S_IMODE(report.stat().st_mode) == 0o444


def test_read_only_csv_is_replaced_with_force_and_stays_read_only(tmp_path, capsys):
    source = _copy_sample(tmp_path / "x.csv")
    rows = tmp_path / "rows.csv"
    rows.write_text("old")
    rows.chmod(0o444)
    _refused(capsys, ["import", str(source), "--export-csv", str(rows)], "只读")
    assert main(["import", str(source), "--export-csv", str(rows), "--force"]) == 0
    assert _rows(rows) == 400
    assert stat.S_IMODE(rows.stat().st_mode) == 0o444


def test_help_explains_force():
    result = subprocess.run(
        [sys.executable, "main.py", "analyze", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0
    assert "--force" in result.stdout and "只读" in result.stdout


# -- 9a. SIGTERM / SIGHUP while saving ------------------------------------------------------------
@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    return write_csv(tmp_path_factory.mktemp("big") / "big.csv", 40_000, seed=7)


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", 1)])
def test_stop_signal_while_saving_leaves_no_temporary_file(big_export, tmp_path, signum):
    rows = tmp_path / "rows.csv"
    for _attempt in range(3):  # the save must be caught in the act; it lasts about half a second
        rows.write_text("yesterday's rows")
        process = subprocess.Popen(
            [sys.executable, "main.py", "import", str(big_export), "--export-csv", str(rows)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        caught = False
        while process.poll() is None:
            if any(tmp_path.glob(".reviewlens-*.csv")):
                process.send_signal(signum)
                caught = True
                break
            time.sleep(0.002)
        _, err = process.communicate(timeout=30)
        if caught:
            break
    assert caught, "the save was never seen"
    assert process.returncode == 128 + signum, err.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rows.csv"]  # no .reviewlens-*.csv
    assert rows.read_text() == "yesterday's rows"
    assert "已停止" in err.decode() and "Traceback" not in err.decode()


# -- 9b. a reader that stops listening ------------------------------------------------------------
@pytest.mark.slow
def test_closed_stdout_still_writes_every_output(tmp_path):
    report, rows = tmp_path / "r.xlsx", tmp_path / "rows.csv"
    export = ["--export-csv", str(rows)]
    process = subprocess.Popen(
        [sys.executable, "main.py", "analyze", str(sample_path()), "-o", str(report), *export],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # like `| head -0`: every line printed meets a closed pipe
    with process.stderr:
        err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, err
    assert "意外错误" not in err and "Traceback" not in err and "BrokenPipe" not in err
    assert load_workbook(report, read_only=True).sheetnames
    assert _rows(rows) == 400
    log = Path(os.environ["REVIEWLENS_DATA_DIR"]) / "logs" / "reviewlens.log"
    assert not log.exists() or "BrokenPipe" not in log.read_text(encoding="utf-8")
