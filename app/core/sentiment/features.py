"""Vectorised character n-gram hashing for the sentiment model (no per-text Python loop).

All texts are joined with a separator into one array of code points, normalised with numpy
(full-width → ASCII, lower case, digits → ``0``, whitespace runs → one space, a character
repeated 4+ times → 3 times) and every n-gram (n = 1..``max_n``) that does not cross a
separator is hashed into ``2**bits`` buckets with 32-bit integer arithmetic. A linear model then
needs one gather and one cumulative sum per n.

Each text's n-grams carry the value ``1 / sqrt(number of n-grams in the text)`` so long and
short texts get comparable scores (the same scaling is used in training and inference).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SEP = 0  # code point joining the texts
_MIX1 = np.uint32(0x85EBCA6B)
_MIX2 = np.uint32(0xC2B2AE35)
_PRIMES = tuple(np.uint32(p) for p in (0x01000193, 0x9E3779B1, 0x27D4EB2F, 0x165667B1, 0x61C88647))
_NEGATED = np.uint32(0x5BD1E995)  # mixed into the hash of n-grams inside negated opinion words
_TURNED = np.uint32(0x2F6B4A13)  # … and inside a negation turned back (没有不满意)
_CONCEDED = np.uint32(0x7A3C91E5)  # … and inside a concession (好是好)
_SALTS = np.array([0, _NEGATED, _TURNED, _CONCEDED], dtype=np.uint32)  # by mark
_SPACES = np.array([9, 10, 11, 12, 13, 0x20, 0xA0, 0x3000], dtype=np.uint32)


@dataclass(frozen=True)
class Prepared:
    """Normalised texts: ``codes`` is all texts joined by :data:`SEP`; ``text`` the same as str."""

    codes: np.ndarray  # uint32 code points
    starts: np.ndarray  # int64 start of each text in ``codes``
    lengths: np.ndarray  # int64 length of each normalised text
    text: str

    @property
    def n_docs(self) -> int:
        return int(self.starts.size)


@dataclass(frozen=True)
class Features:
    """A batch of texts as the sentiment model reads them (its ``features`` method)."""

    prep: Prepared
    hashes: list  # full_hashes output, per n-gram length
    lex: np.ndarray  # texts × lexicon features
    negated: np.ndarray  # per code point: 1 negated opinion, 2 turned back, 3 conceded


def prepare(texts: Sequence[str]) -> Prepared:
    """Join and normalise ``texts`` (``None``/NaN become empty texts)."""
    parts = [t.replace("\x00", " ") if isinstance(t, str) else "" for t in texts]
    if not parts:
        empty = np.zeros(0, dtype=np.int64)
        return Prepared(np.zeros(0, dtype=np.uint32), empty, empty, "")
    raw = np.frombuffer("\x00".join(parts).encode("utf-32-le"), dtype=np.uint32).copy()
    full = (raw >= 0xFF01) & (raw <= 0xFF5E)
    raw[full] -= np.uint32(0xFEE0)
    upper = (raw >= 65) & (raw <= 90)
    raw[upper] += np.uint32(32)
    raw[(raw >= 48) & (raw <= 57)] = 48
    raw[np.isin(raw, _SPACES)] = 0x20
    keep = np.ones(raw.size, dtype=bool)
    if raw.size > 1:
        keep[1:] &= ~((raw[1:] == 0x20) & (raw[:-1] == 0x20))
    if raw.size > 3:
        rep = (raw[3:] == raw[2:-1]) & (raw[3:] == raw[1:-2]) & (raw[3:] == raw[:-3])
        keep[3:] &= ~rep | (raw[3:] == SEP)
    codes = raw[keep]
    seps = np.flatnonzero(codes == SEP)
    starts = np.concatenate([[0], seps + 1]).astype(np.int64)
    ends = np.concatenate([seps, [codes.size]]).astype(np.int64)
    text = codes.tobytes().decode("utf-32-le")
    return Prepared(codes, starts, ends - starts, text)


def full_hashes(codes: np.ndarray, max_n: int):
    """Yield ``(n, hash, valid)`` per n-gram order: 32-bit hashes aligned to the n-gram's start;
    ``valid`` is False for n-grams that cross a separator."""
    size = codes.size
    is_sep = np.concatenate([[0], np.cumsum(codes == SEP)])
    acc = np.zeros(size, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for n in range(1, max_n + 1):
            m = size - n + 1
            if m <= 0:
                return
            acc = acc[:m] * _PRIMES[(n - 1) % len(_PRIMES)] + codes[n - 1 : n - 1 + m]
            h = acc ^ np.uint32(n * 0x3C6EF372 & 0xFFFFFFFF)
            h ^= h >> np.uint32(16)
            h *= _MIX1
            h ^= h >> np.uint32(13)
            h *= _MIX2
            h ^= h >> np.uint32(16)
            valid = (is_sep[n : n + m] - is_sep[:m]) == 0
            yield n, h, valid


def _hashes(
    codes: np.ndarray,
    max_n: int,
    bits: int,
    hashes: list | None = None,
    negated: np.ndarray | None = None,
):
    """Yield ``(n, bucket, valid)`` per n-gram order, aligned to the n-gram's start position.

    ``hashes``: :func:`full_hashes` output computed already (for at least ``max_n``).
    ``negated``: per code point, 1 inside a negated opinion word, 2 inside a negation turned
    back, 3 inside a concession (:func:`app.core.sentiment.lexicon.lexicon_analysis`); n-grams
    starting there get buckets of their own (negation marking)."""
    shift = np.uint32(32 - bits)
    source = full_hashes(codes, max_n) if hashes is None else hashes[:max_n]
    if negated is None:
        marked, salt = np.zeros(0, dtype=np.intp), _SALTS[:0]
    else:
        marked = np.flatnonzero(negated)
        salt = _SALTS[np.asarray(negated)[marked].astype(np.intp)]
    for n, h, valid in source:
        bucket = (h >> shift).astype(np.intp)
        inside = marked < h.size
        at = marked[inside]
        if at.size:
            bucket[at] = ((h[at] ^ salt[inside]) >> shift).astype(np.intp)
        yield n, bucket, valid


def ngram_counts(prep: Prepared, max_n: int) -> np.ndarray:
    """Number of n-grams (all orders) in each text."""
    lengths = prep.lengths
    return sum(np.maximum(lengths - n + 1, 0) for n in range(1, max_n + 1))


def linear_scores(
    prep: Prepared,
    weights: np.ndarray,
    bits: int,
    max_n: int,
    hashes: list | None = None,
    negated: np.ndarray | None = None,
) -> np.ndarray:
    """``X @ weights`` for the hashed design matrix, without building it."""
    total = np.zeros(prep.codes.size + 1, dtype=np.float64)
    for _n, bucket, valid in _hashes(prep.codes, max_n, bits, hashes, negated):
        contrib = np.where(valid, weights[bucket], 0.0)
        total[1 : contrib.size + 1] += contrib
    cum = np.cumsum(total)
    sums = cum[prep.starts + prep.lengths] - cum[prep.starts]
    scale = 1.0 / np.sqrt(np.maximum(ngram_counts(prep, max_n), 1))
    return sums * scale


def design_matrix(
    prep: Prepared,
    bits: int,
    max_n: int,
    negated: np.ndarray | None = None,
    hashes: list | None = None,
):
    """The sparse CSR matrix (texts × buckets) used in training (needs scipy)."""
    from scipy import sparse

    doc_of = np.cumsum(prep.codes == SEP)
    scale = 1.0 / np.sqrt(np.maximum(ngram_counts(prep, max_n), 1))
    rows, cols = [], []
    for _n, bucket, valid in _hashes(prep.codes, max_n, bits, hashes, negated):
        idx = np.flatnonzero(valid)
        rows.append(doc_of[idx])
        cols.append(bucket[idx])
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    shape = (prep.n_docs, 2**bits)
    matrix = sparse.csr_matrix((scale[row], (row, col)), shape=shape, dtype=np.float64)
    matrix.sum_duplicates()
    return matrix
