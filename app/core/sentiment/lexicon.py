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

This module scores the matches and builds the per-text features; the word lists are in
:mod:`~app.core.sentiment.lexicon_words`, compiled in :mod:`~app.core.sentiment.lexicon_sets`
and found by :mod:`~app.core.sentiment.word_sets`; the far-reaching negation rules are in
:mod:`~app.core.sentiment.negation_scope`.
"""

from __future__ import annotations

import numpy as np

from app.core.sentiment.features import Prepared
from app.core.sentiment.lexicon_sets import all_hashes, compiled
from app.core.sentiment.lexicon_words import (
    AFTER_CONTRAST,
    CONCEDED,
    GAP,
    QUOTES_CLOSE,
    QUOTES_OPEN,
)
from app.core.sentiment.negation_scope import (
    cancellers_before,
    clause_ending_negators,
    compare_frames,
    letters,
)

N_FEATURES = 5  # positive, negative strength, any opinion word, net strength if short, shortness


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
    lex = compiled()
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
        between = letters(codes, at, starts)
        reach = ~negated & gap_ok[ids] & (starts >= gap) & between & exists_end[at]
        negated |= reach
        negator_end = np.where(reach, at, negator_end)
    scope = np.where(negated, neg_begin[negator_end], starts)  # from the negator on
    # 没有网上说的那么贵, 远没有想象中的好: a comparison the thing falls short of
    compare_from = compare_frames(codes, lex.compare_ends, hashes, starts, before_degree, ~negated)
    compared = ~negated & (compare_from >= 0)
    negated |= compared
    scope = np.where(compared, compare_from, scope)
    after = clause_ending_negators(codes, lex.post_negators, hashes)[ends]
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
    cancel_from = cancellers_before(codes, lex.cancellers, hashes, head, can_turn)
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

_EXISTENCE = np.array([ord("没"), ord("无")], dtype=np.uint32)


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
    contrast, _, _ = compiled().contrast.find(hashes)
    if contrast.size:
        before = np.searchsorted(contrast, pos) - np.searchsorted(contrast, prep.starts[doc])
        score = np.where(before > 0, score * AFTER_CONTRAST, score)
    feats[:, 0] = np.log1p(np.bincount(doc, weights=np.maximum(score, 0), minlength=n_docs))
    feats[:, 1] = np.log1p(np.bincount(doc, weights=np.maximum(-score, 0), minlength=n_docs))
    hits = np.bincount(doc, weights=np.abs(score) > 0, minlength=n_docs)
    feats[:, 2] = hits > 0
    feats[:, 3] = (feats[:, 0] - feats[:, 1]) / np.sqrt(np.maximum(prep.lengths, 1))
    return feats, marks
