"""The real exports in ../shared/data/exports (skipped on machines without them)."""

import pytest

from app.core.ingest.ledger import build_import
from app.core.ingest.opinions import opinions


@pytest.fixture
def exports(shared_data):
    readers = pytest.importorskip("app.io.readers.read")
    folder = shared_data / "exports"
    if not folder.is_dir():
        pytest.skip("no exports folder")
    return [readers.read_file(p) for p in sorted(folder.iterdir()) if p.suffix in {".csv", ".xlsx"}]


@pytest.mark.shared_data
def test_real_exports_are_fully_accounted_for(exports):
    result = build_import(exports)
    assert len(result.ledger) == sum(len(t.frame) for t in exports)
    for report in result.files:
        assert report.kept + report.dropped == report.rows
        assert report.platform == "taobao"
    phone = next(r for r in result.files if r.source_file.endswith(".csv"))
    assert phone.roles.column("text") == "评论内容"
    assert phone.roles.column("purchase_date") == "购买时间"
    assert phone.roles.column("rating") is None  # 会员级别 is buyer credit
    codes = result.ledger["reason_code"].value_counts()
    assert codes["placeholder"] > 0 and codes["repeated_header"] > 0 and codes["blank_row"] > 0
    assert any("科学计数法" in w for w in result.warnings)
    tshirt = next(r for r in result.files if r.source_file.endswith(".xlsx"))
    assert tshirt.roles.column("followup_text") == "追评"
    assert tshirt.roles.column("reply") == "商家回复"
    assert "rating" not in tshirt.roles.mapping  # 用户等级 is buyer credit
    units = opinions(result)
    assert (units["kind"] == "followup").sum() >= 1
    assert units["text"].str.len().min() > 0
