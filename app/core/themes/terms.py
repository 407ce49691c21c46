"""Terms for themes, counted in bulk: token strings → a clause × (unigram + bigram) matrix.

:func:`theme_term_codes` applies :func:`app.core.text.segment.theme_terms` to many ``segment`` results at
once with array operations; :func:`count_terms` builds the sparse counts straight from the term
codes (each distinct token string once), the input of :mod:`app.core.themes.vectors`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np
import pandas as pd
import scipy.sparse as sp

from app.core.text.codes import factorize_chunked, factorize_keyed
from app.core.text.segment import NEGATIONS, _is_content, load_stopwords
from app.core.themes.vectors import BIGRAM_SEP, CHUNK, MAX_FEATURES, Vectors

CONTENT, SKIP, BREAK, NEGATION = 0, 1, 2, 3  # what a token does in ``theme_terms``
_DOC_END = "\x01"  # a control character, never in normalised text


def _split_all(docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All tokens of all documents in one object array, and each document's token count.

    One ``split`` of the joined text is several times faster than one per document.
    """
    tokens = np.array(f" {_DOC_END} ".join(docs).split(), dtype=object)
    ends = tokens == _DOC_END
    n_ends = int(ends.sum())
    if n_ends != max(len(docs) - 1, 0):  # a document contained the separator
        split = [d.split() for d in docs]
        flat = np.array(list(chain.from_iterable(split)), dtype=object)
        return flat, np.fromiter(map(len, split), np.int64, len(split))
    bounds = np.r_[-1, np.flatnonzero(ends), len(tokens)]
    return tokens[~ends], (np.diff(bounds) - 1).astype(np.int64)


def theme_term_codes(
    docs: Sequence[str], stop: frozenset[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``theme_terms`` of many ``segment`` results at once, as codes: ``(indptr, codes, terms)``.

    Document ``i``'s terms are ``terms[codes[indptr[i]:indptr[i + 1]]]``, equal to
    ``theme_terms(docs[i], stop)``. Each distinct token is classified once and the negation
    rule (attach to the next content word, skipping stopwords, reset by punctuation) is applied
    with array operations, so the cost per token is a few C-level steps.
    """
    stop = load_stopwords() if stop is None else stop
    indptr = np.zeros(len(docs) + 1, np.int64)
    flat, lengths = _split_all(docs)
    if not len(flat):
        return indptr, np.zeros(0, np.int64), np.array([], dtype=object)
    token_codes, vocab = pd.factorize(flat)
    del flat
    prefixes = ["", *dict.fromkeys(NEGATIONS.values())]
    kind_of = np.empty(len(vocab), np.int8)
    prefix_of = np.zeros(len(vocab), np.int64)
    for i, token in enumerate(vocab):
        prefix = NEGATIONS.get(token)
        if prefix is not None:
            kind_of[i], prefix_of[i] = NEGATION, prefixes.index(prefix)
        elif not _is_content(token):
            kind_of[i] = BREAK
        else:
            kind_of[i] = SKIP if token in stop else CONTENT
    kinds = kind_of[token_codes]
    doc = np.repeat(np.arange(len(lengths)), lengths)
    starts = np.cumsum(lengths) - lengths
    # the last non-stopword token before each position, in the same document
    position = np.arange(len(kinds))
    last = np.maximum.accumulate(np.where(kinds != SKIP, position, -1))
    previous = np.r_[-1, last[:-1]]
    content = np.flatnonzero(kinds == CONTENT)
    before = previous[content]
    negated = (before >= starts[doc[content]]) & (kinds[np.maximum(before, 0)] == NEGATION)
    prefix = np.where(negated, prefix_of[token_codes[np.maximum(before, 0)]], 0)
    pairs = prefix * len(vocab) + token_codes[content]
    unique_pairs, codes = np.unique(pairs, return_inverse=True)
    words = np.asarray(vocab, dtype=object)[unique_pairs % len(vocab)]
    heads = np.array(prefixes, dtype=object)[unique_pairs // len(vocab)]
    joined = np.array([h + w for h, w in zip(heads, words, strict=True)], dtype=object)
    same, terms = pd.factorize(joined)  # 不 + 甜 and the token 不甜 are one term
    codes = same[codes]
    np.cumsum(np.bincount(doc[content], minlength=len(lengths)), out=indptr[1:])
    return indptr, codes.astype(np.int64), np.asarray(terms, dtype=object)


def count_terms(
    tokens: Sequence[str],
    stop: frozenset[str] | None = None,
    check: Callable[[], None] = lambda: None,
    keys: np.ndarray | None = None,
) -> Vectors:
    """Count unigram content terms (``theme_terms``) and bigrams of adjacent different terms
    (尺码 偏小) once (``embedding`` is left empty, see :func:`embed`).

    Each distinct token string is analysed once (short clauses repeat a lot: 不错, 很好) and the
    sparse matrix is built straight from term codes; features need ``min_df`` clauses, the
    ``MAX_FEATURES`` most frequent are kept, in sorted order. ``keys``: per clause an integer
    that is equal wherever the token strings are (``clause_code``), so each is hashed once.
    """
    values = np.asarray(tokens, dtype=object)
    if keys is None:
        values = pd.Series(values, dtype=object).fillna("").to_numpy()
        codes, distinct_tokens = factorize_chunked(values, check)
    else:
        codes, distinct_tokens = factorize_keyed(values, keys, check, missing="")
    uniques = distinct_tokens.tolist()
    indptr, term_codes, terms = _term_codes(uniques, stop, check)
    check()
    n_docs, n_terms = len(uniques), len(terms)
    doc = np.repeat(np.arange(n_docs), np.diff(indptr))
    # adjacent pairs of different terms in the same clause
    pair = np.flatnonzero((doc[1:] == doc[:-1]) & (term_codes[1:] != term_codes[:-1]))
    check()
    pair_keys, pair_codes = _sorted_codes(term_codes[pair] * n_terms + term_codes[pair + 1])
    check()
    pair_cols = n_terms + pair_codes
    n_features = n_terms + len(pair_keys)

    def doc_rows(part: slice) -> sp.csr_matrix:  # the counts of documents part.start..stop
        start, stop = min(part.start, n_docs), min(part.stop, n_docs)
        a, b = indptr[start], indptr[stop]
        pa, pb = np.searchsorted(pair, [a, b])  # pairs start at positions a..b-1
        rows = np.concatenate([doc[a:b], doc[pair[pa:pb]]]) - start
        cols = np.concatenate([term_codes[a:b], pair_cols[pa:pb]])
        shape = (stop - start, n_features)
        matrix = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=shape)
        matrix.sum_duplicates()
        return matrix

    distinct = _stacked(doc_rows, n_docs, n_features, check)
    clauses_per_doc = np.bincount(codes[codes >= 0], minlength=n_docs)
    entry_rows = np.repeat(np.arange(n_docs), np.diff(distinct.indptr))
    doc_freq = np.bincount(
        distinct.indices, weights=clauses_per_doc[entry_rows], minlength=n_features
    )
    min_df = 2 if len(tokens) >= 50 else 1
    keep = np.flatnonzero(doc_freq >= min_df)
    if len(keep) > MAX_FEATURES:  # the most frequent; ties at the cut by name
        freq = doc_freq[keep]
        floor = np.partition(freq, len(freq) - MAX_FEATURES)[len(freq) - MAX_FEATURES]
        sure, tied = keep[freq > floor], keep[freq == floor]
        tied = tied[np.argsort(_feature_names(tied, terms, pair_keys))]
        keep = np.concatenate([sure, tied[: MAX_FEATURES - len(sure)]])
    vocab = _feature_names(keep, terms, pair_keys)
    order = np.argsort(vocab, kind="stable")  # features in sorted order, as CountVectorizer
    keep, vocab = keep[order], vocab[order]
    check()
    distinct = _select_columns(distinct, keep)
    empty = np.zeros((0, 0), np.float32)
    return Vectors(distinct, codes, vocab, keep >= n_terms, empty)


def _sorted_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(values, return_inverse=True)`` for integers: hashed, then only the distinct
    values sorted (millions of pairs, a fraction of them distinct)."""
    codes, uniques = pd.factorize(values)
    order = np.argsort(uniques, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return np.asarray(uniques)[order], rank[codes]


def _select_columns(matrix: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    """``matrix[:, keep]`` in O(entries) (scipy's column indexing costs O(columns) per call)."""
    new = np.full(matrix.shape[1], -1, np.int64)
    new[keep] = np.arange(len(keep))
    mapped = new[matrix.indices]
    inside = mapped >= 0
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))[inside]
    indptr = np.zeros(matrix.shape[0] + 1, np.int64)
    np.cumsum(np.bincount(rows, minlength=matrix.shape[0]), out=indptr[1:])
    data = (matrix.data[inside], mapped[inside].astype(np.int32), indptr)
    return sp.csr_matrix(data, shape=(matrix.shape[0], len(keep)))


def _stacked(
    part_of: Callable[[slice], sp.csr_matrix], n_rows: int, n_cols: int, check: Callable[[], None]
) -> sp.csr_matrix:
    """A sparse matrix built ``CHUNK`` rows at a time (``check`` between), then stacked."""
    parts = []
    for start in range(0, n_rows, CHUNK):
        check()
        parts.append(part_of(slice(start, start + CHUNK)))
    if not parts:
        return sp.csr_matrix((0, n_cols), dtype=np.float32)
    return sp.vstack(parts, format="csr", dtype=np.float32)


def _term_codes(
    docs: list[str], stop: frozenset[str] | None, check: Callable[[], None]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``theme_term_codes`` in chunks of ``CHUNK`` documents (``check`` between), joined."""
    if len(docs) <= CHUNK:
        return theme_term_codes(docs, stop)
    indptrs, code_parts, term_parts = [np.zeros(1, np.int64)], [], []
    offset = 0
    for start in range(0, len(docs), CHUNK):
        check()
        indptr, part_codes, part_terms = theme_term_codes(docs[start : start + CHUNK], stop)
        indptrs.append(indptr[1:] + indptrs[-1][-1])
        code_parts.append(part_codes + offset)
        term_parts.append(part_terms)
        offset += len(part_terms)
    same, terms = pd.factorize(np.concatenate(term_parts))
    codes = same[np.concatenate(code_parts)].astype(np.int64)
    return np.concatenate(indptrs), codes, np.asarray(terms, dtype=object)


def _feature_names(features: np.ndarray, terms: np.ndarray, pair_keys: np.ndarray) -> np.ndarray:
    """Names of feature ids: a term, or two terms joined by ``BIGRAM_SEP`` (ids past the terms)."""
    n_terms = len(terms)
    names = np.empty(len(features), dtype=object)
    uni = features < n_terms
    names[uni] = terms[features[uni]]
    keys = pair_keys[features[~uni] - n_terms]
    firsts, seconds = terms[keys // max(n_terms, 1)], terms[keys % max(n_terms, 1)]
    names[~uni] = [a + BIGRAM_SEP + b for a, b in zip(firsts, seconds, strict=True)]
    return names
