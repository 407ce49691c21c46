"""Clause splitting (app.core.text.clauses): where one opinion ends and the next begins.

A clause ends at punctuation (，。！？；、 newline ~ and a space between CJK characters) and a
new one starts before a contrast word (但是 可是 不过 只是 然而 就是 但 却 可惜 无奈), which
stays at the start of its clause: "质量很好不过有点贵" holds praise and a complaint. Not a
contrast: 不但 / 非但 / 但愿 / 却是 / 就是说 / 只是一个, a contrast word opening the text, or
one less than two characters after the last cut (但却 stays together). One-character pieces and
two-character particle pieces (嗯嗯, 的了) join the clause before them, or the next one when
they come first. Every case runs through both the one-text splitter and the vectorised one
the pipeline uses.
"""

from __future__ import annotations

import pytest

from app.core.text.clauses import explode_clauses, split_clauses


def _both(text: str) -> list[str]:
    single = split_clauses(text)
    owner, batch = explode_clauses(["质量一般", text, "很好"])  # the pipeline's path
    mine = [c for o, c in zip(owner.tolist(), batch, strict=True) if o == 1]
    assert mine == single, (text, mine, single)
    return single


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质量很好不过价格有点贵", ["质量很好", "不过价格有点贵"]),
        ("质量很好但是价格有点贵", ["质量很好", "但是价格有点贵"]),
        ("质量很好可是价格有点贵", ["质量很好", "可是价格有点贵"]),
        ("质量很好只是价格有点贵", ["质量很好", "只是价格有点贵"]),
        ("质量很好然而价格有点贵", ["质量很好", "然而价格有点贵"]),
        ("东西不错就是有点贵", ["东西不错", "就是有点贵"]),
        ("质量很好但价格有点贵", ["质量很好", "但价格有点贵"]),
        ("外观好看却很重", ["外观好看", "却很重"]),
        ("款式好看可惜没有小码", ["款式好看", "可惜没有小码"]),
        ("想退货无奈过了时间", ["想退货", "无奈过了时间"]),
        ("质量很好，不过如此", ["质量很好", "不过如此"]),
        # a second contrast word right after the first one stays in its clause
        ("质量很好但却很贵", ["质量很好", "但却很贵"]),
    ],
)
def test_each_contrast_word_opens_a_new_clause(text, expected):
    assert _both(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "这款不但便宜而且好用",  # 不但: "not only"
        "这款非但不便宜",
        "质量很好但愿能用久一点",
        "这双鞋好看却是真的",
        "东西很好就是说物超所值",
        "质量很好只是一个小问题",
        "就是有点贵",  # a contrast word opening the text cuts nothing
        "好但是价格有点贵",  # the piece before would be one character
    ],
)
def test_words_that_only_look_like_a_contrast_do_not_split(text):
    assert _both(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质量很好，价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好。价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好！价格便宜？", ["质量很好", "价格便宜"]),
        ("质量很好；价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好、价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好!价格便宜?", ["质量很好", "价格便宜"]),
        ("质量很好~价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好\n价格便宜", ["质量很好", "价格便宜"]),
        ("质量很好 价格便宜", ["质量很好", "价格便宜"]),
        ("价格3.5元.很划算", ["价格3.5元", "很划算"]),  # a decimal point is no full stop
        ("good quality, 很好", ["good quality", "很好"]),  # nor a space between latin words
    ],
)
def test_punctuation_ends_a_clause(text, expected):
    assert _both(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("质量很好，的", ["质量很好的"]),  # a lone particle joins the clause before
        ("质量不错，啊", ["质量不错啊"]),
        ("好，质量不错", ["好质量不错"]),  # first: joins the next clause
        ("质量很好，嗯嗯，价格便宜", ["质量很好嗯嗯", "价格便宜"]),  # two particles
        ("质量很好，实惠，价格便宜", ["质量很好", "实惠", "价格便宜"]),  # two letters, a word
        ("的", ["的"]),
    ],
)
def test_short_fragments_merge_into_a_neighbour(text, expected):
    assert _both(text) == expected
