"""Clauses that tell a worry the buyer had before: 之前还担心买到水货, 本来以为会偏小.

Such a clause is usually followed by its answer (收到验了是正品, 穿上刚好): on its own it is no
complaint, yet 担心 / 以为 + a defect reads as one. Judged neutral at the clause level, so
these clauses stay out of complaint themes and aspect counts; the review is judged as a whole.
A worry without a sign that it lies in the past (担心质量问题) is left as judged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

# before buying or receiving, at first … (then) worried / feared / thought
_PAST = (
    "之前|以前|本来|原来|原本|一开始|刚开始|开始|起初|当初|最初|买之前|买前|购买前|下单前|"
    "下单之前|收货前|收到前|收到之前|没收到前|没收到之前|没买之前|来之前"
)
# Words of worry or expectation, also what keeps a clause from being a clear complaint
# (:func:`app.core.reviews.labels.clear_complaints`); fear words only count told of the past.
WORRY = ("担心", "忐忑", "顾虑", "犹豫", "纠结", "以为", "怀疑")
_WORRY_WORD = re.compile("|".join((*WORRY, "担忧", "害怕", "怕")))
_BEFORE = re.compile(rf"(?:(?:{_PAST})[^\x00]{{0,4}}?|还)$")  # 之前我还一直|还, right before
_LOOK_BACK = max(len(w) for w in _PAST.split("|")) + 4


def past_worries(texts: Sequence[str]) -> np.ndarray:
    """Per text: whether it tells a worry of before, or an expectation (以为 needs no sign of the
    past: 以为年货节发货会比较慢 is answered by 没想到会这么快). The worry words are found in one
    scan over all texts joined (few clauses hold one); only there is the text before them read."""
    items = [t.replace("\x00", " ") if isinstance(t, str) else "" for t in texts]
    found = np.zeros(len(items), dtype=bool)
    if not items:
        return found
    lengths = np.fromiter(map(len, items), np.int64, len(items))
    starts = np.cumsum(lengths + 1) - lengths - 1
    joined = "\x00".join(items)
    hits = [
        m.start()
        for m in _WORRY_WORD.finditer(joined)
        if _expected(joined, m.start(), m.group())
        or _BEFORE.search(joined, max(m.start() - _LOOK_BACK, 0), m.start())
    ]
    if hits:
        found[np.searchsorted(starts, np.asarray(hits, np.int64), side="right") - 1] = True
    return found


def _expected(joined: str, at: int, word: str) -> bool:
    """以为 of an expectation, not inside 所以为了 / 可以为 / 难以为继."""
    return word == "以为" and (at == 0 or joined[at - 1] not in "所可难足得")
