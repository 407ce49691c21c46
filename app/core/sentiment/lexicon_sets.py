"""The lexicon's word sets (:mod:`app.core.sentiment.lexicon_words`), compiled once for matching."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from app.core.sentiment.features import full_hashes
from app.core.sentiment.lexicon_words import (
    CANCELLERS,
    COMPARE_ENDS,
    CONTRAST,
    DEFECT_NOUNS,
    DEGREES,
    NEGATIVE,
    NEGATORS,
    NEUTRAL,
    POSITIVE,
    POST_NEGATORS,
    POST_NEGATORS_ANY,
)
from app.core.sentiment.word_sets import WordSet


def _parse(block: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in block.split():
        word, _, weight = item.rpartition(":")
        out[word] = float(weight)
    return out


class Lexicon(NamedTuple):
    """The lexicon's word sets, compiled once, and per opinion word the facts matching needs."""

    words: WordSet  # opinion and neutral words
    negators: WordSet
    degrees: WordSet
    contrast: WordSet
    post_negators: WordSet
    post_any: WordSet  # after the word, clause end or not: 是不可能
    cancellers: WordSet
    compare_ends: WordSet
    prefix: np.ndarray  # per word: length of a degree word opening it (很满意 → 1)
    also_degree: np.ndarray  # per word: also a degree word (好)
    gap_ok: np.ndarray  # per word: a defect noun a negator reaches over a short noun
    inherent: np.ndarray  # per word: opens with its own negation (不满, 不推荐, 没问题)
    lexical: np.ndarray  # per praise word: holds a negation (不卡, 一点问题都没有): marked negated


# Words with 不/没/无 inside that carry no negation of an opinion
_PLAIN = {"不错", "无语", "无奈", "无良", "无耻", "不要脸", "名不副实", "名不符实", "物美价廉"}


@lru_cache(maxsize=1)
def compiled() -> Lexicon:
    """The compiled lexicon (built on first use, then cached)."""
    polarity = dict(_parse(POSITIVE))
    polarity.update({w: -s for w, s in _parse(NEGATIVE).items()})
    polarity.update(dict.fromkeys(NEUTRAL.split(), 0.0))
    words = WordSet(polarity)
    defects = set(DEFECT_NOUNS.split())
    return Lexicon(
        words=words,
        negators=WordSet(dict.fromkeys(NEGATORS, 1.0)),
        degrees=WordSet(DEGREES),
        contrast=WordSet(dict.fromkeys(CONTRAST, 1.0)),
        post_negators=WordSet(dict.fromkeys(POST_NEGATORS, 1.0)),
        post_any=WordSet(dict.fromkeys(POST_NEGATORS_ANY, 1.0)),
        cancellers=WordSet(dict.fromkeys(CANCELLERS, 1.0)),
        compare_ends=WordSet(dict.fromkeys(COMPARE_ENDS, 1.0)),
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
    lex = compiled()
    sets = (lex.words, lex.negators, lex.degrees, lex.contrast, lex.post_negators, lex.post_any,
            lex.cancellers, lex.compare_ends)  # fmt: skip
    longest = max(*(found.max_len for found in sets), at_least)
    return list(full_hashes(codes, longest))
