"""Output paths checked before any work, so that no run loses a file or fails at the end.

An output is never an input file or another output of the same run (compared after resolving
symlinks and ``./``, case-insensitively where the file system usually is, and by identity when
both exist); its folder must exist and be writable; an existing target must not be locked by
another program. Read-only targets are returned for the caller to ask about (or refuse).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import OutputError
from app.io.atomic import cannot_write, check_target

CHART_FORMATS = ("png", "svg")


@dataclass(frozen=True)
class Output:
    """One file (or the charts folder) a run writes, named for messages."""

    path: Path
    zh: str  # e.g. "报告"
    en: str  # e.g. "the report"
    example: str = ""  # a file name for the "is a folder" message; "" for a folder


def report_output(path: str | Path) -> Output:
    return Output(Path(path), "报告", "the report", "评论分析报告.xlsx")


def csv_output(path: str | Path) -> Output:
    return Output(Path(path), "逐行结果文件", "the row-by-row CSV", "结果.csv")


def path_key(path: str | Path) -> str:
    """The path as the file system sees it: absolute, symlinks resolved, case folded where the
    file system usually ignores case (Windows, macOS)."""
    key = os.path.normcase(os.path.realpath(os.path.abspath(path)))
    return key.casefold() if sys.platform in ("darwin", "win32") else key


def same_file(a: str | Path, b: str | Path) -> bool:
    """True when ``a`` and ``b`` name the same file (or would, once created)."""
    if path_key(a) == path_key(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def chart_files(folder: Path) -> list[Output]:
    """Every file the charts folder may receive."""
    from app.core.charts.data import CHART_NAMES

    return [
        Output(folder / f"{name}.{fmt}", f"图表“{name}.{fmt}”", f"the chart {name}.{fmt}")
        for name in CHART_NAMES
        for fmt in CHART_FORMATS
    ]


def is_read_only(path: Path) -> bool:
    """An existing file that has no write permission (mode 0444, Windows' read-only flag)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISREG(mode) and (not mode & 0o222 or not os.access(path, os.W_OK))


def input_clash(target: Path, inputs: Iterable[str | Path]) -> Path | None:
    """The input file ``target`` would overwrite, if any."""
    return next((Path(p) for p in inputs if same_file(target, p)), None)


def overwrites_input(output: Output, source: Path) -> OutputError:
    return OutputError(
        f"不能把{output.zh}保存为 {output.path}：这是要读取的输入文件 {source}，保存会覆盖它。"
        "请换一个文件名。",
        f"Will not save {output.en} as {output.path}: that is the input file {source}, which "
        "would be overwritten. Choose another file name.",
    )


def check_outputs(
    inputs: Sequence[str | Path], files: Sequence[Output], charts: Path | None = None
) -> list[Path]:
    """Raise :class:`OutputError` for an output that would replace an input or another output,
    sits in a missing or unwritable folder, or is locked; return the existing read-only targets.

    ``files`` are the single-file outputs (report, CSV); ``charts`` the charts folder. Nothing
    is left behind.
    """
    written = list(files)
    if charts is not None:
        written.append(Output(charts, "图表文件夹", "the charts folder"))
        written += chart_files(charts)
    for index, output in enumerate(written):
        source = input_clash(output.path, inputs)
        if source is not None:
            raise overwrites_input(output, source)
        for other in written[:index]:
            if same_file(output.path, other.path):
                raise OutputError(
                    f"{other.zh}和{output.zh}不能用同一个路径 {output.path}，否则后写的会覆盖先写的。"
                    "请给它们不同的名字。",
                    f"{other.en.capitalize()} and {output.en} cannot both be {output.path}: the "
                    "second would overwrite the first. Give them different names.",
                )
    for output in files:
        check_target(output.path, output.example)
        _probe_folder(output.path.parent, output.path)
    if charts is not None:
        _check_charts_folder(charts)
    read_only = []
    targets = [*files, *(chart_files(charts) if charts is not None and charts.is_dir() else [])]
    for output in targets:
        if not output.path.is_file():
            continue
        if is_read_only(output.path):
            read_only.append(output.path)
        else:
            _probe_file(output.path)
    return read_only


def _check_charts_folder(folder: Path) -> None:
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(
            f"无法创建图表文件夹 {folder}：{existing} 是一个文件，不是文件夹。请换一个文件夹。",
            f"Cannot create the charts folder {folder}: {existing} is a file, not a folder. "
            "Choose another folder.",
        )
    _probe_folder(existing, folder)


def _probe_folder(folder: Path, target: Path) -> None:
    """Create a nameless temporary file in ``folder``: the one reliable test that it is
    writable (it vanishes when closed, whatever happens)."""
    try:
        with tempfile.TemporaryFile(prefix=".reviewlens-", dir=folder):
            pass
    except OSError as error:
        raise cannot_write(target, error) from error


def _probe_file(path: Path) -> None:
    """Open an existing target for writing without truncating it: fails while Excel has it open
    on Windows (or when it belongs to someone else)."""
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise cannot_write(path, error) from error
    os.close(fd)


def read_only_message(path: Path, how_zh: str, how_en: str) -> OutputError:
    """Refuse a read-only target; ``how_*`` says how to replace it anyway."""
    return OutputError(
        f"{path} 是只读文件，为了不丢失它，没有替换它。{how_zh}",
        f"{path} is read-only, so it was not replaced. {how_en}",
    )
