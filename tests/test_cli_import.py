"""`python main.py import`: what a shop owner sees on the command line."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.ingest.model import EXPORT_COLUMNS
from app.samples import sample_path
from tools.samples import write_csv

REPO = Path(__file__).resolve().parent.parent


def _read_export(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to show Chinese"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_sample_import_prints_summary_in_chinese(capsys):
    assert main(["import", str(sample_path())]) == 0
    out = capsys.readouterr().out
    assert "读取 1 个文件，共 400 行" in out
    assert "GB18030" in out.upper()
    assert "淘宝/天猫" in out
    assert "评论内容" in out and "初评内容" in out
    assert "追评" in out
    assert "平台默认" in out  # placeholders are dropped with a readable reason
    assert "买家信用" in out.split("未使用的列")[1]  # buyer credit is never taken for a rating


def test_english_summary(capsys):
    assert main(["--lang", "en", "import", str(sample_path())]) == 0
    out = capsys.readouterr().out
    assert "Read 1 file(s), 400 rows" in out
    assert "Column roles" in out


def test_export_csv_accounts_for_every_row(tmp_path, capsys):
    out_path = tmp_path / "rows.csv"
    assert main(["import", str(sample_path()), "--export-csv", str(out_path)]) == 0
    rows = _read_export(out_path)
    assert list(rows[0].keys()) == list(EXPORT_COLUMNS)
    assert len(rows) == 400
    assert {r["status"] for r in rows} == {"kept", "dropped"}
    dropped = [r for r in rows if r["status"] == "dropped"]
    assert dropped and all(r["reason"] for r in dropped)
    assert all(r["reason"] == "" for r in rows if r["status"] == "kept")
    assert {r["rating"] for r in rows} <= {"1", "2", "3", "4", "5", ""}
    dated = [r["date"] for r in rows if r["date"]]
    assert dated and all(len(d) in (10, 19) and d[4] == "-" and d[7] == "-" for d in dated)
    assert [int(r["source_row"]) for r in rows] == list(range(3, 403))  # title row + header row
    assert all(len(r["order_id"]) == 19 for r in rows)  # long ids keep every digit
    summary = capsys.readouterr().out
    kept = sum(r["status"] == "kept" for r in rows)
    assert f"保留 {kept} 行，删除 {400 - kept} 行" in summary


def test_several_files_are_merged_with_their_source(tmp_path):
    first = write_csv(tmp_path / "a.csv", 30, seed=1)
    second = write_csv(tmp_path / "b.csv", 20, seed=2, encoding="utf-8-sig")
    out_path = tmp_path / "rows.csv"
    assert main(["import", str(first), str(second), "--export-csv", str(out_path)]) == 0
    rows = _read_export(out_path)
    assert len(rows) == 50
    assert {r["source_file"] for r in rows} == {"a.csv", "b.csv"} or {
        Path(r["source_file"]).name for r in rows
    } == {"a.csv", "b.csv"}


def test_missing_file_is_explained_without_traceback(tmp_path, capsys):
    code = main(["import", str(tmp_path / "不存在.csv")])
    err = capsys.readouterr().err
    assert code == 1
    assert "不存在.csv" in err and "Traceback" not in err


def test_unknown_role_in_map_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(sample_path()), "--map", "stars=评分"])
    assert exit_info.value.code == 2
    assert "stars" in capsys.readouterr().err


def test_map_to_missing_column_names_the_real_columns(capsys):
    code = main(["import", str(sample_path()), "--map", "rating=星星"])
    err = capsys.readouterr().err
    assert code == 1
    assert "星星" in err and "评分" in err


def test_manual_map_changes_the_role(tmp_path):
    out_path = tmp_path / "rows.csv"
    args = [
        "import",
        str(sample_path()),
        "--map",
        "product=宝贝规格",
        "--export-csv",
        str(out_path),
    ]
    assert main(args) == 0
    rows = _read_export(out_path)
    assert rows[0]["product"].startswith("颜色分类:")


def test_unwritable_export_leaves_nothing_behind(tmp_path, capsys):
    target = tmp_path / "missing-folder" / "rows.csv"
    assert main(["import", str(sample_path()), "--export-csv", str(target)]) == 1
    assert "missing-folder" in capsys.readouterr().err
    assert not target.parent.exists()


def test_help_documents_every_option():
    result = subprocess.run(
        [sys.executable, "main.py", "import", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0
    for option in ("--map", "--sheet", "--encoding", "--reference-date", "--save-mapping",
                   "--no-saved-mapping", "--export-csv", "--lang"):  # fmt: skip
        assert option in result.stdout
    assert "评价导出文件" in result.stdout
