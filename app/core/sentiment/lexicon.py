"""Hand-written e-commerce sentiment lexicon with negation scope and degree words.

Written for ReviewLens (our own work, shipped under the project's licence): shop reviews, food
and drink (taste, food safety), brand trust and boycotts, takeaway, electronics, appliances.
Every match is ``[negator][degree]word``: a negator right before the word (optionally with a
degree word in between: 不太好, 不是很满意, 没什么问题), or one right after it that ends the
clause (一点色差都没有), flips its polarity and lowers its strength; degree words (很, 非常, 太 …) strengthen it, softeners (有点, 稍微 …) weaken it; 好
right before another opinion word is a degree word, not praise (好难吃). Constructions that turn a
word around: a negator with who feels it (没让我失望), a comparison falling short (没有网上说的那么贵),
a rating that will not be given (差评是不可能的, 不可能给差评), 这也叫 X？, quoted praise (真是“好”质量);
a canceller before a negation turns it back (没有一处不满意, 没理由不推荐, 难道不香吗), and praise
granted in a concession weighs little (好是好，就是贵). Matching runs once over all
texts joined together, with numpy hashing (see :mod:`app.core.sentiment.features`): no
per-text Python loop and no regex scan.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from app.core.sentiment.features import Prepared, full_hashes
from app.core.sentiment.lexicon_words import (
    AFTER_CONTRAST,
    CANCEL_GAP,
    CANCELLERS,
    COMPARE_ENDS,
    COMPARE_REACH,
    CONCEDED,
    CONTRAST,
    DEFECT_NOUNS,
    DEGREES,
    GAP,
    NEGATIVE,
    NEGATORS,
    NEUTRAL,
    POSITIVE,
    POST_NEGATORS,
    POST_NEGATORS_ANY,
    QUANTIFIER_START,
    QUOTES_CLOSE,
    QUOTES_OPEN,
)

N_FEATURES = 5  # positive, negative strength, any opinion word, net strength if short, shortness


def _parse(block: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in block.split():
        word, _, weight = item.rpartition(":")
        out[word] = float(weight)
    return out


_SHIFT = 12  # bitmap of 2**20 bits per word length: a fast pre-filter before exact hashes
MAX_WORD = 8  # longer lexicon entries are ignored


class _WordSet:
    """Words found in code-point arrays by hashing (numpy only).

    Per word length: a bitmap pre-filter, then the exact 32-bit hash (a false match needs a
    32-bit collision with one of a few hundred words: about one per 10 M characters).
    """

    def __init__(self, values: dict[str, float]) -> None:
        self.words = [w for w in values if 0 < len(w) <= MAX_WORD]
        self.values = np.array([values[w] for w in self.words], dtype=np.float64)
        self.max_len = max((len(w) for w in self.words), default=0)
        self.tables: dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        for n in sorted({len(w) for w in self.words}):
            ids = np.array([i for i, w in enumerate(self.words) if len(w) == n])
            joined = "\x00".join(self.words[i] for i in ids)
            codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
            hashes = next(h for k, h, _ in full_hashes(codes, n) if k == n)
            hashes = hashes[np.arange(ids.size) * (n + 1)]
            bitmap = np.zeros(1 << (32 - _SHIFT), dtype=bool)
            bitmap[hashes >> np.uint32(_SHIFT)] = True
            order = np.argsort(hashes, kind="stable")
            self.tables[n] = (bitmap, hashes[order], ids[order])

    def find(self, hashes: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Leftmost-longest, non-overlapping matches: ``(starts, lengths, word ids)``.

        ``hashes`` is the list of :func:`full_hashes` output for the texts."""
        size = hashes[0][1].size if hashes else 0
        length = np.zeros(size, dtype=np.int64)
        word = np.zeros(size, dtype=np.int64)
        shift = np.uint32(_SHIFT)
        for n, h, valid in hashes:
            table = self.tables.get(n)
            if table is None:
                continue
            bitmap, keys, ids = table
            cand = np.flatnonzero(bitmap[h >> shift] & valid)
            at = np.minimum(np.searchsorted(keys, h[cand]), keys.size - 1)
            exact = keys[at] == h[cand]
            length[cand[exact]] = n  # longer n comes later and wins
            word[cand[exact]] = ids[at[exact]]
        starts = np.flatnonzero(length)
        lengths = length[starts]
        ends = starts + lengths
        if starts.size:  # drop matches starting inside an earlier (longer) one
            reach = np.maximum.accumulate(ends)
            keep = np.ones(starts.size, dtype=bool)
            keep[1:] = starts[1:] >= reach[:-1]
            starts, lengths = starts[keep], lengths[keep]
        return starts, lengths, word[starts]

    def longest_at(self, hashes: list, positions: np.ndarray, *, ending: bool) -> np.ndarray:
        """Per position, the length of the longest word ending there (``ending``) or starting
        there, else 0. Looks only at ``positions``: cheap for a few of them."""
        found = np.zeros(positions.size, dtype=np.int64)
        shift = np.uint32(_SHIFT)
        for n, h, valid in hashes:
            table = self.tables.get(n)
            if table is None or positions.size == 0:
                continue
            bitmap, keys, _ = table
            at = positions - n if ending else positions
            ok = (at >= 0) & (at < h.size)
            at = np.clip(at, 0, max(h.size - 1, 0))
            if h.size == 0:
                continue
            hh = h[at]
            ok &= valid[at] & bitmap[hh >> shift]
            idx = np.minimum(np.searchsorted(keys, hh[ok]), keys.size - 1)
            hit = np.zeros(positions.size, dtype=bool)
            hit[np.flatnonzero(ok)[keys[idx] == hh[ok]]] = True
            found[hit] = n
        return found


class _Lexicon(NamedTuple):
    """The lexicon's word sets, compiled once, and per opinion word the facts matching needs."""

    words: _WordSet  # opinion and neutral words
    negators: _WordSet
    degrees: _WordSet
    contrast: _WordSet
    post_negators: _WordSet
    post_any: _WordSet  # after the word, clause end or not: 是不可能
    cancellers: _WordSet
    compare_ends: _WordSet
    prefix: np.ndarray  # per word: length of a degree word opening it (很满意 → 1)
    also_degree: np.ndarray  # per word: also a degree word (好)
    gap_ok: np.ndarray  # per word: a defect noun a negator reaches over a short noun
    inherent: np.ndarray  # per word: opens with its own negation (不满, 不推荐, 没问题)
    lexical: np.ndarray  # per praise word: holds a negation (不卡, 一点问题都没有): marked negated


# Words with 不/没/无 inside that carry no negation of an opinion
_PLAIN = {"不错", "无语", "无奈", "无良", "无耻", "不要脸", "名不副实", "名不符实", "物美价廉"}


@lru_cache(maxsize=1)
def _compiled() -> _Lexicon:
    polarity = dict(_parse(POSITIVE))
    polarity.update({w: -s for w, s in _parse(NEGATIVE).items()})
    polarity.update(dict.fromkeys(NEUTRAL.split(), 0.0))
    words = _WordSet(polarity)
    defects = set(DEFECT_NOUNS.split())
    return _Lexicon(
        words=words,
        negators=_WordSet(dict.fromkeys(NEGATORS, 1.0)),
        degrees=_WordSet(DEGREES),
        contrast=_WordSet(dict.fromkeys(CONTRAST, 1.0)),
        post_negators=_WordSet(dict.fromkeys(POST_NEGATORS, 1.0)),
        post_any=_WordSet(dict.fromkeys(POST_NEGATORS_ANY, 1.0)),
        cancellers=_WordSet(dict.fromkeys(CANCELLERS, 1.0)),
        compare_ends=_WordSet(dict.fromkeys(COMPARE_ENDS, 1.0)),
        prefix=np.array([_degree_prefix(w) for w in words.words], dtype=np.int64),
        also_degree=np.array([w in DEGREES for w in words.words], dtype=bool),
        gap_ok=np.array([w in defects for w in words.words], dtype=bool),
        inherent=np.array([w[0] in "不没" and w not in _PLAIN for w in words.words], dtype=bool),
        lexical=(words.values > 0)
        & np.array([any(c in w for c in "不没无") and w not in _PLAIN for w in words.words]),
    )


def _degree_prefix(word: str) -> int:
    """Length of a degree word opening ``word`` (很满意 → 1), 0 if none."""
    return max((len(d) for d in DEGREES if word.startswith(d) and len(d) < len(word)), default=0)


def all_hashes(codes: np.ndarray, at_least: int = 0) -> list:
    """:func:`full_hashes` of ``codes`` for every word length of the lexicon (≥ ``at_least``)."""
    lex = _compiled()
    sets = (lex.words, lex.negators, lex.degrees, lex.contrast, lex.post_negators, lex.post_any,
            lex.cancellers, lex.compare_ends)  # fmt: skip
    longest = max(*(found.max_len for found in sets), at_least)
    return list(full_hashes(codes, longest))


def match_arrays(codes: np.ndarray, hashes: list | None = None):
    """``(starts, ends, signed scores)`` of every opinion-word match in normalised ``codes``.

    Opinion words are matched leftmost-longest (不错, 没问题 are words of their own); a degree
    word ending right before one scales it, a negator right before (or before the degree word)
    flips it: 不太好, 不是很满意, 没什么问题; so does one after it that ends the clause
    (一点色差都没有) and 没/无 a short noun before a defect (没有质量问题).
    """
    starts, ends, score = _matches(codes, hashes)[:3]
    return starts, ends, score


def _spans_mask(size: int, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    edges = np.zeros(size + 1, dtype=np.int32)
    np.add.at(edges, starts, 1)
    np.add.at(edges, ends, -1)
    return np.cumsum(edges[:-1]) > 0


def _matches(codes: np.ndarray, hashes: list | None = None):
    """:func:`match_arrays` plus, per match, whether it is negated, the span its negation
    covers (from a negator before it to the word's end, or from the word to a negator after) and
    whether a canceller turned the negation back (没有不满意, 难道不香吗), and whether the word
    opens a concession (好是好)."""
    lex = _compiled()
    prefix, also_degree, gap_ok = lex.prefix, lex.also_degree, lex.gap_ok
    hashes = all_hashes(codes) if hashes is None else hashes
    starts, lengths, ids = lex.words.find(hashes)
    if starts.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        nothing = np.zeros(0, dtype=bool)
        return empty, empty, np.zeros(0), nothing, empty, empty, nothing, nothing
    score = lex.words.values[ids]
    ends = starts + lengths
    # 好 right before another opinion word is a degree word (好难吃, 好开心), not praise itself
    adjacent = np.zeros(starts.size, dtype=bool)
    adjacent[:-1] = ends[:-1] == starts[1:]
    score = np.where(adjacent & also_degree[ids], 0.0, score)
    size = codes.size + 1
    deg_len = np.zeros(size, dtype=np.int64)
    deg_weight = np.ones(size)
    d_start, d_len, d_ids = lex.degrees.find(hashes)
    n_start, n_len, _ = lex.negators.find(hashes)
    # a negator inside a degree word is none: 别 in 特别开心
    n_keep = ~_spans_mask(size, d_start + 1, d_start + d_len)[n_start]
    n_start, n_len = n_start[n_keep], n_len[n_keep]
    neg_end = np.zeros(size, dtype=bool)
    neg_begin = np.zeros(size, dtype=np.int64)  # start of the negator ending here
    neg_end[n_start + n_len] = True
    neg_begin[n_start + n_len] = n_start
    exists_end = np.zeros(size, dtype=bool)  # 没, 没有, 无, 毫无 …: negators of existence
    exists_end[n_start + n_len] = np.isin(codes[n_start], _EXISTENCE) | (
        codes[np.minimum(n_start + 1, codes.size - 1)] == ord("无")
    )
    deg_len[d_start + d_len] = d_len
    deg_weight[d_start + d_len] = lex.degrees.values[d_ids]
    score = score * deg_weight[starts]
    inner = starts + prefix[ids]
    before_degree = starts - deg_len[starts]
    negated = neg_end[before_degree] | neg_end[starts] | neg_end[inner]
    negator_end = np.where(
        neg_end[before_degree], before_degree, np.where(neg_end[starts], starts, inner)
    )
    for gap in range(1, GAP + 1):  # 没有质量问题: an existence negator, a short noun, a defect
        at = np.maximum(starts - gap, 0)
        between = _letters(codes, at, starts)
        reach = ~negated & gap_ok[ids] & (starts >= gap) & between & exists_end[at]
        negated |= reach
        negator_end = np.where(reach, at, negator_end)
    scope = np.where(negated, neg_begin[negator_end], starts)  # from the negator on
    # 没有网上说的那么贵, 远没有想象中的好: a comparison the thing falls short of
    compare_from = _compare_frames(codes, lex.compare_ends, hashes, starts, before_degree, ~negated)
    compared = ~negated & (compare_from >= 0)
    negated |= compared
    scope = np.where(compared, compare_from, scope)
    after = _clause_ending_negators(codes, lex.post_negators, hashes)[ends]
    after_any = lex.post_any.longest_at(hashes, ends, ending=False)
    after = np.where((after == 0) & (after_any > 0), ends + after_any, after)
    negated_after = (after > 0) & ~negated
    negated |= negated_after
    score = np.where(negated, score * np.where(score < 0, -0.8, -0.6), score)
    scope_end = np.where(negated_after, after, ends)
    # double negation and rhetorical questions: 没有不满意, 没理由不推荐, 难道不香吗
    before = negated & ~negated_after & ~compared
    head = np.where(before, scope, starts)
    can_turn = before | (~negated & lex.inherent[ids])
    cancel_from = _cancellers_before(codes, lex.cancellers, hashes, head, can_turn)
    turned = can_turn & (cancel_from >= 0)
    score = np.where(turned, -score, score)
    scope = np.where(turned, cancel_from, scope)
    # sarcasm: a praise word in quotes, 真是“好”质量
    left = np.isin(codes[np.maximum(starts - 1, 0)], _OPEN) & (starts > 0)
    right = np.isin(np.append(codes, np.uint32(0))[ends], _CLOSE)
    quoted = left & right & (score > 0)
    score = np.where(quoted, -score, score)
    negated |= quoted
    scope = np.where(quoted, starts - 1, scope)
    scope_end = np.where(quoted, ends + 1, scope_end)
    # a word holding its own negation (不卡, 没问题) is marked as negated; negated again
    # (没有不满), it is marked as turned back
    lexical = lex.lexical[ids] & ~turned
    turned |= lexical & negated & ~quoted
    marked = (negated | turned | lexical) & (score != 0)
    # a concession 好是好(，就是…), 便宜是便宜: the praise is granted, not meant
    again = np.zeros(starts.size, dtype=bool)
    if codes.size:
        is_shi = codes[np.minimum(ends[:-1], codes.size - 1)] == ord("是")
        again[:-1] = (starts[1:] == ends[:-1] + 1) & (ids[1:] == ids[:-1]) & is_shi
    conceded = again.copy()
    conceded[1:] |= again[:-1]
    score = np.where(conceded, score * CONCEDED, score)
    return starts, ends, score, marked, scope, scope_end, turned & marked, again


_OPEN = np.array([ord(c) for c in QUOTES_OPEN], dtype=np.uint32)
_CLOSE = np.array([ord(c) for c in QUOTES_CLOSE], dtype=np.uint32)
_QUANTIFIERS = np.array([ord(c) for c in QUANTIFIER_START], dtype=np.uint32)


def _cancellers_before(
    codes: np.ndarray, cancellers: _WordSet, hashes: list, head: np.ndarray, wanted: np.ndarray
) -> np.ndarray:
    """Per match (``wanted`` ones only): the start of a :data:`CANCELLERS` word ending at
    ``head`` (where its negation begins) or up to :data:`CANCEL_GAP` CJK characters before it,
    the gap opening with a quantifier (没有一处不满意); else −1."""
    found = np.full(head.size, -1, dtype=np.int64)
    for gap in range(CANCEL_GAP + 1):
        cand = np.flatnonzero(wanted & (found < 0) & (head >= gap))
        at = head[cand] - gap
        if gap:
            ok = _letters(codes, at, head[cand], CANCEL_GAP)
            ok &= np.isin(codes[np.minimum(at, codes.size - 1)], _QUANTIFIERS)
            cand, at = cand[ok], at[ok]
        length = cancellers.longest_at(hashes, at, ending=True)
        found[cand[length > 0]] = (at - length)[length > 0]
    return found


def _compare_frames(
    codes: np.ndarray,
    ends_set: _WordSet,
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


_EXISTENCE = np.array([ord("没"), ord("无")], dtype=np.uint32)


def _letters(codes: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int = GAP) -> np.ndarray:
    """Whether ``codes[lo:hi]`` (at most ``width`` long) holds CJK characters only."""
    ok = np.ones(lo.size, dtype=bool)
    for k in range(width):
        at = lo + k
        inside = at < hi
        c = codes[np.minimum(at, codes.size - 1)]
        ok &= ~inside | ((c >= 0x3400) & (c < 0xA000))
    return ok


_PARTICLES = np.array([ord(c) for c in "了啊呢哦的呀哈吧嘛啦哟耶"], dtype=np.uint32)


def _clause_ending_negators(codes: np.ndarray, post: _WordSet, hashes: list) -> np.ndarray:
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


def match_scores(text: str) -> list[tuple[int, int, float]]:
    """``(start, end, signed score)`` for every lexicon match in one normalised string."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    starts, ends, score = match_arrays(codes)
    return list(zip(starts.tolist(), ends.tolist(), score.tolist(), strict=True))


def lexicon_features(prep: Prepared, hashes: list | None = None) -> np.ndarray:
    """Per-text lexicon features of prepared texts (:func:`app.core.sentiment.features.prepare`).

    Columns: positive strength, negative strength (both ``log1p`` of summed scores), whether
    the text has any opinion word (0/1), and the net strength (positive − negative) divided by
    the square root of the text's length: a short clause has few n-grams, easily misled (卡 in
    不卡 reads as a complaint), so the model can trust its opinion words more.
    """
    return lexicon_analysis(prep, hashes)[0]


def lexicon_analysis(prep: Prepared, hashes: list | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`lexicon_features` of ``prep`` and, per code point, a mark: 1 inside a negated
    opinion, from the negator to the end of the word it flips (没什么问题), 2 inside a negation
    turned back (没有不满意, 难道不香吗: from the canceller on), 3 inside a concession
    (好是好), else 0.

    The sentiment model hashes n-grams starting there apart from the same n-grams elsewhere,
    so "没有问题" does not borrow the complaint weight of "问题" nor of "没有" in "没有收到"
    (negation marking). A negator after the word (一点色差都没有) marks from the word to its end."""
    n_docs = prep.n_docs
    feats = np.zeros((n_docs, N_FEATURES), dtype=np.float64)
    if n_docs == 0 or prep.codes.size == 0:
        return feats, np.zeros(prep.codes.size, dtype=bool)
    hashes = all_hashes(prep.codes) if hashes is None else hashes
    pos, ends, score, negated, scope, scope_end, turned, again = _matches(prep.codes, hashes)
    once = negated & ~turned
    size = prep.codes.size
    marks = _spans_mask(size, scope[once], scope_end[once]).astype(np.int8)
    marks[_spans_mask(size, scope[turned], scope_end[turned])] = 2
    first = np.flatnonzero(again)  # 好是好: from the first word to the end of the second
    marks[_spans_mask(size, pos[first], ends[first + 1])] = 3
    feats[:, 4] = 1.0 / np.sqrt(np.maximum(prep.lengths, 1))
    if pos.size == 0:
        return feats, marks
    doc = np.searchsorted(prep.starts, pos, side="right") - 1
    contrast, _, _ = _compiled().contrast.find(hashes)
    if contrast.size:
        before = np.searchsorted(contrast, pos) - np.searchsorted(contrast, prep.starts[doc])
        score = np.where(before > 0, score * AFTER_CONTRAST, score)
    feats[:, 0] = np.log1p(np.bincount(doc, weights=np.maximum(score, 0), minlength=n_docs))
    feats[:, 1] = np.log1p(np.bincount(doc, weights=np.maximum(-score, 0), minlength=n_docs))
    hits = np.bincount(doc, weights=np.abs(score) > 0, minlength=n_docs)
    feats[:, 2] = hits > 0
    feats[:, 3] = (feats[:, 0] - feats[:, 1]) / np.sqrt(np.maximum(prep.lengths, 1))
    return feats, marks
