"""Header aliases of each column role, as seen in real platform exports.

Seed list from the team's survey of exports (Taobao/Tmall, JD, Pinduoduo, Douyin, Meituan,
Amazon/Helium 10). Matching is case-insensitive and ignores spaces, underscores and
punctuation, so ``Review Text``, ``review_text`` and ``reviewText`` are the same header.
"""

from __future__ import annotations

import re

ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "评价内容",
        "评论内容",
        "评价正文",
        "评价",
        "评论",
        "初评内容",
        "初次评价",
        "内容",
        "首次评价",
        "买家评价",
        "评价详情",
        "rateContent",
        "rate_content",
        "Body",
        "reviewText",
        "review_body",
        "review",
        "review text",
        "text",
        "content",
        "comment",
        "comments",
    ),
    "followup_text": (
        "追评",
        "追评内容",
        "追加评论",
        "追加评价",
        "追加内容",
        "appendComment",
        "add_feedback",
        "append_content",
        "followup",
        "afterUserComment",
        "afterUserComment.content",
    ),
    "followup_date": (
        "追评时间",
        "追加评价时间",
        "追加评论时间",
        "几天后追评",
        "appendTime",
        "afterUserComment.created",
    ),
    "date": (
        "评价时间",
        "评论时间",
        "时间",
        "日期",
        "初评时间",
        "评价日期",
        "评论日期",
        "发表时间",
        "rateDate",
        "rate_date",
        "Date",
        "reviewTime",
        "review_date",
        "create_time",
        "created_at",
        "time",
    ),
    "purchase_date": (
        "购买时间",
        "下单时间",
        "买家下单时间",
        "购买日期",
        "付款时间",
        "referenceTime",
    ),
    "rating": (
        "评分",
        "评价星级",
        "评论星级",
        "星级",
        "得分",
        "分数",
        "评价等级",
        "好中差评",
        "评价类型",
        "总体评分",
        "综合评分",
        "Rating",
        "star_rating",
        "stars",
        "star",
        "overall",
        "Score",
    ),
    "product": (
        "商品名称",
        "商品",
        "产品",
        "产品名称",
        "宝贝标题",
        "商品标题",
        "宝贝名称",
        "菜品",
        "product_title",
        "product",
        "product_name",
        "item",
        "item_name",
        "referenceName",
    ),
    "sku": (
        "SKU",
        "规格",
        "商品规格",
        "购买规格",
        "宝贝规格",
        "型号",
        "款式",
        "手机参数",
        "颜色分类",
        "商品属性",
        "auctionSku",
        "Variation",
        "Style",
        "variant",
        "productSku",
    ),
    "user": (
        "用户昵称",
        "昵称",
        "会员名",
        "买家会员名",
        "用户名",
        "用户ID",
        "顾客id",
        "买家昵称",
        "买家",
        "displayUserNick",
        "Author",
        "reviewerName",
        "user",
        "username",
        "user_name",
        "nickname",
    ),
    "reply": (
        "商家回复",
        "掌柜回复",
        "回复内容",
        "回复",
        "卖家回复",
        "商家回复内容",
        "reply",
        "replies",
    ),
    "order_id": ("订单号", "订单编号", "订单ID", "子订单号", "order_id", "orderId", "order"),
    "helpful": (
        "点赞数",
        "有用数",
        "有用",
        "like_count",
        "Helpful",
        "vote",
        "votes",
        "useful",
        "usefulVoteCount",
    ),
}

SUBSCORE_ALIASES: tuple[str, ...] = (
    "描述得分",
    "物流得分",
    "服务得分",
    "描述相符",
    "物流服务",
    "服务态度",
    "口味",
    "环境",
    "服务",
    "包装",
    "配送",
)

# Headers that look like ratings but are buyer credit or membership: never a rating.
NOT_RATING: tuple[str, ...] = (
    "user_star",
    "会员级别",
    "用户等级",
    "买家信用",
    "信用等级",
    "会员等级",
    "vip等级",
    "用户级别",
)

# Headers that carry no review information but are common (links, media, counts).
OTHER_KNOWN: tuple[str, ...] = (
    "有图片",
    "图片",
    "图片链接",
    "pics",
    "Images",
    "Videos",
    "视频",
    "URL",
    "链接",
    "Verified",
    "Title",
    "回复数",
    "replyCount",
    "productColor",
    "productSize",
    "序号",
    "id",
    "商品id",
    "商品链接",
    "店铺",
    "店铺名称",
    "人均",
)

_SEPARATORS = re.compile(r"[\s_\-:：/\\()（）\[\]【】.·]+")


def normalize_header(header: object) -> str:
    """Lower-cased header without spaces, underscores and punctuation."""
    return _SEPARATORS.sub("", str(header)).lower()


_LOOKUP: dict[str, str] = {
    normalize_header(alias): role for role, aliases in ALIASES.items() for alias in aliases
}
_SUBSCORES = {normalize_header(a) for a in SUBSCORE_ALIASES}
_NOT_RATING = {normalize_header(a) for a in NOT_RATING}
_OTHER = {normalize_header(a) for a in OTHER_KNOWN}


def role_for_header(header: object) -> str | None:
    """The role a header names exactly (after normalisation), or None."""
    return _LOOKUP.get(normalize_header(header))


def is_subscore_header(header: object) -> bool:
    return normalize_header(header) in _SUBSCORES


def is_not_rating_header(header: object) -> bool:
    """Buyer-credit / membership headers that must never be taken for a rating."""
    return normalize_header(header) in _NOT_RATING


def header_score(cells: list[object]) -> float:
    """How much a row looks like an export's header row (higher is more header-like).

    Counts cells naming a known role (2 points), a sub-score or other known export column
    (1 point); a row holding a review-text alias gets a bonus. Used by the readers to find the
    header below title rows and to pick the sheet that holds reviews.
    """
    score = 0.0
    has_text = False
    for cell in cells:
        if cell is None:
            continue
        key = normalize_header(cell)
        if not key:
            continue
        role = _LOOKUP.get(key)
        if role:
            score += 2
            has_text = has_text or role == "text"
        elif key in _SUBSCORES or key in _NOT_RATING or key in _OTHER:
            score += 1
    return score + (2 if has_text else 0)
