"""Where a negation reaches beyond the negator right before a word: a canceller turning it back
(没有一处不满意), a comparison falling short (没有网上说的那么贵), a negator closing the clause after
the word (一点色差都没有)."""

from __future__ import annotations

import numpy as np

from app.core.sentiment.lexicon_words import CANCEL_GAP, COMPARE_REACH, GAP, QUANTIFIER_START
from app.core.sentiment.word_sets import WordSet

_QUANTIFIERS = np.array([ord(c) for c in QUANTIFIER_START], dtype=np.uint32)


def cancellers_before(
    codes: np.ndarray, cancellers: WordSet, hashes: list, head: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """Per match (``wanted`` ones only): the start of a :data:`CANCELLERS` word ending at
    ``head`` (where its negation begins) or up to :data:`CANCEL_GAP` CJK characters before it,
    the gap opening with a quantifier (没有一处不满意); else −1."""
    found = np.full(head.size, -1, dtype=np.int64)
    for gap in range(CANCEL_GAP + 1):
        cand = np.flatnonzero(wanted & (found < 0) & (head >= gap))
        at = head[cand] - gap
        if gap:
            ok = letters(codes, at, head[cand], CANCEL_GAP)
            ok &= np.isin(codes[np.minimum(at, codes.size - 1)], _QUANTIFIERS)
            cand, at = cand[ok], at[ok]
        length = cancellers.longest_at(hashes, at, ending=True)
        found[cand[length > 0]] = (at - length)[length > 0]
    return found


def compare_frames(
    codes: np.ndarray,
    ends_set: WordSet,
    hashes: list,
    starts: np.ndarray,
    before_degree: np.ndarray,
    wanted: np.ndarray,
) -> np.ndarray:
    """Per match (``wanted`` ones only): the position of 没 opening a comparison frame
    (没有网上说的那么贵) that ends right before the word or its degree word, within
    :data:`COMPARE_REACH` characters of the same clause and with no 就/才/到 … between
    (没用几天就那么脏, 没想到那么差); else −1."""
    found = np.full(starts.size, -1, dtype=np.int64)
    cand = np.flatnonzero(wanted)
    length = ends_set.longest_at(hashes, before_degree[cand], ending=True)
    frame = before_degree[cand] - length
    plain = length == 0
    length[plain] = ends_set.longest_at(hashes, starts[cand[plain]], ending=True)
    frame[plain] = starts[cand[plain]] - length[plain]
    keep = length > 0
    cand, frame = cand[keep], frame[keep]
    open_ = np.ones(cand.size, dtype=bool)  # no clause break nor time word met yet
    for back in range(1, COMPARE_REACH + 1):
        at = frame - back
        inside = open_ & (at >= 0)
        c = codes[np.maximum(at, 0)]
        hit = inside & (c == ord("没")) & (found[cand] < 0)
        found[cand[hit]] = at[hit]
        open_ &= inside & (c >= 0x3400) & (c < 0xA000) & ~np.isin(c, _NOT_COMPARING)
    return found


# 没用几天就那么脏, 没想到那么差: a time or result word between 没 and 那么 — no comparison
_NOT_COMPARING = np.array([ord(c) for c in "就才又了到过"], dtype=np.uint32)


def letters(codes: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int = GAP) -> np.ndarray:
    """Whether ``codes[lo:hi]`` (at most ``width`` long) holds CJK characters only."""
    ok = np.ones(lo.size, dtype=bool)
    for k in range(width):
        at = lo + k
        inside = at < hi
        c = codes[np.minimum(at, codes.size - 1)]
        ok &= ~inside | ((c >= 0x3400) & (c < 0xA000))
    return ok


_PARTICLES = np.array([ord(c) for c in "了啊呢哦的呀哈吧嘛啦哟耶"], dtype=np.uint32)


def clause_ending_negators(codes: np.ndarray, post: WordSet, hashes: list) -> np.ndarray:
    """Per position: the end of a :data:`POST_NEGATORS` match starting there that ends its
    clause (followed by the text's end, punctuation or a particle such as 了), else 0."""
    found = np.zeros(codes.size + 1, dtype=np.int64)
    p_start, p_len, _ = post.find(hashes)
    p_end = p_start + p_len
    nxt = np.append(codes, np.uint32(0))[p_end]
    letter = ((nxt >= 0x3400) & (nxt < 0xA000)) | ((nxt >= 97) & (nxt <= 122)) | (nxt == 48)
    closes = ~letter | np.isin(nxt, _PARTICLES)
    found[p_start[closes]] = p_end[closes]
    return found
