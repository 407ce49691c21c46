"""Split reviews into clauses so one review can hold praise and a complaint.

"物流很快，但是质量一般" → ["物流很快", "但是质量一般"]: a clause ends at punctuation
(，。！？；、,.!?; newlines, ~, spaces between CJK characters) and a new one starts at a contrast
word (但, 但是, 可是, 就是, 不过, 只是, 然而, 却 …), which stays at the start of its clause.
Fragments of one or two characters (的, 了, 好) are merged into the clause before them (or the
next one when they come first), so no clause is a lone particle.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from app.core.progress import CancelToken, ProgressFn, no_progress
from app.core.text.codes import factorize_chunked

MIN_CLAUSE_CHARS = 2  # a fragment shorter than this (after stripping) is merged

_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_PUNCT = r"，。！？；、,!?;\n\r\t~～…|｜/“”\"【】\[\]（）()《》<>：:"
# A full stop between digits (3.5) is not a clause end; neither is a space between latin words.
_BOUNDARY = re.compile(
    rf"[{_PUNCT}]+|(?<!\d)\.+|\.+(?!\d)|(?<=[{_CJK}])\s+(?=[{_CJK}])|(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])"
)
# Contrast words open a new clause. 就是 only counts after a clause already started (就是…好 in
# the middle of a sentence is often emphasis, but "…不错，就是有点贵" is the common contrast).
_CONTRAST_WORDS = ("但是", "可是", "不过", "只是", "然而", "就是", "但", "却", "可惜", "无奈")
_CONTRAST = re.compile(
    "(?=(?:" + "|".join(_CONTRAST_WORDS) + "))"
    # not inside common words: 不但/但愿 (but…), 不过如此 is a complaint phrase: keep 不过 splits
    "(?<!不)(?<!非)"
)
_NOT_CONTRAST_AFTER = ("但愿", "却是", "就是说", "只是一个", "只是个")


def _split_contrast(piece: str) -> list[str]:
    cuts = [0]
    for match in _CONTRAST.finditer(piece):
        pos = match.start()
        if pos == 0 or pos - cuts[-1] < MIN_CLAUSE_CHARS:
            continue
        if piece.startswith(_NOT_CONTRAST_AFTER, pos):
            continue
        cuts.append(pos)
    cuts.append(len(piece))
    return [piece[a:b] for a, b in pairwise(cuts) if b > a]


def _merge_short(parts: list[str]) -> list[str]:
    merged: list[str] = []
    carry = ""
    for part in parts:
        if len(part) < MIN_CLAUSE_CHARS or (len(part) == MIN_CLAUSE_CHARS and _is_particles(part)):
            if merged:
                merged[-1] += part
            else:
                carry += part
            continue
        merged.append(carry + part)
        carry = ""
    if carry:
        if merged:
            merged[0] = carry + merged[0]
        else:
            merged.append(carry)
    return merged


_PARTICLES = set("的了吧啊呀呢吗哦哈嘛啦么哟呐嗯噢喔额")


def _is_particles(part: str) -> bool:
    return all(ch in _PARTICLES for ch in part)


def split_clauses(text: str) -> list[str]:
    """Clauses of one review, in order; punctuation dropped, contrast words kept. ``[]`` if empty."""
    if not isinstance(text, str) or not text.strip():
        return []
    parts: list[str] = []
    for piece in _BOUNDARY.split(text):
        piece = piece.strip()
        if piece:
            parts.extend(p.strip() for p in _split_contrast(piece) if p.strip())
    return _merge_short(parts)


def explode_clauses(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """All clauses of all ``texts``: ``(owner_index, clauses)``, ``owner_index[i]`` = text of
    clause ``i``. Texts without clauses contribute nothing; same clauses as :func:`split_clauses`.

    Vectorised: one boundary split over all texts joined by NUL (no boundary can span it), and the
    contrast split and short-fragment merge run only on the pieces and texts that need them.
    """
    items = [t if isinstance(t, str) else "" for t in texts]
    if any("\x00" in t for t in items):  # NUL would be taken for a text boundary
        return _explode_each(items)
    split = _JOINED_BOUNDARY.split("\x00".join(items))
    ends_text = np.fromiter((c == "\x00" for c in split[1::2]), bool, len(split) // 2)
    piece_owner = np.concatenate([[0], np.cumsum(ends_text)]).astype(np.int64)
    pieces = [p.strip() for p in split[0::2]]
    keep = np.fromiter(map(bool, pieces), bool, len(pieces))
    pieces = [p for p in pieces if p]
    piece_owner = piece_owner[keep]
    parts, owner = _contrast_split(pieces, piece_owner)
    return _merge_where_short(parts, owner)


def _explode_each(texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    owners: list[int] = []
    clauses: list[str] = []
    for i, text in enumerate(texts):
        parts = split_clauses(text)
        clauses.extend(parts)
        owners.extend([i] * len(parts))
    return np.asarray(owners, dtype=np.int64), clauses


# _BOUNDARY for NUL-joined texts, each branch rewritten to consume its first character before its
# lookbehind, so the whole pattern starts with one character class and ``re`` can skip ahead to
# candidates (3-4x faster). Group 1 is the first character: NUL ends a text. Same pieces (tests).
_JOINED_BOUNDARY = re.compile(
    rf"([\x00{_PUNCT}.\s])(?:(?<=\x00)|(?<=[{_PUNCT}])[{_PUNCT}]*|(?<=\.)(?<!\d\.)\.*"
    rf"|(?<=\.)\.*(?!\d)|(?<=[{_CJK}]\s)\s*(?=[{_CJK}])|(?<=[^\x00-\x7f]\s)\s*"
    r"|(?<=\s)\s*(?=[^\x00-\x7f]))"
)


def _contrast_split(pieces: list[str], owner: np.ndarray) -> tuple[list[str], np.ndarray]:
    """Pieces cut before contrast words; only pieces where the pattern matches are cut."""
    if not pieces:
        return [], owner
    joined = "\x00".join(pieces)
    lengths = np.fromiter(map(len, pieces), np.int64, len(pieces))
    starts = np.cumsum(lengths + 1) - lengths - 1
    hits = np.fromiter((m.start() for m in _CONTRAST.finditer(joined)), np.int64)
    candidates = np.unique(np.searchsorted(starts, hits, side="right") - 1)
    if not candidates.size:
        return pieces, owner
    parts: list[str] = []
    owners: list[np.ndarray] = []
    done = 0
    for i in candidates.tolist():
        cut = [p.strip() for p in _split_contrast(pieces[i]) if p.strip()]
        parts.extend(pieces[done:i])
        parts.extend(cut)
        owners += [owner[done:i], np.full(len(cut), owner[i], np.int64)]
        done = i + 1
    parts.extend(pieces[done:])
    owners.append(owner[done:])
    return parts, np.concatenate(owners)


def _merge_where_short(parts: list[str], owner: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """:func:`_merge_short` on the texts that have a short part; the others are left as they are."""
    lengths = np.fromiter(map(len, parts), np.int64, len(parts))
    short = lengths < MIN_CLAUSE_CHARS
    pairs = np.flatnonzero(lengths == MIN_CLAUSE_CHARS)
    short[pairs] = [_is_particles(parts[i]) for i in pairs.tolist()]
    texts = owner[short]  # owners are in order: keep each once
    texts = texts[np.r_[True, texts[1:] != texts[:-1]]] if texts.size else texts
    if not texts.size:
        return owner, parts
    first = np.searchsorted(owner, texts)
    last = np.searchsorted(owner, texts, side="right")
    out: list[str] = []
    owners: list[np.ndarray] = []
    done = 0
    for text, a, b in zip(texts.tolist(), first.tolist(), last.tolist(), strict=True):
        merged = _merge_short(parts[a:b])
        out.extend(parts[done:a])
        out.extend(merged)
        owners += [owner[done:a], np.full(len(merged), text, np.int64)]
        done = b
    out.extend(parts[done:])
    owners.append(owner[done:])
    return np.concatenate(owners), out


def _explode_chunk(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`explode_clauses` of ``texts`` as ``(owner, codes, distinct clauses)``: a clause
    repeated in the chunk is held (and sent back by a worker) once, not once per review
    (reviews of 200 characters: ~20 clauses each, 22M clause strings at a million)."""
    owner, clauses = explode_clauses(texts)
    codes, distinct = factorize_chunked(clauses)
    return owner, codes, distinct


def _concat_objects(parts: list[np.ndarray]) -> np.ndarray:
    out = np.empty(sum(len(p) for p in parts), dtype=object)
    start = 0
    for part in parts:
        out[start : start + len(part)] = part
        start += len(part)
    return out


Mapper = Callable[[Callable[[list[str]], Any], list[list[str]]], list[Any]]
DISTINCT_CHUNK = 20_000  # distinct texts split per progress/cancel step (≈ 0.3 s)


def explode_distinct(
    texts: Sequence[str],
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
    message: str = "",
    factorized: tuple[np.ndarray, np.ndarray] | None = None,
    mapper: Mapper | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`explode_clauses` splitting each distinct text once (reviews repeat a lot).

    Returns ``(owner, clause_codes, distinct_clauses)``: clause ``i`` belongs to text
    ``owner[i]`` and reads ``distinct_clauses[clause_codes[i]]``; clauses appear in the same order
    as :func:`explode_clauses` gives them. Progress and cancellation between chunks.
    ``factorized``: :func:`~app.core.text.codes.factorize_chunked` of ``texts`` when the caller has it already.
    ``mapper(fn, chunks)``: ``[fn(c) for c in chunks]`` done elsewhere (the pipeline's
    ``map_chunks``, with its own progress and cancel checks).
    """
    check = cancel.check if cancel is not None else (lambda: None)
    codes, uniques = factorized if factorized is not None else factorize_chunked(texts, check)
    starts = range(0, len(uniques), DISTINCT_CHUNK)
    chunks = [uniques[start : start + DISTINCT_CHUNK].tolist() for start in starts]
    if mapper is not None:
        results = mapper(_explode_chunk, chunks)
    else:
        results = []
        for i, chunk in enumerate(chunks):
            check()
            progress(i / max(len(chunks), 1), message)
            results.append(_explode_chunk(chunk))
        progress(1.0, message)
    del chunks
    owners = [owner + start for start, (owner, _, _) in zip(starts, results, strict=True)]
    unique_owner = np.concatenate(owners) if owners else np.zeros(0, np.int64)
    del owners
    # Each chunk's distinct clauses in order, then all of them factorised: the same codes and
    # order of first appearance as factorising every clause, without holding every clause.
    offsets = np.cumsum([0] + [len(chunk_distinct) for _, _, chunk_distinct in results])
    local = [
        chunk_codes + offset
        for (_, chunk_codes, _), offset in zip(results, offsets[:-1], strict=True)
    ]
    chunk_distinct = _concat_objects([d for _, _, d in results])
    del results
    check()
    same, distinct = factorize_chunked(chunk_distinct, check)
    del chunk_distinct
    part_codes = same[np.concatenate(local)] if local else np.zeros(0, np.int64)
    del local, same
    check()
    per_unique = np.bincount(unique_owner, minlength=len(uniques))
    first_part = np.cumsum(per_unique) - per_unique  # each distinct text's first clause in parts
    known = codes >= 0
    per_text = np.where(known, per_unique[np.where(known, codes, 0)], 0)
    total = int(per_text.sum())
    owner = np.repeat(np.arange(len(codes), dtype=np.int64), per_text)
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(per_text) - per_text, per_text)
    check()
    source = first_part[codes[owner]] + within
    return owner, part_codes[source], distinct
