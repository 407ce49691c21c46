"""``python main.py analyze``: from raw exports to the analysis summary, report, charts and CSV."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.i18n import tr
from app.core.progress import CancelToken, sub_progress

if TYPE_CHECKING:
    from app.core.results import AnalysisResult


def add_analyze_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="REPORT.xlsx", help=tr(
        "把分析报告写成 Excel 文件（可转发给供应商或老板）",
        "write the analysis report as an Excel workbook"))  # fmt: skip
    parser.add_argument("--charts", metavar="DIR", help=tr(
        "把每张图保存为 PNG 和 SVG 到这个文件夹", "save every chart as PNG and SVG into this folder"))  # fmt: skip
    parser.add_argument("--complaint-themes", type=int, metavar="N", help=tr(
        "差评主题的个数（默认自动决定）", "number of complaint themes (default: automatic)"))  # fmt: skip
    parser.add_argument("--praise-themes", type=int, metavar="N", help=tr(
        "好评主题的个数（默认自动决定）", "number of praise themes (default: automatic)"))  # fmt: skip
    parser.add_argument("--no-adapt", action="store_true", help=tr(
        "不根据本店的星级调整好评/差评判断", "do not adapt the sentiment model to this shop's star ratings"))  # fmt: skip


def run_analyze(args: argparse.Namespace) -> int:
    from app.cli_import import load_import, terminal_progress
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.core.results import ANALYSIS_EXPORT_COLUMNS

    progress = terminal_progress()
    cancel = CancelToken()
    imported = load_import(args, sub_progress(progress, 0.0, 0.2), cancel)
    config = AnalysisConfig(
        n_complaint_themes=args.complaint_themes,
        n_praise_themes=args.praise_themes,
        adapt_to_ratings=not args.no_adapt,
    )
    result = run_analysis(
        imported, config, progress=sub_progress(progress, 0.2, 0.85), cancel=cancel
    )
    print_analysis(result, print)
    if args.output:
        from app.io.excel_report import write_report

        path = write_report(
            result, args.output, progress=sub_progress(progress, 0.85, 0.97), cancel=cancel
        )
        print(tr(f"报告已写入 {path}", f"Report written to {path}"))
    if args.charts:
        written = save_charts(result, Path(args.charts))
        print(
            tr(f"{written} 张图已保存到 {args.charts}", f"{written} charts saved to {args.charts}")
        )
    if args.export_csv:
        from app.core.review_labels import export_columns
        from app.io.csv_export import ledger_frame, write_csv

        frame = ledger_frame(imported)
        extra = export_columns(result.reviews, imported.ledger["review_id"])
        frame = frame.join(extra)[[*frame.columns, *ANALYSIS_EXPORT_COLUMNS]]
        path = write_csv(frame, args.export_csv)
        print(tr(f"逐行结果已写入 {path}", f"Row-by-row result written to {path}"))
    progress(1.0, tr("完成", "Done"))
    return 0


def save_charts(result: AnalysisResult, folder: Path) -> int:
    """Every chart the data supports as PNG and SVG; returns how many charts were saved."""
    from app.core.chart_data import result_figures
    from app.core.charts import save_figure
    from app.core.errors import OutputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(
            f"无法创建图表文件夹 {folder}：{error.strerror or error}",
            f"Cannot create the charts folder {folder}: {error.strerror or error}",
        ) from error
    figures = result_figures(result)
    for name, figure in figures.items():
        save_figure(figure, folder / name)
    return len(figures)


def print_analysis(result: AnalysisResult, out: Callable[[str], None]) -> None:
    """What the owner needs first: the split, the big complaints, the big praise, the flags."""
    reviews = result.reviews
    n = len(reviews)
    out("")
    if n == 0:
        out(tr("没有可分析的评论。", "No reviews to analyse."))
        return
    share = reviews["sentiment"].value_counts(normalize=True)
    out(tr(f"分析了 {n} 条评论：好评 {share.get('praise', 0):.0%}，差评 {share.get('complaint', 0):.0%}，"
           f"中性 {share.get('neutral', 0):.0%}。",
           f"Analysed {n} reviews: praise {share.get('praise', 0):.0%}, complaints "
           f"{share.get('complaint', 0):.0%}, neutral {share.get('neutral', 0):.0%}."))  # fmt: skip
    rated = reviews["rating"].dropna()
    if len(rated):
        out(tr(f"平均评分 {rated.astype(float).mean():.2f} 星（{len(rated)} 条有评分）。",
               f"Average rating {rated.astype(float).mean():.2f} stars ({len(rated)} rated)."))  # fmt: skip
    if result.model_note:
        out(result.model_note + tr("。", "."))
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
        for _, theme in themes.head(8).iterrows():
            aspect = f" [{theme['main_aspect']}]" if theme["main_aspect"] else ""
            out(tr(f"  {theme['label']}{aspect}：{theme['review_count']} 条评论，占 {theme['share']:.0%}",
                   f"  {theme['label']}{aspect}: {theme['review_count']} reviews, {theme['share']:.0%}"))  # fmt: skip
    worst = (
        result.aspects[result.aspects["complaint"] > 0]
        .sort_values("complaint", ascending=False)
        .head(5)
    )
    if len(worst):
        out("")
        out(tr("差评最多的方面：", "Aspects with the most complaints:"))
        for _, aspect in worst.iterrows():
            out(tr(f"  {aspect['label']}：差评 {aspect['complaint']}，好评 {aspect['praise']}",
                   f"  {aspect['label']}: {aspect['complaint']} complaints, {aspect['praise']} praise"))  # fmt: skip
    mismatch, worse = int(reviews["rating_text_mismatch"].sum()), int(reviews["got_worse"].sum())
    out("")
    out(tr(f"高星但内容有不满：{mismatch} 条；追评变差：{worse} 条。",
           f"High stars but unhappy text: {mismatch}; got worse in the follow-up: {worse}."))  # fmt: skip
