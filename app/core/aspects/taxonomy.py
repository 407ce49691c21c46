"""E-commerce aspects (物流, 质量, 尺码 …): an editable keyword taxonomy, fast tagging, summaries.

The taxonomy is ``resources/aspects/aspects.json``; a copy saved in
``user_data_dir()/aspects/aspects.json`` overrides it. Core aspects apply to every shop; packs
(food, electronics) add aspects or keywords and are enabled by config or, with ``"auto"``, when
enough texts contain their detect words. Keywords are plain substrings of :func:`normalize` d text;
all of them are compiled into one trie-shaped regular expression, and a whole batch of clauses is
scanned in a single pass (longest keyword at a position wins).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from app.core.aspects.summary import summarize
from app.core.errors import InputFileError
from app.core.text.normalize import normalize, normalize_joined
from app.paths import resource_path, user_data_dir


@dataclass(frozen=True)
class Aspect:
    key: str
    zh: str
    en: str
    keywords: tuple[str, ...]
    negative_cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    key: str
    zh: str
    en: str
    detect: tuple[str, ...]
    detect_share: float
    aspects: tuple[Aspect, ...]


@dataclass(frozen=True)
class Taxonomy:
    aspects: tuple[Aspect, ...]
    packs: tuple[Pack, ...] = ()
    packs_enabled: str | tuple[str, ...] = "auto"  # "auto" or the pack keys to use
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def resolve(self, packs: Iterable[str]) -> tuple[Aspect, ...]:
        """Core aspects merged with the given packs (pack keywords added / taking precedence)."""
        merged: dict[str, Aspect] = {a.key: a for a in self.aspects}
        wanted = set(packs)
        claimed: dict[str, str] = {}  # keyword → aspect key of the pack that lists it
        for pack in self.packs:
            if pack.key not in wanted:
                continue
            for extra in pack.aspects:
                claimed.update(dict.fromkeys(extra.keywords, extra.key))
                base = merged.get(extra.key)
                if base is None:
                    merged[extra.key] = extra
                else:
                    merged[extra.key] = Aspect(
                        base.key,
                        base.zh,
                        base.en,
                        tuple(dict.fromkeys(base.keywords + extra.keywords)),
                        tuple(dict.fromkeys(base.negative_cues + extra.negative_cues)),
                    )
        return tuple(
            replace(a, keywords=tuple(w for w in a.keywords if claimed.get(w, a.key) == a.key))
            for a in merged.values()
        )

    def labels(self, language: str = "zh") -> dict[str, str]:
        """Aspect key → label in ``zh`` or ``en``, packs included."""
        every = list(self.aspects) + [a for p in self.packs for a in p.aspects]
        out: dict[str, str] = {}
        for a in every:
            out.setdefault(a.key, a.zh if language == "zh" else a.en)
        return out


# -- loading and saving ------------------------------------------------------------------------


def bundled_taxonomy_path() -> Path:
    return resource_path("aspects", "aspects.json")


def user_taxonomy_path() -> Path:
    return user_data_dir() / "aspects" / "aspects.json"


def _aspect(raw: dict) -> Aspect:
    return Aspect(
        key=str(raw["key"]),
        zh=str(raw.get("zh", raw["key"])),
        en=str(raw.get("en", raw["key"])),
        keywords=tuple(dict.fromkeys(k for w in raw.get("keywords", []) if (k := normalize(w)))),
        negative_cues=tuple(normalize(w) for w in raw.get("negative_cues", []) if w),
    )


def taxonomy_from_dict(data: dict) -> Taxonomy:
    packs = tuple(
        Pack(
            key=key,
            zh=str(raw.get("zh", key)),
            en=str(raw.get("en", key)),
            detect=tuple(normalize(w) for w in raw.get("detect", [])),
            detect_share=float(raw.get("detect_share", 0.08)),
            aspects=tuple(_aspect(a) for a in raw.get("aspects", [])),
        )
        for key, raw in data.get("packs", {}).items()
    )
    enabled = data.get("packs_enabled", "auto")
    return Taxonomy(
        aspects=tuple(_aspect(a) for a in data.get("aspects", [])),
        packs=packs,
        packs_enabled=enabled if enabled == "auto" else tuple(enabled),
        extra={k: v for k, v in data.items() if k.startswith("_")},
    )


def taxonomy_to_dict(taxonomy: Taxonomy) -> dict:
    def aspect(a: Aspect) -> dict:
        return {
            "key": a.key,
            "zh": a.zh,
            "en": a.en,
            "keywords": list(a.keywords),
            "negative_cues": list(a.negative_cues),
        }

    enabled = taxonomy.packs_enabled
    return {
        **taxonomy.extra,
        "version": 1,
        "packs_enabled": enabled if enabled == "auto" else list(enabled),
        "aspects": [aspect(a) for a in taxonomy.aspects],
        "packs": {
            p.key: {
                "zh": p.zh,
                "en": p.en,
                "detect": list(p.detect),
                "detect_share": p.detect_share,
                "aspects": [aspect(a) for a in p.aspects],
            }
            for p in taxonomy.packs
        },
    }


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The user's taxonomy if saved, else the bundled one (or the file at ``path``)."""
    if path is None:
        user = user_taxonomy_path()
        path = user if user.is_file() else bundled_taxonomy_path()
    try:
        return _load_cached(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputFileError(
            f"无法读取方面词表 {path.name}：{error}",
            f"Cannot read the aspect taxonomy {path.name}: {error}",
        ) from error


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int) -> Taxonomy:
    return taxonomy_from_dict(json.loads(Path(path).read_text(encoding="utf-8-sig")))


def save_taxonomy(taxonomy: Taxonomy, path: Path | None = None) -> Path:
    """Write the taxonomy (default: the user copy that overrides the bundled file)."""
    path = path or user_taxonomy_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(taxonomy_to_dict(taxonomy), ensure_ascii=False, indent=2)
    # one line per keyword list keeps the file short enough to edit by hand
    text = re.sub(r"\[\s+((?:\"[^\"\n]*\",?\s*)+)\]", _one_line, text)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _one_line(match: re.Match[str]) -> str:
    return (
        "["
        + ", ".join(s.strip().rstrip(",") for s in match.group(1).split("\n") if s.strip())
        + "]"
    )


def reset_taxonomy() -> None:
    """Delete the user copy: the bundled taxonomy applies again."""
    user_taxonomy_path().unlink(missing_ok=True)


# -- tagging -----------------------------------------------------------------------------------


def detect_packs(texts: Sequence[str], taxonomy: Taxonomy | None = None) -> tuple[str, ...]:
    """Packs whose detect words occur in at least ``detect_share`` of (a sample of) the texts."""
    taxonomy = taxonomy or load_taxonomy()
    if not len(texts):
        return ()
    step = max(1, len(texts) // 5000)
    sample = [normalize(t) for t in texts[::step] if isinstance(t, str)]
    found = []
    for pack in taxonomy.packs:
        if not pack.detect or not sample:
            continue
        pattern = re.compile("|".join(map(re.escape, sorted(pack.detect, key=len, reverse=True))))
        share = sum(1 for t in sample if pattern.search(t)) / len(sample)
        if share >= pack.detect_share:
            found.append(pack.key)
    return tuple(found)


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, shaped as a trie (fast in ``re``)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return build(trie)


class Matcher:
    """Compiled keyword → aspect lookup for a resolved list of aspects."""

    def __init__(self, aspects: Sequence[Aspect]) -> None:
        self.keys = tuple(a.key for a in aspects)
        if len(self.keys) > 62:
            raise ValueError("at most 62 aspects")
        owner: dict[str, set[int]] = {}
        for index, aspect in enumerate(aspects):
            for word in aspect.keywords:
                owner.setdefault(word, set()).add(index)
        # a keyword listed by a pack (later) wins over the same keyword of another aspect
        last_owner: dict[str, int] = {}
        for index, aspect in enumerate(aspects):
            for word in aspect.keywords:
                last_owner[word] = index
        self.owner = {w: last_owner[w] for w in owner}
        self.words = list(self.owner)
        self._word_index = {w: i for i, w in enumerate(self.words)}
        self._owner_index = np.array([self.owner[w] for w in self.words] or [0], dtype=np.int64)
        self.regex = re.compile(_trie_regex(self.words)) if self.words else None
        self._automaton = _automaton(self.words) if self.words else None

    def tag(self, clauses: Sequence[str]) -> list[tuple[str, ...]]:
        n = len(clauses)
        if not self.owner or n == 0:
            return [() for _ in range(n)]
        joined = normalize_joined([c if isinstance(c, str) else "" for c in clauses])
        starts, words = self._find(joined)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        separators = np.flatnonzero(codes == 0)
        rows = np.searchsorted(separators, starts)
        masks = np.zeros(n, dtype=np.int64)  # one bit per aspect
        np.bitwise_or.at(masks, rows, np.left_shift(1, self._owner_index[words]))
        mask_list = masks.tolist()
        combos = {
            m: tuple(k for i, k in enumerate(self.keys) if m >> i & 1) for m in set(mask_list)
        }
        found = [combos[m] for m in mask_list]
        return found

    def _find(self, joined: str) -> tuple[np.ndarray, np.ndarray]:
        """Start offsets and keyword indexes of the leftmost-longest matches."""
        if self._automaton is not None:
            hits = self._automaton.find_matches_as_indexes(joined)
            if not hits:
                return np.empty(0, np.int64), np.empty(0, np.int64)
            array = np.array(hits, dtype=np.int64)
            return array[:, 1], array[:, 0]
        assert self.regex is not None
        matches = [(m.start(), self._word_index[m.group()]) for m in self.regex.finditer(joined)]
        array = np.array(matches, dtype=np.int64).reshape(-1, 2)
        return array[:, 0], array[:, 1]


def _automaton(words: list[str]):
    """A Rust Aho-Corasick automaton (``ahocorasick-rs``), or None: the trie regex is used."""
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - optional speed-up
        return None
    return ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)


@lru_cache(maxsize=16)
def _matcher(taxonomy: Taxonomy, packs: tuple[str, ...]) -> Matcher:
    return Matcher(taxonomy.resolve(packs))


def active_packs(
    texts: Sequence[str], taxonomy: Taxonomy, packs: Sequence[str] | None = None
) -> tuple[str, ...]:
    """Explicit ``packs``, else the configured ones, else (``"auto"``) those detected in texts."""
    if packs is not None:
        return tuple(packs)
    if taxonomy.packs_enabled != "auto":
        return tuple(taxonomy.packs_enabled)
    return detect_packs(texts, taxonomy)


def tag_aspects(
    clauses: Sequence[str],
    *,
    packs: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
) -> list[tuple[str, ...]]:
    """Aspect keys found in each clause, in taxonomy order (empty tuple: no aspect)."""
    taxonomy = taxonomy or load_taxonomy()
    chosen = active_packs(clauses, taxonomy, packs)
    return _matcher(taxonomy, tuple(sorted(chosen))).tag(clauses)


def joined_aspect_keys(
    taxonomy: Taxonomy, packs: tuple[str, ...], clauses: Sequence[str]
) -> list[str]:
    """``";"``-joined :func:`tag_aspects` keys of each clause ("" for none): the per-chunk job of
    the analysis (the taxonomy is passed in, so another process needs no file)."""
    joined: dict[tuple[str, ...], str] = {}  # one string per combination, not per clause
    return [
        joined[keys] if keys in joined else joined.setdefault(keys, ";".join(keys))
        for keys in tag_aspects(clauses, packs=packs, taxonomy=taxonomy)
    ]


# -- summary -----------------------------------------------------------------------------------


def summarize_aspects(
    clauses: pd.DataFrame,
    *,
    taxonomy: Taxonomy | None = None,
    check: Callable[[], None] = lambda: None,
) -> pd.DataFrame:
    """Per aspect: praise/complaint/neutral counts, share, complaint rate, representative quotes.

    ``clauses`` has columns ``clause, polarity, score, aspects (";"-joined keys), review_id``.
    ``share`` = the aspect's praise + complaint clauses / all praise + complaint clauses of the
    frame; ``complaint_rate`` = complaint / (praise + complaint) (NaN without opinions). Quotes:
    up to 3 per polarity, strongest ``|score|`` first, then closest to a typical length, no
    repeated text and never two quotes from the same review within one aspect. Rows are sorted by
    mentions (most first). ``check`` (a cancel check) is called between steps.
    """
    taxonomy = taxonomy or load_taxonomy()
    return summarize(clauses, taxonomy.labels("zh"), taxonomy.labels("en"), check)
