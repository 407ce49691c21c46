"""Small invented review exports for the shop-history tests (written into tmp_path)."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

HEADER = ("订单编号", "宝贝标题", "宝贝规格", "买家会员名", "评分", "初评内容", "初评时间",
          "追评内容", "追评时间")  # fmt: skip
ASPECTS = ("保温效果很好", "物流很快", "包装结实", "盖子有点紧", "颜色和图片一样", "客服回复及时")
START = datetime(2026, 1, 1, 9, 30)


def review(i: int, followup: str = "", *, order: bool = True) -> list[str]:
    """Review number ``i``: one a day from 2026-01-01, distinct text, order ID when ``order``."""
    date = START + timedelta(days=i)
    text = f"第{i}次买这个杯子，{ASPECTS[i % len(ASPECTS)]}，{ASPECTS[(i * 7 + 1) % len(ASPECTS)]}"
    fu_date = (date + timedelta(days=20)).strftime("%Y-%m-%d %H:%M:%S") if followup else ""
    return [
        f"{4100000000000000000 + i * 7919}" if order else "",
        "316不锈钢保温杯",
        "颜色分类:奶白;容量:500ml",
        f"t**{i % 10}",
        str(5 - i % 3),
        text,
        date.strftime("%Y-%m-%d %H:%M:%S"),
        followup,
        fu_date,
    ]


def write_export(
    path: Path, numbers, followups: dict[int, str] | None = None, *, order: bool = True
) -> Path:
    """A Taobao-like CSV with reviews ``numbers`` (and 追评 for some of them)."""
    followups = followups or {}
    header = HEADER if order else HEADER[1:]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in numbers:
            row = review(i, followups.get(i, ""), order=order)
            writer.writerow(row if order else row[1:])
    return path
