"""The per-aspect summary of :func:`app.core.aspects.taxonomy.summarize_aspects`, on integer codes.

Aspect keys are exploded once per distinct ``aspects`` string, clause texts are normalised once per
distinct text, and quote candidates are ranked with one sort for all aspects. The aspects' labels
come in as plain dicts: this module does not know the taxonomy (which calls it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from app.core.text.codes import clause_codes, first_rows
from app.core.text.normalize import normalize

POLARITIES = ("praise", "complaint", "neutral")
QUOTES_PER_POLARITY = 3


def _dedupe_keys(
    clauses: pd.DataFrame, rows: np.ndarray, text_codes: np.ndarray, texts: np.ndarray
) -> list[str]:
    """Per distinct clause text (``texts``; ``text_codes`` per row of ``rows``), the key that
    tells repeated quotes apart: its normalised form.

    The pipeline's ``tokens`` column already holds every clause normalised and segmented, so
    the tokens without their spaces serve (normalising 400k distinct clauses again costs
    seconds); without that column each text is normalised here.
    """
    if "tokens" not in clauses.columns:
        return [normalize(t) for t in texts]
    tokens = clauses["tokens"].to_numpy(dtype=object)[rows[first_rows(text_codes, len(texts))]]
    return [t.replace(" ", "") if isinstance(t, str) else "" for t in tokens]


def summarize(
    clauses: pd.DataFrame,
    zh: Mapping[str, str],
    en: Mapping[str, str],
    check: Callable[[], None] = lambda: None,
) -> pd.DataFrame:
    """See :func:`app.core.aspects.taxonomy.summarize_aspects`; ``zh`` / ``en``: aspect key →
    label (a key without one is its own label); ``check`` is called between steps."""
    columns = ["aspect", "label_zh", "label_en", "praise", "complaint", "neutral", "mentions"]
    columns += ["share", "complaint_rate"] + [f"{p}_quotes" for p in POLARITIES]
    polarity = clauses["polarity"].to_numpy(dtype=object)
    opinions_total = int(np.isin(polarity, ["praise", "complaint"]).sum())
    row, key, names = explode_keys(clauses["aspects"])
    if not len(row):
        return pd.DataFrame(columns=columns)
    check()
    # the texts of clauses with an aspect, their lengths and normalised forms: once per text
    text_of, texts = clause_codes(clauses, row)
    check()
    normalized = _dedupe_keys(clauses, row, text_of, texts)
    check()
    norm_codes = pd.factorize(np.array(normalized, dtype=object))[0]
    check()
    empty = {int(c) for c, t in zip(norm_codes, normalized, strict=True) if not t}
    del normalized
    check()
    length = np.fromiter((len(t) for t in texts), np.int64, len(texts))[text_of]
    typical = float(np.clip(np.median(length), 8, 30))
    strength = np.rint(np.abs(clauses["score"].to_numpy(dtype=float)[row]).round(1) * 10)
    off_typical = np.abs(length - typical) + np.where(length < 4, 50, 0)
    pol = np.select([polarity == p for p in POLARITIES], [0, 1, 2], 3)[row]
    counts = np.bincount(key * 4 + pol, minlength=len(names) * 4).reshape(len(names), 4)
    mentions = np.bincount(key, minlength=len(names))
    check()
    # one ranking for all aspects: strongest first, then closest to a typical length, then
    # order — as one integer per entry, sorted stably (a 4-key lexsort of 5M entries held the
    # cancel check for over a second at a million reviews)
    rank = key.astype(np.int64) << 42
    rank |= (10 - strength.astype(np.int64)) << 37
    rank |= np.minimum(np.rint(off_typical * 2), (1 << 37) - 1).astype(np.int64)
    del length, strength, off_typical
    check()
    order = np.argsort(rank, kind="stable")
    del rank
    check()
    entry = _Entries(
        np.asarray(texts, dtype=object),
        text_of,
        norm_codes.astype(np.int32)[text_of],
        clauses["review_id"].to_numpy()[row],
        empty,
    )
    ranked = _quote_candidates(order, key, pol, entry, check)
    check()
    rows = []
    for k, aspect in enumerate(names):
        praise, complaint, neutral = (int(v) for v in counts[k, :3])
        opinions = praise + complaint
        rows.append(
            {
                "aspect": aspect,
                "label_zh": zh.get(aspect, aspect),
                "label_en": en.get(aspect, aspect),
                "praise": praise,
                "complaint": complaint,
                "neutral": neutral,
                "mentions": int(mentions[k]),
                "share": opinions / opinions_total if opinions_total else 0.0,
                "complaint_rate": complaint / opinions if opinions else float("nan"),
                **_pick_quotes(ranked.get(k, {}), entry),
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["mentions", "aspect"], ascending=[False, True], ignore_index=True)


def explode_keys(aspects: pd.Series) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(row, key, names)``: one entry per (clause row, aspect key), rows in order."""
    codes, distinct = pd.factorize(aspects.fillna("").astype(str).to_numpy(dtype=object))
    names: dict[str, int] = {}
    keys_of = [
        [names.setdefault(k, len(names)) for k in (p.strip() for p in str(d).split(";")) if k]
        for d in distinct
    ]
    per_code = np.array([len(k) for k in keys_of] + [0], dtype=np.int64)
    flat = np.array([k for keys in keys_of for k in keys], dtype=np.int64)
    first = np.cumsum(per_code) - per_code
    per_row = per_code[codes]  # code -1 (never: fillna) would read the trailing 0
    row = np.repeat(np.arange(len(codes), dtype=np.int64), per_row)
    within = np.arange(len(row), dtype=np.int64) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    return row, flat[first[codes[row]] + within], list(names)


QUOTE_RANKS = 3 * QUOTES_PER_POLARITY + 1  # more reviews of one text than quotes can use up


class _Entries(NamedTuple):
    """Per (clause row, aspect) entry: its clause (``texts[text_of]``), normalised-text code
    and review."""

    texts: np.ndarray  # distinct clause texts
    text_of: np.ndarray
    norm: np.ndarray
    review: np.ndarray
    empty: set[int]  # codes of texts that normalise to nothing


def _quote_candidates(
    order: np.ndarray,
    key: np.ndarray,
    pol: np.ndarray,
    entry: _Entries,
    check: Callable[[], None],
) -> dict[int, dict[int, np.ndarray]]:
    """Ranked entries per aspect and polarity, minus those that can never be picked: repeats of
    a (text, review) pair, and a text's entries after its first ``QUOTE_RANKS`` reviews (at most
    ``QUOTE_RANKS - 1`` reviews are ever used up, so the text is taken by then or never)."""
    frame = pd.DataFrame(
        {"k": key[order], "p": pol[order], "t": entry.norm[order], "r": entry.review[order]}
    )
    frame = frame[frame["p"] < 3]
    check()
    frame = frame[~frame.duplicated(["k", "p", "t", "r"])]
    check()
    frame = frame[frame.groupby(["k", "p", "t"], sort=False).cumcount() < QUOTE_RANKS]
    check()
    positions = order[frame.index.to_numpy()]
    out: dict[int, dict[int, np.ndarray]] = {}
    for (k, p), idx in frame.groupby(["k", "p"], sort=False).indices.items():
        out.setdefault(int(k), {})[int(p)] = positions[idx]
    return out


def _pick_quotes(ranked: dict[int, np.ndarray], entry: _Entries) -> dict[str, list[str]]:
    """Quotes per polarity: in rank order, no repeated text, no review quoted twice."""
    used_reviews: set = set()
    out: dict[str, list[str]] = {}
    for code, polarity in ((1, "complaint"), (0, "praise"), (2, "neutral")):
        picked: list[str] = []
        seen: set[int] = set()
        for i in ranked.get(code, ()):
            text, review = int(entry.norm[i]), entry.review[i]
            if review in used_reviews or text in seen or text in entry.empty:
                continue
            picked.append(str(entry.texts[entry.text_of[i]]))
            seen.add(text)
            used_reviews.add(review)
            if len(picked) == QUOTES_PER_POLARITY:
                break
        out[f"{polarity}_quotes"] = picked
    return out
