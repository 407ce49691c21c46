"""``analyze`` refuses what cannot be analysed: a theme count below 1, a file with no reviews."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from app.cli import main


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    "option", [["--complaint-themes", "0"], ["--complaint-themes", "-3"], ["--praise-themes", "0"]]
)
def test_a_theme_count_below_one_is_a_usage_error(tmp_path, capsys, option):
    source = _write(tmp_path / "shop.csv", [{"评价内容": "质量很好", "评分": 5}])
    report = tmp_path / "报告.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(source), "-o", str(report), *option])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"参数错误：argument {option[0]}" in err
    assert f"标签个数应是 1 或更大的整数，“{option[1]}”不行" in err
    assert not report.exists()


def test_a_file_of_placeholders_only_exits_1_and_says_why(tmp_path, capsys):
    rows = [
        {"评价内容": "此用户没有填写评价。", "评分": 5},
        {"评价内容": "系统默认好评", "评分": 5},
        {"评价内容": "暂无内容", "评分": 5},
    ]
    source = _write(tmp_path / "shop.csv", rows)
    report = tmp_path / "报告.xlsx"
    report.write_bytes(b"an earlier report")
    code = main(
        ["analyze", str(source), "-o", str(report), "--export-csv", str(tmp_path / "r.csv")]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "没有可分析的评论：读取的 3 行都被删除了（平台默认评价（买家没写内容） 3 行）" in err
    assert report.read_bytes() == b"an earlier report"  # nothing replaced, nothing half-written
    assert not (tmp_path / "r.csv").exists()


def test_the_no_reviews_message_in_english(tmp_path, capsys):
    source = _write(tmp_path / "shop.csv", [{"评价内容": "暂无评价"}, {"评价内容": "。。。"}])
    assert main(["--lang", "en", "analyze", str(source)]) == 1
    err = capsys.readouterr().err
    assert "No reviews to analyse: all 2 rows read were dropped" in err
    assert "Platform placeholder text (the buyer wrote nothing): 1" in err
    assert "Only punctuation, digits or emoji: 1" in err
