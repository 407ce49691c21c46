"""Words found in code-point arrays by hashing: the lexicon's matching machinery (numpy only)."""

from __future__ import annotations

import numpy as np

from app.core.sentiment.features import full_hashes

_SHIFT = 12  # bitmap of 2**20 bits per word length: a fast pre-filter before exact hashes
MAX_WORD = 8  # longer lexicon entries are ignored


class WordSet:
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
