"""``python main.py shop add|info|analyze`` end to end, and a killed import."""

from __future__ import annotations

import csv
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import main
from tests.history.exports import write_export

ROOT = Path(__file__).resolve().parent.parent.parent


def _reviews(shop: Path) -> int:
    db = sqlite3.connect(f"file:{shop}?mode=ro", uri=True)
    try:
        return db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    finally:
        db.close()


def test_add_then_info_json(capsys, tmp_path):
    a = write_export(tmp_path / "a.csv", range(30))
    b = write_export(tmp_path / "b.csv", range(20, 45))
    assert main(["shop", "add", str(tmp_path / "我的店"), str(a)]) == 0
    assert main(["shop", "add", str(tmp_path / "我的店"), str(b), str(a)]) == 0
    out = capsys.readouterr().out
    # b brings 15 new reviews; a is held; rows in both files are duplicates within the import
    assert "读取 55 行：新增 15 条评价，已有 30 条（之前导入过），删除 10 行。" in out
    assert main(["shop", "info", str(tmp_path / "我的店.reviewlens"), "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["reviews"] == 45
    assert facts["imports"] == 2
    assert facts["sources"] == {"main": 45}
    assert (facts["first_date"], facts["last_date"]) == ("2026-01-01", "2026-02-14")
    assert [i["new"] for i in facts["import_list"]] == [30, 15]


def test_add_export_csv_marks_held_rows(capsys, tmp_path):
    shop = tmp_path / "店"
    assert main(["shop", "add", str(shop), str(write_export(tmp_path / "a.csv", range(10)))]) == 0
    b = write_export(tmp_path / "b.csv", range(5, 12))
    assert main(["shop", "add", str(shop), str(b), "--export-csv", str(tmp_path / "rows.csv")]) == 0
    with (tmp_path / "rows.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["status"] for r in rows] == ["already_held"] * 5 + ["kept"] * 2
    assert rows[0]["reason"] == "店铺历史里已有这条评价"


def test_shop_analyze_is_analyze_over_the_held_reviews(capsys, tmp_path):
    a = write_export(tmp_path / "a.csv", range(40))
    b = write_export(tmp_path / "b.csv", range(30, 60))
    both = write_export(tmp_path / "all.csv", range(60))
    shop = tmp_path / "店"
    assert main(["shop", "add", str(shop), str(a)]) == 0
    assert main(["shop", "add", str(shop), str(b)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(both)]) == 0
    plain = capsys.readouterr().out
    report = tmp_path / "报告.xlsx"
    assert main(["shop", "analyze", str(shop), "-o", str(report)]) == 0
    held = capsys.readouterr().out
    findings, summary = held.replace(f"报告已写入 {report}\n", "").split("\n\n", 1)
    assert findings.startswith("\n变化与提醒：\n")  # what changed first, then the usual summary
    assert "\n" + summary == plain
    assert report.stat().st_size > 0


def test_shop_analyze_since_until(capsys, tmp_path):
    shop = tmp_path / "店"
    assert main(["shop", "add", str(shop), str(write_export(tmp_path / "a.csv", range(90)))]) == 0
    rows = tmp_path / "rows.csv"
    argv = ["shop", "analyze", str(shop), "--since", "2026-02-01", "--until", "2026-02-28"]
    assert main([*argv, "--export-csv", str(rows)]) == 0
    with rows.open(encoding="utf-8-sig") as handle:
        dates = [r["date"][:10] for r in csv.DictReader(handle)]
    assert len(dates) == 28
    assert (min(dates), max(dates)) == ("2026-02-01", "2026-02-28")


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_a_killed_import_leaves_the_old_history_or_the_whole_import(tmp_path):
    from tools.samples import write_csv

    shop = tmp_path / "店.reviewlens"
    assert main(["shop", "add", str(shop), str(write_export(tmp_path / "a.csv", range(50)))]) == 0
    big = write_csv(tmp_path / "big.csv", 40_000, encoding="utf-8", variety="realistic")
    journal = shop.with_name(shop.name + "-journal")
    command = [sys.executable, "main.py", "shop", "add", str(shop), str(big)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while not journal.exists():  # the transaction has begun writing
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.001)
    time.sleep(0.05)
    proc.kill()
    proc.wait()
    proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert main(["shop", "info", str(shop)]) == 0  # opens: SQLite rolls the journal back
    after_kill = _reviews(shop)
    assert main(["shop", "add", str(shop), str(big)]) == 0
    whole = _reviews(shop)
    assert whole > 30_000 + 50
    assert after_kill in (50, whole)
