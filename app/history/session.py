"""The shop history as the desktop app uses it: create, add files, analyse, mark a change.

Each function is one job a worker runs (``progress(fraction, message)``, ``cancel.check()``);
none imports Qt. A bad shop file fails before any export is read and is never changed; a
newly created shop file whose first import fails is removed again (nothing half-made).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from app.core.changes.compare import Comparison, compare
from app.core.changes.findings import Fix, HistoryFindings, history_findings
from app.core.changes.fix_check import FixCheck, fix_check
from app.core.errors import AppError
from app.core.i18n import tr
from app.core.ingest.model import ImportResult
from app.core.progress import CancelToken, ProgressFn, no_progress, sub_progress
from app.core.results import AnalysisResult
from app.history.append import AppendResult, append_import
from app.history.marks import add_change, changes, last_import_cutoff
from app.history.queries import HistoryInfo, held_reviews, held_sources, info
from app.history.schema import MAIN_SOURCE
from app.history.store import open_history, shop_path

if TYPE_CHECKING:
    from app.core.pipeline import AnalysisConfig

Analyse = Callable[[ImportResult, ProgressFn, CancelToken, "AnalysisConfig"], AnalysisResult]
ReadTexts = Callable[[ImportResult, ProgressFn, CancelToken, "AnalysisConfig"], None]


def shop_config(shop: Path, *, refit: bool = True, own: bool = True) -> AnalysisConfig:
    """The analysis of a shop's reviews with the shop file as its memory, so only texts it
    has not read before are read (``refit``, ``own``: see :class:`~app.history.memory.ShopMemory`)."""
    from app.core.pipeline import AnalysisConfig
    from app.history.memory import ShopMemory

    return AnalysisConfig(memory=ShopMemory(shop, refit=refit, own=own))


@dataclass
class AddOutcome:
    """What adding export files to a shop did: ``added`` (the counts) and what it now holds."""

    shop: Path
    added: AppendResult
    held: HistoryInfo
    warnings: list[str] = field(default_factory=list)
    created: bool = False


@dataclass
class ShopAnalysis:
    """A shop's held reviews analysed, with what changed and the owner's marked fixes."""

    shop: Path
    result: AnalysisResult
    findings: HistoryFindings
    fixes: list[Fix]
    sources: dict[str, int] = field(default_factory=dict)  # reviews held per source

    @property
    def others(self) -> list[str]:
        """The sources besides the shop's own (competitors) it can be compared with."""
        return [s for s in self.sources if s != MAIN_SOURCE]


def create_shop(path: str | Path) -> Path:
    """An empty shop file at ``path`` (``.reviewlens`` added without a suffix); an existing
    shop file is only checked and kept, never replaced."""
    path = shop_path(path)
    with open_history(path, create=not path.exists()):
        pass
    return path


def check_shop(path: str | Path) -> HistoryInfo:
    """What the shop file holds; a plain error (file unchanged) when it is not a shop file."""
    with open_history(path) as history:
        return info(history)


def add_files(
    shop: str | Path,
    files: list[str],
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    source: str = MAIN_SOURCE,
    read: ReadTexts | None = None,
    load: Callable[[ProgressFn, CancelToken], ImportResult] | None = None,
) -> AddOutcome:
    """Read ``files`` and import them into ``shop`` (created when missing) in one transaction;
    ``source``: whose reviews they are (``main``: the shop's own; else e.g. 对手A). ``read``
    (the app's :func:`~app.core.pipeline.read_texts`) then reads the new reviews' texts into
    the shop's memory, so the next analysis only summarises them. ``load``: how the files are
    read (the command line's, with its import options); default: as they are."""
    from app.io.output_paths import same_file

    cancel = cancel or CancelToken()
    path = shop_path(shop)
    source = " ".join(str(source).split())
    if not source:
        raise AppError(
            "来源名称不能是空的，例如：对手A。", "The source name cannot be blank, e.g. rival A."
        )
    for name in files:
        if same_file(path, name):
            raise AppError(
                f"店铺文件不能同时是要导入的评价文件：{name}。请选择从店铺后台导出的评价文件。",
                f"The shop file cannot also be the file to import: {name}. Choose review "
                "exports from the shop's back office.",
            )
    created = not path.exists()
    history = None if created else open_history(path)  # a bad shop file fails before reading
    try:
        reading = sub_progress(progress, 0.0, 0.5)
        imported = load(reading, cancel) if load else _read(files, reading, cancel)
        if history is None:
            history = open_history(path, create=True)
        progress(0.5, tr("正在写入店铺文件", "Writing the shop file"))
        added = append_import(history, imported, source=source, cancel=cancel)
        held = info(history)
    except BaseException:
        if history is not None:
            history.close()
            history = None
        if created:
            path.unlink(missing_ok=True)  # nothing half-made: the new shop file goes too
        raise
    finally:
        if history is not None:
            history.close()
    warnings = list(imported.warnings)
    if read is not None and added.new:
        own = source == MAIN_SOURCE  # a competitor's reviews never shape the shop's model
        shown = sub_progress(progress, 0.6, 1.0)
        warnings += read_new_texts(path, imported, read, shown, cancel, own=own)
    progress(1.0, tr("完成", "Done"))
    return AddOutcome(path, added, held, warnings, created)


def read_new_texts(
    shop: Path,
    imported: ImportResult,
    read: ReadTexts,
    progress: ProgressFn,
    cancel: CancelToken,
    *,
    own: bool = True,
) -> list[str]:
    """Read the texts of an import just added to ``shop`` into its memory (texts it already
    holds are skipped) with the shop's kept model (``own``: the shop's own reviews, whose
    first import fits it); cancelled, the import stays and the next analysis reads them."""
    from app.core.pipeline import READ_TEXTS_END
    from app.core.progress import Cancelled

    progress(0.0, tr("正在分析新评价", "Analysing the new reviews"))
    try:
        config = shop_config(shop, refit=False, own=own)
        read(imported, lambda f, m: progress(f / READ_TEXTS_END, m), cancel, config)
    except Cancelled:
        return [
            tr(
                "新评价已经导入；对它们的分析被取消了，下次打开店铺时会补上。",
                "The new reviews are imported; analysing them was cancelled and happens the "
                "next time the shop is opened.",
            )
        ]
    return []


def _read(files: list[str], progress: ProgressFn, cancel: CancelToken) -> ImportResult:
    from app.core.ingest.ledger import build_import
    from app.io.readers.read import read_file

    tables = []
    for index, name in enumerate(files):
        cancel.check()
        progress(
            0.5 * index / len(files), tr(f"读取 {Path(name).name}", f"Reading {Path(name).name}")
        )
        tables.append(read_file(name, cancel=cancel))
    return build_import(tables, progress=sub_progress(progress, 0.5, 1.0), cancel=cancel)


def repeated_line(rows: int) -> tuple[str, str]:
    """The rows of one import that repeat a review met earlier in it (zh, en)."""
    return (
        f"另有 {rows:,} 行与本次导入的前面某行是同一条评价（例如只差几秒的同一条），只算一次。",
        f"{rows:,} more rows are the same review as an earlier row of this import (e.g. seconds "
        "apart); counted once.",
    )


def added_lines(outcome: AddOutcome, lang: str | None = None) -> list[str]:
    """The import in plain words: 新增 N 条，已有 M 条（之前导入过），删除 K 行, then the reasons."""
    say = tr if lang is None else (lambda zh, en: zh if lang == "zh" else en)
    a = outcome.added
    lines = [
        say(
            f"新增 {a.new:,} 条，已有 {a.already_held:,} 条（之前导入过），删除 {a.dropped_total:,} 行。",
            f"{a.new:,} new, {a.already_held:,} already held (imported before), "
            f"{a.dropped_total:,} rows dropped.",
        )
    ]
    if a.repeated:
        lines.append(say(*repeated_line(a.repeated)))
    if a.followups:
        lines.append(
            say(
                f"其中 {a.followups:,} 条已有的评价有了新的追评，已更新。",
                f"{a.followups:,} held reviews got a new follow-up; updated.",
            )
        )
    for reason, count in a.dropped.items():
        lines.append(say(f"删除 {count:,} 行：{reason}", f"{count:,} rows dropped: {reason}"))
    held = outcome.held
    lines.append(
        say(
            f"店铺里现有 {held.reviews:,} 条评价，共导入 {len(held.imports)} 次。",
            f"The shop now holds {held.reviews:,} reviews from {len(held.imports)} import(s).",
        )
    )
    lines += outcome.warnings
    return lines


def analyse_shop(
    shop: str | Path,
    analyse: Analyse,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> ShopAnalysis:
    """Analyse every review the shop holds (``analyse``: the app's analysis) and what changed."""
    cancel = cancel or CancelToken()
    path = shop_path(shop)
    progress(0.0, tr("正在读取店铺文件", "Reading the shop file"))
    with open_history(path) as history:
        held = held_reviews(history)
        cutoff = last_import_cutoff(history)
        fixes = changes(history)
        sources = info(history).sources
    if held.ledger.empty:
        raise AppError(
            f"没有可分析的评论：店铺文件 {path} 里还没有评价。请先「加入评价文件…」。",
            f"No reviews to analyse: the shop file {path} holds no reviews yet. Use "
            "“Add review files…” first.",
        )
    cancel.check()
    result = analyse(held, sub_progress(progress, 0.05, 0.95), cancel, shop_config(path))
    progress(0.95, tr("正在找出变化", "Finding what changed"))
    findings = history_findings(result, last_import_cutoff=cutoff, fixes=fixes, cancel=cancel)
    progress(1.0, tr("完成", "Done"))
    return ShopAnalysis(path, result, findings, fixes, sources)


def compare_shop(
    shop: str | Path,
    theirs: str,
    analyse: Analyse,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Comparison:
    """The shop's complaint rates vs the source ``theirs`` (e.g. 对手A), from one analysis of
    both sides' held reviews together (as ``shop analyze --compare``)."""
    cancel = cancel or CancelToken()
    path = shop_path(shop)
    progress(0.0, tr("正在读取店铺文件", "Reading the shop file"))
    with open_history(path) as history:
        sources = info(history).sources
        if theirs == MAIN_SOURCE or theirs not in sources:
            others = "、".join(s for s in sources if s != MAIN_SOURCE) or "—"
            raise AppError(
                f"店铺文件里没有对手的来源“{theirs}”（可以对比的：{others}）。"
                "请先用「加入对手的评价…」导入对手的评价。",
                f"The shop file has no competitor source “{theirs}” (you can compare with: "
                f"{others.replace('、', ', ')}). Use “Add a competitor's reviews…” first.",
            )
        if not sources.get(MAIN_SOURCE):
            raise AppError(
                "店铺里还没有本店自己的评价，无法对比。请先「加入评价文件…」。",
                "The shop holds none of its own reviews yet; nothing to compare. Use "
                "“Add review files…” first.",
            )
        imported, side = held_sources(history, [MAIN_SOURCE, theirs])
    cancel.check()
    config = shop_config(path, own=False)  # the shop's kept model judges both sides
    both = analyse(imported, sub_progress(progress, 0.05, 0.95), cancel, config)
    progress(0.95, tr("正在对比", "Comparing"))
    comparison = compare_sources(both, side, theirs)
    progress(1.0, tr("完成", "Done"))
    return comparison


def compare_sources(both: AnalysisResult, side: pd.Series, theirs: str) -> Comparison:
    """The comparison of the shop's own reviews (called 本店) with ``theirs`` in ``both``, the
    joint analysis; ``side``: each review's source (as :func:`held_sources` gives it)."""
    ours = tr("本店", "our shop")
    side = side.map({MAIN_SOURCE: ours}).fillna(side)
    return compare(both, side.reindex(both.reviews.index), ours, theirs)


def mark_fix(
    shop: str | Path, day: object, description: str, result: AnalysisResult | None = None
) -> tuple[bool, FixCheck | None]:
    """Store the change ``description`` made on ``day`` in the shop (False: already stored)
    and, with ``result``, check its before/after."""
    what = " ".join(str(description).split())
    when = pd.Timestamp(day) if day is not None else None
    if not what or when is None or pd.isna(when):
        raise AppError(
            "请写下做了什么改动（例如：换了顺丰）并选好日期。",
            "Write what you changed (e.g. switched courier) and pick its date.",
        )
    fix = Fix(when.normalize(), what)
    with open_history(shop_path(shop)) as history:
        stored = add_change(history, fix)
    checked = fix_check(result, fix.date, fix.description) if result is not None else None
    return stored, checked
