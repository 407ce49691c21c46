"""The word files behind segmentation and themes: the bundled e-commerce dictionary and
stopwords (``resources/dicts``) and the user's own words and stopwords (user data folder).
Plain files, one word per line (a frequency may follow a dictionary word); ``#`` comments."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from app.core.errors import AppError
from app.core.normalize import normalize
from app.paths import resource_path, user_data_dir

Entries = tuple[tuple[str, int], ...]
DEFAULT_FREQ = 2000  # user words: high enough to win over jieba's split in context


def user_words_path() -> Path:
    return user_data_dir() / "dicts" / "user_words.txt"


def user_stopwords_path() -> Path:
    return user_data_dir() / "dicts" / "user_stopwords.txt"


def read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a UTF-8 file (BOM tolerated); [] when missing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
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


def add_line(path: Path, word: str) -> None:
    if word in read_word_file(path):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [*read_lines(path), word]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def remove_line(path: Path, word: str) -> None:
    lines = read_lines(path)
    kept = [line for line in lines if normalize(line.split()[0]) != word]
    if len(kept) != len(lines):
        path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
