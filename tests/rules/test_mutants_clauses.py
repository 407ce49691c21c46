"""Clause rules pinned after mutation testing (app/core/text/clauses.py): where a contrast word
opens a new clause, and clause owners stay integer row numbers whatever the input."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.text.clauses import explode_clauses, split_clauses


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("很好但是太贵了", ["很好", "但是太贵了"]),  # two characters before the contrast: a clause
        ("好但是贵", ["好但是贵"]),  # one character: too short to stand alone
        ("但是质量很好不过价格贵", ["但是质量很好", "不过价格贵"]),  # a leading 但是 opens nothing
        ("质量很好但愿耐用不过价格贵", ["质量很好但愿耐用", "不过价格贵"]),  # 但愿 is no contrast
        ("好，啊，质量不错", ["好啊质量不错"]),  # short leading fragments join the next clause
        ("好，啊", ["好啊"]),
    ],
)
def test_contrast_words_open_a_clause(text, clauses):
    assert split_clauses(text) == clauses
    owner, exploded = explode_clauses([text])
    assert exploded == clauses and owner.tolist() == [0] * len(clauses)


@pytest.mark.parametrize("texts", [["\x00"], ["a\x00", "很好但是太贵了"], []])
def test_clause_owners_are_integers_even_with_nul_characters(texts):
    owner, clauses = explode_clauses(texts)
    assert owner.dtype == np.int64
    assert len(owner) == len(clauses)
