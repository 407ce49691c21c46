"""``python main.py import``: read exports, account for every row, print a summary."""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from app.core.i18n import tr
from app.core.ingest.labels import platform_label, role_label
from app.core.ingest.ledger import build_import
from app.core.ingest.mappings import save_mapping
from app.core.ingest.model import SUBSCORES, ImportResult
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.io.readers.read import read_file


def say(text: str = "") -> None:
    """Print one line of the summary. A reader that stopped listening (``… | head -1``) is not
    an error: the rest goes to the null device and the run goes on to write its files."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        quiet_stdout()


def quiet_stdout() -> None:
    """Send the rest of stdout to the null device (Python's documented BrokenPipeError recipe)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    finally:
        os.close(devnull)


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any input is read, every output that would replace an input or another
    output, cannot be written, or is read-only (unless ``--force``)."""
    from app.io.output_paths import check_outputs as check
    from app.io.output_paths import csv_output, read_only_message, report_output

    files = []
    if getattr(args, "output", None):
        files.append(report_output(args.output))
    if args.export_csv:
        files.append(csv_output(args.export_csv))
    charts = getattr(args, "charts", None)
    read_only = check(args.files, files, Path(charts) if charts else None)
    if read_only and not args.force:
        raise read_only_message(
            read_only[0], "确实要替换它，请加上 --force。", "Add --force to replace it anyway."
        )


def terminal_progress() -> ProgressFn:
    """A one-line progress display on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty():
        return no_progress
    last = [-1]

    def report(fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if percent != last[0]:
            last[0] = percent
            end = "\n" if percent >= 100 else ""
            print(f"\r{percent:3d}%  {message:<40}", end=end, file=sys.stderr, flush=True)

    return report


def load_import(
    args: argparse.Namespace, progress: ProgressFn, cancel: CancelToken
) -> ImportResult:
    """Read every file given on the command line and build the ledger (shared by analyze)."""
    tables = []
    count = len(args.files)
    for index, path in enumerate(args.files):
        cancel.check()
        progress(0.5 * index / count, tr(f"读取 {path}", f"Reading {path}"))
        tables.append(read_file(path, sheet=args.sheet, encoding=args.encoding, cancel=cancel))

    def ingest_progress(fraction: float, message: str) -> None:
        progress(0.5 + 0.5 * fraction, message)

    result = build_import(
        tables,
        overrides=dict(args.mapping) or None,
        reference_date=args.reference_date,
        saved_mappings=not args.no_saved_mapping,
        progress=ingest_progress,
        cancel=cancel,
    )
    if args.save_mapping:
        for report in result.files:
            save_mapping(report.columns, report.roles)
    return result


def run_import(args: argparse.Namespace) -> int:
    check_outputs(args)
    result = load_import(args, terminal_progress(), CancelToken())
    print_summary(result, say)
    if args.save_mapping:
        say(
            tr(
                "已记住列的角色，以后表头相同的文件会自动使用。",
                "Column mapping saved for files with the same header.",
            )
        )
    if args.export_csv:
        from app.io.csv_export import ledger_frame, write_csv

        path = write_csv(ledger_frame(result), args.export_csv)
        say(tr(f"逐行结果已写入 {path}", f"Row-by-row result written to {path}"))
    return 0


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (Chinese characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)


def print_summary(result: ImportResult, out: Callable[[str], None]) -> None:
    """The import summary a shop owner reads: files, columns, kept/dropped counts and reasons."""
    ledger = result.ledger
    total, kept = len(ledger), len(result.kept)
    out(
        tr(
            f"读取 {len(result.files)} 个文件，共 {total} 行：保留 {kept} 行，删除 {total - kept} 行。",
            f"Read {len(result.files)} file(s), {total} rows: {kept} kept, {total - kept} dropped.",
        )
    )
    for report in result.files:
        out("")
        out(tr(f"文件：{report.source_file}", f"File: {report.source_file}"))
        details = [report.file_format.upper()]
        if report.encoding:
            details.append(tr(f"编码 {report.encoding}", f"encoding {report.encoding}"))
        if report.sheet:
            details.append(tr(f"工作表“{report.sheet}”", f"sheet “{report.sheet}”"))
        details.append(
            tr(
                f"平台 {platform_label(report.platform)}",
                f"platform {platform_label(report.platform)}",
            )
        )
        out("  " + " · ".join(details))
        if report.header_row:
            skipped = tr(
                f"（跳过上方 {report.title_rows} 行标题）",
                f" (skipped {report.title_rows} title rows)",
            )
            out(
                tr(f"  表头在第 {report.header_row} 行", f"  Header on row {report.header_row}")
                + (skipped if report.title_rows else "")
            )
        out(
            tr(
                f"  {report.rows} 行：保留 {report.kept}，删除 {report.dropped}",
                f"  {report.rows} rows: {report.kept} kept, {report.dropped} dropped",
            )
        )
        source = {
            "saved": tr("（使用已记住的设置）", " (saved mapping)"),
            "user": tr("（含手动指定）", " (with manual choices)"),
        }.get(report.mapping_source, "")
        out(tr("  列的角色", "  Column roles") + source + tr("：", ":"))
        for role, column in report.roles.mapping.items():
            out(f"    {_pad(role_label(role), 14)} ← {column}")
        if report.roles.subscores:
            out(f"    {_pad(role_label(SUBSCORES), 14)} ← {', '.join(report.roles.subscores)}")
        used = set(report.roles.mapping.values()) | set(report.roles.subscores)
        unused = [c for c in report.columns if c not in used]
        if unused:
            out(tr("  未使用的列：", "  Unused columns: ") + ", ".join(unused))
    reasons = result.drop_reasons()
    if len(reasons):
        out("")
        out(tr("删除的行及原因：", "Dropped rows by reason:"))
        for reason, count in reasons.items():
            out(f"  {count:>7}  {reason}")
    kept_rows = result.kept
    if len(kept_rows):
        out("")
        rated = kept_rows["rating"].notna().mean()
        dated = (kept_rows["date"].notna() | kept_rows["purchase_date"].notna()).mean()
        followups = int((kept_rows["followup_analysis_text"].fillna("") != "").sum())
        out(
            tr(
                f"有评分的占 {rated:.0%}，有日期的占 {dated:.0%}，真实追评 {followups} 条。",
                f"{rated:.0%} have a rating, {dated:.0%} a date; {followups} real follow-up reviews.",
            )
        )
    if result.warnings:
        out("")
        out(tr("请注意：", "Please note:"))
        for warning in result.warnings:
            out(f"  - {warning}")
