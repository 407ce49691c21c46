"""Chinese word segmentation for reviews (the only module that imports jieba / rjieba).

``segment`` turns texts into space-joined tokens of :func:`normalize` d text. Our e-commerce
dictionary (``resources/dicts/ecommerce.txt``) and the user's words are added to the engine with a
frequency of at least what the engine itself suggests to keep the word whole. ASCII runs (sku codes,
models, sizes: ``bz-yq1722``, ``128gb``) and emoji are cut out before the engine sees the text and
kept as single tokens. The engine is ``rjieba`` (jieba-rs, same dictionary, same tokens, ~13×
faster; see tests) when installed, else ``jieba``; ``REVIEWLENS_SEGMENTER=jieba|rjieba`` forces one.
Results are cached in memory by normalised text.

Stopwords are never removed by ``segment``: sentiment needs 不/没/很/太. ``theme_terms`` removes
them for themes and word clouds and attaches negations to the next content word (不 好用 → 不好用,
没有 异味 → 没异味), so a theme label keeps its meaning.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.text.normalize import (
    EMOJI,
    EMOJI_BASE,
    PROTECTED,
    is_emoji,
    normalize,
    normalize_many,
)
from app.core.text.word_files import (
    Entries,
    add_line,
    bundled_stopwords,
    checked_word,
    dictionary_entries,
    read_word_file,
    remove_line,
    user_stopwords_path,
    user_words_path,
)

CHUNK = 2000  # texts per progress/cancel step
CACHE_LIMIT = 200_000  # cached distinct texts (≈ 40 MB of clauses): a big file's tokens are
# already in its clause frame, so a cache past this only raises the peak of the analysis
JOINED_BATCH = 5000  # plain texts per engine call in Segmenter.cut_many

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
            self._tag = tokenizer.tag
        else:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq in entries:
                tokenizer.add_word(word, max(freq, tokenizer.suggest_freq(word)))
            self._cut = tokenizer.lcut
            from jieba import posseg

            tagger = posseg.POSTokenizer(tokenizer)
            self._tag = lambda text: [(p.word, p.flag) for p in tagger.lcut(text)]

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

    def tag(self, text: str) -> list[tuple[str, str]]:
        """``(word, part of speech)`` pairs of an already normalised text."""
        return list(self._tag(text))

    def cut_many(self, texts: list[str]) -> list[str]:
        """``[self.cut(t) for t in texts]``, with the plain texts (no protected token, no line
        break) cut by one engine call per batch: a line break is a hard word boundary for
        jieba, and per-call overhead was half the time of segmenting short clauses."""
        out = [""] * len(texts)
        plain: list[int] = []
        for i, text in enumerate(texts):
            if not text:
                continue
            if "\n" in text or _MAYBE_PROTECTED.search(text):
                out[i] = self.cut(text)
            else:
                plain.append(i)
        for start in range(0, len(plain), JOINED_BATCH):
            batch = plain[start : start + JOINED_BATCH]
            joined = " ".join(self._cut("\n".join(texts[i] for i in batch)))
            # single spaces were " " tokens (normalised texts have no runs): drop them
            pieces = joined.replace("   ", " ").split(" \n ")
            if len(pieces) != len(batch):  # not the boundaries we expect: cut one by one
                pieces = [self.cut(texts[i]) for i in batch]
            for i, piece in zip(batch, pieces, strict=True):
                out[i] = piece
        return out


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


def load_segmenter() -> None:
    """Load the segmenter and dictionaries now (~0.3 s), so the first chunk of a long job does
    not hold the cancel check for it."""
    _current()


def segmenter_engine() -> str:
    """Name of the engine in use: ``"rjieba"`` or ``"jieba"``."""
    return _default_engine()


@dataclass(frozen=True)
class Dictionary:
    """What a segmenter is loaded with: its engine and (word, frequency) entries."""

    engine: str
    entries: Entries


def current_dictionary() -> Dictionary:
    """The engine and the bundled + user words on disk now (read here, passed to workers)."""
    return Dictionary(_default_engine(), dictionary_entries())


_chunk_segmenter: Segmenter | None = None


def segment_chunk(dictionary: Dictionary, texts: Sequence[str]) -> list[str]:
    """:func:`segment` of ``texts`` with ``dictionary`` and no cache: the per-chunk job of the
    analysis, which may run in another process (the segmenter is kept for the next chunk)."""
    return _segmenter_for(dictionary).cut_many(normalize_many(texts))


def tag_chunk(dictionary: Dictionary, texts: Sequence[str]) -> list[list[tuple[str, str]]]:
    """``(word, part of speech)`` pairs of each normalised text, with ``dictionary``."""
    segmenter = _segmenter_for(dictionary)
    return [segmenter.tag(text) for text in normalize_many(texts)]


def _segmenter_for(dictionary: Dictionary) -> Segmenter:
    """This process's segmenter for ``dictionary`` (kept for the next chunk)."""
    global _chunk_segmenter
    seg = _chunk_segmenter
    if seg is None or seg.engine != dictionary.engine or seg.entries != dictionary.entries:
        state = _state  # this process's own segmenter, when it has the same dictionary
        if state is not None and (state.segmenter.engine, state.segmenter.entries) == (
            dictionary.engine,
            dictionary.entries,
        ):
            seg = state.segmenter
        else:
            seg = Segmenter(dictionary.engine, dictionary.entries)
        _chunk_segmenter = seg
    return seg


def segment(
    texts: Sequence[str],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> list[str]:
    """Space-joined tokens of ``normalize(text)`` for each text; stopwords and emoji kept.
    Raises :class:`~app.core.progress.Cancelled` when ``cancel`` is set."""
    state = _current()
    cache = state.cache
    normalized = normalize_many(texts)
    todo = list(dict.fromkeys(t for t in normalized if t not in cache))
    chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
    message = "分词"
    progress(0.0, message)
    results: dict[str, str] = {}
    for done, chunk in enumerate(chunks, start=1):
        if cancel is not None:
            cancel.check()
        results.update(zip(chunk, state.segmenter.cut_many(chunk), strict=True))
        progress(done / len(chunks), message)
    out = [cache.get(t) or results.get(t, "") for t in normalized]
    _remember(cache, results)
    progress(1.0, message)
    return out


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
    return frozenset(bundled_stopwords()) | frozenset(read_word_file(user_stopwords_path()))


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


# -- user dictionaries -------------------------------------------------------------------------


def user_words() -> list[str]:
    """Words the user added to the segmentation dictionary."""
    return read_word_file(user_words_path())


def add_user_word(word: str) -> None:
    """Add a word that must stay whole (takes effect on the next ``segment`` call)."""
    add_line(user_words_path(), checked_word(word))
    reload_dictionaries()


def remove_user_word(word: str) -> None:
    remove_line(user_words_path(), normalize(word))
    reload_dictionaries()


def user_stopwords() -> list[str]:
    """Words the user excluded from themes and word clouds."""
    return read_word_file(user_stopwords_path())


def add_user_stopword(word: str) -> None:
    add_line(user_stopwords_path(), checked_word(word))
    reload_dictionaries()


def remove_user_stopword(word: str) -> None:
    remove_line(user_stopwords_path(), normalize(word))
    reload_dictionaries()
