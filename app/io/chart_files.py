"""Charts as files (PNG + SVG) and the report with them: what ``analyze -o R --charts D`` and
the desktop app's export page write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.changes.findings import HistoryFindings
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.results import AnalysisResult


def save_charts(
    result: AnalysisResult,
    folder: Path,
    on_picture: Callable[[str, bytes | None], None] | None = None,
) -> int:
    """Every chart the data supports as PNG and SVG; returns how many charts were saved.

    The pictures the Excel report embeds come first: ``on_picture(name, png)`` hears of each
    as soon as its PNG is saved (``png`` None when the data cannot support it), before any
    SVG is drawn. The other figures are built, saved and dropped one at a time.
    """
    from app.core.charts.data import CHART_NAMES, REPORT_PICTURES, result_figure
    from app.core.charts.figures import save_figure

    make_folder(folder)
    pictures = {}
    for name in REPORT_PICTURES:
        figure = pictures[name] = result_figure(result, name)
        rendered: dict[str, bytes] = {}
        if figure is not None:
            save_figure(figure, folder / name, formats=("png",), rendered=rendered)
        if on_picture is not None:
            on_picture(name, rendered.get("png"))
    written = 0
    for name in CHART_NAMES:
        if name in pictures:
            figure, drawn = pictures.pop(name), True
        else:
            figure, drawn = result_figure(result, name), False
        if figure is not None:
            formats = ("svg",) if drawn else ("png", "svg")
            save_figure(figure, folder / name, formats=formats, drawn=drawn)
            written += 1
    return written


def make_folder(folder: Path) -> None:
    """Create the charts folder; OutputError with a readable message when that fails."""
    from app.core.errors import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"无法创建图表文件夹 {folder}：{error.strerror or error}",
            f"Cannot create the charts folder {folder}: {error.strerror or error}",
        ) from error


def report_and_charts(
    result: AnalysisResult,
    report: Path,
    folder: Path | None,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    findings: HistoryFindings | None = None,
) -> tuple[Path, int]:
    """Write the report and, unless ``folder`` is None, save the charts there.

    The report's pictures are drawn once: saved as charts first, then embedded from there.
    ``findings`` (a shop history's) opens the report with the sheet of what changed.
    Returns the report path and the number of charts saved.
    """
    from app.io.atomic import check_target
    from app.io.report.excel import write_report

    check_target(report, "评论分析报告.xlsx")  # a bad report path fails before any work
    if folder is not None:
        make_folder(folder)
    if folder is None:
        return write_report(result, report, progress=progress, cancel=cancel, findings=findings), 0
    pictures: dict[str, bytes | None] = {}
    written = save_charts(result, folder, on_picture=pictures.__setitem__)
    path = write_report(
        result, report, pictures=pictures.get, progress=progress, cancel=cancel, findings=findings
    )
    return path, written
