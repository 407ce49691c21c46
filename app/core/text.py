"""Chinese word segmentation for reviews (the only module that imports jieba / rjieba).

``segment`` turns texts into space-joined tokens of :func:`normalize` d text. Our e-commerce
dictionary (``resources/dicts/ecommerce.txt``) and the user's words are added to the engine with a
frequency of at least what the engine itself suggests to keep the word whole. ASCII runs (sku codes,
models, sizes: ``bz-yq1722``, ``128gb``) and emoji are cut out before the engine sees the text and
kept as single tokens. The engine is ``rjieba`` (jieba-rs, same dictionary, same tokens, ~13×
faster; see tests) when installed, else ``jieba``; ``REVIEWLENS_SEGMENTER=jieba|rjieba`` forces one.
Results are cached in memory by normalised text; large jieba jobs run in worker processes.

Stopwords are never removed by ``segment``: sentiment needs 不/没/很/太. ``theme_terms`` removes
them for themes and word clouds and attaches negations to the next content word (不 好用 → 不好用,
没有 异味 → 没异味), so a theme label keeps its meaning.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from app.core.errors import AppError
from app.core.normalize import EMOJI, EMOJI_BASE, PROTECTED, is_emoji, normalize
from app.core.progress import CancelToken, ProgressFn, no_progress
from app.paths import resource_path, user_data_dir

CHUNK = 2000  # texts per progress/cancel step and per worker task
CACHE_LIMIT = 600_000  # cached distinct texts (≈ 250 MB at typical review length)
PARALLEL_MIN_TEXTS = 20_000  # below this, process start-up costs more than it saves

Entries = tuple[tuple[str, int], ...]
# any character a protected token can start with (ASCII letter/digit, emoji): cheap pre-check
_MAYBE_PROTECTED = re.compile(f"[a-z0-9{EMOJI_BASE}\U0001f1e6-\U0001f1ff]")


def _default_engine() -> str:
    forced = os.environ.get("REVIEWLENS_SEGMENTER", "").strip().lower()
    if forced in {"jieba", "rjieba"}:
        return forced
    try:
        import rjieba  # noqa: F401
    except ImportError:
        return "jieba"
    return "rjieba"


class Segmenter:
    """One engine loaded with the bundled and user dictionaries; cuts normalised text."""

    def __init__(self, engine: str, entries: Entries) -> None:
        self.engine = engine
        self.entries = entries
        mixed = sorted((w for w, _ in entries if re.search(r"[a-z0-9]", w)), key=len, reverse=True)
        alternatives = [re.escape(w) for w in mixed] + [PROTECTED, EMOJI]
        self._protect = re.compile("|".join(alternatives))
        if engine == "rjieba":
            import rjieba

            tokenizer = rjieba.Jieba()
            for word, freq in entries:
                tokenizer.add_word(word, max(freq, tokenizer.suggest_freq(word)), None)
            self._cut = tokenizer.cut
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq in entries:
                tokenizer.add_word(word, max(freq, tokenizer.suggest_freq(word)))
            self._cut = tokenizer.lcut

    def cut(self, text: str) -> str:
        """Space-joined tokens of an already normalised text."""
        if not _MAYBE_PROTECTED.search(text):
            return " ".join(t for t in self._cut(text) if t != " ")
        tokens: list[str] = []
        pos = 0
        for match in self._protect.finditer(text):
            if match.start() > pos:
                tokens.extend(self._cut(text[pos : match.start()]))
            tokens.append(match.group())
            pos = match.end()
        if pos < len(text):
            tokens.extend(self._cut(text[pos:]))
        return " ".join(t for t in tokens if t != " ")


@dataclass
class _State:
    segmenter: Segmenter
    cache: dict[str, str]


_lock = threading.RLock()
_state: _State | None = None


def _current() -> _State:
    """The segmenter for the dictionaries on disk now (rebuilt when user words changed)."""
    global _state
    entries = dictionary_entries()
    engine = _default_engine()
    with _lock:
        if (
            _state is None
            or _state.segmenter.entries != entries
            or _state.segmenter.engine != engine
        ):
            _state = _State(Segmenter(engine, entries), {})
        return _state


def segmenter_engine() -> str:
    """Name of the engine in use: ``"rjieba"`` or ``"jieba"``."""
    return _default_engine()


# -- worker processes -------------------------------------------------------------------------

_worker: Segmenter | None = None


def _worker_init(engine: str, entries: Entries) -> None:
    global _worker
    inherited = _state.segmenter if _state is not None else None  # fork: already loaded
    if inherited is not None and inherited.engine == engine and inherited.entries == entries:
        _worker = inherited
    else:
        _worker = Segmenter(engine, entries)


def _worker_cut(texts: list[str]) -> list[str]:
    assert _worker is not None
    return [_worker.cut(t) for t in texts]


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, single-threaded caller), else spawn (Windows, macOS, GUI)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _auto_workers(engine: str, n_texts: int) -> int:
    cpus = os.cpu_count() or 1
    if engine == "jieba" and n_texts >= PARALLEL_MIN_TEXTS and cpus > 1:
        return min(cpus, 8)
    return 1  # rjieba: serial is faster than shipping texts to processes


def segment(
    texts: Sequence[str],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
) -> list[str]:
    """Space-joined tokens of ``normalize(text)`` for each text; stopwords and emoji kept.

    ``workers`` forces the number of processes (``None``: automatic). Raises
    :class:`~app.core.progress.Cancelled` when ``cancel`` is set.
    """
    state = _current()
    cache = state.cache
    normalized = [normalize(t) if isinstance(t, str) else "" for t in texts]
    todo = list(dict.fromkeys(t for t in normalized if t not in cache))
    n_workers = workers if workers is not None else _auto_workers(state.segmenter.engine, len(todo))
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    message = "分词"
    progress(0.0, message)
    results: dict[str, str] = {}
    if n_workers > 1 and len(chunks) > 0:
        _segment_parallel(state, chunks, n_workers, results, progress, cancel)
    else:
        for done, chunk in enumerate(chunks, start=1):
            if cancel is not None:
                cancel.check()
            cut = state.segmenter.cut
            results.update((t, cut(t)) for t in chunk)
            progress(done / len(chunks), message)
    out = [cache.get(t) or results.get(t, "") for t in normalized]
    _remember(cache, results)
    progress(1.0, message)
    return out


def _segment_parallel(
    state: _State,
    chunks: list[list[str]],
    n_workers: int,
    results: dict[str, str],
    progress: ProgressFn,
    cancel: CancelToken | None,
) -> None:
    seg = state.segmenter
    with ProcessPoolExecutor(
        max_workers=n_workers,
        mp_context=_mp_context(),
        initializer=_worker_init,
        initargs=(seg.engine, seg.entries),
    ) as pool:
        futures = [pool.submit(_worker_cut, chunk) for chunk in chunks]
        try:
            for done, (chunk, future) in enumerate(zip(chunks, futures, strict=True), start=1):
                if cancel is not None:
                    cancel.check()
                results.update(zip(chunk, future.result(), strict=True))
                progress(done / len(chunks), "分词")
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _remember(cache: dict[str, str], results: dict[str, str]) -> None:
    with _lock:
        cache.update(results)
        excess = len(cache) - CACHE_LIMIT
        if excess > 0:
            for key in list(islice(cache, excess)):
                del cache[key]


def clear_cache() -> None:
    """Forget cached segmentations (memory only)."""
    with _lock:
        if _state is not None:
            _state.cache.clear()


def reload_dictionaries() -> None:
    """Re-read the dictionary and stopword files (call after editing them outside this API)."""
    global _state
    with _lock:
        _state = None
        _stopwords_for.cache_clear()


# -- stopwords and theme terms -----------------------------------------------------------------


@lru_cache(maxsize=8)
def _stopwords_for(user_dir_key: str | None) -> frozenset[str]:
    return frozenset(bundled_stopwords()) | frozenset(_read_word_file(user_stopwords_path()))


def load_stopwords() -> frozenset[str]:
    """Theme stopwords: bundled ``stopwords.txt`` plus the user's. Never used for sentiment."""
    return _stopwords_for(os.environ.get("REVIEWLENS_DATA_DIR"))


# Negation tokens as jieba emits them → the prefix kept on the next content word.
NEGATIONS = {
    "不": "不", "不太": "不", "不怎么": "不", "不大": "不", "并不": "不", "也不": "不",
    "都不": "不", "毫不": "不", "一点也不": "不", "一点都不": "不", "从不": "不",
    "不是": "不是", "不会": "不会", "不够": "不够", "不算": "不算", "不能": "不能",
    "没": "没", "没有": "没", "没什么": "没", "没啥": "没", "并没有": "没", "从没": "没",
    "无": "无", "未": "未", "别": "别",
}  # fmt: skip
_NUMBER = re.compile(r"[\d.,%+\-/:]+")
_HAS_WORD = re.compile(r"[\w]")


def _is_content(token: str) -> bool:
    return bool(_HAS_WORD.search(token)) and not _NUMBER.fullmatch(token) and not is_emoji(token)


def theme_terms(joined_tokens: str, stop: frozenset[str] | None = None) -> list[str]:
    """Content terms for themes and word clouds from one ``segment`` result.

    Drops stopwords, punctuation, emoji and pure numbers. A negation is attached to the next
    content word of the same clause, skipping stopwords between (不 太 合适 → 不合适).
    Pass ``stop=load_stopwords()`` when calling it in a loop.
    """
    stop = load_stopwords() if stop is None else stop
    terms: list[str] = []
    negation = ""
    for token in joined_tokens.split():
        prefix = NEGATIONS.get(token)
        if prefix is not None:
            negation = prefix
            continue
        if not _is_content(token):
            negation = ""  # punctuation or emoji ends the clause the negation belonged to
            continue
        if token in stop:
            continue
        terms.append(negation + token if negation else token)
        negation = ""
    return terms


# -- dictionary files ---------------------------------------------------------------------------

DEFAULT_FREQ = 2000  # user words: high enough to win over jieba's split in context


def user_words_path() -> Path:
    return user_data_dir() / "dicts" / "user_words.txt"


def user_stopwords_path() -> Path:
    return user_data_dir() / "dicts" / "user_stopwords.txt"


def _read_lines(path: Path) -> list[str]:
    """Non-empty, non-comment lines of a UTF-8 file (BOM tolerated); [] when missing."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return []
    return [s for line in text.splitlines() if (s := line.strip()) and not s.startswith("#")]


def _read_word_file(path: Path) -> list[str]:
    """First field of each line, normalised, deduplicated, in file order."""
    return list(dict.fromkeys(normalize(line.split()[0]) for line in _read_lines(path)))


def _entries_of(path: Path) -> list[tuple[str, int]]:
    entries = []
    for line in _read_lines(path):
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
    return frozenset(normalize(w) for line in _read_lines(path) for w in line.split())


def dictionary_entries() -> Entries:
    """(word, frequency) pairs: bundled e-commerce words, then the user's words."""
    return _bundled_entries() + tuple(_entries_of(user_words_path()))


def _checked(word: str) -> str:
    word = normalize(word)
    if not word or " " in word or len(word) > 30:
        raise AppError(
            "词语不能为空、不能含空格，且不超过 30 个字。",
            "A word must not be empty, contain spaces or be longer than 30 characters.",
        )
    return word


def _add_line(path: Path, word: str) -> None:
    if word in _read_word_file(path):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [*_read_lines(path), word]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _remove_line(path: Path, word: str) -> None:
    lines = _read_lines(path)
    kept = [line for line in lines if normalize(line.split()[0]) != word]
    if len(kept) != len(lines):
        path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")


# -- user dictionaries -------------------------------------------------------------------------


def user_words() -> list[str]:
    """Words the user added to the segmentation dictionary."""
    return _read_word_file(user_words_path())


def add_user_word(word: str) -> None:
    """Add a word that must stay whole (takes effect on the next ``segment`` call)."""
    _add_line(user_words_path(), _checked(word))
    reload_dictionaries()


def remove_user_word(word: str) -> None:
    _remove_line(user_words_path(), normalize(word))
    reload_dictionaries()


def user_stopwords() -> list[str]:
    """Words the user excluded from themes and word clouds."""
    return _read_word_file(user_stopwords_path())


def add_user_stopword(word: str) -> None:
    _add_line(user_stopwords_path(), _checked(word))
    reload_dictionaries()


def remove_user_stopword(word: str) -> None:
    _remove_line(user_stopwords_path(), normalize(word))
    reload_dictionaries()
