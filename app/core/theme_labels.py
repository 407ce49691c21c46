"""Names for clusters: class-based TF-IDF terms, a short distinguishing label, a key, quotes."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from app.core.theme_vectors import BIGRAM_SEP, Vectors

N_TERMS = 10
KEY_TERMS = 3
BIGRAM_MIN_RATIO = 0.15  # min share of the anchor term's clauses for a bigram label
PAIR_MIN_RATIO = 0.3
DOMINANT_SHARE = 0.5  # a term in ≥ 50 % of a cluster's clauses dominates it
NUMERALS = set("一二两三四五六七八九十百千万几半个次")
# single characters that may end a label phrase (快递 慢, 色差 大); others (穿, 洗) may not
OPINION_CHARS = set("慢快大小差好高低贵短长薄厚硬软松紧脏破坏臭香甜酸咸淡烂旧新亮暗重轻多少")
QUOTE_MIN_CHARS, QUOTE_MAX_CHARS = 4, 40


def class_tfidf(vectors: Vectors, labels: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """c-TF-IDF scores (k × features) and in-cluster document frequencies (k × features)."""
    n = len(labels)
    member = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
    counts = np.asarray((member @ vectors.counts).todense())
    binary = vectors.counts.copy()
    binary.data[:] = 1
    doc_freq = np.asarray((member @ binary).todense())
    totals = counts.sum(axis=1, keepdims=True)
    tf = counts / np.maximum(totals, 1)
    average = max(totals.mean(), 1.0)
    idf = np.log1p(average / np.maximum(counts.sum(axis=0), 1))
    return tf * idf, doc_freq


def _phrase_ok(parts: list[str]) -> bool:
    """Chinese words, or single opinion characters (快递 慢: yes; 尺码偏小 穿, m 尺码偏小: no)."""
    return (
        all(
            not p.isascii() and p not in NUMERALS and (len(p) >= 2 or p in OPINION_CHARS)
            for p in parts
        )
        and max(len(p) for p in parts) >= 2
    )


def display(feature: str) -> str:
    """A feature as a reader sees it: bigrams are written together (尺码 偏小 → 尺码偏小)."""
    return feature.replace(BIGRAM_SEP, "")


def top_terms(scores: np.ndarray, vocab: np.ndarray, n: int = N_TERMS) -> list[str]:
    """The ``n`` best features, bigrams written together, duplicates dropped."""
    order = np.lexsort((vocab, -scores))
    out: list[str] = []
    for j in order:
        if scores[j] <= 0 or len(out) >= n:
            break
        term = display(str(vocab[j]))
        if term not in out:
            out.append(term)
    return out


def key_of(polarity: str, scores: np.ndarray, vectors: Vectors) -> str:
    """Stable identity: the polarity and the cluster's best unigram terms, sorted."""
    uni = np.where(~vectors.is_bigram & (scores > 0))[0]
    best = uni[np.lexsort((vectors.vocab[uni], -scores[uni]))][:KEY_TERMS]
    return polarity + ":" + "+".join(sorted(str(vectors.vocab[j]) for j in best))


def label_of(scores: np.ndarray, doc_freq: np.ndarray, vectors: Vectors, taken: set[str]) -> str:
    """2–4 words naming what sets the cluster apart, preferring a phrase from the clauses.

    The best unigram by c-TF-IDF (two characters or more when possible) anchors the label; a
    frequent adjacent bigram containing it (尺码 偏小) wins, else a second distinctive term is
    added, written together when the two are adjacent in the clauses (快递 太慢 → 快递太慢),
    else as a pair (房间、设施). Labels already ``taken`` by bigger themes are avoided.
    """
    vocab, is_bigram = vectors.vocab, vectors.is_bigram
    order = [int(j) for j in np.lexsort((vocab, -scores)) if scores[j] > 0]
    unigrams = [j for j in order if not is_bigram[j] and str(vocab[j]) not in NUMERALS]
    strong = [j for j in unigrams if len(str(vocab[j])) >= 2] or unigrams
    bigram_freq = {str(vocab[j]): doc_freq[j] for j in order if is_bigram[j]}
    candidates: list[str] = []
    for anchor in strong[:3]:
        word = str(vocab[anchor])
        floor = max(2.0, BIGRAM_MIN_RATIO * doc_freq[anchor])
        for j in order:
            parts = str(vocab[j]).split(BIGRAM_SEP)
            if is_bigram[j] and word in parts and doc_freq[j] >= floor and _phrase_ok(parts):
                candidates.append("".join(parts))
                break
        for j in unigrams:
            other = str(vocab[j])
            if j == anchor or doc_freq[j] < PAIR_MIN_RATIO * doc_freq[anchor]:
                continue
            if not _phrase_ok([word, other]):
                continue
            if bigram_freq.get(word + BIGRAM_SEP + other, 0) >= 2:
                candidates.append(word + other)
            elif bigram_freq.get(other + BIGRAM_SEP + word, 0) >= 2:
                candidates.append(other + word)
            elif len(word) < 3:  # a 3+ character term is already a phrase (尺码偏小)
                candidates.append(f"{word}、{other}")
            break
        candidates.append(word)
    for label in candidates:
        if label not in taken:
            return label
    return candidates[0] + "·" + str(len(taken) + 1) if candidates else "—"


def quotes(
    clause_texts: np.ndarray,
    review_ids: np.ndarray,
    similarity: np.ndarray,
    n: int = 3,
    lengths: np.ndarray | None = None,
) -> list[str]:
    """Up to ``n`` clauses nearest the centroid, readable length, from different reviews
    (``lengths``: the texts' lengths when known already)."""
    if lengths is None:
        lengths = np.fromiter((len(t) for t in clause_texts), int, len(clause_texts))
    readable = (lengths >= QUOTE_MIN_CHARS) & (lengths <= QUOTE_MAX_CHARS)
    picked: list[str] = []
    seen_reviews: set[int] = set()
    for pool in (readable, ~readable):
        idx = np.where(pool)[0]
        for i in idx[np.lexsort((lengths[idx], -similarity[idx]))]:
            text, review = str(clause_texts[i]), int(review_ids[i])
            if review in seen_reviews or text in picked:
                continue
            picked.append(text)
            seen_reviews.add(review)
            if len(picked) == n:
                return picked
    return picked
