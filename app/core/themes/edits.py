"""The user's theme edits (rename, merge, hide), saved per dataset and re-applied after a re-run.

Edits are recorded by theme key. After a re-run a key is found again exactly, or else by the
theme whose terms overlap most with the terms the theme had when it was edited (Jaccard ≥ 0.5),
so small shifts in the clustering do not lose the user's work. A merge re-applies as soon as at
least two of its keys are found again; the merged theme's key is built from the recorded keys,
so a rename of the merged theme re-applies too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.themes.theme import Affected, Theme, theme_clauses
from app.paths import user_data_dir

MERGE_SEP = "|"
MIN_TERM_OVERLAP = 0.5


FINGERPRINT_CHUNK = 100_000  # rows hashed per cancel check


def dataset_fingerprint(clauses: pd.DataFrame, check: Callable[[], None] = lambda: None) -> str:
    """A short hash of the (review_id, clause) pairs, independent of row order (rows hashed in
    chunks, ``check`` in between; a row's hash does not depend on the chunk)."""
    pairs = clauses[["review_id", "clause"]]
    parts = []
    for start in range(0, len(pairs), FINGERPRINT_CHUNK):
        check()
        part = pairs.iloc[start : start + FINGERPRINT_CHUNK]
        parts.append(pd.util.hash_pandas_object(part, index=False).to_numpy(dtype=np.uint64))
    values = np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.uint64)
    return hashlib.sha1(values.tobytes()).hexdigest()[:16]


def edits_path(fingerprint: str) -> Path:
    return user_data_dir() / "themes" / f"{fingerprint}.json"


@dataclass
class ThemeEdits:
    """Renames, merges and hidden themes for one dataset (keys are :attr:`Theme.key`)."""

    fingerprint: str
    renames: dict[str, str] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)
    merges: list[list[str]] = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=dict)  # key -> terms when edited

    # -- recording ------------------------------------------------------------------------------
    def rename(self, theme: Theme, label: str) -> None:
        label = label.strip()
        self._remember(theme)
        if label and label != theme.auto_label:
            self.renames[theme.key] = label
        else:
            self.renames.pop(theme.key, None)

    def hide(self, theme: Theme, hidden: bool = True) -> None:
        self._remember(theme)
        if hidden:
            self.hidden.add(theme.key)
        else:
            self.hidden.discard(theme.key)

    def merge(self, themes: list[Theme]) -> str:
        """Record that ``themes`` are one theme; returns the merged theme's key."""
        keys: list[str] = []
        for theme in themes:
            self._remember(theme)
            keys.extend(theme.merged_keys or [theme.key])
        keys = sorted(set(keys))
        self.merges = [g for g in self.merges if not set(g) & set(keys)]
        if len(keys) > 1:
            self.merges.append(keys)
        return MERGE_SEP.join(keys)

    def unmerge(self, key: str) -> None:
        parts = set(key.split(MERGE_SEP))
        self.merges = [g for g in self.merges if set(g) != parts]

    def _remember(self, theme: Theme) -> None:
        if not theme.merged_keys:
            self.terms[theme.key] = list(theme.terms)

    @property
    def empty(self) -> bool:
        return not (self.renames or self.hidden or self.merges)

    # -- storage --------------------------------------------------------------------------------
    def save(self) -> Path:
        path = edits_path(self.fingerprint)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "fingerprint": self.fingerprint,
            "renames": dict(sorted(self.renames.items())),
            "hidden": sorted(self.hidden),
            "merges": sorted(sorted(g) for g in self.merges),
            "terms": dict(sorted(self.terms.items())),
        }
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, fingerprint: str) -> ThemeEdits:
        """Saved edits for the dataset, or empty edits (also when the file is unreadable)."""
        try:
            data = json.loads(edits_path(fingerprint).read_text(encoding="utf-8"))
            return cls(
                fingerprint=fingerprint,
                renames={str(k): str(v) for k, v in data.get("renames", {}).items()},
                hidden={str(k) for k in data.get("hidden", [])},
                merges=[[str(k) for k in g] for g in data.get("merges", []) if len(g) > 1],
                terms={str(k): [str(t) for t in v] for k, v in data.get("terms", {}).items()},
            )
        except (OSError, ValueError, TypeError, AttributeError):
            return cls(fingerprint=fingerprint)


def apply_edits(
    themes: list[Theme], edits: ThemeEdits, clauses: pd.DataFrame | None = None
) -> list[Theme]:
    """Themes with the user's merges, renames and hidden flags applied (inputs untouched).

    With ``clauses`` the SKU/product counts of merged themes are recounted exactly; without,
    they are summed (a review in both parts then counts twice).
    """
    by_key = {t.key: t for t in themes}
    resolved = _resolve(themes, edits)
    out: list[Theme] = []
    used: set[str] = set()
    for group in edits.merges:
        parts = [by_key[resolved[k]] for k in group if k in resolved]
        parts = list({p.key: p for p in parts if p.key not in used}.values())
        if len(parts) < 2:
            continue
        used.update(p.key for p in parts)
        out.append(merge_themes(parts, MERGE_SEP.join(sorted(group)), clauses))
    out.extend(t for t in themes if t.key not in used)
    back = {new: old for old, new in resolved.items()}
    final = []
    for theme in out:
        recorded = theme.key if theme.merged_keys else back.get(theme.key, theme.key)
        label = edits.renames.get(recorded, theme.label)
        hidden = recorded in edits.hidden or theme.hidden
        final.append(dataclasses.replace(theme, label=label, hidden=hidden))
    final.sort(key=lambda t: (-t.review_count, t.key))  # the count shown
    return final


def _resolve(themes: list[Theme], edits: ThemeEdits) -> dict[str, str]:
    """Recorded key → current key, exact first, then by best term overlap (one-to-one)."""
    wanted = set(edits.renames) | edits.hidden | {k for g in edits.merges for k in g}
    current = {t.key: t for t in themes}
    resolved = {k: k for k in wanted if k in current}
    free = [t for t in themes if t.key not in resolved.values()]
    for key in sorted(wanted - set(resolved)):
        old = set(edits.terms.get(key, []))
        polarity = key.split(":", 1)[0]
        best, best_score = None, MIN_TERM_OVERLAP
        for theme in free:
            if theme.polarity != polarity or not old:
                continue
            score = len(old & set(theme.terms)) / len(old | set(theme.terms))
            if score >= best_score:
                best, best_score = theme, score
        if best is not None:
            resolved[key] = best.key
            free.remove(best)
    return resolved


def merge_themes(parts: list[Theme], key: str, clauses: pd.DataFrame | None = None) -> Theme:
    """One theme from several: members united, biggest part first for label, terms, quotes."""
    from app.core.themes.facts import affected, main_aspect, reviews_per

    parts = sorted(parts, key=lambda t: (-t.size, t.key))
    clause_ids = sorted({c for p in parts for c in p.clause_ids})
    review_ids = sorted({r for p in parts for r in p.review_ids})
    label = "、".join(p.label for p in parts[:2])
    merged = dataclasses.replace(
        parts[0],
        key=key,
        label=label,
        auto_label=label,
        terms=_interleave([p.terms for p in parts], 10),
        size=len(clause_ids),
        review_count=len(review_ids),
        share=sum(p.share for p in parts),
        clause_ids=clause_ids,
        review_ids=review_ids,
        quotes=_interleave([p.quotes for p in parts], 3),
        hidden=False,
        merged_keys=key.split(MERGE_SEP),
    )
    if clauses is not None:
        rows = theme_clauses(merged, clauses)
        denominators = {c: reviews_per(clauses, c) for c in ("sku", "product")}
        return dataclasses.replace(
            merged,
            main_aspect=main_aspect(rows),
            top_skus=affected(rows, "sku", denominators["sku"]),
            top_products=affected(rows, "product", denominators["product"]),
        )
    return dataclasses.replace(
        merged,
        top_skus=_sum_affected([p.top_skus for p in parts]),
        top_products=_sum_affected([p.top_products for p in parts]),
    )


def _interleave(lists: list[list[str]], n: int) -> list[str]:
    out: list[str] = []
    for i in range(max((len(x) for x in lists), default=0)):
        for items in lists:
            if i < len(items) and items[i] not in out:
                out.append(items[i])
    return out[:n]


def _sum_affected(lists: list[list[Affected]]) -> list[Affected]:
    counts: dict[str, int] = {}
    totals: dict[str, float] = {}
    for items in lists:
        for a in items:
            counts[a.name] = counts.get(a.name, 0) + a.count
            if a.rate > 0:
                totals[a.name] = a.count / a.rate
    rows = [
        Affected(n, c, min(1.0, c / totals[n]) if n in totals else 0.0) for n, c in counts.items()
    ]
    return sorted(rows, key=lambda a: (-a.count, -a.rate, a.name))[:5]
