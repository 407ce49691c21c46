"""``python main.py analyze``: from raw exports to the analysis summary, report, charts and CSV.

With ``-o`` and ``--charts`` the report's pictures (word clouds, heat map) are drawn once: the
PNGs in the workbook are the very files in the charts folder
(:func:`app.io.chart_files.report_and_charts`). The per-text stages of the analysis run over
worker processes (:func:`app.runtime.parallel.map_chunks`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import tr
from app.core.progress import CancelToken, ProgressFn, sub_progress

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
        "最多列出几个差评标签（默认 30，其余算在各方面的“其他”里）",
        "list at most N complaint tags (default 30; the rest count in their aspect's other line)"))  # fmt: skip
    parser.add_argument("--praise-themes", type=_theme_count, metavar="N", help=tr(
        "最多列出几个好评标签（默认 30）", "list at most N praise tags (default 30)"))  # fmt: skip
    parser.add_argument("--no-adapt", action="store_true", help=tr(
        "不根据本店的星级调整好评/差评判断", "do not adapt the sentiment model to this shop's star ratings"))  # fmt: skip


def _theme_count(value: str) -> int:
    """A number of tags from the command line: a whole number of at least 1."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise argparse.ArgumentTypeError(
            tr(
                f"标签个数应是 1 或更大的整数，“{value}”不行",
                f"the number of tags must be a whole number of 1 or more, not “{value}”",
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
    from app.cli_import import check_outputs, load_import, terminal_progress

    check_outputs(args)  # a bad output path fails now, not after the analysis
    progress = terminal_progress()
    cancel = CancelToken()
    imported = load_import(args, sub_progress(progress, 0.0, 0.2), cancel)
    _check_reviews_left(imported)
    return analyze_import(args, imported, progress, cancel)


def analyze_import(
    args: argparse.Namespace,
    imported: ImportResult,
    progress: ProgressFn,
    cancel: CancelToken,
    findings: Callable[[AnalysisResult], object] | None = None,
    memory: object = None,
) -> int:
    """Analyse ``imported`` and write what ``args`` asks for (outputs checked by the caller);
    shared by ``analyze`` and ``shop analyze``. Progress runs from 0.2 to 1. ``findings``
    (``shop analyze``) prints what changed before the summary and returns it for the report;
    ``memory``: the shop's kept per-text results (:mod:`app.history.memory`)."""
    from app.cli_import import say
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.core.results import ANALYSIS_EXPORT_COLUMNS
    from app.io.chart_files import report_and_charts, save_charts
    from app.runtime.parallel import map_chunks

    config = AnalysisConfig(
        n_complaint_themes=args.complaint_themes,
        n_praise_themes=args.praise_themes,
        adapt_to_ratings=not args.no_adapt,
        memory=memory,  # type: ignore[arg-type]
    )
    result = run_analysis(
        imported,
        config,
        progress=sub_progress(progress, 0.2, 0.85),
        cancel=cancel,
        map_chunks=map_chunks,
    )
    found = findings(result) if findings is not None else None
    print_analysis(result, say)
    report_progress = sub_progress(progress, 0.85, 0.97)
    charts = Path(args.charts) if args.charts else None
    if args.output:
        path, written = report_and_charts(
            result,
            Path(args.output),
            charts,
            progress=report_progress,
            cancel=cancel,
            findings=found,
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
    from app.core.naming import (
        adapted_note,
        aspect_name,
        aspect_names,
        by_count,
        stars,
        unspecified_line,
    )
    from app.core.reviews.labels import LABELS, review_summary
    from app.core.reviews.unhappy import (
        in_both_note,
        overall_sentence,
        unhappy_sentence,
        unhappy_split,
    )

    names = aspect_names(result.aspects, get_language())
    summary = review_summary(result)
    lang = get_language()
    out(unhappy_sentence(unhappy_split(result), lang))
    out(overall_sentence(result, lang))
    out(in_both_note(lang, summary.rated > 0) + tr("；下面的差评标签数的就是含不满的评论。",
                                "; the complaint tags below count those reviews."))  # fmt: skip
    rated = reviews["rating"].dropna()
    if len(rated):
        out(tr(f"平均评分 {rated.astype(float).mean():.2f} 星（{len(rated)} 条有评分）。",
               f"Average rating {rated.astype(float).mean():.2f} stars ({len(rated)} rated)."))  # fmt: skip
    if note := adapted_note(result.adapted_to, lang, result.self_trained_on):
        out(note + tr("。", "."))
    for polarity, title in (
        ("complaint", tr("差评标签", "Complaint tags")),
        ("praise", tr("好评标签", "Praise tags")),
    ):
        themes = by_count(result.themes_of(polarity))
        unspecified = unspecified_line(result.unspecified, polarity, lang)
        if themes.empty and not unspecified:
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
            mean = stars(theme.get("rating_mean"))
            rated = (
                tr(f"，平均 {mean:.1f} 星", f", {mean:.1f} stars on average")
                if mean is not None
                else ""
            )
            out(tr(f"  {theme['label']}{aspect}：{theme['review_count']} 条评论（{part:.0%}）{rated}",
                   f"  {theme['label']}{aspect}: {theme['review_count']} reviews ({part:.0%}){rated}"))  # fmt: skip
        if not themes.empty:
            out(tr(f"  （百分比的分母是{kind}的 {base} 条评论；一条评论可以有几个标签，加起来可超过 100%）",
                   f"  (% of the {base} reviews {kind}; a review can hold several tags, so they "
                   "can add up to more than 100 %)"))  # fmt: skip
        if unspecified:
            out(f"  {unspecified}" + tr("。", "."))
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
