"""An export saved by Excel (order IDs rounded to 4.1E+18) still finds its held reviews."""

from __future__ import annotations

import csv
from decimal import Decimal

from app.history.append import append_import
from app.history.store import open_history
from tests.history.exports import HEADER, review
from tests.history.test_append import _import


def _excel_general(order: str) -> str:
    """What Excel writes for a long number in a General cell: 4.1E+18."""
    return f"{float(order):.6G}"


def _excel_number(order: str) -> str:
    """What Excel writes in a Number cell: 15 significant digits, then zeros."""
    return str(int(Decimal(f"{int(order):.15g}")))


def _write(path, numbers, id_form=None, order_of=None):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in numbers:
            row = review(i)
            if order_of is not None:
                row[0] = order_of(i)
            if id_form is not None:
                row[0] = id_form(row[0])
            out.writerow(row)
    return path


def _add(tmp_path, *paths):
    with open_history(tmp_path / "店.reviewlens", create=True) as history:
        return [append_import(history, _import(p)) for p in paths]


def test_an_export_saved_by_excel_counts_held_reviews_once(tmp_path):
    full = _write(tmp_path / "full.csv", range(0, 40))
    excel = _write(tmp_path / "excel.csv", range(20, 45), _excel_general)
    first, again = _add(tmp_path, full, excel)
    assert first.new == 40
    assert (again.new, again.already_held) == (5, 20)


def test_the_full_ids_after_an_excel_saved_export_are_found_too(tmp_path):
    excel = _write(tmp_path / "excel.csv", range(0, 30), _excel_number)
    full = _write(tmp_path / "full.csv", range(10, 40))
    first, again = _add(tmp_path, excel, full)
    assert first.new == 30
    assert (again.new, again.already_held) == (10, 20)


def test_two_full_order_ids_stay_two_orders(tmp_path):
    # the same buyer, day and text on two orders (two items of one cart, both 「好评」)
    a = _write(tmp_path / "a.csv", range(0, 10))
    b = _write(tmp_path / "b.csv", range(0, 10), order_of=lambda i: f"{5200000000000000000 + i}")
    _, second = _add(tmp_path, a, b)
    assert (second.new, second.already_held) == (10, 0)


def test_a_partly_rounded_export_matches_each_row_to_its_own_review(tmp_path):
    full = _write(tmp_path / "full.csv", range(0, 30))
    # rows 0–9 with their full IDs, 10–24 rounded (a block re-typed in Excel), 30–34 new
    mixed = tmp_path / "mixed.csv"
    _write(mixed, [*range(0, 10), *range(10, 25), *range(30, 35)])
    lines = mixed.read_text(encoding="utf-8-sig").splitlines()
    for at in range(11, 26):  # the header is line 0
        order, rest = lines[at].split(",", 1)
        lines[at] = f"{_excel_general(order)},{rest}"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    _, again = _add(tmp_path, full, mixed)
    assert (again.new, again.already_held) == (5, 25)
    with open_history(tmp_path / "店.reviewlens") as history:
        (held,) = history.db.execute("SELECT COUNT(*) FROM reviews").fetchone()
        texts = {r[0] for r in history.db.execute("SELECT text FROM reviews")}
    assert held == 35 and len(texts) == 35  # each rounded row found its own review


def test_reviews_held_before_the_upgrade_are_found_by_a_rounded_id(tmp_path):
    import sqlite3

    from app.history import schema
    from app.history.keys import review_keys

    path = tmp_path / "店.reviewlens"  # a schema-2 file holding review 0 with its full ID
    full = _import(_write(tmp_path / "full.csv", range(1)))
    row = full.ledger.iloc[0]
    db = sqlite3.connect(path, isolation_level=None)
    schema.create_v1(db)
    schema.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 2")
    db.execute(
        "INSERT INTO imports VALUES (1, '2026-01-01T10:00:00', '2026-01-01T10:00:01', '[]',"
        " 1, 1, 0, 0, '0.1.0')"
    )
    db.execute(
        "INSERT INTO reviews (id, key, text, analysis_text, date, user, order_id, source_file,"
        " source_row, first_import_id, last_import_id) VALUES (1, ?, ?, ?, ?, ?, ?, 'a.csv', 2,"
        " 1, 1)",
        (
            review_keys(full.ledger)[0], row["text"], row["analysis_text"],
            f"{row['date']:%Y-%m-%d %H:%M:%S}", row["user"], row["order_id"],
        ),
    )  # fmt: skip
    db.close()
    (again,) = _add(tmp_path, _write(tmp_path / "excel.csv", range(1), _excel_general))
    assert (again.new, again.already_held) == (0, 1)
