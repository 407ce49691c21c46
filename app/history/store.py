"""Open (or create) a shop history file, refusing every file that is not one we may change.

Before SQLite touches a file its first 100 bytes are read: a file that is not SQLite, an SQLite
file of another program (``application_id``) or one written by a newer ReviewLens
(``user_version``) is refused with a plain message and never opened for writing, so it stays
byte-identical. A history of an older version is migrated in one transaction: SQLite changes
schemas transactionally, so a crash or kill during the migration leaves the old version intact
and no backup copy is needed (a copy would double the disk use of every upgrade and leave a
file the owner would not know what to do with).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.core.errors import InputFileError, OutputError
from app.history import schema

_MAGIC = b"SQLite format 3\x00"
_BUSY_SECONDS = 10.0


class HistoryError(InputFileError):
    """A shop history file that cannot be used (missing, not ours, corrupt, newer, locked)."""


def shop_path(value: str | os.PathLike[str]) -> Path:
    """The SHOP argument as a path: without a suffix it gets ``.reviewlens``."""
    path = Path(value)
    return path if path.suffix else path.with_name(path.name + schema.SUFFIX)


class History:
    """An open shop history: ``db`` is an SQLite connection in autocommit mode; write only
    inside :meth:`transaction`."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        self.db = db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: committed when the block ends, rolled back on any exception (also
        Ctrl+C and SIGTERM); a killed process leaves a journal that SQLite rolls back."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _sqlite_error(self.path, error) from None
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException as error:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise _sqlite_error(self.path, error) from None
            raise


def open_history(path: str | os.PathLike[str], *, create: bool = False) -> History:
    """Open the shop history at ``path`` (a missing file is created when ``create``).

    Raises :class:`HistoryError` for a missing file (not creating), a folder, a file that is not
    a shop history, a corrupt one, or one from a newer version; such files are left untouched.
    """
    path = Path(path)
    if path.is_dir():
        raise HistoryError(
            f"“{path}” 是一个文件夹，不是店铺文件。请给出店铺文件名，例如 {path / '我的店.reviewlens'}",
            f"“{path}” is a folder, not a shop file. Give a file name, e.g. "
            f"{path / 'my-shop.reviewlens'}",
        )
    if not path.exists():
        if not create:
            raise HistoryError(
                f"找不到店铺文件 {path}。它可能被移动或删除了；新店铺请先建立"
                f"（「新建店铺…」，或命令 shop add {path} 评价.xlsx）。",
                f"Shop file not found: {path}. It may have been moved or deleted; create a new "
                f"shop first (“New shop…”, or the command shop add {path} reviews.xlsx).",
            )
        _create(path)
    version = _check_header(path)
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=_BUSY_SECONDS)
    except sqlite3.Error as error:
        raise cannot_read(path, error) from None
    history = History(path, db)
    try:
        _check_content(history)
        if version < schema.SCHEMA_VERSION:
            _migrate(history)
    except BaseException:
        db.close()
        raise
    return history


def _create(path: Path) -> None:
    """An empty history of the current version, written beside ``path`` and then renamed."""
    if not path.parent.is_dir():
        raise OutputError(
            f"保存位置不存在：{path.parent}。请选择一个已有的文件夹。",
            f"The folder to save into does not exist: {path.parent}. Choose an existing folder.",
        )
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute("BEGIN")
            schema.create(db)
            db.execute("COMMIT")
        finally:
            db.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as error:
        raise cannot_write(path, error) from None
    finally:
        with suppress(OSError):
            tmp.unlink()


def _check_header(path: Path) -> int:
    """The schema version in the file's header, or :class:`HistoryError` (file not opened)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as error:
        raise cannot_read(path, error) from None
    if not head.startswith(_MAGIC):
        if _MAGIC.startswith(head) and head:
            raise corrupt(path)
        raise not_a_history(path, sqlite=False)
    if len(head) < 100:
        raise corrupt(path)
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id != schema.APPLICATION_ID:
        raise not_a_history(path, sqlite=True)
    if version > schema.SCHEMA_VERSION:
        raise HistoryError(
            f"这个店铺文件来自更新版本的评论透镜（文件版本 {version}，本程序只认识到 "
            f"{schema.SCHEMA_VERSION}）：{path}。请升级评论透镜后再打开；文件没有被改动。",
            f"This shop file comes from a newer version of ReviewLens (file version {version}; "
            f"this program knows up to {schema.SCHEMA_VERSION}): {path}. Update ReviewLens to "
            "open it; the file was not changed.",
        )
    if version < 1:
        raise corrupt(path)
    return version


def _check_content(history: History) -> None:
    """A quick integrity check (a truncated or overwritten file fails here, unchanged)."""
    try:
        rows = history.db.execute("PRAGMA quick_check").fetchall()
        tables = {r[0] for r in history.db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.OperationalError as error:
        locked = "lock" in str(error).lower()
        raise _sqlite_error(history.path, error) if locked else corrupt(history.path) from None
    except sqlite3.DatabaseError:
        raise corrupt(history.path) from None
    if rows != [("ok",)] or not {"imports", "ledger", "reviews"} <= tables:
        raise corrupt(history.path)


def _migrate(history: History) -> None:
    with history.transaction() as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version < schema.SCHEMA_VERSION:  # another process may have migrated meanwhile
            schema.migrate(db, version)


def not_a_history(path: Path, *, sqlite: bool) -> HistoryError:
    zh = "是另一个程序的数据库，" if sqlite else ""
    en = "is another program's database and " if sqlite else ""
    return HistoryError(
        f"{path} {zh}不是评论透镜的店铺文件（店铺文件的扩展名是 {schema.SUFFIX}）。文件没有被改动。"
        "评价导出文件要“加入”店铺，而不是当作店铺打开（命令行：shop add 店铺 评价.xlsx）。",
        f"{path} {en}is not a ReviewLens shop file (shop files end in {schema.SUFFIX}). The file "
        "was not changed. Review exports are added to a shop, not opened as one (command "
        "line: shop add SHOP reviews.xlsx).",
    )


def corrupt(path: Path) -> HistoryError:
    return HistoryError(
        f"店铺文件 {path} 已损坏（不完整或被改写过），无法读取；文件没有被改动。"
        "如有备份，请用备份；也可以新建一个店铺文件，重新导入评价导出文件。",
        f"The shop file {path} is damaged (incomplete or overwritten) and cannot be read; it was "
        "not changed. Use a backup if you have one, or start a new shop file and import the "
        "review exports again.",
    )


def cannot_read(path: Path, error: BaseException) -> HistoryError:
    return HistoryError(
        f"无法读取店铺文件 {path}：{error}", f"Cannot read the shop file {path}: {error}"
    )


def cannot_write(path: Path, error: BaseException) -> OutputError:
    reason = getattr(error, "strerror", None) or error
    return OutputError(
        f"无法写入店铺文件 {path}：{reason}。店铺文件保持导入前的样子。",
        f"Cannot write the shop file {path}: {reason}. The shop file is as it was before.",
    )


def _sqlite_error(path: Path, error: sqlite3.Error) -> HistoryError | OutputError:
    """The owner's words for what SQLite said (locked, read-only, disk full, damaged)."""
    said = str(error).lower()
    if "locked" in said or "busy" in said:
        return HistoryError(
            f"店铺文件 {path} 正被另一个窗口或命令使用，请等它完成后再试。",
            f"The shop file {path} is in use by another window or command; try again when it "
            "has finished.",
        )
    if "readonly" in said or "read-only" in said:
        return HistoryError(
            f"店铺文件 {path} 是只读的，无法导入；请检查文件权限。店铺文件保持原样。",
            f"The shop file {path} is read-only and cannot take an import; check its "
            "permissions. The shop file is as it was.",
        )
    if "full" in said:
        return OutputError(
            f"磁盘空间不足，无法写入店铺文件 {path}；店铺文件保持导入前的样子。请腾出空间后再试。",
            f"The disk is full; cannot write the shop file {path}. It is as it was before the "
            "import; free some space and try again.",
        )
    if isinstance(error, sqlite3.OperationalError):
        return cannot_write(path, error)
    return corrupt(path)
