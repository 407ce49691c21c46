"""The word files behind segmentation and themes: the bundled e-commerce dictionary and
stopwords (``resources/dicts``) and the user's own words and stopwords (user data folder).
Plain files, one word per line (a frequency may follow a dictionary word); ``#`` comments.
Adding or removing a word rewrites the file atomically and leaves every other line as it was."""

from __future__ import annotations

import contextlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from app.core.errors import AppError, OutputError
from app.core.text.normalize import normalize
from app.paths import resource_path, user_data_dir

Entries = tuple[tuple[str, int], ...]
DEFAULT_FREQ = 2000  # user words: high enough to win over jieba's split in context


def user_words_path() -> Path:
    return user_data_dir() / "dicts" / "user_words.txt"


def user_stopwords_path() -> Path:
    return user_data_dir() / "dicts" / "user_stopwords.txt"


def _read_text(path: Path) -> str | None:
    """The file's text (UTF-8, BOM kept); None when missing; a readable error when not UTF-8."""
    try:
        with path.open(encoding="utf-8", newline="") as file:  # line endings kept as they are
            return file.read()
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise AppError(
            f"词表文件 {path} 不是 UTF-8 编码，无法读取。请用记事本打开它，另存为“UTF-8”编码后重试。",
            f"The word list {path} is not UTF-8 encoded. Open it in a text editor, save it as "
            "UTF-8 and try again.",
        ) from None


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a UTF-8 file (BOM tolerated); [] when missing."""
    text = _read_text(path)
    if text is None:
        return []
    text = text.removeprefix("\ufeff")
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def read_word_file(path: Path) -> list[str]:
    """First field of each line, normalised, deduplicated, in file order."""
    return list(dict.fromkeys(normalize(line.split()[0]) for line in read_lines(path)))


def _entries_of(path: Path) -> list[tuple[str, int]]:
    entries = []
    for line in read_lines(path):
        fields = line.split()
        freq = int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else DEFAULT_FREQ
        entries.append((normalize(fields[0]), freq))
    return entries


@lru_cache(maxsize=1)
def _bundled_entries() -> tuple[tuple[str, int], ...]:
    return tuple(_entries_of(resource_path("dicts", "ecommerce.txt")))


@lru_cache(maxsize=1)
def bundled_stopwords() -> frozenset[str]:
    path = resource_path("dicts", "stopwords.txt")
    return frozenset(normalize(w) for line in read_lines(path) for w in line.split())


def dictionary_entries() -> Entries:
    """(word, frequency) pairs: bundled e-commerce words, then the user's words."""
    return _bundled_entries() + tuple(_entries_of(user_words_path()))


def checked_word(word: str) -> str:
    word = normalize(word)
    if not word or " " in word or len(word) > 30:
        raise AppError(
            "词语不能为空、不能含空格，且不超过 30 个字。",
            "A word must not be empty, contain spaces or be longer than 30 characters.",
        )
    return word


def _raw_lines(path: Path) -> tuple[str, list[str]]:
    """(BOM or "", every line with its line ending) of a UTF-8 file; ("", []) when missing."""
    text = _read_text(path)
    if text is None:
        return "", []
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom, text[len(bom) :].splitlines(keepends=True)


def _is_word(line: str) -> bool:
    return bool(s := line.strip()) and not s.startswith("#")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) so that a crash leaves the old or the new file,
    never a half-written one: temp file in the same folder, flushed to disk, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as error:
        raise OutputError(
            f"无法保存词表 {path}：{error.strerror or error}。词表没有改动。",
            f"Cannot save the word list {path}: {error.strerror or error}. It was not changed.",
        ) from error
    finally:
        if tmp and os.path.exists(tmp):
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def add_line(path: Path, word: str) -> None:
    """Append ``word`` unless the file has it; comments and blank lines stay where they are."""
    if word in read_word_file(path):
        return
    bom, lines = _raw_lines(path)
    ending = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"  # the file's own
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += ending
    write_atomically(path, bom + "".join(lines) + word + ending)


def remove_line(path: Path, word: str) -> None:
    """Remove the lines of ``word``; every other line (comments, blanks) stays as it was."""
    bom, lines = _raw_lines(path)
    kept = [line for line in lines if not (_is_word(line) and normalize(line.split()[0]) == word)]
    if len(kept) != len(lines):
        write_atomically(path, bom + "".join(kept))
