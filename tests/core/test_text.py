"""Segmentation as a shop owner would check it: e-commerce words whole, user words, normalisation."""

from __future__ import annotations

import random

import pytest

from app.core.errors import AppError
from app.core.progress import Cancelled, CancelToken
from app.core.text import segment as text
from app.core.text.segment import (
    add_user_stopword,
    add_user_word,
    load_stopwords,
    normalize,
    remove_user_stopword,
    remove_user_word,
    segment,
    theme_terms,
    user_stopwords,
    user_words,
)


def tokens(sentence: str) -> list[str]:
    return segment([sentence])[0].split(" ")


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("这件衣服性价比很高", "性价比"),
        ("实物色差有点大", "色差"),
        ("洗了一次就起球了", "起球"),
        ("衣服掉色严重", "掉色"),
        ("快递员态度很好", "快递员"),
        ("申请了七天无理由退货", "七天无理由"),
        ("说好的好评返现没有给", "好评返现"),
        ("这款尺码偏小建议拍大一码", "尺码偏小"),
        ("手机续航一般，玩游戏发热", "续航"),
        ("用久了有点卡顿", "卡顿"),
        ("第三次回购了", "回购"),
        ("被朋友种草的", "种草"),
        ("这家店踩雷了", "踩雷"),
        ("纯棉T恤很舒服", "t恤"),
    ],
)
def test_ecommerce_words_stay_whole(sentence, word):
    assert word in tokens(sentence)


def test_model_numbers_and_sizes_stay_whole():
    toks = tokens("型号BZ-YQ1722，买的XL码，128GB的iPhone15，打了2.5折")
    for expected in ("bz-yq1722", "xl", "128gb", "iphone15", "2.5"):
        assert expected in toks


def test_every_bundled_dictionary_word_stays_whole_in_context():
    words = [w for w, _ in text.dictionary_entries()]
    assert len(words) > 300
    cut = segment([f"这次买的{w}真的" for w in words])
    broken = [w for w, joined in zip(words, cut, strict=True) if w not in joined.split(" ")]
    assert broken == []


def test_user_word_takes_effect_and_can_be_removed():
    sentence = "这个蓝牙拖鞋灯很亮"
    assert "蓝牙拖鞋灯" not in tokens(sentence)  # jieba cuts it without help
    add_user_word("蓝牙拖鞋灯")
    assert user_words() == ["蓝牙拖鞋灯"]
    assert "蓝牙拖鞋灯" in tokens(sentence)
    remove_user_word("蓝牙拖鞋灯")
    assert user_words() == []
    assert "蓝牙拖鞋灯" not in tokens(sentence)


def test_user_word_file_edited_outside_the_api_is_read(tmp_path):
    path = text.user_words_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\ufeff# 我的词\n蓝牙拖鞋灯 5000\n", encoding="utf-8")
    text.reload_dictionaries()
    assert user_words() == ["蓝牙拖鞋灯"]
    assert "蓝牙拖鞋灯" in tokens("这个蓝牙拖鞋灯很亮")


def test_bad_user_word_is_refused_with_a_readable_message():
    with pytest.raises(AppError, match="空格"):
        add_user_word("两 个词")
    with pytest.raises(AppError):
        add_user_word("   ")


def test_segment_keeps_stopwords_and_negations():
    toks = tokens("我觉得这个东西不好，没有想象中的好，很失望")
    for kept in ("我", "的", "不好", "没有", "很"):
        assert kept in toks


def test_normalize_traditional_fullwidth_and_case():
    assert normalize("這個質量真的很好") == "这个质量真的很好"
    assert normalize("ＢＺ－ＹＱ１７２２，ＯＫ！") == "bz-yq1722,ok!"
    assert normalize("  iPhone   15\u3000Pro\u200b ") == "iphone 15 pro"
    assert normalize("著名品牌，乾隆年间") == "著名品牌,乾隆年间"  # simplified text left alone
    assert normalize("") == ""


def test_normalising_many_texts_at_once_equals_one_by_one():
    from app.core.text.normalize import normalize_many

    texts = [
        "這個質量真的很好",
        "ＢＺ－ＹＱ１７２２，ＯＫ！",
        "  iPhone   15\u3000Pro\u200b ",
        "著名品牌，乾隆年间",
        "於是乾了",  # characters OpenCC converts by phrase
        "",
        None,
        "\t\n 很好 \n",
        "ΣΟΦΊΑ ΣΣ",  # final sigma depends on what follows
    ]
    assert normalize_many(texts) == [normalize(t) if isinstance(t, str) else "" for t in texts]
    assert normalize_many(["a\x00b", "Ｘ"]) == [normalize("a\x00b"), "x"]  # NUL: one by one
    assert normalize_many([]) == []


def test_traditional_review_segments_like_simplified():
    assert segment(["質量很好，物流很快"]) == segment(["质量很好，物流很快"])


def test_emoji_kept_in_segment_and_dropped_from_theme_terms():
    joined = segment(["质量很好👍🏻👍🏻物流很快😂"])[0]
    assert joined.split(" ").count("👍🏻") == 2
    assert "😂" in joined.split(" ")
    terms = theme_terms(joined)
    assert "质量" in terms and "物流" in terms
    assert not any(ch in "".join(terms) for ch in "👍😂")


def test_theme_terms_drop_stopwords_punctuation_numbers_and_attach_negation():
    joined = segment(["这件衣服不太合适，没有异味，买了3件，质量不好用！！"])[0]
    terms = theme_terms(joined)
    assert "不合适" in terms and "没异味" in terms
    assert "合适" not in terms and "异味" not in terms
    for dropped in ("这件", "了", ",", "3", "!", "不", "没有"):
        assert dropped not in terms
    assert "衣服" in terms and "质量" in terms


def test_negation_does_not_jump_over_punctuation():
    assert theme_terms("不 , 质量") == ["质量"]


def test_stopwords_exclude_negations_and_user_stopwords_apply():
    stop = load_stopwords()
    assert {"的", "了", "很", "非常"} <= stop
    assert not {"不", "没", "没有", "无"} & stop
    assert "包邮" in theme_terms("包邮 很 好")
    add_user_stopword("包邮")
    assert user_stopwords() == ["包邮"]
    assert "包邮" not in theme_terms("包邮 很 好")
    remove_user_stopword("包邮")
    assert "包邮" in theme_terms("包邮 很 好")


def _corpus(n: int) -> list[str]:
    rng = random.Random(5)
    parts = [
        "质量",
        "物流很快",
        "色差",
        "起球",
        "客服态度",
        "不太好",
        "好评返现",
        "XL码",
        "😂",
        "，",
    ]
    parts += ["性价比", "發貨很快", "包装破损", "没有异味", "型号BZ-YQ1722", "还会回购", "一般般"]
    return ["".join(rng.choice(parts) for _ in range(rng.randint(1, 8))) for _ in range(n)]


def test_cache_hit_gives_identical_output():
    texts = _corpus(300)
    text.clear_cache()
    first = segment(texts)
    second = segment(texts)
    assert first == second
    assert len(text._current().cache) == len(set(map(normalize, texts)))


def test_the_analysis_chunk_job_equals_segment_and_follows_the_dictionary_it_is_given():
    texts = [*_corpus(500), "这款手机的续航神器真好"]
    dictionary = text.current_dictionary()
    assert text.segment_chunk(dictionary, texts) == segment(texts)
    extra = text.Dictionary(dictionary.engine, (*dictionary.entries, ("续航神器", 5)))
    assert "续航神器" in text.segment_chunk(extra, texts[-1:])[0].split()
    assert "续航神器" not in text.segment_chunk(dictionary, texts[-1:])[0].split()


def test_rjieba_gives_the_same_tokens_as_jieba():
    pytest.importorskip("rjieba")
    entries = text.dictionary_entries()
    jieba_seg = text.Segmenter("jieba", entries)
    rjieba_seg = text.Segmenter("rjieba", entries)
    texts = [normalize(t) for t in _corpus(3000)]
    texts += [normalize(f"这次买的{w}真的，{w}还行") for w, _ in entries]
    assert [rjieba_seg.cut(t) for t in texts] == [jieba_seg.cut(t) for t in texts]


def test_progress_and_cancel():
    seen: list[float] = []
    segment(_corpus(4500), progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    text.clear_cache()
    with pytest.raises(Cancelled):
        segment(_corpus(50), cancel=token)


def test_non_string_and_empty_inputs():
    assert segment(["", "   "]) == ["", ""]
    assert segment([]) == []


def test_batched_cutting_gives_the_tokens_of_cutting_each_text():
    """Segmenter.cut_many (one engine call per batch) = cut text by text, whatever the text."""
    samples = [
        "物流很快，包装也很好",
        "",
        "质量一般 但是 价格便宜",
        "尺码偏小建议拍大一码",
        "bz-yq1722 型号对的 128gb",
        "好评😀😀 下次还来",
        "!!!",
        "  ",
        "没有色差，做工精细。。。",
        "一 二 三",
        "非常好用,推荐!",
    ]
    rng = random.Random(3)
    texts = [normalize(t) for t in samples] + [
        normalize("".join(rng.choice(samples) for _ in range(3))) for _ in range(300)
    ]
    segmenter = text._current().segmenter
    assert segmenter.cut_many(texts) == [segmenter.cut(t) for t in texts]
