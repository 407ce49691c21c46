"""Write a file so that a crash never leaves a half-written one: temp file beside it, then rename.

Also the plain-language errors for targets that cannot be written (a folder, a missing folder,
a file open in Excel).
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.core.errors import OutputError


def check_target(target: Path, example_name: str) -> None:
    """Refuse a folder or a file in a folder that does not exist, before any work is done."""
    if target.is_dir():
        raise OutputError(
            f"“{target}” 是一个文件夹，请给出要保存的文件名，例如 {target / example_name}",
            f"“{target}” is a folder; give a file name, e.g. {target / example_name}",
        )
    if not target.parent.is_dir():
        raise OutputError(
            f"保存位置不存在：{target.parent}。请选择一个已有的文件夹。",
            f"The folder to save into does not exist: {target.parent}. Choose an existing folder.",
        )


def cannot_write(target: Path, error: OSError) -> OutputError:
    """The user-facing reason ``target`` could not be written."""
    if isinstance(error, PermissionError):
        return OutputError(
            f"无法保存 {target}：文件可能正在 Excel 等程序中打开，请先关闭它再重试。"
            "（也可能是没有写入该文件夹的权限。）",
            f"Cannot save {target}: it is probably open in Excel or another program. Close it and "
            "try again. (Or the folder is read-only.)",
        )
    return OutputError(
        f"无法保存 {target}：{error.strerror or error}",
        f"Cannot save {target}: {error.strerror or error}",
    )


@contextmanager
def atomic_path(target: str | Path, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``target``; when the block succeeds it replaces ``target``.

    The replacement keeps the permissions of the file it replaces (a new file gets 0644). The
    temporary file is removed whatever happens (also on SIGTERM/SIGHUP, which the command line
    turns into an exception); OS errors become :class:`OutputError`.
    """
    target = Path(target)
    tmp: str | None = None
    try:
        while tmp is None:  # the name is known before the file exists: a signal cannot orphan it
            tmp = str(
                target.parent / f".reviewlens-{secrets.token_hex(6)}{suffix or target.suffix}"
            )
            if not _create_new(tmp):
                tmp = None
        yield Path(tmp)
        _replace(tmp, target)
    except OSError as error:
        raise cannot_write(target, error) from error
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _create_new(name: str) -> bool:
    """Create the empty file ``name`` (0644 whatever the umask); False if it already exists."""
    try:
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0))
    except FileExistsError:
        return False
    os.close(fd)
    os.chmod(name, 0o644)  # a report is an ordinary document
    return True


def _replace(tmp: str, target: Path) -> None:
    """Move ``tmp`` over ``target``, giving it ``target``'s permissions (read-only stays so)."""
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    if mode is not None and os.name == "nt" and not mode & stat.S_IWRITE:
        os.chmod(target, stat.S_IWRITE)  # Windows refuses to replace a read-only file
    if mode is not None:
        os.chmod(tmp, mode)
    os.replace(tmp, target)
