"""``python main.py shop add|info|analyze``: the shop history on the command line.

``shop add SHOP FILE...`` imports exports into the shop file (created when missing), counting
reviews it already holds once; ``shop info SHOP`` says what it holds; ``shop analyze SHOP``
analyses the held reviews exactly as ``analyze`` analyses an export. SHOP is a path; without a
suffix it gets ``.reviewlens``. It is never one of the input files.
"""

from __future__ import annotations

import argparse
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import AppError
from app.core.i18n import tr
from app.core.progress import CancelToken
from app.history.schema import MAIN_SOURCE


def add_shop_commands(
    commands: Any,
    *,
    import_options: Callable[[argparse.ArgumentParser], None],
    parse_date: Callable[[str], Any],
) -> list[argparse.ArgumentParser]:
    """The ``shop`` command and its sub-commands; returns the sub-command parsers."""
    from app.cli_analyze import add_analyze_options

    shop = commands.add_parser(
        "shop",
        help=tr(
            "店铺历史：把每次的评价导出追加到一个店铺文件里，重复的只算一次",
            "shop history: append every review export to one shop file, counting repeats once",
        ),
        description=tr(
            "店铺历史：python main.py shop add 我的店 评价.xlsx；shop info 我的店；"
            "shop analyze 我的店 -o 报告.xlsx",
            "Shop history: python main.py shop add my-shop reviews.xlsx; shop info my-shop; "
            "shop analyze my-shop -o report.xlsx",
        ),
    )
    subs = shop.add_subparsers(
        dest="shop_command", metavar="SHOP_COMMAND", required=True, parser_class=type(shop)
    )
    shop_help = tr(
        "店铺文件（没有扩展名时自动加 .reviewlens）",
        "the shop file (.reviewlens is added when there is no suffix)",
    )
    add = subs.add_parser(
        "add",
        help=tr(
            "把评价导出文件导入店铺文件（没有就新建）；已有的评价不重复计入",
            "import review exports into the shop file (created if missing); held reviews count once",
        ),
    )
    add.add_argument("shop", metavar="SHOP", help=shop_help)
    import_options(add)
    add.add_argument("--source", type=_source_name, default=MAIN_SOURCE, metavar="NAME", help=tr(
        "这些评价属于哪个来源：默认 main（本店）；对手店的导出用别的名字，例如 --source 对手A，"
        "再用 shop analyze --compare 对手A 对比",
        "whose reviews these are: main (the shop's own, default); give a competitor's export "
        "another name, e.g. --source rival, then compare with shop analyze --compare rival"))  # fmt: skip
    info = subs.add_parser(
        "info", help=tr("店铺文件里有什么：评价数、日期范围、导入记录", "what the shop file holds")
    )
    info.add_argument("shop", metavar="SHOP", help=shop_help)
    info.add_argument(
        "--json", action="store_true", help=tr("输出一个 JSON 对象", "print one JSON object")
    )
    analyze = subs.add_parser(
        "analyze",
        help=tr(
            "分析店铺文件里的全部评价（或 --since/--until 之间的）：先说变化与提醒，"
            "其余与 analyze 的报告相同",
            "analyse the reviews the shop file holds (or those between --since/--until): what "
            "changed first, then the same report as analyze",
        ),
    )
    analyze.add_argument("shop", metavar="SHOP", help=shop_help)
    for name, zh, en in (
        ("--since", "只分析这一天及以后的评价", "only reviews from this day on"),
        ("--until", "只分析这一天及以前的评价", "only reviews up to this day"),
    ):
        analyze.add_argument(name, type=parse_date, metavar="YYYY-MM-DD", help=tr(zh, en))
    add_analyze_options(analyze)
    analyze.add_argument("--change", action="append", default=[], metavar="YYYY-MM-DD:描述", help=tr(
        "记下一次改动（例如 2024-05-01:换了顺丰），存进店铺文件；之后每次分析都对比改动前后"
        "（可写多次）",
        "mark a change you made (e.g. 2024-05-01:switched courier), stored in the shop file; "
        "every analysis compares before and after each mark (repeatable)"))  # fmt: skip
    analyze.add_argument("--compare", metavar="SOURCE", help=tr(
        "与用 shop add --source 导入的另一个来源（对手店）对比差评比例",
        "compare complaint rates with another source imported with shop add --source"))  # fmt: skip
    analyze.add_argument("--export-csv", metavar="PATH", help=tr(
        "把每条评价及分析结果写入 CSV（UTF-8 带 BOM）",
        "write every review and its analysis to a CSV (UTF-8 with BOM)"))  # fmt: skip
    analyze.add_argument("--force", action="store_true", help=tr(
        "替换只读的输出文件（报告、CSV、图表）", "replace read-only output files"))  # fmt: skip
    return [add, info, analyze]


def _source_name(value: str) -> str:
    """A source name from the command line: any text but blank; 本店 is the shop's own (main)."""
    name = value.strip()
    if not name:
        raise argparse.ArgumentTypeError(
            tr("来源名称不能是空的", "the source name cannot be blank")
        )
    return MAIN_SOURCE if name == "本店" else name


def run_shop(args: argparse.Namespace) -> int:
    from app.history.store import shop_path

    args.shop = shop_path(args.shop)
    run = {"add": run_add, "info": run_info, "analyze": run_analyze}[args.shop_command]
    return run(args)


def _check_outputs(args: argparse.Namespace, inputs: list[str]) -> None:
    """The outputs (report, CSV, charts) must replace neither an input nor the shop file."""
    from app.cli_import import check_outputs

    checked = copy.copy(args)
    checked.files = [*inputs, str(args.shop)]
    check_outputs(checked)


def run_add(args: argparse.Namespace) -> int:
    from app.cli_import import load_import, say, terminal_progress
    from app.history.session import add_files, repeated_line
    from app.history.store import open_history
    from app.io.output_paths import same_file
    from app.runtime.tasks import texts_here

    shop: Path = args.shop
    for name in args.files:
        if same_file(shop, name):
            raise AppError(
                f"店铺文件不能是要导入的文件 {name}：请先写店铺文件，再写评价导出文件，例如 "
                f"shop add 我的店 {name}。",
                f"The shop file cannot be the file to import, {name}: give the shop file first, "
                f"then the exports, e.g. shop add my-shop {name}.",
            )
    _check_outputs(args, args.files)
    if not shop.exists() and not shop.parent.is_dir():
        open_history(shop, create=True)  # the missing-folder message, before reading
    loaded: list[Any] = []

    def load(progress: Any, cancel: CancelToken) -> Any:
        loaded.append(load_import(args, progress, cancel))
        return loaded[0]

    outcome = add_files(
        shop, args.files, terminal_progress(), CancelToken(), args.source,
        read=texts_here, load=load,
    )  # fmt: skip
    result, held, imported = outcome.added, outcome.held, loaded[0]
    say(tr(f"读取 {result.rows} 行：新增 {result.new} 条评价，已有 {result.already_held} 条"
           f"（之前导入过），删除 {result.dropped_total} 行。",
           f"Read {result.rows} rows: {result.new} new reviews, {result.already_held} already "
           f"held (imported before), {result.dropped_total} dropped."))  # fmt: skip
    if result.repeated:
        say(tr(*repeated_line(result.repeated)))
    if result.followups:
        say(tr(f"其中 {result.followups} 条已有的评价有了新的追评，已更新。",
               f"{result.followups} held reviews got a new follow-up; updated."))  # fmt: skip
    if result.dropped:
        say(tr("删除的行及原因：", "Dropped rows by reason:"))
        for reason, count in result.dropped.items():
            say(f"  {count:>7}  {reason}")
    say(_holding(held))
    if outcome.warnings:
        say(tr("请注意：", "Please note:"))
        for warning in outcome.warnings:
            say(f"  - {warning}")
    if args.save_mapping:
        say(tr("已记住列的角色，以后表头相同的文件会自动使用。",
               "Column mapping saved for files with the same header."))  # fmt: skip
    if args.export_csv:
        from app.io.csv_export import ledger_frame, write_csv

        frame = ledger_frame(imported)
        frame["status"] = result.status
        frame["reason"] = result.reason
        path = write_csv(frame, args.export_csv)
        say(tr(f"逐行结果已写入 {path}", f"Row-by-row result written to {path}"))
    return 0


def _holding(held: Any) -> str:
    span = (
        tr(f"，评价日期 {held.first_date} 至 {held.last_date}",
           f", review dates {held.first_date} to {held.last_date}")
        if held.first_date
        else ""
    )  # fmt: skip
    return tr(
        f"店铺文件 {held.path} 现有 {held.reviews} 条评价{span}，共导入 {len(held.imports)} 次。",
        f"The shop file {held.path} holds {held.reviews} reviews{span}, from "
        f"{len(held.imports)} import(s).",
    )


def run_info(args: argparse.Namespace) -> int:
    from app.cli_import import say
    from app.history.queries import info
    from app.history.store import open_history

    with open_history(args.shop) as history:
        held = info(history)
    if args.json:
        say(json.dumps(held.to_json(), ensure_ascii=False))
        return 0
    say(_holding(held))
    if held.undated:
        say(tr(f"其中 {held.undated} 条没有日期。", f"{held.undated} of them have no date."))
    others = {s: n for s, n in held.sources.items() if s != "main"}
    for source, count in others.items():
        say(tr(f"  来源“{source}”：{count} 条", f"  source “{source}”: {count}"))
    if held.imports:
        say(tr("导入记录：", "Imports:"))
    for item in held.imports:
        files = ", ".join(Path(f).name for f in item.files)
        say(tr(f"  {item.started_at}  {files}：{item.rows} 行，新增 {item.new}，"
               f"已有 {item.already_held}，删除 {item.dropped}",
               f"  {item.started_at}  {files}: {item.rows} rows, {item.new} new, "
               f"{item.already_held} already held, {item.dropped} dropped"))  # fmt: skip
    return 0


def run_analyze(args: argparse.Namespace) -> int:
    from app.cli_analyze import analyze_import
    from app.cli_import import terminal_progress
    from app.history.marks import add_change, changes, last_import_cutoff, parse_change
    from app.history.queries import held_reviews, held_sources, info
    from app.history.store import open_history

    if args.since and args.until and args.since > args.until:
        raise AppError(
            f"--since {args.since:%Y-%m-%d} 晚于 --until {args.until:%Y-%m-%d}，这段时间是空的。",
            f"--since {args.since:%Y-%m-%d} is after --until {args.until:%Y-%m-%d}: an empty "
            "period.",
        )
    marks = [parse_change(value) for value in args.change]  # a bad mark fails before any work
    _check_outputs(args, [])
    progress = terminal_progress()
    progress(0.0, tr("正在读取店铺文件", "Reading the shop file"))
    joint = None
    with open_history(args.shop) as history:
        if args.compare is not None:
            _check_source(args.compare, info(history).sources)
        held = held_reviews(history, since=args.since, until=args.until)
        if held.ledger.empty:
            raise _nothing_held(args)
        if args.compare is not None:
            joint = held_sources(history, [MAIN_SOURCE, args.compare], args.since, args.until)
        for mark in marks:
            add_change(history, mark)
        fixes = changes(history)
        cutoff = last_import_cutoff(history)
    from app.history.memory import ShopMemory

    findings = _findings(args, fixes, cutoff, joint)
    memory = ShopMemory(args.shop)
    return analyze_import(args, held, progress, CancelToken(), findings=findings, memory=memory)


def _nothing_held(args: argparse.Namespace) -> AppError:
    period = ""
    if args.since or args.until:
        since = f"{args.since:%Y-%m-%d}" if args.since else "…"
        until = f"{args.until:%Y-%m-%d}" if args.until else "…"
        period = f" {since} – {until}"
    return AppError(
        f"没有可分析的评论：店铺文件 {args.shop} 里没有{period and '这段时间（' + period.strip() + '）的'}评价。",
        f"No reviews to analyse: the shop file {args.shop} holds no reviews"
        f"{period and ' in' + period}.",
    )


def _check_source(name: str, sources: dict[str, int]) -> None:
    """``--compare NAME`` must be another source the shop file holds."""
    others = [s for s in sources if s != MAIN_SOURCE]
    if name == MAIN_SOURCE:
        raise AppError(
            f"“{MAIN_SOURCE}”是本店自己的评价，不能和自己对比。" + _sources_hint(others),
            f"“{MAIN_SOURCE}” is the shop's own reviews; it cannot be compared with itself. "
            + _sources_hint(others, en=True),
        )
    if name not in sources:
        raise AppError(
            f"店铺文件里没有来源“{name}”。" + _sources_hint(others),
            f"The shop file has no source “{name}”. " + _sources_hint(others, en=True),
        )


def _sources_hint(others: list[str], *, en: bool = False) -> str:
    if en:
        if not others:
            return (
                "It holds only the shop's own reviews; import a competitor's export first with "
                "shop add SHOP FILE --source NAME."
            )
        return "Sources you can compare with: " + ", ".join(others) + "."
    if not others:
        return "店铺文件里只有本店的评价；请先用 shop add 店铺 文件 --source 名称 导入对手的评价。"
    return "可以对比的来源：" + "、".join(others) + "。"


def _findings(
    args: argparse.Namespace, fixes: list[Any], cutoff: Any, joint: tuple[Any, Any] | None
) -> Callable[[Any], Any]:
    """What ``analyze_import`` calls with the analysis of the shop's own reviews: the findings,
    printed under 「变化与提醒」 and returned for the report. With ``--compare`` the shop's
    and the other source's reviews are analysed together for the comparison."""

    def run(result: Any) -> Any:
        from app.cli_import import say
        from app.core.changes.findings import findings_lines, history_findings
        from app.core.changes.fix_check import TOO_FEW, describe_fix, describe_row

        found = history_findings(result, last_import_cutoff=cutoff, fixes=fixes)
        if joint is not None:
            found.comparison = _comparison(args, *joint)
        per_fix = {describe_fix(check): check for check in found.fixes}
        say("")
        say(tr("变化与提醒：", "What changed:"))
        for line in findings_lines(found):
            say(f"  {line}")
            check = per_fix.get(line)
            if check is not None and check.overall["verdict"] != TOO_FEW:
                # the fix's biggest tags, each with its own verdict (too few reviews on a
                # side: the headline already says so, and so would every tag)
                for _, row in check.tags.head(FIX_TAGS).iterrows():
                    say(f"    {describe_row(row)}")
        return found

    return run


FIX_TAGS = 3  # complaint tags shown under each fix's headline


def _comparison(args: argparse.Namespace, imported: Any, sources: Any) -> Any:
    """The complaint rates of the shop vs ``args.compare``, from one analysis of both."""
    from app.core.pipeline import AnalysisConfig, run_analysis
    from app.history.memory import ShopMemory
    from app.history.session import compare_sources
    from app.runtime.parallel import map_chunks

    config = AnalysisConfig(
        n_complaint_themes=args.complaint_themes,
        n_praise_themes=args.praise_themes,
        adapt_to_ratings=not args.no_adapt,
        memory=ShopMemory(args.shop, own=False),  # the shop's kept model judges both sides
    )
    both = run_analysis(imported, config, map_chunks=map_chunks)
    return compare_sources(both, sources, args.compare)
