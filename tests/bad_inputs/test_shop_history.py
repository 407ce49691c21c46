"""Bad shop files are refused with a plain message, exit 1, and are never changed."""

from __future__ import annotations

import sqlite3

import pytest
from openpyxl import Workbook

from app.cli import main
from app.history.store import open_history
from tests.history.exports import write_export

COMMANDS = (["add", "{shop}", "{csv}"], ["info", "{shop}"], ["analyze", "{shop}"])


def _run(capsys, command, shop, csv):
    argv = ["shop", *(a.format(shop=shop, csv=csv) for a in command)]
    code = main(argv)
    return code, capsys.readouterr().err


def _refused_untouched(capsys, tmp_path, shop, message):
    csv = write_export(tmp_path / "reviews.csv", range(5))
    before = shop.read_bytes()
    for command in COMMANDS:
        code, err = _run(capsys, command, shop, csv)
        assert code == 1, command
        assert message in err, (command, err)
        assert "Traceback" not in err
    assert shop.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([shop.name, csv.name])


def _history(tmp_path, name="店.reviewlens", reviews=range(20)):
    shop = tmp_path / name
    assert main(["shop", "add", str(shop), str(write_export(tmp_path / "a.csv", reviews))]) == 0
    (tmp_path / "a.csv").unlink()
    return shop


def test_a_shop_file_from_a_newer_version_is_refused_and_left_byte_identical(capsys, tmp_path):
    shop = _history(tmp_path)
    db = sqlite3.connect(shop)
    db.execute("PRAGMA user_version = 99")
    db.close()
    capsys.readouterr()
    _refused_untouched(capsys, tmp_path, shop, "这个店铺文件来自更新版本的评论透镜")


def test_another_programs_sqlite_file_is_refused_and_untouched(capsys, tmp_path):
    shop = tmp_path / "contacts.db"
    db = sqlite3.connect(shop)
    db.execute("CREATE TABLE people (name TEXT)")
    db.execute("INSERT INTO people VALUES ('x')")
    db.commit()
    db.close()
    _refused_untouched(capsys, tmp_path, shop, "是另一个程序的数据库，不是评论透镜的店铺文件")


def test_a_garbage_file_is_refused_and_untouched(capsys, tmp_path):
    shop = tmp_path / "店.reviewlens"
    shop.write_bytes(bytes(range(256)) * 40)
    _refused_untouched(capsys, tmp_path, shop, "不是评论透镜的店铺文件")


def test_a_workbook_given_as_the_shop_is_refused_and_untouched(capsys, tmp_path):
    shop = tmp_path / "评价.xlsx"
    book = Workbook()
    book.active.append(["初评内容", "评分"])
    book.save(shop)
    _refused_untouched(capsys, tmp_path, shop, "不是评论透镜的店铺文件")


@pytest.mark.parametrize("size", [lambda n: n // 2, lambda n: 8192, lambda n: 60])
def test_a_truncated_shop_file_is_refused_as_damaged_and_untouched(capsys, tmp_path, size):
    shop = _history(tmp_path, reviews=range(300))
    data = shop.read_bytes()
    shop.write_bytes(data[: size(len(data))])
    capsys.readouterr()
    _refused_untouched(capsys, tmp_path, shop, "已损坏")


def test_a_missing_shop_file_is_not_created_by_info_or_analyze(capsys, tmp_path):
    for command in (["info"], ["analyze"]):
        code = main(["shop", *command, str(tmp_path / "我的店")])
        assert code == 1
        assert "找不到店铺文件" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_shop_file_cannot_be_an_input_file(capsys, tmp_path):
    csv = write_export(tmp_path / "a.csv", range(5))
    before = csv.read_bytes()
    assert main(["shop", "add", str(csv), str(csv)]) == 1
    assert "店铺文件不能是要导入的文件" in capsys.readouterr().err
    assert csv.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_outputs_never_replace_the_shop_file(capsys, tmp_path):
    shop = _history(tmp_path)
    before = shop.read_bytes()
    for argv in (["analyze", str(shop), "-o", str(shop)],
                 ["analyze", str(shop), "--export-csv", str(shop)],
                 ["add", str(shop), str(write_export(tmp_path / "b.csv", range(3))),
                  "--export-csv", str(shop)]):  # fmt: skip
        assert main(["shop", *argv]) == 1
        assert "会覆盖它" in capsys.readouterr().err
    assert shop.read_bytes() == before


def test_a_failed_first_import_leaves_no_shop_file(capsys, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["shop", "add", str(tmp_path / "新店"), str(empty)]) == 1
    assert capsys.readouterr().err.startswith("错误：")
    assert [p.name for p in tmp_path.iterdir()] == ["empty.csv"]


def test_a_failed_import_into_a_held_shop_changes_nothing(capsys, tmp_path):
    shop = _history(tmp_path)
    before = shop.read_bytes()
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["shop", "add", str(shop), str(empty)]) == 1
    assert shop.read_bytes() == before


def test_a_period_with_no_reviews_is_a_plain_error(capsys, tmp_path):
    shop = _history(tmp_path)
    assert main(["shop", "analyze", str(shop), "--since", "2027-01-01"]) == 1
    assert "没有这段时间（2027-01-01 – …）的评价" in capsys.readouterr().err
    assert (
        main(["shop", "analyze", str(shop), "--since", "2026-03-01", "--until", "2026-02-01"]) == 1
    )
    assert "这段时间是空的" in capsys.readouterr().err


def test_a_folder_as_the_shop_is_refused(capsys, tmp_path):
    folder = tmp_path / "店.reviewlens"
    folder.mkdir()
    with pytest.raises(Exception, match="是一个文件夹"):
        open_history(folder, create=True)
    assert list(folder.iterdir()) == []


def test_a_shop_file_that_cannot_be_written_keeps_its_reviews(tmp_path):
    import sqlite3 as sql

    from app.history.append import append_import
    from app.history.store import History, HistoryError
    from tests.history.test_append import _import

    shop = _history(tmp_path)
    before = shop.read_bytes()
    read_only = sql.connect(f"file:{shop}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(HistoryError, match="是只读的"):
        append_import(History(shop, read_only), _import(write_export(tmp_path / "b.csv", [30])))
    read_only.close()
    assert shop.read_bytes() == before


def test_a_shop_file_in_use_by_another_import_is_a_plain_message(capsys, tmp_path):
    shop = _history(tmp_path)
    other = sqlite3.connect(shop, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another import is writing
    try:
        from app.history import store

        history = store.open_history(shop)
        history.db.execute("PRAGMA busy_timeout = 100")
        with (
            pytest.raises(store.HistoryError, match="正被另一个窗口或命令使用"),
            history.transaction(),
        ):
            pass
        history.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
