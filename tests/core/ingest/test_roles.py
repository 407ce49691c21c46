import pytest

from app.core.errors import ColumnError
from app.core.i18n import set_language
from app.core.ingest.roles import detect_platform, detect_roles

from .helpers import table

REVIEWS = [
    "物流很快，包装完好，手机运行流畅，拍照效果也很好",
    "电池不太耐用，一天要充两次电，有点失望",
    "客服态度很好，耐心解答问题，推荐购买",
    "屏幕有划痕，申请换货中，希望尽快处理",
    "性价比很高，送给爸爸的，他很喜欢",
    "发货慢了三天，其他都还可以",
]


def test_header_only_detection():
    t = table(
        [
            "用户昵称",
            "评价内容",
            "评分",
            "评价时间",
            "追评",
            "追评时间",
            "商品名称",
            "规格",
            "商家回复",
            "订单号",
        ],
        [["a***1", "很好", "5", "2024-01-01", "", "", "手机", "颜色分类:黑色", "", "123"]],
    )
    roles = detect_roles(t)
    assert roles.mapping == {
        "user": "用户昵称", "text": "评价内容", "rating": "评分", "date": "评价时间",
        "followup_text": "追评", "followup_date": "追评时间", "product": "商品名称",
        "sku": "规格", "reply": "商家回复", "order_id": "订单号",
    }  # fmt: skip
    assert set(roles.confidence.values()) == {"header"}


def test_content_only_with_meaningless_headers():
    rows = [
        [f"t***{i}", REVIEWS[i], str(5 - i % 5), f"2024/3/{i + 1} 10:0{i}", f"20240301{i:05d}9876"]
        for i in range(6)
    ]
    t = table(["列1", "列2", "列3", "列4", "列5"], rows)
    roles = detect_roles(t)
    assert roles.column("text") == "列2"
    assert roles.column("rating") == "列3"
    assert roles.column("date") == "列4"
    assert roles.column("order_id") == "列5"
    assert roles.column("user") == "列1"
    assert roles.confidence["text"] == "content"


def test_star_and_word_ratings_found_by_content():
    rows = [[REVIEWS[i], ["好评", "中评", "差评"][i % 3]] for i in range(6)]
    assert detect_roles(table(["A", "B"], rows)).column("rating") == "B"


def test_buyer_credit_column_is_never_the_rating():
    rows = [[REVIEWS[i], str(i % 5 + 1), "5"] for i in range(6)]
    roles = detect_roles(table(["评价", "user_star", "会员级别"], rows))
    assert "rating" not in roles.mapping
    roles = detect_roles(table(["评价", "用户等级", "评分"], [[r, "3", "5"] for r in REVIEWS]))
    assert roles.column("rating") == "评分"


def test_page_counter_is_not_a_rating():
    rows = [[REVIEWS[i], str(i // 2 + 1)] for i in range(6)]
    assert "rating" not in detect_roles(table(["内容", "p"], rows)).mapping


def test_amazon_title_is_not_the_product():
    header = "Date,Author,Verified,Helpful,Title,Body,Rating,Images,Videos,URL,Variation,Style"
    row = [
        "January 15, 2024", "Ann", "Verified Purchase", "3", "Great phone", "Battery lasts two days",
        "5.0 out of 5 stars", "", "", "https://www.amazon.com/x", "Black", "128GB",
    ]  # fmt: skip
    t = table(header.split(","), [row, row])
    roles = detect_roles(t)
    assert "Title" not in roles.mapping.values()
    assert roles.column("text") == "Body"
    assert roles.column("product") is None
    assert roles.column("rating") == "Rating"
    assert roles.column("helpful") == "Helpful"
    assert roles.column("user") == "Author"
    assert detect_platform(t, roles) == "amazon"


def test_jd_purchase_time_is_the_purchase_date():
    t = table(
        ["会员级别", "评价内容", "评分", "购买时间", "评价时间", "点赞数"],
        [["PLUS会员", "很好用&hellip;", "5", "2024-01-01 10:00", "2024-01-05 12:00", "3"]],
    )
    roles = detect_roles(t)
    assert roles.column("purchase_date") == "购买时间"
    assert roles.column("date") == "评价时间"
    assert roles.column("rating") == "评分"
    assert detect_platform(t, roles) == "jd"


def test_header_text_alias_holding_good_bad_grades_is_the_rating():
    rows = [[["好评", "差评", "中评"][i % 3], REVIEWS[i]] for i in range(6)]
    roles = detect_roles(table(["评价", "评论内容"], rows))
    assert roles.column("rating") == "评价"
    assert roles.column("text") == "评论内容"


def test_overrides_win():
    t = table(["评论", "评分", "备注"], [[r, "5", "x"] for r in REVIEWS])
    roles = detect_roles(t, {"text": "备注", "rating": ""})
    assert roles.column("text") == "备注"
    assert "rating" not in roles.mapping
    assert roles.confidence["text"] == "user"


def test_override_with_unknown_column_lists_the_columns():
    t = table(["评论", "评分"], [["好", "5"]])
    with pytest.raises(ColumnError) as err:
        detect_roles(t, {"text": "内容啊"})
    assert "内容啊" in str(err.value) and "评论、评分" in str(err.value)
    set_language("en")
    assert "The table's columns: 评论, 评分" in str(err.value)


def test_override_with_unknown_role_lists_the_roles():
    t = table(["评论"], [["好"]])
    with pytest.raises(ColumnError) as err:
        detect_roles(t, {"stars": "评论"})
    assert (
        "stars" in str(err.value)
        and "rating" in str(err.value)
        and "followup_text" in str(err.value)
    )


def test_no_text_column_is_an_error_naming_the_columns():
    t = table(["编号", "日期"], [["1", "2024-01-01"], ["2", "2024-01-02"]])
    with pytest.raises(ColumnError) as err:
        detect_roles(t)
    message = str(err.value)
    assert "找不到评论内容列" in message and "编号、日期" in message and "--map text=" in message
    set_language("en")
    assert "Cannot find the review text column" in str(err.value)


@pytest.mark.parametrize(
    ("columns", "row", "platform"),
    [
        (["评价内容", "商品属性"], ["好", "颜色分类:黑色;尺码:L"], "taobao"),
        (["评价", "评分", "描述得分", "物流得分", "服务得分"], ["好", "5", "5", "4", "5"], "pdd"),
        (
            ["评论", "口味", "环境", "服务", "人均"],
            ["好吃", "非常好", "好", "一般", "50"],
            "meituan",
        ),
        (["评论内容", "达人昵称", "抖音号"], ["好", "a", "b"], "douyin"),
        (["评论", "列2"], ["好", "x"], "unknown"),
    ],
)
def test_platform_signatures(columns, row, platform):
    t = table(columns, [row])
    assert detect_platform(t, detect_roles(t)) == platform


def test_pdd_subscores_are_not_the_rating():
    t = table(["评价", "评分", "描述得分", "物流得分", "服务得分"], [["好", "5", "5", "4", "5"]])
    roles = detect_roles(t)
    assert roles.column("rating") == "评分"
    assert roles.subscores == ["描述得分", "物流得分", "服务得分"]
