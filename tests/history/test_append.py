"""Appending exports to a shop history: overlaps counted once, 追评 updates, date filters."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date

import pytest

from app.cli_import import load_import
from app.core.progress import CancelToken, no_progress
from app.history import schema
from app.history.append import append_import
from app.history.queries import held_reviews, info
from app.history.store import open_history
from tests.history.exports import write_export


def _import(*paths):
    args = argparse.Namespace(
        files=[str(p) for p in paths], sheet=None, encoding=None, mapping=[],
        reference_date=None, no_saved_mapping=False, save_mapping=False,
    )  # fmt: skip
    return load_import(args, no_progress, CancelToken())


@pytest.fixture
def shop(tmp_path):
    with open_history(tmp_path / "店.reviewlens", create=True) as history:
        yield history


def test_overlapping_exports_count_each_review_once(shop, tmp_path):
    first = append_import(shop, _import(write_export(tmp_path / "jan.csv", range(60))))
    second = append_import(shop, _import(write_export(tmp_path / "feb.csv", range(40, 100))))
    assert (first.new, first.already_held) == (60, 0)
    assert (second.new, second.already_held, second.dropped_total) == (40, 20, 0)
    held = info(shop)
    assert held.reviews == 100
    assert (held.first_date, held.last_date) == ("2026-01-01", "2026-04-10")
    assert [i.new for i in held.imports] == [60, 40]
    statuses = shop.db.execute(
        "SELECT status, COUNT(*) FROM ledger WHERE import_id = ? GROUP BY status",
        (second.import_id,),
    ).fetchall()
    assert sorted(statuses) == [("already_held", 20), ("kept", 40)]


def test_reimporting_the_same_export_adds_nothing(shop, tmp_path):
    export = write_export(tmp_path / "a.csv", range(30))
    append_import(shop, _import(export))
    again = append_import(shop, _import(export))
    assert (again.new, again.already_held) == (0, 30)
    assert info(shop).reviews == 30
    assert len(info(shop).imports) == 2
    assert shop.db.execute("SELECT COUNT(*) FROM ledger").fetchone()[0] == 60  # every row


def test_exports_without_order_ids_also_count_once(shop, tmp_path):
    append_import(shop, _import(write_export(tmp_path / "a.csv", range(20), order=False)))
    later = append_import(
        shop, _import(write_export(tmp_path / "b.csv", range(10, 25), order=False))
    )
    assert (later.new, later.already_held) == (5, 10)
    assert info(shop).reviews == 25


def test_a_review_twice_in_one_export_is_counted_once_and_said_so(shop, tmp_path):
    # exports list some reviews twice, the second time with the seconds (09:30 / 09:30:12)
    export = write_export(tmp_path / "a.csv", range(10), order=False)
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    lines += [lines[3].replace(":30:00", ":30:12"), lines[5].replace(":30:00", ":30:12")]
    export.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    added = append_import(shop, _import(export))
    assert (added.new, added.already_held, added.repeated) == (10, 0, 2)
    reasons = shop.db.execute(
        "SELECT reason_code, reason FROM ledger WHERE status = 'already_held'"
    ).fetchall()
    assert reasons == [("repeated", "与本次导入的前面某行是同一条评价（只算一次）")] * 2


def test_a_followup_in_a_later_export_updates_the_held_review(shop, tmp_path):
    append_import(shop, _import(write_export(tmp_path / "a.csv", range(10))))
    followup = "用了一个月盖子开始漏水，保温也不行了"
    later = append_import(
        shop, _import(write_export(tmp_path / "b.csv", range(5, 15), {7: followup}))
    )
    assert (later.new, later.already_held, later.followups) == (5, 5, 1)
    reviews = held_reviews(shop).ledger
    assert len(reviews) == 15
    row = reviews[reviews["followup_text"] != ""]
    assert row["followup_text"].tolist() == [followup]
    assert row["followup_analysis_text"].iloc[0] != ""
    assert str(row["followup_date"].iloc[0].date()) == "2026-01-28"
    # an export without the 追评 (older, or another template) does not erase it
    append_import(shop, _import(write_export(tmp_path / "c.csv", range(10))))
    assert held_reviews(shop).ledger["followup_text"].tolist().count(followup) == 1


def test_held_reviews_since_until_are_whole_days_both_included(shop, tmp_path):
    append_import(shop, _import(write_export(tmp_path / "a.csv", range(90))))
    held = held_reviews(shop, since=date(2026, 2, 1), until=date(2026, 2, 28)).ledger
    assert len(held) == 28
    assert str(held["date"].min().date()) == "2026-02-01"
    assert str(held["date"].max().date()) == "2026-02-28"
    assert len(held_reviews(shop, since="2026-03-01").ledger) == 90 - 59
    assert held["status"].eq("kept").all() and held["review_id"].is_unique


def test_the_history_analyses_like_the_import_it_came_from(shop, tmp_path):
    from app.core.pipeline import AnalysisConfig, run_analysis

    imported = _import(write_export(tmp_path / "a.csv", range(40)))
    append_import(shop, imported)
    config = AnalysisConfig(adapt_to_ratings=False)
    direct = run_analysis(imported, config)
    from_history = run_analysis(held_reviews(shop), config)
    assert len(from_history.reviews) == len(direct.reviews) == 40
    assert from_history.aspects["complaint"].sum() == direct.aspects["complaint"].sum()
    assert from_history.aspects["praise"].sum() == direct.aspects["praise"].sum()


def test_a_failed_append_leaves_the_history_as_it_was(shop, tmp_path):
    append_import(shop, _import(write_export(tmp_path / "a.csv", range(10))))
    imported = _import(write_export(tmp_path / "b.csv", range(5, 30)))
    token = CancelToken()
    calls = []

    class Stop(Exception):
        pass

    def check():
        calls.append(1)
        if len(calls) == 3:  # after the new reviews are written
            raise Stop

    token.check = check
    with pytest.raises(Stop):
        append_import(shop, imported, cancel=token)
    assert info(shop).reviews == 10
    assert len(info(shop).imports) == 1
    assert shop.db.execute("SELECT COUNT(*) FROM ledger").fetchone()[0] == 10


def test_a_schema_1_file_opens_migrates_and_keeps_its_reviews(tmp_path):
    path = tmp_path / "old.reviewlens"
    db = sqlite3.connect(path, isolation_level=None)
    schema.create_v1(db)
    db.execute(
        "INSERT INTO imports VALUES (1, '2026-01-01T10:00:00', '2026-01-01T10:00:01', '[]',"
        " 1, 1, 0, 0, '0.1.0')"
    )
    imported = _import(write_export(tmp_path / "a.csv", range(1)))
    from app.history.keys import review_keys

    key = review_keys(imported.ledger)[0]
    db.execute(
        "INSERT INTO reviews (id, key, text, analysis_text, date, source_file, source_row,"
        " first_import_id, last_import_id) VALUES (1, ?, ?, ?, '2026-01-01 09:30:00', 'a.csv',"
        " 2, 1, 1)",
        (key, imported.ledger["text"][0], imported.ledger["analysis_text"][0]),
    )
    db.close()
    with open_history(path) as history:
        assert history.db.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert info(history).sources == {"main": 1}
        assert info(history).changes == 0
        again = append_import(history, imported)
    assert (again.new, again.already_held) == (0, 1)


def test_the_owner_reads_repeated_rows_apart_from_reviews_imported_before(tmp_path):
    from app.history.session import add_files, added_lines

    export = write_export(tmp_path / "a.csv", range(10), order=False)
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    export.write_text("\n".join([*lines, lines[3].replace(":30:00", ":30:12")]) + "\n",
                      encoding="utf-8-sig")  # fmt: skip
    said = added_lines(add_files(tmp_path / "店", [str(export)]), "zh")
    assert said[0] == "新增 10 条，已有 0 条（之前导入过），删除 0 行。"
    assert (
        said[1] == "另有 1 行与本次导入的前面某行是同一条评价（例如只差几秒的同一条），只算一次。"
    )
