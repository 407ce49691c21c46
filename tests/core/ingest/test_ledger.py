from datetime import datetime

import pandas as pd
import pytest

from app.core.errors import ColumnError
from app.core.i18n import set_language
from app.core.ingest.ledger import REASONS, build_import
from app.core.ingest.mappings import load_mapping, save_mapping
from app.core.ingest.model import EXPORT_COLUMNS, ColumnRoles
from app.core.ingest.opinions import opinions
from app.core.progress import Cancelled, CancelToken

from .helpers import table

COLUMNS = ["用户昵称", "评价内容", "评分", "评价时间", "追评", "商家回复"]


def shop_table(name="店铺A.csv"):
    return table(
        COLUMNS,
        [
            [
                "a***1",
                "质量很好，穿着舒服",
                "5",
                "2024-01-02 10:00",
                "洗了没缩水",
                "掌柜回复:谢谢亲",
            ],
            [None, None, None, None, None, None],
            ["用户昵称", "评价内容", "评分", "评价时间", "追评", "商家回复"],
            ["b***2", "此用户没有填写评价。", "5", "2024-01-03 11:00", "", ""],
            ["c***3", "此用户没有填写评价。", "4", "2024-01-03 12:00", "穿了一周，起球严重", ""],
            ["d***4", "！！！！", "1", "2024-01-04 09:00", "", ""],
            ["e***5", "空", "3", "2024-01-04 10:00", "此用户未追评", ""],
            [
                "a***1",
                "质量很好，穿着舒服",
                "5",
                "2024-01-02 10:00",
                "洗了没缩水",
                "掌柜回复:谢谢亲",
            ],
            ["f***6", "好好好好好好！！！", "好评", "2024/1/5 8:00", "", ""],
        ],
        name=name,
    )


def reasons(result):
    return result.ledger["reason_code"].tolist()


def test_every_row_is_accounted_for_with_the_right_reason():
    result = build_import([shop_table()])
    assert reasons(result) == [
        "", "blank_row", "repeated_header", "placeholder", "", "punctuation_only", "empty",
        "duplicate", "",
    ]  # fmt: skip
    ledger = result.ledger
    assert list(ledger.columns[: len(EXPORT_COLUMNS)]) == list(EXPORT_COLUMNS)
    assert ledger["status"].tolist().count("kept") == 3
    assert ledger["source_row"].tolist() == list(range(2, 11))
    assert ledger.loc[7, "duplicate_of"] == ledger.loc[0, "review_id"]
    assert ledger["review_id"].is_unique


def test_reasons_are_chinese_by_default_and_english_after_switching():
    zh = build_import([shop_table()]).ledger["reason"].tolist()
    assert zh[1] == "空行" and zh[3] == REASONS["placeholder"][0] and zh[0] == ""
    set_language("en")
    en = build_import([shop_table()]).ledger["reason"].tolist()
    assert en[1] == "Blank row" and en[2] == "Repeated header row" and en[7].startswith("Duplicate")


def test_placeholder_review_with_a_real_followup_is_kept():
    row = build_import([shop_table()]).ledger.iloc[4]
    assert row["status"] == "kept"
    assert row["analysis_text"] == ""
    assert row["followup_analysis_text"] == "穿了一周，起球严重"


def test_cleaned_values_in_the_ledger():
    ledger = build_import([shop_table()]).ledger
    first, last = ledger.iloc[0], ledger.iloc[8]
    assert first["reply"] == "谢谢亲"
    assert first["rating"] == 5 and last["rating"] == 5
    assert first["date"] == pd.Timestamp("2024-01-02 10:00")
    assert last["date"] == pd.Timestamp("2024-01-05 08:00")
    assert last["text"] == "好好好好好好！！！"  # the original is kept
    assert last["analysis_text"] == "好好好！"
    assert ledger.iloc[6]["followup_analysis_text"] == ""  # 此用户未追评 is no follow-up
    assert str(ledger["rating"].dtype) == "Int64"


def test_multi_file_counts_add_up():
    a, b = shop_table("A.csv"), shop_table("B.xlsx")
    b.sheet = "评价"
    result = build_import([a, b])
    assert len(result.ledger) == len(a.frame) + len(b.frame)
    for report, t in zip(result.files, (a, b), strict=True):
        assert report.rows == len(t.frame)
        assert report.kept + report.dropped == report.rows
    # B is an exact copy of A: everything A kept is a duplicate in B
    assert result.files[1].kept == 0
    assert result.ledger["review_id"].tolist() == list(range(1, 19))
    assert set(result.ledger["sheet"]) == {"", "评价"}
    assert result.drop_reasons().sum() == len(result.dropped)


def test_duplicates_without_a_user_column_need_the_whole_row():
    t = table(["评论", "规格"], [["好评", "黑色"], ["好评", "白色"], ["好评", "黑色"]])
    assert reasons(build_import([t])) == ["", "", "duplicate"]


def test_scientific_ids_and_rating_scale_are_warned():
    t = table(
        ["订单号", "评价", "评分"],
        [["1.03531E+12", "很好", "10"], ["1.03579E+12", "一般", "6"], ["1033386829695", "差", "2"]],
    )
    result = build_import([t])
    assert result.ledger["order_id"].tolist() == ["1.03531E+12", "1.03579E+12", "1033386829695"]
    assert result.ledger["rating"].tolist() == [5, 3, 1]
    text = "\n".join(result.warnings)
    assert "订单号列有 2 个科学计数法数字（Excel 已丢失末几位），已原样保留" in text
    assert "10 分制" in text
    set_language("en")
    text = "\n".join(build_import([t]).warnings)
    assert "2 numbers in scientific notation" in text and "10-point scale" in text


def test_relative_dates_use_the_reference_date():
    t = table(["评论", "时间", "追评", "追评时间"], [["很好", "3天前", "还行", "收货后5天"]])
    row = build_import([t], reference_date=datetime(2024, 5, 10, 12)).ledger.iloc[0]
    assert row["date"] == pd.Timestamp("2024-05-07 12:00")
    assert row["followup_date"] == pd.Timestamp("2024-05-12 12:00")


def test_subscores_and_purchase_date():
    t = table(
        ["评价", "评分", "描述得分", "物流得分", "购买时间", "评价时间"],
        [["挺好", "5", "5", "4", "2024-01-01", "2024-01-03"]],
    )
    row = build_import([t]).ledger.iloc[0]
    assert row["subscore:描述得分"] == 5 and row["subscore:物流得分"] == 4
    assert row["purchase_date"] == pd.Timestamp("2024-01-01")
    assert row["date"] == pd.Timestamp("2024-01-03")


def test_overrides_apply_and_bad_overrides_raise():
    t = table(["评论", "备注"], [["好", "质量不错"]])
    result = build_import([t], overrides={"text": "备注"})
    assert result.ledger["analysis_text"].tolist() == ["质量不错"]
    assert result.files[0].mapping_source == "user"
    with pytest.raises(ColumnError):
        build_import([t], overrides={"text": "没有这列"})
    with pytest.raises(ColumnError):
        build_import([t], overrides={"星星": "评论"})


def test_saved_mapping_is_reused_for_the_same_header():
    t = table(["A", "B", "C"], [["x", "质量不错，会回购", "5"], ["y", "一般般吧", "3"]])
    first = build_import([t], overrides={"text": "B", "rating": "C", "user": "A"})
    assert first.files[0].mapping_source == "user"
    again = build_import([table(["C", "A", "B"], [["4", "z", "还可以"]])])
    assert again.files[0].mapping_source == "saved"
    assert again.files[0].roles.mapping == {"text": "B", "rating": "C", "user": "A"}
    assert again.ledger["rating"].tolist() == [4]
    fresh = build_import([t], saved_mappings=False)
    assert fresh.files[0].mapping_source == "auto"


def test_user_override_wins_over_saved_mapping():
    save_mapping(["评论", "备注"], ColumnRoles({"text": "评论"}))
    assert load_mapping(["备注", "评论"]).mapping == {"text": "评论"}
    t = table(["评论", "备注"], [["好", "质量不错"]])
    assert build_import([t]).files[0].mapping_source == "saved"
    result = build_import([t], overrides={"text": "备注"})
    assert result.ledger["analysis_text"].tolist() == ["质量不错"]


def test_opinions_one_per_review_and_per_followup():
    units = opinions(build_import([shop_table()]))
    assert units["kind"].tolist() == ["review", "followup", "followup", "review"]
    assert units["text"].tolist() == [
        "质量很好，穿着舒服",
        "洗了没缩水",
        "穿了一周，起球严重",
        "好好好！",
    ]
    assert units["review_id"].tolist()[:2] == [1, 1]
    assert list(units.columns[:9]) == [
        "review_id", "kind", "text", "rating", "date", "product", "sku", "source_file", "source_row",
    ]  # fmt: skip


def test_progress_and_cancel():
    seen = []
    build_import([shop_table()], progress=lambda f, m: seen.append(f))
    assert seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_import([shop_table()], cancel=token)


def test_empty_table():
    result = build_import([table(["评论"], [])])
    assert len(result.ledger) == 0 and result.files[0].rows == 0
