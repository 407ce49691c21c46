"""Clauses about another product or other people: 曾经在某东买的xr，信号差的一比 · 之前用的6，一年的
时间卡顿了 · 其他人都卡得要死.

Reviews compare: what was wrong with the old phone, or with other people's, is no complaint about
this purchase, and a tag 信号差 built from it tells the owner the opposite of what was said. A
clause naming another item or person (之前用的, 曾经在…买, 别家, 某东; 别人, 其他人) is neutral,
and so is the clause right after one naming an item when that held no opinion itself (之前用的6 |
一年的时间卡顿了) and this one does not turn back to the purchase (这个, 这次, 现在). A comparison
in this shop's disfavour (比别家贵, 没有别人的好) and a gift (送别人的) stay as judged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from app.core.sentiment.model import NEUTRAL
from app.core.text.codes import clause_codes

_ITEM = re.compile(  # an item used or bought before, or elsewhere: the next clause may go on about it
    r"(?<!没有)(?<![比跟和像如])(?:(?:之前|以前|原来|原先|曾经|过去|上一个|上一部)(?:一直|也|还)?"
    r"(?:用|买|在|那)|别家|别的店|别的牌子|某东|某宝|某猫|某多多|某音)"
)
_PEOPLE = re.compile(r"(?<!没有)(?<![比跟和像如送给帮替])(?:别人|其他人|其他的人)")
_BACK = re.compile(r"这个|这款|这台|这部|这次|这家|现在|新的|新机|本店|本次")
CHUNK = 200_000  # distinct clauses read between two checks


def naming_elsewhere(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Per text: (it names another item, it names other people)."""
    return (
        texts.str.contains(_ITEM, regex=True).to_numpy(dtype=bool),
        texts.str.contains(_PEOPLE, regex=True).to_numpy(dtype=bool),
    )


def about_elsewhere(clauses: pd.DataFrame, check: Callable[[], None] = lambda: None) -> np.ndarray:
    """Per clause row of ``clauses`` (``review_id, kind, clause, polarity`` in text order): it
    speaks of another item or person (see the module docstring)."""
    if clauses.empty:
        return np.zeros(0, dtype=bool)
    codes, texts = clause_codes(clauses, np.ones(len(clauses), dtype=bool))
    series = pd.Series(texts, dtype=object)
    item, people, back = (np.zeros(len(texts), bool) for _ in range(3))
    for at in range(0, len(texts), CHUNK):
        check()
        part = series.iloc[at : at + CHUNK]
        item[at : at + CHUNK], people[at : at + CHUNK] = naming_elsewhere(part)
        back[at : at + CHUNK] = part.str.contains(_BACK, regex=True).to_numpy(dtype=bool)
    check()
    named, others, returns = item[codes], people[codes], back[codes]
    neutral = clauses["polarity"].to_numpy() == NEUTRAL
    same_text = np.zeros(len(clauses), dtype=bool)
    same_text[1:] = (
        clauses["review_id"].to_numpy()[1:] == clauses["review_id"].to_numpy()[:-1]
    ) & (clauses["kind"].to_numpy()[1:] == clauses["kind"].to_numpy()[:-1])
    after = np.zeros(len(clauses), dtype=bool)
    after[1:] = named[:-1] & neutral[:-1]
    return named | others | (after & same_text & ~returns)
