"""``shop analyze`` says what changed: alerts, marked changes, a competitor, and the report's
first sheet 变化与提醒."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.io.report.excel import sheet_names

HEADER = ("订单编号", "宝贝标题", "宝贝规格", "买家会员名", "评分", "初评内容", "初评时间")
GOOD = ("保温效果很好，颜色和图片一样", "物流很快，包装结实", "客服回复及时，杯子很好看")
BAD = ("物流太慢了，等了一个星期", "盖子有点紧，拧不开")
LEAK = "杯子漏水，倒了一桌子水"
START = datetime(2026, 1, 1, 9, 30)
CHANGES = "变化与提醒"


def write_shop_export(
    path: Path,
    days: range,
    *,
    leak_from: int | None = None,
    order: int = 41,
    per_day: int = 3,
    complaints: bool = True,
) -> Path:
    """``per_day`` reviews a day from 2026-01-01 + ``days``: mostly praise, one complaint in
    seven (none without ``complaints``); from day ``leak_from`` on the first review of each day
    is a 1★ 「漏水」."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for day in days:
            for k in range(per_day):
                n = day * 10 + k
                if leak_from is not None and day >= leak_from and k == 0:
                    text, stars = LEAK, 1
                elif complaints and (day * 3 + k) % 7 == 0:
                    text, stars = BAD[(day + k) % 2], 2
                else:
                    text, stars = GOOD[(day + k) % 3], 5
                when = START + timedelta(days=day, minutes=k)
                writer.writerow(
                    [f"{order}{n:08d}", "保温杯", "奶白", f"t**{n % 10}", stars,
                     f"第{n}次：{text}", when.strftime("%Y-%m-%d %H:%M:%S")]
                )  # fmt: skip
    return path


def _findings(out: str) -> list[str]:
    """The lines under 「变化与提醒：」 (up to the blank line before the summary)."""
    block = out.split("变化与提醒：\n", 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in block.splitlines()]


def _cells(ws) -> list[str]:
    return [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]


@pytest.fixture
def shop(tmp_path):
    """Two overlapping exports: January–March, then March–April with a burst of 漏水 in the
    last week (none before)."""
    shop = tmp_path / "店"
    a = write_shop_export(tmp_path / "a.csv", range(0, 90))
    b = write_shop_export(tmp_path / "b.csv", range(60, 120), leak_from=113)
    assert main(["shop", "add", str(shop), str(a)]) == 0
    assert main(["shop", "add", str(shop), str(b)]) == 0
    return shop


def test_a_new_burst_is_the_first_finding_and_the_report_opens_with_it(shop, tmp_path, capsys):
    capsys.readouterr()
    report = tmp_path / "报告.xlsx"
    assert main(["shop", "analyze", str(shop), "-o", str(report)]) == 0
    lines = _findings(capsys.readouterr().out)
    assert lines[0] == "新问题：最近 7 天有 7 条评价提到「杯子漏水」，之前 7 天一条都没有。"
    assert lines[1].startswith("上次导入（2026-03-31）之后新增 90 条评价")
    wb = load_workbook(report)
    assert wb.sheetnames[0] == CHANGES
    assert wb.active.title == CHANGES
    first = _cells(wb[CHANGES])
    assert "1. " + lines[0] in first
    quotes = [c for c in first if LEAK in c]
    assert len(quotes) == 5  # up to 5 of the 7 reviews, newest first
    assert quotes[0] == f"第1190次：{LEAK}"
    assert "杯子漏水" in first  # its row in the table of complaint tags
    # the same reviews analysed from an export have no such sheet
    both = write_shop_export(tmp_path / "all.csv", range(0, 120), leak_from=113)
    plain = tmp_path / "plain.xlsx"
    assert main(["analyze", str(both), "-o", str(plain)]) == 0
    names = load_workbook(plain, read_only=True).sheetnames
    assert CHANGES not in names
    assert names[0] == sheet_names("zh")["overview"]


def test_a_marked_change_is_kept_and_checked_again_next_time(shop, capsys):
    argv = ["shop", "analyze", str(shop)]
    assert main([*argv, "--change", "2026-03-01：换了顺丰"]) == 0
    first = _findings(capsys.readouterr().out)
    assert main(argv) == 0  # no --change: the stored mark is checked again
    again = _findings(capsys.readouterr().out)
    headline = [line for line in again if line.startswith("换了顺丰（2026-03-01）前后对比")]
    assert len(headline) == 1
    assert headline[0] in first
    assert "之前 15%（26/177 条" in headline[0]  # 含不满 before vs after, as rates with counts
    # the biggest tags follow the headline, each with its own verdict
    after = again[again.index(headline[0]) + 1]
    assert after.startswith("「物流太慢」：没有明显变化。之前 7.3%（13/177 条")


def test_a_change_with_too_few_reviews_after_it_is_too_early_to_tell(shop, tmp_path, capsys):
    report = tmp_path / "r.xlsx"
    argv = ["shop", "analyze", str(shop), "--change", "2026-04-28:换了盖子", "-o", str(report)]
    assert main(argv) == 0
    lines = _findings(capsys.readouterr().out)
    fix = [line for line in lines if line.startswith("换了盖子（2026-04-28）")]
    assert len(fix) == 1
    assert "含不满的评价：还看不出来（评价太少）" in fix[0]
    assert "之后 33%（3/9 条" in fix[0]
    cells = _cells(load_workbook(report)[CHANGES])
    assert "换了盖子（2026-04-28）" in cells
    assert "还看不出来（评价太少）" in cells


def test_a_bad_change_is_a_plain_error_and_nothing_is_stored(shop, capsys):
    assert main(["shop", "analyze", str(shop), "--change", "换了顺丰"]) == 1
    err = capsys.readouterr().err
    assert "看不懂改动“换了顺丰”。请写成 日期:做了什么" in err
    assert main(["shop", "info", str(shop), "--json"]) == 0
    assert '"changes": 0' in capsys.readouterr().out


def test_compare_with_an_unknown_source_is_a_plain_error(shop, tmp_path, capsys):
    report = tmp_path / "r.xlsx"
    assert main(["shop", "analyze", str(shop), "--compare", "对手A", "-o", str(report)]) == 1
    err = capsys.readouterr().err
    assert "店铺文件里没有来源“对手A”" in err
    assert "请先用 shop add 店铺 文件 --source 名称 导入对手的评价" in err
    assert not report.exists()
    rival = write_shop_export(tmp_path / "rival.csv", range(60, 120), order=77)
    assert main(["shop", "add", str(shop), str(rival), "--source", "对手B"]) == 0
    capsys.readouterr()
    assert main(["shop", "analyze", str(shop), "--compare", "对手A"]) == 1
    assert "可以对比的来源：对手B。" in capsys.readouterr().err


def test_compare_with_a_competitor(shop, tmp_path, capsys):
    rival = write_shop_export(
        tmp_path / "rival.csv", range(60, 120), order=77, per_day=2, complaints=False
    )
    assert main(["shop", "add", str(shop), str(rival), "--source", "对手"]) == 0
    assert "新增 120 条评价" in capsys.readouterr().out
    report = tmp_path / "r.xlsx"
    assert main(["shop", "analyze", str(shop), "--compare", "对手", "-o", str(report)]) == 0
    out = capsys.readouterr().out
    lines = _findings(out)
    # the competitor's later import does not hide what is new in the shop's own reviews
    assert lines[1].startswith("上次导入（2026-03-31）之后新增 90 条评价")
    # the rival's export covers 2026-03-02 … 04-30: ours is compared over those days only
    assert (
        "只比较两边都有评价的 2026-03-02 至 2026-04-30（这段时间以外的评价不计：本店的 180 条）。"
        in lines
    )
    assert "含不满的评价：本店 18%（32/180 条），对手 0%（0/120 条）——对手明显更少。" in lines
    assert "「物流太慢」：本店 7.2%（13/180 条），对手 0%（0/120 条）——对手明显更少。" in lines
    # the summary is about the shop's own 360 reviews only
    assert "含不满：360 条评论里有 58 条" in out
    cells = _cells(load_workbook(report)[CHANGES])
    table = cells[cells.index("与“对手”对比") :]
    first = table.index("结论") + 1  # where they beat us comes first
    assert table[first] == "物流太慢"
    assert table[first + 2 : first + 6] == ["13/180", "0", "0/120", "对手明显更少"]


def test_source_named_after_the_shop_itself_is_the_shops_own(shop, tmp_path, capsys):
    more = write_shop_export(tmp_path / "more.csv", range(60, 70), order=55)
    assert main(["shop", "add", str(shop), str(more), "--source", "本店"]) == 0
    capsys.readouterr()
    assert main(["shop", "info", str(shop), "--json"]) == 0
    assert list(json.loads(capsys.readouterr().out)["sources"]) == ["main"]
