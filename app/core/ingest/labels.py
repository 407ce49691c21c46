"""Readable names of column roles and platforms, in the current language."""

from __future__ import annotations

from app.core.i18n import tr
from app.core.ingest.model import PLATFORMS, SUBSCORES

ROLE_LABELS: dict[str, tuple[str, str]] = {
    "text": ("评论内容", "review text"),
    "followup_text": ("追评", "follow-up review"),
    "followup_date": ("追评时间", "follow-up date"),
    "date": ("评价时间", "review date"),
    "purchase_date": ("购买时间", "purchase date"),
    "rating": ("评分", "rating"),
    "product": ("商品", "product"),
    "sku": ("规格/SKU", "SKU / variant"),
    "user": ("用户", "user"),
    "reply": ("商家回复", "seller reply"),
    "order_id": ("订单号", "order id"),
    "helpful": ("点赞/有用数", "helpful votes"),
    SUBSCORES: ("分项评分", "sub-scores"),
}


def role_label(role: str) -> str:
    zh, en = ROLE_LABELS.get(role, (role, role))
    return tr(zh, en)


def platform_label(platform: str) -> str:
    zh, en = PLATFORMS.get(platform, PLATFORMS["unknown"])
    return tr(zh, en)
