"""Opinion units: what a clause says (opinion) about what (target), praise or complaint.

``快递太慢了`` → (快递, 太慢, 慢, complaint); ``客服也不回复`` → (客服, 不回复, 不回复, complaint);
``屏幕有坏点`` → (屏幕, 有坏点, 有坏点, complaint); ``一点色差都没有`` → (色差, 没有, 没有色差,
praise); ``很失望`` → ("", 很失望, 失望, complaint): an opinion without a target.

A clause is tagged with parts of speech (the segmenter's engine). Opinions are the sentiment
lexicon's words (a degree prefix stripped: 太慢 → 慢), a defect noun after 有/没有 (有坏点), and,
in a clause judged a complaint, a negated verb (不回复, 没收到). The target is the nearest noun
before the opinion (after it when there is none before: 喜欢这个颜色), an aspect attribute noun
(速度, 态度 …) giving way to the noun before it (物流速度慢 → 物流). The opinion's *sense* drops
degree words and maps a negated word to its opposite where one exists (不太快 → 慢), so one
problem said several ways lands in one tag. Words come from our lexicon and small hand-written
tables (:mod:`.unit_words`); nothing is learnt from data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.core.sentiment.lexicon_words import DEFECT_NOUNS, NEGATIVE, NEUTRAL, POSITIVE
from app.core.text.segment import Dictionary, tag_chunk
from app.core.themes.unit_words import (
    ADVERBS,
    ATTRIBUTES,
    CAUSATIVE,
    DEGREE_WORDS,
    EXISTENCE,
    EXTRA_TARGETS,
    GENERIC,
    NEGATORS,
    NOT_OPINIONS,
    NOUN_FLAGS,
    OPPOSITE,
    PARTICLES,
    REQUESTS,
    THINKING,
    UNABLE,
    VAGUE,
)

PRAISE, COMPLAINT = "praise", "complaint"


_NEGATOR_PREFIXES = sorted(NEGATORS, key=len, reverse=True)
_DEGREE_PREFIXES = ("特别", "非常", "有点", "比较", "太", "很", "超", "挺")
LATE = re.compile(
    r"等了.{0,6}(天|周|星期|礼拜|个月)|(天|周|星期|礼拜|个月)(才|还没)(到|收到)|一直没(到|收到)"
)
MAX_GAP = 4  # tokens between a target and its opinion at most


@dataclass(frozen=True)
class Unit:
    """One opinion about one target. ``target`` is "" for an opinion about nothing named."""

    target: str  # the noun as written (快递, 屏幕); "" when none
    opinion: str  # the opinion as written, degree and negation included (太慢, 不回复)
    sense: str  # the opinion normalised: degree dropped, negated opposites mapped (慢)
    polarity: str  # "praise" | "complaint"
    surface: str  # target and opinion as the clause says them (快递太慢, 屏幕有坏点)
    attribute: str = ""  # an attribute noun between them (鱼汤味道浓郁: 味道), "" when none


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, float], frozenset[str], frozenset[str]]:
    """Opinion word → +strength (praise) / −strength (complaint); neutral words; defects."""

    def parse(block: str, sign: float) -> dict[str, float]:
        out = {}
        for item in block.split():
            word, _, weight = item.rpartition(":")
            out[word] = sign * float(weight)
        return out

    words = {**parse(POSITIVE, 1.0), **parse(NEGATIVE, -1.0)}
    return words, frozenset(NEUTRAL.split()), frozenset(DEFECT_NOUNS.split())


def _strip_degree(word: str, words: dict[str, float]) -> str:
    """太慢 → 慢, 很好 → 好, 超级好吃 → 好吃 (when the rest is an opinion word)."""
    for size in (4, 3, 2, 1):
        head, rest = word[:size], word[size:]
        if rest and head in DEGREE_WORDS and rest in words:
            return rest
    return word


def _is_target(word: str, flag: str, words: dict[str, float], neutral: frozenset[str]) -> bool:
    if word in GENERIC or word in DEGREE_WORDS or word in PARTICLES or word in NEGATORS:
        return False
    if word in words and word not in neutral and word not in _lexicon()[2]:
        return False  # an opinion word; a defect noun (色差) can be what is talked about
    # "" is a word of our own dictionaries (客服态度, 充电器): nouns, mostly
    return flag.startswith(NOUN_FLAGS) or flag in ("vn", "") or word in EXTRA_TARGETS


def _split_compounds(
    tokens: list[tuple[str, str]], words: dict[str, float]
) -> list[tuple[str, str]]:
    """Dictionary words that join a target and an opinion (尺码偏小, 质量很好) as two tokens."""
    out: list[tuple[str, str]] = []
    for word, flag in tokens:
        if flag == "" and word not in words and len(word) >= 3:
            for cut in range(1, len(word) - 1):
                head, rest = word[:cut], word[cut:]
                if _strip_degree(rest, words) in words and head not in DEGREE_WORDS:
                    out.extend([(head, "n"), (rest, "a")])
                    break
            else:
                out.append((word, flag))
        else:
            out.append((word, flag))
    return out


def _sense(word: str, negated: bool) -> str:
    if not negated:
        return word
    if word in OPPOSITE:
        return OPPOSITE[word]
    return "不" + word


def clause_units(tagged: Sequence[tuple[str, str]], polarity: str) -> list[Unit]:
    """The units of one clause from its ``(word, part-of-speech)`` tokens; ``polarity`` is the
    clause's judged label, used for opinions the lexicon has no sign for."""
    words, neutral, defects = _lexicon()
    tokens = _split_compounds([(w, f) for w, f in tagged if w.strip() and f != "x"], words)
    text = "".join(w for w, _ in tokens)
    if polarity == COMPLAINT and LATE.search(text):  # 等了一个星期才到, 一直没到: slow delivery
        return [Unit("快递", text, "慢", COMPLAINT, text)]
    units: list[Unit] = []
    used: set[int] = set()
    for i, (_word, _flag) in enumerate(tokens):
        if i in used:
            continue
        found = _opinion_at(tokens, i, words, neutral, defects, polarity)
        if found is None:
            continue
        start, end, sense, sign, noun_at = found
        used.update(range(start, end))
        if sign == 0 or _attributive_to_generic(tokens, end):
            continue
        target_at = _target_near(tokens, start, end, used, after=noun_at is None)
        if target_at is None:
            target_at = noun_at
        if target_at is None and units:
            continue  # 卡顿严重: a word strengthening the opinion before it
        target = tokens[target_at][0] if target_at is not None else ""
        attribute = ""
        if (
            target_at is not None
            and target_at + 1 < start
            and tokens[target_at + 1][0] in ATTRIBUTES
        ):
            attribute = tokens[target_at + 1][0]
        hi = end
        head_flag = tokens[end - 1][1]
        named = sense in words and (
            head_flag.startswith(("n", "v")) or head_flag == "" or words[sense] <= -1.5
        )
        problem = sign < 0 and (named or (len(sense) > 1 and sense[0] == "不" and head_flag == "a"))
        if not target and problem:
            target = sense  # 起球, 坏了, 退货, 不新鲜: a problem that names itself
            if end < len(tokens) and tokens[end][0] == "了":
                hi = end + 1  # 坏了 reads as the problem; 坏 alone does not
        if target_at is not None:
            used.add(target_at)
        lo = min(start, target_at) if target_at is not None else start
        hi = max(hi, target_at + 1) if target_at is not None else hi
        surface = "".join(
            w for w, _ in tokens[lo:hi] if w not in PARTICLES or w == "了" == tokens[hi - 1][0]
        )
        surface = surface.lstrip("就也都还又").rstrip("得") or surface
        opinion = "".join(w for w, _ in tokens[start:end])
        polar = PRAISE if sign > 0 else COMPLAINT
        units.append(Unit(target, opinion, sense, polar, surface, attribute))
    if not units and polarity in (PRAISE, COMPLAINT):
        units = _predicate_unit(tokens, polarity, words, neutral)
    return units


def _predicate_unit(
    tokens: Sequence[tuple[str, str]],
    polarity: str,
    words: dict[str, float],
    neutral: frozenset[str],
) -> list[Unit]:
    """A judged clause without an opinion word: what follows its first target noun, when short
    (盒子压扁了 → 盒子 · 压扁, 售后推来推去 → 售后 · 推来推去)."""
    for at, (word, flag) in enumerate(tokens):
        if not _is_target(word, flag, words, neutral):
            continue
        rest = [w for w, _ in tokens[at + 1 :] if w not in PARTICLES and w not in ADVERBS]
        said = "".join(rest)
        vague = any(w in GENERIC or w in VAGUE or w in NOT_OPINIONS for w in rest)
        if len(word) >= 2 and 2 <= len(said) <= 6 and not vague:
            surface = word + said
            return [Unit(word, said, said, polarity, surface)]
        return []
    return []


def _opinion_at(
    tokens: Sequence[tuple[str, str]],
    i: int,
    words: dict[str, float],
    neutral: frozenset[str],
    defects: frozenset[str],
    polarity: str,
) -> tuple[int, int, str, float, int | None] | None:
    """``(start, end, sense, sign, noun index)`` of an opinion starting its head at ``i``."""
    word, flag = tokens[i]
    negated, start = _negation_before(tokens, i)
    # 有坏点 / 没有异味: existence of a defect (or, in an opinion clause, of any noun)
    if word in EXISTENCE and i + 1 < len(tokens):
        noun, noun_flag = tokens[i + 1]
        if noun in defects or (
            polarity in (PRAISE, COMPLAINT)
            and (noun_flag.startswith(NOUN_FLAGS) or noun in words)
            and noun not in GENERIC
        ):
            exists = EXISTENCE[word] == "有" and not negated
            if noun in defects:
                sign = -1.0 if exists else 1.0
            else:
                sign = 1.0 if polarity == PRAISE else -1.0
            return start, i + 2, ("有" if exists else "没有") + noun, sign, i + 1
    # 色差 … 都没有 (a defect denied after it)
    if word in defects and _denied_after(tokens, i):
        return i, len(tokens), "没有" + word, 1.0, i
    described = i + 1 < len(tokens) and _says_how(tokens[i + 1], words)
    if described and (word in defects or (word in words and flag.startswith(("n", "v")))):
        return None  # 色差很大, 耗电很快: what the next word is said of
    if word in REQUESTS and i + 1 < len(tokens) and tokens[i + 1][1].startswith(NOUN_FLAGS):
        return None  # 麻烦掌柜…: a request, not 麻烦 (a hassle)
    unable = word in UNABLE and i > 0 and tokens[i - 1][1].startswith("v")
    if (word in NOT_OPINIONS and not unable) or word in VAGUE:  # 问题 alone says nothing
        return None
    core, inner_negation, degree = _core_of(word, words, neutral)
    negated ^= inner_negation
    if core in words and core not in neutral:
        sign = words[core] * (-1 if negated else 1)
        return start, i + 1, _sense(core, negated), sign, None
    judged = 1.0 if polarity == PRAISE else -1.0 if polarity == COMPLAINT else 0.0
    if judged and word not in DEGREE_WORDS and word not in PARTICLES:
        if flag.startswith("a") or (degree and 1 <= len(core) <= 2):  # 太紧, 很薄
            return start, i + 1, _sense(core, negated), judged, None
        if (
            negated
            and word not in THINKING
            and word not in GENERIC
            and not flag.startswith(("m", "q", "r", "p", "u", "c", "d"))
        ):
            return start, i + 1, _sense(word, True), judged, None  # 不回复, 不更新
        if word[:1] in ("不", "没") and 2 <= len(word) <= 4 and word not in NEGATORS and not unable:
            return start, i + 1, word, judged, None  # 不准
    if word in UNABLE and i > 0 and tokens[i - 1][1].startswith("v") and polarity == COMPLAINT:
        return i - 1, i + 1, tokens[i - 1][0] + word, -1.0, None
    return None


TRAILING = ("得要命", "得很", "死了", "极了", "透了", "得", "了", "死")  # 慢得要命 → 慢


def _core_of(word: str, words: dict[str, float], neutral: frozenset[str]) -> tuple[str, bool, bool]:
    return _core_cached(word)


@lru_cache(maxsize=100_000)  # tokens repeat a lot: each distinct one is worked out once
def _core_cached(word: str) -> tuple[str, bool, bool]:
    """The opinion word inside a token: ``(core, negated inside, degree word before)`` —
    太慢 → 慢, 不太快 → (快, negated), 慢得要命 → 慢; the word itself when nothing is found."""
    words, neutral, _ = _lexicon()
    core = _strip_degree(word, words)
    degree = core != word
    if not degree and word not in words:  # 太紧, 很薄: a degree word before an unknown word
        for prefix in _DEGREE_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix):
                core, degree = word[len(prefix) :], True
                break
    if core in words:
        return core, False, degree
    for prefix in _NEGATOR_PREFIXES:  # 不太快, 没问题: the engine kept the negator inside
        if not word.startswith(prefix):
            continue
        rest = _strip_degree(word[len(prefix) :], words)
        if rest in words and rest not in neutral:
            return rest, True, degree
    for tail in TRAILING:  # 慢得要命
        if word.endswith(tail) and word[: -len(tail)] in words:
            return word[: -len(tail)], False, degree
    return core, False, degree


def _attributive_to_generic(tokens: Sequence[tuple[str, str]], end: int) -> bool:
    """这么贵的东西: the opinion describes a generic noun after 的, not something named."""
    return (
        end + 1 < len(tokens)
        and tokens[end][0] == "的"
        and (tokens[end + 1][0] in GENERIC or tokens[end + 1][1].startswith(("r", "m")))
    )


def _says_how(token: tuple[str, str], words: dict[str, float]) -> bool:
    """Whether a token evaluates what comes before it (很大, 严重, 明显)."""
    word, flag = token
    return flag.startswith("a") or word in DEGREE_WORDS or _strip_degree(word, words) != word


def _negation_before(tokens: Sequence[tuple[str, str]], i: int) -> tuple[bool, int]:
    """Whether a negator (with degree words between) comes right before ``i``, and where the
    opinion then starts."""
    j = i - 1
    while j >= 0 and tokens[j][0] in DEGREE_WORDS:
        j -= 1
    if j >= 0 and tokens[j][0] in NEGATORS:
        k = j - 1
        while k >= 0 and tokens[k][0] in DEGREE_WORDS:
            k -= 1
        double = k >= 0 and tokens[k][0] in NEGATORS  # 没有不满意
        return (not double), (k if double else j)
    return False, i if j == i - 1 else j + 1


def _denied_after(tokens: Sequence[tuple[str, str]], i: int) -> bool:
    rest = "".join(w for w, _ in tokens[i + 1 :])
    return any(
        rest.startswith(p) or rest.endswith(p) for p in ("都没有", "也没有", "都没", "也没")
    ) or (rest.endswith("没有") and len(rest) <= 6)


def _target_near(
    tokens: Sequence[tuple[str, str]], start: int, end: int, used: set[int], *, after: bool
) -> int | None:
    """The nearest target noun before the opinion (attribute nouns give way to the noun before
    them; a verb right before it serves when no noun does: 充电很慢), else, with ``after``, the
    nearest after it; None when there is none within :data:`MAX_GAP` tokens."""
    words, neutral, _ = _lexicon()
    for j in range(start - 1, max(-1, start - 1 - MAX_GAP), -1):
        word, flag = tokens[j]
        if j in used:
            break
        if _is_target(word, flag, words, neutral):
            if j > 0 and tokens[j - 1][0] in CAUSATIVE:
                break  # 让人失望: 人 is who feels it, not what it is about
            if word in ATTRIBUTES and j > 0 and _is_target(*tokens[j - 1], words, neutral):
                return j - 1
            return j
    j = start - 1
    while j >= 0 and tokens[j][0] in DEGREE_WORDS:
        j -= 1
    verb = tokens[j] if j >= 0 and j not in used else ("", "")
    if verb[1].startswith("v") and len(verb[0]) >= 2 and verb[0] not in words:
        return j
    if not after:
        return None
    for j in range(end, min(len(tokens), end + MAX_GAP)):
        word, flag = tokens[j]
        if j in used:
            break
        if _is_target(word, flag, words, neutral):
            return j
    return None


SEP, FIELD = "\x1e", "\x1f"  # between units, between a unit's fields


def encode(units: Sequence[Unit]) -> str:
    """Units as one string (a clause column cell); "" for none."""
    return SEP.join(
        FIELD.join((u.target, u.opinion, u.sense, u.polarity, u.surface, u.attribute))
        for u in units
    )


def decode(text: str) -> list[Unit]:
    """:func:`encode` reversed."""
    return [Unit(*part.split(FIELD)) for part in text.split(SEP)] if text else []


def units_chunk(dictionary: Dictionary, chunk: Sequence[tuple[str, str]]) -> list[str]:
    """:func:`encode` d units of each ``(clause, judged label)``: the per-chunk job of the
    analysis (neutral clauses have none)."""
    judged = [i for i, (_, label) in enumerate(chunk) if label in (PRAISE, COMPLAINT)]
    out = [""] * len(chunk)
    tagged = tag_chunk(dictionary, [chunk[i][0] for i in judged])
    for i, tokens in zip(judged, tagged, strict=True):
        out[i] = encode(clause_units(tokens, chunk[i][1]))
    return out
