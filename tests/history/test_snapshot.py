"""The stored last dashboard of a shop: saved in one go, read without writing, stale once the
shop changes, and nothing at all from a file that cannot hold one."""

from __future__ import annotations

import re
import sqlite3

import pytest

from app.history import schema
from app.history.session import add_files
from app.history.snapshot import load_snapshot, save_snapshot
from app.history.store import HistoryError
from tests.history.exports import write_export

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
def shop(tmp_path):
    path = tmp_path / "店.reviewlens"
    add_files(path, [str(write_export(tmp_path / "一月.csv", range(40)))])
    return path


def test_a_saved_snapshot_comes_back_and_is_current(shop):
    payload = {"lang": "zh", "kpi_values": {"reviews": 40}, "subtitle": "文件：一月.csv"}
    save_snapshot(shop, payload, {"overview": PNG, "trend": PNG[:100]})
    snap = load_snapshot(shop)
    assert snap is not None and snap.current
    assert snap.payload["kpi_values"] == {"reviews": 40}
    assert snap.payload["subtitle"] == "文件：一月.csv" and snap.payload["lang"] == "zh"
    assert snap.charts == {"overview": PNG, "trend": PNG[:100]}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", snap.made_at)

    save_snapshot(shop, {"lang": "en"}, {"trend": PNG})  # replaces, keeps nothing of the old
    snap = load_snapshot(shop)
    assert snap is not None and snap.payload["lang"] == "en" and set(snap.charts) == {"trend"}


def test_another_import_makes_the_snapshot_not_current(shop, tmp_path):
    save_snapshot(shop, {"lang": "zh"}, {})
    add_files(shop, [str(write_export(tmp_path / "二月.csv", range(30, 60)))])
    snap = load_snapshot(shop)
    assert snap is not None and not snap.current


def test_loading_never_changes_the_file(shop):
    save_snapshot(shop, {"lang": "zh"}, {"overview": PNG})
    before = shop.read_bytes()
    assert load_snapshot(shop) is not None
    assert shop.read_bytes() == before


def test_a_shop_without_a_snapshot_has_none(shop):
    before = shop.read_bytes()
    assert load_snapshot(shop) is None
    assert shop.read_bytes() == before


def test_a_file_that_is_not_a_shop_has_none_and_is_unchanged(tmp_path):
    export = write_export(tmp_path / "评价.csv", range(5))
    other = tmp_path / "别的.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE snapshot (name TEXT PRIMARY KEY, data BLOB NOT NULL)")
    db.execute("INSERT INTO snapshot VALUES ('payload', '{\"made_at\": \"2026-01-01 10:00\"}')")
    db.commit()
    db.close()
    for path in (export, other, tmp_path / "没有这个.reviewlens"):
        before = path.read_bytes() if path.exists() else None
        assert load_snapshot(path) is None
        assert (path.read_bytes() if path.exists() else None) == before
    with pytest.raises(HistoryError, match="不是评论透镜的店铺文件"):
        save_snapshot(export, {"lang": "zh"}, {})
    assert not (tmp_path / "没有这个.reviewlens").exists()


def test_a_schema_2_file_has_none_and_is_unchanged(tmp_path):
    path = tmp_path / "旧店.reviewlens"
    db = sqlite3.connect(path, isolation_level=None)
    schema.create_v1(db)
    schema.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 2")
    db.execute(  # even a snapshot table of the same name is not read from an older file
        "CREATE TABLE snapshot (name TEXT PRIMARY KEY, data BLOB NOT NULL)"
    )
    db.execute("INSERT INTO snapshot VALUES ('payload', '{\"made_at\": \"2026-01-01 10:00\"}')")
    db.close()
    before = path.read_bytes()
    assert load_snapshot(path) is None
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "data", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"lang": "zh"}'], ids=repr
)
def test_a_garbled_payload_gives_none_and_the_file_is_unchanged(shop, data):
    save_snapshot(shop, {"lang": "zh"}, {"overview": PNG})
    db = sqlite3.connect(shop)
    db.execute("UPDATE snapshot SET data = ? WHERE name = 'payload'", (data,))
    db.commit()
    db.close()
    before = shop.read_bytes()
    assert load_snapshot(shop) is None
    assert shop.read_bytes() == before
