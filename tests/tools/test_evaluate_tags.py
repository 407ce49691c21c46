"""The tag metrics on a hand-made gold set: the arithmetic the evaluation figures rest on."""

from __future__ import annotations

import pytest

from tools.evaluate_tags import (
    SECTION,
    Gold,
    Pred,
    TagView,
    coverage,
    extraction,
    frequent_complaints,
    label_names_target,
    main,
    purity_summary,
    tag_purity,
    write_section,
)

GOLDS = [
    [Gold("快递", "很慢", "neg"), Gold("客服", "热情", "pos")],
    [Gold("快递包装", "破了", "neg"), Gold("菜", "一般", "neu")],
    [Gold("价格", "便宜", "pos")],
    [Gold("鱼汤", "味道浓郁", "pos")],
    [Gold("环境", "一般", "neu")],
]
PREDS = [
    [
        Pred("快递", "很慢", "complaint"),  # exact
        Pred("客服", "很热情", "praise"),  # partial only
        Pred("包装", "破了", "complaint"),  # wrong sentence for this pair
    ],
    [Pred("菜", "一般", "praise")],  # a neutral gold triplet: not counted either way
    [],
    [],
    [],
]


def test_extraction_precision_and_recall_per_polarity() -> None:
    exact = extraction(PREDS, GOLDS, partial=False)
    partial = extraction(PREDS, GOLDS, partial=True)
    # complaint: 2 units, 1 right; gold neg triplets 2 (快递很慢, 快递包装破了), 1 found
    assert exact["complaint"]["units"] == 2
    assert exact["complaint"]["gold"] == 2
    assert exact["complaint"]["precision"] == pytest.approx(0.5)
    assert exact["complaint"]["recall"] == pytest.approx(0.5)
    # 包装破了 would partly match 快递包装破了, but that triplet is another sentence's
    assert partial["complaint"]["precision"] == pytest.approx(0.5)
    assert partial["complaint"]["recall"] == pytest.approx(0.5)
    # praise: 客服很热情 vs 客服热情 only partially; 菜一般 only meets a neutral triplet
    assert exact["praise"]["units"] == 1
    assert exact["praise"]["precision"] == 0.0
    assert partial["praise"]["precision"] == pytest.approx(1.0)
    assert partial["praise"]["recall"] == pytest.approx(1 / 3)
    assert exact["praise"]["on_neutral"] == 1


def test_purity_exact_partial_weighted_and_median() -> None:
    courier = TagView("物流太慢", "物流", "complaint", [0, 0, 1, 2])  # canonical 快递
    price = TagView("价格便宜", "价格", "praise", [2])
    assert tag_purity(courier, GOLDS, partial=False) == pytest.approx(2 / 4)
    assert tag_purity(courier, GOLDS, partial=True) == pytest.approx(3 / 4)
    mean, median, each = purity_summary([courier, price], GOLDS, partial=False)
    assert each == pytest.approx([0.5, 1.0])
    assert mean == pytest.approx(3 / 5)  # clause-weighted: (2 + 1) / (4 + 1)
    assert median == pytest.approx(0.75)
    mean, median, _ = purity_summary([courier, price], GOLDS, partial=True)
    assert mean == pytest.approx(4 / 5)
    assert median == pytest.approx(0.875)


def test_purity_counts_a_target_written_in_the_gold_opinion_only_when_asked() -> None:
    taste = TagView("味道浓郁", "味道", "praise", [3])
    assert tag_purity(taste, GOLDS, partial=True) == 0.0
    assert tag_purity(taste, GOLDS, partial=True, opinions=True) == 1.0


def test_label_names_target_accepts_synonyms_only() -> None:
    assert label_names_target(TagView("物流太慢", "快递", "complaint", [0]))
    assert label_names_target(TagView("快递慢", "快递", "complaint", [0]))
    assert not label_names_target(TagView("很慢", "快递", "complaint", [0]))


def test_coverage_counts_sentences_with_praise_or_complaint_gold() -> None:
    tags = [TagView("快递慢", "快递", "complaint", [0, 0]), TagView("x", "环境", "praise", [4])]
    # sentences 0-3 have pos/neg gold; 4 is neutral only and not counted
    assert coverage(tags, GOLDS) == (1, 4)


def test_frequent_complaints_finds_tags_by_canonical_target() -> None:
    golds = [[Gold("物流", "慢", "neg")], [Gold("快递", "慢", "neg")], [Gold("菜", "咸", "neg")]]
    tags = [
        TagView("上菜慢", "上菜", "complaint", [2]),
        TagView("快递太慢", "快递", "complaint", [0, 1]),
        TagView("菜好吃", "菜", "praise", [2]),
    ]
    assert frequent_complaints(golds, tags, n=2) == [
        ("快递", 2, "快递太慢", "快递太慢"),
        ("菜", 1, "", "上菜慢"),
    ]


def test_write_section_replaces_only_its_section(tmp_path) -> None:
    path = tmp_path / "EVAL.md"
    path.write_text(f"# T\n\n## A\na\n\n{SECTION}\nold\n\n## B\nb\n", encoding="utf-8")
    write_section(path, [SECTION, "", "new"])
    text = path.read_text(encoding="utf-8")
    assert "old" not in text
    assert text == f"# T\n\n## A\na\n\n{SECTION}\n\nnew\n\n## B\nb\n"
    write_section(path, [SECTION, "", "new"])
    assert path.read_text(encoding="utf-8") == text
    other = tmp_path / "OTHER.md"
    other.write_text("# T\n\n## A\na\n", encoding="utf-8")
    write_section(other, [SECTION, "", "new"])
    assert other.read_text(encoding="utf-8") == f"# T\n\n## A\na\n\n{SECTION}\n\nnew\n"


def test_missing_data_folder_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["--data", str(tmp_path / "nowhere")]) == 2
    assert "找不到评测数据" in capsys.readouterr().err
