"""``python main.py analyze``: from raw exports to the analysis summary, report, charts and CSV.

With ``-o`` the report's pictures (word clouds, heat map) are drawn once, by a forked worker
process on Linux that also saves the ``--charts`` while this process writes the workbook (see
:func:`report_and_charts`); the PNGs in the workbook are the very files in the charts folder.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress

if TYPE_CHECKING:
    from app.core.ingest.model import ImportResult
    from app.core.results import AnalysisResult


def add_analyze_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="REPORT.xlsx", help=tr(
        "把分析报告写成 Excel 文件（可转发给供应商或老板）",
        "write the analysis report as an Excel workbook"))  # fmt: skip
    parser.add_argument("--charts", metavar="DIR", help=tr(
        "把每张图保存为 PNG 和 SVG 到这个文件夹", "save every chart as PNG and SVG into this folder"))  # fmt: skip
    parser.add_argument("--complaint-themes", type=_theme_count, metavar="N", help=tr(
        "差评主题的个数（默认自动决定）", "number of complaint themes (default: automatic)"))  # fmt: skip
    parser.add_argument("--praise-themes", type=_theme_count, metavar="N", help=tr(
        "好评主题的个数（默认自动决定）", "number of praise themes (default: automatic)"))  # fmt: skip
    parser.add_argument("--no-adapt", action="store_true", help=tr(
        "不根据本店的星级调整好评/差评判断", "do not adapt the sentiment model to this shop's star ratings"))  # fmt: skip


def _theme_count(value: str) -> int:
    """A number of themes from the command line: a whole number of at least 1."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            tr(
                f"主题个数应是 1 或更大的整数，“{value}”不行",
                f"the number of themes must be a whole number of 1 or more, not “{value}”",
            )
        )
    return count


def _check_reviews_left(imported: ImportResult) -> None:
    """AppError (exit 1) when every row was dropped: there is nothing to analyse."""
    if not imported.kept.empty:
        return
    from app.core.errors import AppError
    from app.core.ingest.ledger import REASONS

    counts = imported.ledger["reason_code"].value_counts()
    zh = "，".join(f"{REASONS[c][0]} {n} 行" for c, n in counts.items() if c in REASONS)
    en = ", ".join(f"{REASONS[c][1]}: {n}" for c, n in counts.items() if c in REASONS)
    rows = len(imported.ledger)
    raise AppError(
        f"没有可分析的评论：读取的 {rows} 行都被删除了（{zh}）。请确认选对了文件；"
        "用 import 命令加 --export-csv 可查看每一行和删除原因。",
        f"No reviews to analyse: all {rows} rows read were dropped ({en}). Check that this is "
        "the right file; the import command with --export-csv lists every row and its reason.",
    )


def run_analyze(args: argparse.Namespace) -> int:
    from app.cli_import import check_outputs, load_import, say, terminal_progress
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.core.results import ANALYSIS_EXPORT_COLUMNS

    check_outputs(args)  # a bad output path fails now, not after the analysis
    progress = terminal_progress()
    cancel = CancelToken()
    imported = load_import(args, sub_progress(progress, 0.0, 0.2), cancel)
    _check_reviews_left(imported)
    config = AnalysisConfig(
        n_complaint_themes=args.complaint_themes,
        n_praise_themes=args.praise_themes,
        adapt_to_ratings=not args.no_adapt,
    )
    result = run_analysis(
        imported, config, progress=sub_progress(progress, 0.2, 0.85), cancel=cancel
    )
    print_analysis(result, say)
    report_progress = sub_progress(progress, 0.85, 0.97)
    charts = Path(args.charts) if args.charts else None
    if args.output:
        path, written = report_and_charts(
            result, Path(args.output), charts, progress=report_progress, cancel=cancel
        )
    else:
        written = save_charts(result, charts) if charts else 0
    if args.output:
        say(tr(f"报告已写入 {path}", f"Report written to {path}"))
    if args.charts:
        say(tr(f"{written} 张图已保存到 {args.charts}", f"{written} charts saved to {args.charts}"))
    if args.export_csv:
        from app.core.i18n import get_language
        from app.core.naming import aspect_names
        from app.core.reviews.labels import export_columns
        from app.io.csv_export import ledger_frame, write_csv

        frame = ledger_frame(imported)
        names = aspect_names(result.aspects, get_language())
        extra = export_columns(result.reviews, imported.ledger["review_id"], names)
        frame = frame.join(extra)[[*frame.columns, *ANALYSIS_EXPORT_COLUMNS]]
        path = write_csv(frame, args.export_csv)
        say(tr(f"逐行结果已写入 {path}", f"Row-by-row result written to {path}"))
    progress(1.0, tr("完成", "Done"))
    return 0


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
) -> tuple[Path, int]:
    """Write the report and, unless ``folder`` is None, save the charts there.

    The report's pictures are drawn once. On Linux a forked process draws them (and saves the
    charts) while this one writes the workbook; elsewhere, or when that process fails, the
    work is done here. Returns the report path and the number of charts saved.
    """
    from app.io.atomic import check_target
    from app.io.report.excel import write_report

    check_target(report, "评论分析报告.xlsx")  # a bad report path fails before any work
    if folder is not None:
        make_folder(folder)
    worker = ChartsWorker.start(result, folder)
    if worker is None and folder is None:
        return write_report(result, report, progress=progress, cancel=cancel), 0
    if worker is None:
        pictures: dict[str, bytes | None] = {}
        written = save_charts(result, folder, on_picture=pictures.__setitem__)
        path = write_report(result, report, pictures=pictures.get, progress=progress, cancel=cancel)
        return path, written
    try:
        path = write_report(
            result, report, pictures=worker.picture, progress=progress, cancel=cancel
        )
        count = worker.finish()
    finally:
        worker.stop()
    if count is None:  # the worker failed: save here, which raises its error if there is one
        count = save_charts(result, folder) if folder is not None else 0
    return path, count


class ChartsWorker:
    """:func:`save_charts` (or only the report's pictures) in a forked process, sending the
    report's pictures back as soon as they are drawn."""

    TIMEOUT = 600.0  # seconds without a message before the worker is given up

    def __init__(self, process: Any, conn: Any, fallback: Callable[[str], bytes | None]) -> None:
        self.process, self.conn, self.fallback = process, conn, fallback
        self.pictures: dict[str, bytes | None] = {}
        self.count: int | None = None
        self.failed = False

    @classmethod
    def start(cls, result: AnalysisResult, folder: Path | None) -> ChartsWorker | None:
        """The running worker, or None where forking is not safe (not Linux, other threads)."""
        import gc
        import multiprocessing
        import threading

        from app.io.report.charts import draw_pictures

        if sys.platform != "linux" or threading.active_count() > 1:
            return None
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        gc.freeze()  # the child's garbage collector then leaves the shared pages alone
        try:
            process = context.Process(
                target=_charts_child, args=(result, folder, sender), daemon=True
            )
            process.start()
        finally:
            gc.unfreeze()
            sender.close()
        return cls(process, receiver, draw_pictures(result))

    def _receive(self) -> None:
        from multiprocessing.connection import wait

        ready = wait([self.conn, self.process.sentinel], self.TIMEOUT)
        message: tuple = ("failed",)
        if self.conn in ready:
            with contextlib.suppress(EOFError, OSError):
                message = self.conn.recv()
        if message[0] == "picture":
            self.pictures[message[1]] = message[2]
        elif message[0] == "done":
            self.count = message[1]
        else:
            self.failed = True

    def picture(self, name: str) -> bytes | None:
        """The PNG of ``name`` from the worker; drawn here if the worker failed."""
        while name not in self.pictures and self.count is None and not self.failed:
            self._receive()
        if name in self.pictures:
            return self.pictures[name]
        return self.fallback(name) if self.failed else None

    def finish(self) -> int | None:
        """Number of charts saved, or None when the worker failed."""
        while self.count is None and not self.failed:
            self._receive()
        return None if self.failed else self.count

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)
        self.conn.close()


def _charts_child(result: AnalysisResult, folder: Path | None, conn: Any) -> None:
    """In the forked process: save the charts (or only draw the pictures when ``folder`` is
    None), sending each picture as soon as it is drawn, then the number of charts saved."""
    from app.cli import STOP_SIGNALS, Terminated, raise_terminated

    for signum in STOP_SIGNALS:  # stopped mid-save: each save's `finally` removes its temp file
        signal.signal(signum, raise_terminated)
    try:
        if folder is None:
            from app.core.charts.data import REPORT_PICTURES
            from app.io.report.charts import draw_pictures

            draw = draw_pictures(result)
            for name in REPORT_PICTURES:
                conn.send(("picture", name, draw(name)))
            count = 0
        else:
            count = save_charts(result, folder, lambda name, png: conn.send(("picture", name, png)))
        conn.send(("done", count))
    except Terminated:  # the parent stopped this worker: it no longer listens
        pass
    except BaseException:  # the parent then saves the charts itself and shows the error
        with contextlib.suppress(OSError):
            conn.send(("failed",))
    finally:
        conn.close()


def print_analysis(result: AnalysisResult, out: Callable[[str], None]) -> None:
    """What the owner needs first: the split, the big complaints, the big praise, the flags."""
    reviews = result.reviews
    n = len(reviews)
    out("")
    if n == 0:
        reasons = result.imported.drop_reasons()
        if reasons.empty:
            out(
                tr("没有可分析的评论：文件里没有评价行。", "No reviews to analyse: no review rows.")
            )
        else:
            zh = "，".join(f"{reason} {count} 行" for reason, count in reasons.items())
            en = "; ".join(f"{reason}: {count}" for reason, count in reasons.items())
            out(tr(f"没有可分析的评论：导入的 {reasons.sum()} 行都被删除了（{zh}）。",
                   f"No reviews to analyse: all {reasons.sum()} rows were dropped ({en})."))  # fmt: skip
        return
    from app.core.i18n import get_language
    from app.core.naming import adapted_note, aspect_name, aspect_names
    from app.core.reviews.labels import LABELS, review_summary

    names = aspect_names(result.aspects, get_language())
    summary = review_summary(result)
    share = reviews["sentiment"].value_counts(normalize=True)
    out(tr(f"分析了 {n} 条评论：好评 {share.get('praise', 0):.0%}，差评 {share.get('complaint', 0):.0%}"
           f"（{summary.complaint} 条），中性 {share.get('neutral', 0):.0%}（按整条评论判断）。",
           f"Analysed {n} reviews: praise {share.get('praise', 0):.0%}, complaint reviews "
           f"{share.get('complaint', 0):.0%} ({summary.complaint}), neutral "
           f"{share.get('neutral', 0):.0%} (whole review judged)."))  # fmt: skip
    with_complaint = summary.with_complaint
    out(tr(f"含不满内容的评论 {with_complaint} 条（{summary.share(with_complaint):.0%}）："
           "至少一句在抱怨，整体是好评的也算；下面的差评主题数的就是这些评论。",
           f"Reviews with a complaint: {with_complaint} ({summary.share(with_complaint):.0%}), "
           "at least one complaining clause, praise reviews too; the complaint themes below "
           "count these reviews."))  # fmt: skip
    rated = reviews["rating"].dropna()
    if len(rated):
        out(tr(f"平均评分 {rated.astype(float).mean():.2f} 星（{len(rated)} 条有评分）。",
               f"Average rating {rated.astype(float).mean():.2f} stars ({len(rated)} rated)."))  # fmt: skip
    if note := adapted_note(result.adapted_to, get_language()):
        out(note + tr("。", "."))
    for polarity, title in (
        ("complaint", tr("差评主题", "Complaint themes")),
        ("praise", tr("好评主题", "Praise themes")),
    ):
        themes = result.themes_of(polarity)
        if themes.empty:
            continue
        out("")
        cover = result.coverage.get(polarity, 0.0)
        out(tr(f"{title}（覆盖 {cover:.0%} 的{'差评' if polarity == 'complaint' else '好评'}分句）：",
               f"{title} (covering {cover:.0%} of {polarity} clauses):"))  # fmt: skip
        base = summary.with_complaint if polarity == "complaint" else summary.with_praise
        kind = (
            tr("含不满", "with a complaint")
            if polarity == "complaint"
            else tr("含夸奖", "with praise")
        )
        for _, theme in themes.head(8).iterrows():
            main = aspect_name(theme["main_aspect"], names)
            aspect = f" [{main}]" if main else ""
            part = theme["review_count"] / base if base else 0.0
            out(tr(f"  {theme['label']}{aspect}：{theme['review_count']} 条评论，占{kind}评论的 {part:.0%}",
                   f"  {theme['label']}{aspect}: {theme['review_count']} reviews, {part:.0%} of reviews {kind}"))  # fmt: skip
    worst = (
        result.aspects[result.aspects["complaint"] > 0]
        .sort_values("complaint", ascending=False)
        .head(5)
    )
    if len(worst):
        out("")
        out(tr("差评最多的方面：", "Aspects with the most complaints:"))
        for _, aspect in worst.iterrows():
            name = aspect_name(aspect["key"], names)
            out(tr(f"  {name}：差评 {aspect['complaint']}，好评 {aspect['praise']}",
                   f"  {name}: {aspect['complaint']} complaints, {aspect['praise']} praise"))  # fmt: skip
    mismatch = f"{summary.high_stars_unhappy}" if summary.rated else tr(*LABELS["no_ratings"])
    worse = f"{summary.got_worse}" if summary.followups else tr(*LABELS["no_followups"])
    out("")
    out(tr(f"{LABELS['high_stars_unhappy'][0]}：{mismatch}；{LABELS['got_worse'][0]}：{worse}。",
           f"{LABELS['high_stars_unhappy'][1]}: {mismatch}; {LABELS['got_worse'][1]}: {worse}."))  # fmt: skip
