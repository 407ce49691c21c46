"""``python main.py --selftest``: prove an installation works, without a window.

Analyses the bundled sample headless, writes the Excel report and the charts into a temporary
folder and checks them (the workbook opens and has its overview sheet, the review count
matches, the charts exist), checks the bundled Chinese font and the sentiment model, then
prints a short result and where the user data folder is. Runs the same from the sources and
inside the frozen (PyInstaller) app; never imports Qt. Exit code 0 when everything passed,
1 otherwise (with one readable line per failed check).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app import __version__
from app.core.i18n import get_language, tr

Out = Callable[[str], None]


class CheckFailed(Exception):
    """A self-test check failed; the message is readable in the current language."""


def _check(condition: bool, zh: str, en: str) -> None:
    if not condition:
        raise CheckFailed(tr(zh, en))


def _run_checks(folder: Path, out: Out) -> None:
    """Every check, in order; raises CheckFailed (or the pipeline's own error) on failure."""
    from app.core.charts.fonts import cjk_font_path
    from app.core.sentiment.model import SentimentModel

    font = cjk_font_path()  # raises FontMissingError with a readable message
    _check(
        font.stat().st_size > 1_000_000, f"字体文件不完整：{font}", f"Font file is damaged: {font}"
    )
    out(tr(f"  ✓ 中文字体：{font.name}", f"  ✓ Chinese font: {font.name}"))

    model = SentimentModel.load()
    score = model.predict_proba(["质量很好，物流很快", "质量太差了，退货"])
    _check(
        score[0] > 0.5 > score[1],
        "情感模型判断错误（好评/差评颠倒）",
        "The sentiment model gives wrong answers (praise and complaint swapped)",
    )
    out(tr("  ✓ 情感模型已加载", "  ✓ Sentiment model loaded"))

    from app.core.ingest.ledger import build_import
    from app.core.pipeline import run_analysis
    from app.io.chart_files import report_and_charts
    from app.io.readers.read import read_file
    from app.io.report.excel import sheet_names
    from app.samples import sample_path

    started = time.perf_counter()
    imported = build_import([read_file(sample_path())], saved_mappings=False)
    result = run_analysis(imported)
    kept = len(imported.kept)
    _check(kept > 0, "示例数据中没有可分析的评价", "The sample has no reviews to analyse")
    _check(
        len(result.reviews) == kept,
        f"分析结果条数 {len(result.reviews)} 与导入条数 {kept} 不一致",
        f"Analysed {len(result.reviews)} reviews but imported {kept}",
    )
    seconds = time.perf_counter() - started
    out(tr(f"  ✓ 示例数据：分析了 {kept} 条评价（{seconds:.1f} 秒）",
           f"  ✓ Sample: {kept} reviews analysed ({seconds:.1f} s)"))  # fmt: skip

    # the same path as `analyze -o … --charts …`: the report's pictures drawn once
    charts = folder / "charts"
    report, count = report_and_charts(result, folder / "selftest_report.xlsx", charts)
    _check_workbook(report, kept, sheet_names(get_language())["overview"])
    out(tr(f"  ✓ Excel 报告：{report.stat().st_size // 1024} KB",
           f"  ✓ Excel report: {report.stat().st_size // 1024} KB"))  # fmt: skip

    pngs = [p for p in charts.glob("*.png") if p.stat().st_size > 0]
    _check(
        count > 0 and len(pngs) == count,
        f"图表没有全部生成（应有 {count} 张，找到 {len(pngs)} 张）",
        f"Not every chart was saved ({count} expected, {len(pngs)} found)",
    )
    out(tr(f"  ✓ 图表：{count} 张", f"  ✓ Charts: {count}"))


def _check_workbook(path: Path, kept: int, overview: str) -> None:
    """The report opens with openpyxl, has the overview sheet and one row per review."""
    from openpyxl import load_workbook

    from app.io.report.excel import sheet_names

    workbook = load_workbook(path, read_only=True)
    try:
        _check(
            overview in workbook.sheetnames,
            f"报告里没有“{overview}”工作表",
            f"The report has no “{overview}” sheet",
        )
        reviews = sheet_names(get_language())["reviews"]
        if reviews in workbook.sheetnames:
            sheet = workbook[reviews]
            rows = sum(1 for row in sheet.iter_rows(values_only=True) if any(row))
            _check(
                rows - 1 == kept,  # minus the header row
                f"报告“{reviews}”中有 {rows - 1} 行，应为 {kept} 行",
                f"The report's “{reviews}” sheet has {rows - 1} rows, expected {kept}",
            )
    finally:
        workbook.close()


def run_selftest(out: Out = print) -> int:
    """Run every check and print the result; returns the exit code (0 passed, 1 failed)."""
    from app.paths import user_data_dir

    frozen = getattr(sys, "frozen", False)
    out(tr(f"评论透镜 {__version__} 自检（{'安装版' if frozen else '源代码'}）",
           f"ReviewLens {__version__} self-test ({'installed app' if frozen else 'from source'})"))  # fmt: skip
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="reviewlens-selftest-") as scratch:
            _run_checks(Path(scratch), out)
    except Exception as error:  # every failure becomes one readable line
        out(tr(f"  ✗ 自检失败：{error}", f"  ✗ Self-test failed: {error}"))
        out(tr("请重新安装评论透镜；如果问题仍在，请把这段文字发给我们。",
               "Please reinstall ReviewLens; if the problem stays, send us this text."))  # fmt: skip
        return 1
    seconds = time.perf_counter() - started
    out(tr(f"自检通过（{seconds:.1f} 秒）。", f"Self-test passed ({seconds:.1f} s)."))
    try:
        data = str(user_data_dir())
    except OSError as error:
        data = tr(f"无法创建（{error}）", f"cannot be created ({error})")
    out(tr(f"用户数据文件夹（设置、记住的列、日志）：{data}",
           f"User data folder (settings, saved columns, log): {data}"))  # fmt: skip
    return 0
