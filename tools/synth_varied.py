"""Review texts with realistic variety, for benchmarks: ``generate(n, variety="realistic")``.

The pipeline works once per distinct text and clause, so a benchmark on texts built from a
hundred fixed phrases flatters it. Here every clause is rendered from a template of
:mod:`tools.synth_phrases` with degree words, leads, numbers, product details and particles, and the
number of clauses per review has a long tail, so that, like real shop exports, reviews have about
four clauses, most clauses and almost all reviews are distinct, and a few short default praises
repeat. Only the given ``random.Random`` is used: deterministic for a seed.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from functools import cache
from itertools import accumulate
from typing import Any

from tools import synth_phrases as ph

_SLOT = re.compile(r"\{([^{}]*)\}")
_NUMBER = re.compile(r"(\d+)-(\d+)")
_CN_DIGITS = "零一二三四五六七八九十"

# Clauses per review (as the pipeline splits them), long-tailed like real exports.
CLAUSE_COUNTS = (*range(1, 17), 18, 20, 24)
_CUM_WEIGHTS = tuple(
    accumulate((14, 24, 21, 14, 8, 6, 4, 3, 2, 1.5, 1.2, 0.9, 0.7, 0.5, 0.4, 0.3, 0.3, 0.2, 0.1))
)
_SEPARATORS = ("，", ",", " ", "。", "！", "~", "、", "，，")
_SEPARATOR_CUM = tuple(accumulate((70, 8, 7, 8, 3, 2, 1, 1)))
_ENDINGS = ("", "。", "！", "!", "~", "…", "！！", "。。。", "?")
_ENDING_CUM = tuple(accumulate((40, 22, 14, 5, 5, 4, 5, 3, 2)))

Template = tuple[str | tuple, ...]
_NOT_OWNED = frozenset(("物流", "客服"))  # no 衣服的快递


def _pick(rng: random.Random, options: tuple | list) -> Any:
    """``rng.choice`` in a third of the time (one ``random()`` call per pick)."""
    return options[int(rng.random() * len(options))]


def _weighted(rng: random.Random, options: tuple, cum_weights: tuple[float, ...]) -> Any:
    return options[bisect(cum_weights, rng.random() * cum_weights[-1])]


def _compile(template: str) -> Template:
    """``"等了{5-15}天"`` → ``("等了", ("#", 5, 15), "天")``; named slots become ``(name,)``."""
    parts: list[str | tuple] = []
    pos = 0
    for match in _SLOT.finditer(template):
        if match.start() > pos:
            parts.append(template[pos : match.start()])
        body = match.group(1)
        number = _NUMBER.fullmatch(body)
        if number:
            parts.append(("#", int(number.group(1)), int(number.group(2))))
        elif "|" in body:
            parts.append(("|", tuple(body.split("|"))))
        else:
            parts.append((body,))
        pos = match.end()
    if pos < len(template):
        parts.append(template[pos:])
    return tuple(parts)


def _compile_all(templates: tuple[str, ...]) -> tuple[Template, ...]:
    return tuple(_compile(t) for t in templates)


def _number(rng: random.Random, low: int, high: int, before: list[str]) -> str:
    value = rng.randint(low, high)
    if value <= 10 and rng.random() < 0.3:  # 三天 now and then, 3天 mostly
        if value == 2 and not (before and before[-1].endswith("第")):
            return "两"
        return _CN_DIGITS[value]
    return str(value)


def _render(rng: random.Random, template: Template, slots: dict[str, tuple[str, ...]]) -> str:
    out: list[str] = []
    for part in template:
        if part.__class__ is str:
            out.append(part)  # type: ignore[arg-type]
            continue
        kind = part[0]
        if kind == "#":
            out.append(_number(rng, part[1], part[2], out))
        elif kind == "|":
            out.append(_pick(rng, part[1]))
        elif kind == "o":  # optional owner: 衣服的做工 (not 衣服的快递)
            if slots["o"] and rng.random() < 0.3:
                out.append(_pick(rng, slots["o"]) + "的")
        elif kind == "q":  # optional adverb: 还是, 依然 …
            if rng.random() < 0.35:
                out.append(_pick(rng, ph.ADVERBS))
        elif kind == "t":  # optional situation: 拿到手, 实物 …
            if rng.random() < 0.5:
                out.append(_pick(rng, ph.SITUATIONS))
        else:
            out.append(_pick(rng, slots[kind]))
    return "".join(out)


@cache
def _pools(
    product: int, aspect: str
) -> tuple[tuple[str, ...], tuple[Template, ...], tuple[Template, ...], tuple[str, ...]]:
    """``(subjects, praise templates, complaint templates, short subjects)`` of an aspect for one
    product; about two thirds of each pool are the generic templates (adjective and predicate
    slots); short subjects (物流, 质量) make the short clauses (物流快)."""
    subjects, good, bad = ph.ASPECT_TEMPLATES[aspect]
    extra_good, extra_bad = ph.PRODUCT_DETAILS[product].get(aspect, ((), ()))
    if aspect == "质量":
        subjects = subjects + ph.QUALITY_SUBJECTS[product]
    good, bad = good + extra_good, bad + extra_bad
    short = tuple(subject for subject in subjects if len(subject) <= 2)
    good += ph.GENERIC_PRAISE * max(1, 2 * len(good) // len(ph.GENERIC_PRAISE))
    bad += ph.GENERIC_COMPLAINT * max(1, 2 * len(bad) // len(ph.GENERIC_COMPLAINT))
    return subjects, _compile_all(good), _compile_all(bad), short


@cache
def _compiled(name: str) -> tuple[Template, ...]:
    return _compile_all(getattr(ph, name))


def _sku_slots(product: int, sku: str) -> dict[str, tuple[str, ...]]:
    return dict(_sku_slots_cached(product, sku))


@cache
def _sku_slots_cached(product: int, sku: str) -> dict[str, tuple[str, ...]]:
    fields = dict(part.split(":", 1) for part in sku.split(";") if ":" in part)
    colour = fields.get("颜色分类", "")
    size = fields.get("尺码") or fields.get("容量") or fields.get("套餐", "")
    return {
        "d": ph.SHORT_DEGREES,
        "g": ph.PRAISE_DEGREES,
        "b": ph.COMPLAINT_DEGREES,
        "c": ph.CITIES,
        "w": ph.PEOPLE,
        "p": ph.PRODUCT_NOUNS[product],
        "o": ph.PRODUCT_NOUNS[product],
        "k": (colour, colour, "这个颜色", "这个色"),
        "z": (size,),
    }


_LEADS = {True: ph.LEADS + ph.PRAISE_LEADS, False: ph.LEADS + ph.COMPLAINT_LEADS}


def _clause(
    rng: random.Random,
    template: Template,
    slots: dict[str, tuple[str, ...]],
    lead: bool | None = None,
) -> str:
    """A rendered template, perhaps with a lead (``lead``: praise True, complaint False, or
    None for no lead) and a particle."""
    text = _render(rng, template, slots)
    if lead is not None and rng.random() < 0.4:
        text = _pick(rng, _LEADS[lead]) + text
    if rng.random() < (0.15 if lead is not None else 0.3):
        text += _pick(rng, ph.PARTICLES)
    return text


def _aspects(
    rng: random.Random,
    count: int,
    aspects: tuple[str, ...],
    small_size: bool,
    polarity: str,
    courier_share: float,
) -> list[str]:
    chosen = rng.sample(aspects, min(count, len(aspects)))
    while len(chosen) < count:  # long reviews come back to an aspect
        chosen.append(_pick(rng, aspects))
    if small_size:  # the size clause is the complaint, placed last
        chosen = [a for a in chosen if a != "尺码"] + ["尺码"]
    if polarity != "praise" and rng.random() < courier_share and "物流" not in chosen:
        if not small_size:
            chosen[-1] = "物流"
        elif len(chosen) == 1:
            chosen.insert(0, "物流")
        else:
            chosen[0] = "物流"
    return chosen


def compose(
    rng: random.Random,
    polarity: str,
    product: int,
    aspects: tuple[str, ...],
    sku: str,
    small_size: bool,
    courier_share: float,
) -> str:
    """One review of ``polarity`` (praise / complaint / mixed) about ``aspects`` of a product."""
    total = _weighted(rng, CLAUSE_COUNTS, _CUM_WEIGHTS)
    if polarity == "praise" and total == 1 and rng.random() < 0.6:  # default praise repeats
        return _pick(rng, ph.SHORT_PRAISE) + _pick(rng, ("", "", "！", "~", "。", "👍"))
    slots = _sku_slots(product, sku)
    opener = total >= 3 and rng.random() < 0.18
    closer = total >= 2 and rng.random() < 0.33
    body = max(total - opener - closer, 1)
    contexts = sum(rng.random() < 0.18 for _ in range(body - 1))
    count = max(body - contexts, 2 if polarity == "mixed" else 1)
    chosen = _aspects(rng, count, aspects, small_size, polarity, courier_share)
    if polarity == "praise":
        flags = [True] * len(chosen)
    elif polarity == "complaint":
        flags = [False] * len(chosen)
    else:  # mixed: praise first, then a contrast and one or two complaints
        sour = 2 if len(chosen) >= 4 and rng.random() < 0.3 else 1
        flags = [True] * (len(chosen) - sour) + [False] * sour
    clauses = []
    for aspect, praise in zip(chosen, flags, strict=True):
        subjects, good, bad, short = _pools(product, aspect)
        words = ph.ASPECT_WORDS[aspect]
        slots["o"] = () if aspect in _NOT_OWNED else slots["p"]
        slots["A"], slots["P"] = (words[0], words[1]) if praise else (words[2], words[3])
        if small_size and aspect == "尺码" and not praise:
            slots["s"] = subjects
            clauses.append(_clause(rng, _pick(rng, _compiled("SMALL_SIZE")), slots, praise))
        elif short and rng.random() < 0.25:  # 物流快, 质量一般, 很好
            slots["s"] = short
            slots["S"] = ph.SHORT_GOOD if praise else ph.SHORT_BAD
            clauses.append(_render(rng, _pick(rng, _compiled("SHORT_TEMPLATES")), slots))
        else:
            slots["s"] = subjects
            clauses.append(_clause(rng, _pick(rng, good if praise else bad), slots, praise))
    if polarity == "mixed":
        first_bad = flags.index(False)
        clauses[first_bad] = _pick(rng, ph.CONTRASTS) + clauses[first_bad]
    last = flags.index(False) if polarity == "mixed" else len(clauses)
    for _ in range(contexts):  # background: who it is for, when it came, the n-th order
        text = _clause(rng, _pick(rng, _compiled("CONTEXT")), slots)
        clauses.insert(rng.randrange(last + 1), text)
        last += 1
    kind = {"praise": "PRAISE", "complaint": "COMPLAINT", "mixed": "MIXED"}[polarity]
    if opener:
        name = "OPEN_COMPLAINT" if polarity == "complaint" else "OPEN_PRAISE"
        clauses.insert(0, _clause(rng, _pick(rng, _compiled(name)), slots))
    if closer:
        clauses.append(_clause(rng, _pick(rng, _compiled(f"CLOSE_{kind}")), slots))
    return _join(rng, clauses, polarity)


def _join(rng: random.Random, clauses: list[str], polarity: str) -> str:
    parts = [clauses[0]]
    for clause in clauses[1:]:
        parts.append(_weighted(rng, _SEPARATORS, _SEPARATOR_CUM))
        parts.append(clause)
    parts.append(_weighted(rng, _ENDINGS, _ENDING_CUM))
    if rng.random() < 0.08 and polarity != "mixed":
        emoji = ph.EMOJI_PRAISE if polarity == "praise" else ph.EMOJI_COMPLAINT
        parts.append(_pick(rng, emoji) * _pick(rng, (1, 1, 2, 3)))
    return "".join(parts)


def followup(rng: random.Random, product: int, sku: str, sour: bool) -> str:
    """A 追评 of one to three clauses: still happy, or the product failed after a while."""
    slots = _sku_slots(product, sku)
    own, both = _followup_pools(product, sour)
    count = _pick(rng, (1, 1, 1, 1, 1, 2, 2, 2, 2, 3))
    clauses = [_clause(rng, _pick(rng, own), slots, not sour)]
    clauses += [_clause(rng, _pick(rng, both), slots, not sour) for _ in range(count - 1)]
    return _join(rng, clauses, "complaint" if sour else "praise")


@cache
def _followup_pools(product: int, sour: bool) -> tuple[tuple[Template, ...], tuple[Template, ...]]:
    """``(this product's follow-ups, those plus the generic ones)``."""
    own = _compile_all((ph.FOLLOWUP_BAD if sour else ph.FOLLOWUP_GOOD)[product])
    return own, own + _compiled("FOLLOWUP_SHARED_BAD" if sour else "FOLLOWUP_SHARED_GOOD")
