"""SKU labels on the heat map: what differs between the variants, short, distinct (issue 18)."""

from __future__ import annotations

import pandas as pd
import pytest

from app.core.charts import figures as charts
from app.core.charts.style import display_width


def heatmap_labels(skus: list[str]) -> dict[str, str]:
    """Full SKU → the label the heat map shows for it (complaints 10, 9, 8… so order is known)."""
    counts = [[10 - i, 1] for i in range(len(skus))]
    fig = charts.sku_aspect_heatmap(pd.DataFrame(counts, index=skus, columns=["质量", "物流"]))
    shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(shown) == len(skus)
    return dict(zip(skus, shown, strict=True))


def assert_readable(labels: dict[str, str]) -> None:
    shown = list(labels.values())
    assert len(set(shown)) == len(shown), shown
    assert not any("#" in label for label in shown), shown
    assert all(display_width(label) <= 26 for label in shown), shown


@pytest.mark.parametrize(
    ("skus", "expected"),
    [
        (  # Tmall phone listing: every SKU shares 网络类型:无需合约版, values cut before
            [
                "网络类型:无需合约版 机身颜色:金色 存储容量:64GB",
                "网络类型:无需合约版 机身颜色:银色 存储容量:64GB",
                "网络类型:无需合约版 机身颜色:金色 存储容量:256GB",
            ],
            ["金色 64GB", "银色 64GB", "金色 256GB"],
        ),
        (  # Taobao export: "颜色分类:…;存储容量:…;网络类型:全网通"
            [
                "颜色分类:金色;存储容量:64GB;网络类型:全网通",
                "颜色分类:黑色;存储容量:128GB;网络类型:全网通",
                "颜色分类:金色;存储容量:128GB;网络类型:全网通",
            ],
            ["金色 64GB", "黑色 128GB", "金色 128GB"],
        ),
        (  # JD: full-width colons, properties separated by spaces
            ["颜色：黑色 尺码：XL", "颜色：白色 尺码：XL", "颜色：黑色 尺码：M"],
            ["黑色 XL", "白色 XL", "黑色 M"],
        ),
        (  # Pinduoduo: bare values, the memory shared
            ["黑色 12GB+256GB", "白色 12GB+256GB", "远峰蓝 12GB+256GB"],
            ["黑色", "白色", "远峰蓝"],
        ),
        (  # a shared bracketed bundle name in front
            ["【官方标配】星光色 128G", "【官方标配】午夜色 128G", "【官方标配】星光色 256G"],
            ["星光色 128G", "午夜色 128G", "星光色 256G"],
        ),
    ],
)
def test_labels_drop_the_shared_property_names_and_values(skus, expected):
    labels = heatmap_labels(skus)
    assert list(labels.values()) == expected
    assert_readable(labels)


def test_jd_sizes_keep_what_differs():
    labels = heatmap_labels(["颜色：黑色 尺码：XL", "颜色：白色 尺码：XL", "颜色：黑色 尺码：M"])
    assert not any("颜色" in label or "尺码" in label for label in labels.values())


def test_long_names_differing_only_in_the_middle_stay_apart():
    common = "2024新款春季加厚加绒保暖款超长款式"
    skus = [f"{common}{colour}XL码男女同款情侣款宽松大码" for colour in ("黑色", "白色", "卡其色")]
    labels = heatmap_labels(skus)
    assert_readable(labels)
    for sku, colour in zip(skus, ("黑色", "白色", "卡其色"), strict=True):
        assert colour in labels[sku]


def test_identical_after_trimming_falls_back_to_distinct_forms():
    labels = heatmap_labels(["颜色分类:黑色", "颜色:黑色", "黑色"])
    assert_readable(labels)
    assert all("黑色" in label for label in labels.values())
    # same values under two property names (a shop renamed 机身颜色 to 颜色分类)
    renamed = heatmap_labels(
        [
            "网络类型:无需合约版;机身颜色:黑色;存储容量:64GB",
            "网络类型:无需合约版;颜色分类:黑色;存储容量:64GB",
        ]
    )
    assert_readable(renamed)
    assert "机身颜色" in renamed["网络类型:无需合约版;机身颜色:黑色;存储容量:64GB"]
