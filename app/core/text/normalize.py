"""Text normalisation before segmentation: traditional → simplified, full-width → ASCII, lower case.

Traditional characters are detected with a set of characters that only exist in traditional
writing (from OpenCC's ``TSCharacters``); only texts containing one go through OpenCC's phrase-aware
``t2s`` conversion (``opencc-python-reimplemented``, Apache-2.0), so simplified reviews pay nothing
and simplified words such as 著名 or 乾隆 are never touched.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

# Full-width ASCII (U+FF01..U+FF5E) → ASCII, ideographic space → space, invisible marks removed.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
_WIDTH.update({0x200B: None, 0x200C: None, 0xFEFF: None, 0x00A0: 0x20})
_SPACES = re.compile(r"\s+")

EMOJI_BASE = (
    "\U0001f000-\U0001f0ff\U0001f10d-\U0001f1ff\U0001f200-\U0001f2ff"
    "\U0001f300-\U0001f5ff\U0001f600-\U0001f64f\U0001f680-\U0001f6ff\U0001f700-\U0001f7ff"
    "\U0001f800-\U0001f8ff\U0001f900-\U0001f9ff\U0001fa00-\U0001faff"
    "\u2600-\u27bf\u2b00-\u2bff\u2300-\u23ff\u3030\u303d\u3297\u3299"
)
_EMOJI_MOD = "\ufe0f\U0001f3fb-\U0001f3ff"
#: One emoji: a base, its modifiers, and any zero-width-joined continuation (👨‍👩‍👧, 👍🏻, ❤️).
EMOJI = (
    f"(?:[{EMOJI_BASE}][{_EMOJI_MOD}]*(?:\u200d[{EMOJI_BASE}][{_EMOJI_MOD}]*)*"
    "|[\U0001f1e6-\U0001f1ff]{2})"
)
EMOJI_RE = re.compile(EMOJI)
_LOOSE_MODIFIERS = re.compile(f"[{_EMOJI_MOD}\u200d]")

#: ASCII runs kept whole by segmentation: sku codes, models, sizes, numbers (bz-yq1722, 128gb, 2.5).
PROTECTED = r"[a-z0-9]+(?:[-_./+#&%][a-z0-9]+)*[+#%]?"


class _TraditionalConverter:
    """Lazily loaded detector + OpenCC t2s converter (thread-safe initialisation)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._trad: frozenset[str] | None = None
        self._convert = None
        self._table: dict[int, str] = {}
        self._ambiguous: frozenset[str] = frozenset()

    def _load(self) -> None:
        try:
            import opencc
        except ImportError:  # pragma: no cover - dependency missing: leave text as it is
            self._trad = frozenset()
            return
        folder = Path(opencc.__file__).resolve().parent / "dictionary"
        ts_file = folder / "TSCharacters.txt"
        if not ts_file.is_file():  # pragma: no cover - the other "opencc" (C++ binding) package
            self._trad = frozenset()
            return
        pairs = [
            line.rstrip("\n").split("\t")
            for line in ts_file.read_text(encoding="utf-8").splitlines()
            if "\t" in line
        ]
        simplified = {c for _, targets in pairs for c in targets.split()}
        st_file = folder / "STCharacters.txt"
        if st_file.is_file():
            simplified |= {
                line.split("\t", 1)[0] for line in st_file.read_text(encoding="utf-8").splitlines()
            }
        self._convert = opencc.OpenCC("t2s").convert
        self._trad = frozenset(k for k, _ in pairs if len(k) == 1 and k not in simplified)
        # characters with one simplified form are translated directly; OpenCC's phrase-aware
        # conversion runs only on texts that still hold an ambiguous one (於, 著, 乾 …)
        unique = {k: v for k, v in pairs if len(k) == 1 and len(v.split()) == 1}
        self._table = str.maketrans({k: v for k, v in unique.items() if k in self._trad})
        self._ambiguous = frozenset(k for k, _ in pairs if len(k) == 1) - set(self._table)

    def __call__(self, text: str) -> str:
        if self._trad is None:
            with self._lock:
                if self._trad is None:
                    self._load()
        assert self._trad is not None
        if self._convert is not None and not self._trad.isdisjoint(text):
            text = text.translate(self._table)
            if not self._ambiguous.isdisjoint(text):
                return self._convert(text)
        return text


to_simplified = _TraditionalConverter()


def normalize(text: str) -> str:
    """Canonical form used for segmentation, caching and matching.

    Traditional → simplified Chinese, full-width → half-width ASCII (so ，！？ become , ! ?),
    English lower-cased, invisible characters removed, whitespace runs collapsed. Emoji are kept.
    """
    if not text:
        return ""
    text = to_simplified(text.translate(_WIDTH)).lower()
    return _SPACES.sub(" ", text).strip()


def normalize_many(texts: Sequence[object]) -> list[str]:
    """``[normalize(t) for t in texts]`` (non-strings give ""), with the character-level steps
    run once over all texts joined by NUL: the same steps in the same order, several times
    faster on many short clauses."""
    items = [t if isinstance(t, str) else "" for t in texts]
    if not items:
        return []
    joined = "\x00".join(items)
    if joined.count("\x00") != len(items) - 1:  # a text holds a NUL itself
        return [normalize(t) for t in items]
    parts = joined.translate(_WIDTH).split("\x00")
    joined = "\x00".join(map(to_simplified, parts)).lower()
    return [part.strip() for part in _SPACES.sub(" ", joined).split("\x00")]


def normalize_joined(texts: list[str], separator: str = "\x00") -> str:
    """``separator``-joined texts normalised like :func:`normalize` except whitespace (fast path)."""
    return separator.join(map(to_simplified, texts)).translate(_WIDTH).lower()


@lru_cache(maxsize=4096)
def is_emoji(token: str) -> bool:
    """True for a token made only of emoji (and their modifiers)."""
    stripped = EMOJI_RE.sub("", token)
    return bool(token) and not _LOOSE_MODIFIERS.sub("", stripped)
