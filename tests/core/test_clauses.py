"""Clause splitting: punctuation, contrast words, short fragments, vectorised explode."""

from __future__ import annotations

import numpy as np
import pytest

from app.core.text.clauses import explode_clauses, explode_distinct, split_clauses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("物流很快，但是质量一般", ["物流很快", "但是质量一般"]),
        ("东西不错，就是有点贵", ["东西不错", "就是有点贵"]),
        ("物流很快但是质量一般", ["物流很快", "但是质量一般"]),
        ("颜色好看却不耐穿", ["颜色好看", "却不耐穿"]),
        ("好用！推荐。", ["好用", "推荐"]),
        ("物流很快 质量也好", ["物流很快", "质量也好"]),
        ("昨天收到的~挺好", ["昨天收到的", "挺好"]),
        ("价格3.5元.很划算", ["价格3.5元", "很划算"]),
        ("第一行\n第二行", ["第一行", "第二行"]),
        ("不但便宜而且好用", ["不但便宜而且好用"]),
        ("good quality, 很好", ["good quality", "很好"]),
    ],
)
def test_split_clauses(text, expected):
    assert split_clauses(text) == expected


def test_short_fragments_are_merged_with_a_neighbour():
    assert split_clauses("质量很好，的") == ["质量很好的"]
    assert split_clauses("好，质量不错") == ["好质量不错"]
    assert all(len(c) >= 2 for c in split_clauses("嗯，还行。了，不错！！"))


def test_empty_and_odd_inputs():
    assert split_clauses("") == []
    assert split_clauses("  ，。！ ") == []
    assert split_clauses(None) == []  # type: ignore[arg-type]
    assert split_clauses("的") == ["的"]


def test_explode_clauses_keeps_owners():
    owner, clauses = explode_clauses(["物流很快，但是质量一般", "", None, "不错"])  # type: ignore[list-item]
    assert clauses == ["物流很快", "但是质量一般", "不错"]
    assert owner.dtype == np.int64
    assert owner.tolist() == [0, 0, 3]


def test_explode_clauses_empty():
    owner, clauses = explode_clauses([])
    assert owner.size == 0 and clauses == []


def _tricky_texts(n: int, seed: int = 0) -> list[str]:
    """Random texts from the characters and words the splitting rules look at."""
    import random

    rng = random.Random(seed)
    atoms = [
        *"好的了吧不非质量差物流快3.5 ab\n\t，。！、~…：.",
        "  ",
        "..",
        "但是",
        "就是",
        "就是说",
    ]
    atoms += ["不过", "只是个", "却", "但愿", "可惜", "👍", "\u3000", "xl码", "很好，", "嗯"]
    return ["".join(rng.choices(atoms, k=rng.randint(0, 12))) for _ in range(n)]


def test_explode_clauses_matches_split_clauses_text_by_text():
    texts = [*_tricky_texts(3000), "好", " 好 ", "3.", ".5好", "a b", "好 b", "b 好", ""]
    for batch in (texts, [*texts, "好\x00坏，不错"]):  # with NUL: text by text
        owner, clauses = explode_clauses(batch)
        expected = [(i, c) for i, t in enumerate(batch) for c in split_clauses(t)]
        assert list(zip(owner.tolist(), clauses, strict=True)) == expected


def test_explode_distinct_splits_each_text_once_and_maps_back(monkeypatch):
    import app.core.text.clauses as clauses_mod

    monkeypatch.setattr(clauses_mod, "DISTINCT_CHUNK", 7)  # several chunks
    texts = [*_tricky_texts(200, seed=1)] * 3 + [None, "物流很快，但是质量一般", ""]
    owner, codes, distinct = explode_distinct(texts)  # type: ignore[arg-type]
    expected_owner, expected = explode_clauses(texts)
    assert owner.tolist() == expected_owner.tolist()
    assert distinct[codes].tolist() == expected
    assert len(set(distinct.tolist())) == len(distinct)


def test_explode_distinct_holds_each_clause_of_a_chunk_once(monkeypatch):
    """Long reviews (~20 clauses each) repeat their clauses across reviews: what a chunk sends
    back (from the partner process) and what is held until all are merged is each distinct
    clause once, not each clause of each review (a million reviews: 22M strings)."""
    import app.core.text.clauses as clauses_mod

    monkeypatch.setattr(clauses_mod, "DISTINCT_CHUNK", 50)
    base = ["物流很快", "质量一般", "客服态度很好", "尺码偏小", "颜色正", "包装结实"]
    texts = ["，".join(base[j % 6] for j in range(i % 5, i % 5 + 12)) + str(i) for i in range(200)]
    sent: list[int] = []

    def mapper(fn, chunks):
        results = [fn(chunk) for chunk in chunks]
        for result in results:  # the clause strings each chunk gives back
            values = [v for part in result for v in np.asarray(part, dtype=object).ravel()]
            sent.append(sum(isinstance(v, str) for v in values))
        return results

    owner, codes, distinct = explode_distinct(texts, mapper=mapper)
    expected_owner, expected = explode_clauses(texts)
    assert owner.tolist() == expected_owner.tolist()
    assert distinct[codes].tolist() == expected
    assert len(expected) == 200 * 12
    assert sum(sent) <= 4 * (6 + 50)  # per chunk of 50 texts: six clauses and 50 last ones
