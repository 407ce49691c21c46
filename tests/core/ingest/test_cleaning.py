import numpy as np
import pandas as pd
import pytest

from app.core.ingest.cleaning import (
    clean_texts,
    compress_repeats,
    decode_markup,
    duplicate_of,
    is_placeholder,
    repeated_header_rows,
    split_glued_reply,
    strip_reply_prefix,
)


def texts(values):
    return pd.Series(values, dtype=object)


@pytest.mark.parametrize(
    "text",
    [
        "此用户没有填写评价。",
        "此用户没有填写评论!",
        "此用户未填写评价内容",
        "此用户未及时填写评价内容",
        "该用户觉得商品不错",
        "评价方未及时做出评价,系统默认好评!",
        "系统默认好评",
        "系统默认评论",
        "默认好评",
        " 此用户没有填写评价 ！！",
        "此用户未追评",
        "您没有填写内容，默认好评",
        "No review text",
    ],
)
def test_placeholders(text):
    assert is_placeholder(text)
    analysis, status = clean_texts(texts([text]))
    assert status.tolist() == ["placeholder"] and analysis.tolist() == [""]


@pytest.mark.parametrize(
    "text", ["好评", "默认好评就是对卖家最大的支持，质量真的很好", "没有评价价值的垃圾", "不错"]
)
def test_real_opinions_are_not_placeholders(text):
    assert clean_texts(texts([text]))[1].tolist() == [""]


def test_empty_and_punctuation_only():
    _, status = clean_texts(texts(["", "。。。", "！！！！", "😀😀", "111", "?", "好"]))
    assert status.tolist() == ["empty"] + ["punctuation_only"] * 5 + [""]


def test_repeated_characters_compressed_for_analysis():
    analysis, _ = clean_texts(
        texts(["好好好好好好", "太棒了！！！！", "价格10000元", "哈哈哈哈哈😀😀😀", "a  b\n c"])
    )
    assert analysis.tolist() == ["好好好", "太棒了！", "价格10000元", "哈哈哈😀", "a b c"]
    assert compress_repeats("好好好好好好！！！！") == "好好好！"


def test_compression_matches_the_reference_regex_on_many_texts():
    rng = np.random.default_rng(0)
    alphabet = list("好的！。 哈a1１😀\n_")
    values = ["".join(rng.choice(alphabet, size=rng.integers(1, 30))) for _ in range(3000)]
    analysis, status = clean_texts(texts(values))
    for raw, got, st in zip(values, analysis, status, strict=True):
        if st == "":
            assert got == compress_repeats(raw), raw


def test_html_entities_and_br_tags():
    out = decode_markup(texts(["很好&hellip;&nbsp;推荐<br/>&ldquo;值&rdquo; &amp; 快", "普通"]))
    assert out.tolist() == ["很好… 推荐 “值” & 快", "普通"]


def test_reply_prefixes_stripped():
    out = strip_reply_prefix(
        texts(["掌柜回复:谢谢亲", "商家回复：感谢支持", "[掌柜回复] 好的", "亲，谢谢"])
    )
    assert out.tolist() == ["谢谢亲", "感谢支持", "好的", "亲，谢谢"]


def test_seller_reply_glued_into_review_is_split_off():
    review, reply = split_glued_reply(texts(["质量很好 [掌柜回复] 谢谢亲的支持", "没有回复的评价"]))
    assert review.tolist() == ["质量很好", "没有回复的评价"]
    assert reply.tolist() == ["谢谢亲的支持", ""]


def test_repeated_header_rows():
    frame = pd.DataFrame(
        [
            ["好", "5", "2024-01-01"],
            ["评论", "评分", "时间"],
            ["评论", None, None],
            ["评论", "评分", "x"],
        ],
        columns=["评论", "评分", "时间"],
    )
    assert repeated_header_rows(frame).tolist() == [False, True, False, True]


def test_duplicate_of_points_at_the_first_copy():
    keys = pd.DataFrame({"a": ["x", "y", "x", "x", "y"]})
    first = duplicate_of(keys, np.array([True, True, True, False, True]))
    assert first.tolist() == [-1, -1, 0, -1, 1]
