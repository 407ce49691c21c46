"""Names for clusters: class-based TF-IDF terms, a short distinguishing label, a key, quotes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from app.core.themes.vectors import BIGRAM_SEP, Vectors
from app.paths import resource_path

N_TERMS = 10
KEY_TERMS = 3
BIGRAM_MIN_RATIO = 0.15  # min share of the anchor term's clauses for a bigram label
PAIR_MIN_RATIO = 0.3
DOMINANT_SHARE = 0.5  # a term in ≥ 50 % of a cluster's clauses dominates it
NUMERALS = set("一二两三四五六七八九十百千万几半个次")
# single characters that may end a label phrase (快递 慢, 色差 大); others (穿, 洗) may not
OPINION_CHARS = set("慢快大小差好高低贵短长薄厚硬软松紧脏破坏臭香甜酸咸淡烂旧新亮暗重轻多少")
QUOTE_MIN_CHARS, QUOTE_MAX_CHARS = 4, 40
SPAN_MAX_GAP = 4  # characters allowed between the two words of a label taken from the clauses
SPAN_TEXTS, SPAN_SCAN = 500, 20_000  # clauses with both words searched, clauses scanned


@lru_cache(maxsize=1)
def label_stopwords() -> frozenset[str]:
    """Words that never make a label alone (shop, platform, product category, time spans):
    ``resources/dicts/label_stopwords.txt``."""
    try:
        text = resource_path("dicts", "label_stopwords.txt").read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return frozenset()
    lines = (line.strip() for line in text.splitlines())
    return frozenset(w.lower() for line in lines if not line.startswith("#") for w in line.split())


def class_tfidf(
    vectors: Vectors, labels: np.ndarray, k: int, check: Callable[[], None] = lambda: None
) -> tuple[np.ndarray, np.ndarray]:
    """c-TF-IDF scores (k × features) and in-cluster document frequencies (k × features), summed
    per distinct token string (:meth:`Vectors.per_class`)."""
    check()
    per_class = vectors.per_class(labels, k)
    counts = (per_class @ vectors.distinct).toarray()
    binary = vectors.distinct.copy()
    binary.data[:] = 1
    doc_freq = (per_class @ binary).toarray()
    check()
    totals = counts.sum(axis=1, keepdims=True)
    tf = counts / np.maximum(totals, 1)
    average = max(totals.mean(), 1.0) if k else 1.0
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


def _ranked(scores: np.ndarray) -> np.ndarray:
    """Features with a positive score, best first; ties in vocabulary order (sorted names)."""
    positive = np.flatnonzero(scores > 0)
    return positive[np.lexsort((positive, -scores[positive]))]


def top_terms(scores: np.ndarray, vocab: np.ndarray, n: int = N_TERMS) -> list[str]:
    """The ``n`` best features, bigrams written together, duplicates dropped."""
    out: list[str] = []
    for j in _ranked(scores):
        if len(out) >= n:
            break
        term = display(str(vocab[j]))
        if term not in out:
            out.append(term)
    return out


def key_of(polarity: str, scores: np.ndarray, vectors: Vectors) -> str:
    """Stable identity: the polarity and the cluster's best unigram terms, sorted."""
    order = _ranked(scores)
    best = order[~vectors.is_bigram[order]][:KEY_TERMS]
    return polarity + ":" + "+".join(sorted(str(vectors.vocab[j]) for j in best))


class _Features:
    """Per-feature facts ``label_of`` needs, computed once per vocabulary."""

    def __init__(self, vectors: Vectors) -> None:
        vocab = vectors.vocab
        self.index = {str(v): i for i, v in enumerate(vocab)}
        parts = [str(v).split(BIGRAM_SEP) for v in vocab]
        self.first = np.array([p[0] for p in parts], dtype=object)
        self.second = np.array([p[-1] for p in parts], dtype=object)
        self.numeral = np.array([str(v) in NUMERALS for v in vocab], dtype=bool)
        self.long = np.array([len(str(v)) >= 2 for v in vocab], dtype=bool)
        self.stop = label_stopwords()
        self.subject = np.array([str(v) in self.stop for v in vocab], dtype=bool)


def _features(vectors: Vectors) -> _Features:
    found = vectors.meta.get("label_features")
    if found is None:
        found = vectors.meta["label_features"] = _Features(vectors)
    return found


def label_of(
    scores: np.ndarray,
    doc_freq: np.ndarray,
    vectors: Vectors,
    taken: set[str],
    texts: Sequence[str] | None = None,
) -> str:
    """2–4 words naming what sets the cluster apart, preferring a phrase from the clauses.

    The best unigram by c-TF-IDF (two characters or more when possible) anchors the label; a
    frequent adjacent bigram containing it (尺码 偏小) wins, else a second distinctive term is
    added, written together when the two are adjacent in the clauses (快递 太慢 → 快递太慢),
    else as a pair (房间、设施). A word of :func:`label_stopwords` (苏宁, 手机, 星期) only
    appears inside a phrase; a bigram with a one-character word that is no opinion (等 星期) is
    written as the clauses (``texts``) most often write it (等了一个星期). Labels already
    ``taken`` by bigger themes are avoided.
    """
    vocab, is_bigram, facts = vectors.vocab, vectors.is_bigram, _features(vectors)
    order = _ranked(scores)
    unigrams = order[~is_bigram[order] & ~facts.numeral[order]]
    strong = unigrams[facts.long[unigrams]] if facts.long[unigrams].any() else unigrams
    bigrams = order[is_bigram[order]]
    subject = facts.subject

    def bigram_freq(name: str) -> float:
        j = facts.index.get(name)
        return float(doc_freq[j]) if j is not None and is_bigram[j] and scores[j] > 0 else 0.0

    candidates: list[str] = []
    phrases: list[str] = []  # with a shop, product or time word: only when nothing else fits
    bare: list[str] = []
    anchors = 0
    for anchor in strong:
        if anchors == 3:
            break
        word = str(vocab[anchor])
        floor = max(2.0, BIGRAM_MIN_RATIO * doc_freq[anchor])
        near = bigrams[doc_freq[bigrams] >= floor]
        near = near[(facts.first[near] == word) | (facts.second[near] == word)]
        for j in near:
            parts = [str(facts.first[j]), str(facts.second[j])]
            if parts[0] in facts.stop and parts[1] in facts.stop:
                continue
            phrase = "".join(parts) if _phrase_ok(parts) else _span(parts, texts)
            if phrase:  # 苏宁屏幕 only when no other word makes a label
                (phrases if subject[anchor] else candidates).append(phrase)
                break
        if subject[anchor]:  # a shop, product or time word: only inside a phrase
            bare.append(word)
            continue
        anchors += 1
        others = unigrams[
            (unigrams != anchor)
            & (doc_freq[unigrams] >= PAIR_MIN_RATIO * doc_freq[anchor])
            & ~subject[unigrams]
        ]
        for j in others:
            other = str(vocab[j])
            if not _phrase_ok([word, other]):
                continue
            if bigram_freq(word + BIGRAM_SEP + other) >= 2:
                candidates.append(word + other)
            elif bigram_freq(other + BIGRAM_SEP + word) >= 2:
                candidates.append(other + word)
            elif len(word) < 3:  # a 3+ character term is already a phrase (尺码偏小)
                candidates.append(f"{word}、{other}")
            break
        candidates.append(word)
    candidates += phrases + bare
    for label in candidates:
        if label not in taken:
            return label
    return candidates[0] + "·" + str(len(taken) + 1) if candidates else "—"


def _span(parts: list[str], texts: Sequence[str] | None) -> str:
    """The commonest way the clauses write a one-character verb … its object with at most
    ``SPAN_MAX_GAP`` characters between (等 星期 → 等了一个星期); "" when none has a gap."""
    verb, thing = parts  # 等 星期, 退 差价, 查 序列号: a one-character verb and its object
    if texts is None or len(verb) != 1 or verb in NUMERALS or len(thing) < 2 or thing.isascii():
        return ""
    a, b = (re.escape(p) for p in parts)
    pattern = re.compile(f"{a}[^，。！？,.!?；;\\s]{{1,{SPAN_MAX_GAP}}}?{b}")
    found: Counter[str] = Counter()
    searched = 0
    for text in texts[:SPAN_SCAN]:
        if parts[0] not in text or parts[1] not in text:
            continue
        match = pattern.search(text)
        if match:
            found[match.group()] += 1
        searched += 1
        if searched == SPAN_TEXTS:
            break
    if not found:
        return ""
    return min(found.items(), key=lambda item: (-item[1], item[0]))[0]


def quotes(
    clause_texts: np.ndarray,
    review_ids: np.ndarray,
    similarity: np.ndarray,
    n: int = 3,
    lengths: np.ndarray | None = None,
    text_codes: np.ndarray | None = None,
    label: str = "",
) -> list[str]:
    """Up to ``n`` clauses nearest the centroid, readable length, from different reviews
    (``lengths``: the texts' lengths when known already; ``text_codes``: equal codes for equal
    texts, which lets a theme of a million repeats of a few phrases be scanned quickly).

    With a ``label``, the first quote is the nearest clause that says it (every word of a pair
    label such as 屏幕、瑕疵), so the reader sees the label in a customer's words."""
    if lengths is None:
        lengths = np.fromiter((len(t) for t in clause_texts), int, len(clause_texts))
    readable = (lengths >= QUOTE_MIN_CHARS) & (lengths <= QUOTE_MAX_CHARS)
    orders = []
    for pool in (readable, ~readable):
        idx = np.where(pool)[0]
        order = idx[np.lexsort((lengths[idx], -similarity[idx]))]
        if text_codes is not None:
            order = _first_occurrences(order, text_codes, review_ids, n)
        orders.append(order)
    picked: list[str] = []
    seen_reviews: set[int] = set()
    saying = _saying(label, clause_texts, orders)
    for i in ([saying] if saying is not None else []) + [i for o in orders for i in o]:
        text, review = str(clause_texts[i]), int(review_ids[i])
        if review in seen_reviews or text in picked:
            continue
        picked.append(text)
        seen_reviews.add(review)
        if len(picked) == n:
            break
    return picked


LABEL_SCAN = 5_000  # clauses searched for one that says the label


def _saying(label: str, clause_texts: np.ndarray, orders: list[np.ndarray]) -> int | None:
    """The first clause in ``orders`` holding every word of ``label`` (None when none does: one
    word of a pair alone may be the wrong half, 屏幕 for 屏幕、瑕疵)."""
    words = [w for w in label.split("、") if w]
    if not words:
        return None
    for order in orders:
        for i in order[:LABEL_SCAN]:
            text = str(clause_texts[i])
            if all(w in text for w in words):
                return int(i)
    return None


def _first_occurrences(
    order: np.ndarray, text_codes: np.ndarray, review_ids: np.ndarray, n: int
) -> np.ndarray:
    """``order`` without rows ``quotes`` would skip anyway: a repeat of a (text, review) pair,
    or a text's pair after its first ``n`` (fewer than ``n`` reviews can be taken already)."""
    pairs = pd.DataFrame({"text": text_codes[order], "review": review_ids[order]})
    first = np.flatnonzero(~pairs.duplicated().to_numpy())
    rank = pairs.iloc[first].groupby("text", sort=False).cumcount().to_numpy()
    return order[first[rank < n]]
