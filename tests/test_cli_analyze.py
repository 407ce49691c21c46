"""``analyze -o REPORT --charts DIR``: the report and the charts, with their pictures drawn once."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.core.charts.data import REPORT_PICTURES, result_figures
from app.core.errors import OutputError
from app.io.chart_files import report_and_charts, save_charts
from app.io.report.charts import draw_pictures
from app.io.report.excel import sheet_names
from tests.io.report_fixtures import TEXT_ONLY, make_result

SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "samples" / "taobao_sample.csv"


@pytest.fixture(scope="module")
def result():
    return make_result()


@pytest.fixture(scope="module")
def expected(result) -> list[str]:
    """The chart files the result supports, as the dashboard would build them."""
    return sorted(f"{name}.{ext}" for name in result_figures(result) for ext in ("png", "svg"))


def _media(report: Path) -> list[bytes]:
    with zipfile.ZipFile(report) as package:
        return sorted(package.read(n) for n in package.namelist() if n.startswith("xl/media/"))


def _pictures(folder: Path) -> list[bytes]:
    return sorted((folder / f"{name}.png").read_bytes() for name in REPORT_PICTURES)


def _check(report: Path, folder: Path, count: int, expected: list[str]) -> None:
    assert sorted(p.name for p in folder.iterdir()) == expected
    assert count == len(expected) // 2
    assert _media(report) == _pictures(folder)  # the very PNGs that were saved
    wb = load_workbook(report)
    assert wb.sheetnames[0] == sheet_names("zh")["overview"]
    assert len(wb[sheet_names("zh")["complaints"]]._images) == 1


def test_report_embeds_the_saved_pictures(result, expected, tmp_path):
    report, count = report_and_charts(result, tmp_path / "r.xlsx", tmp_path / "charts")
    _check(report, tmp_path / "charts", count, expected)


def test_the_report_embeds_exactly_the_charts_saved_alone(result, expected, tmp_path):
    _, count = report_and_charts(result, tmp_path / "r.xlsx", tmp_path / "charts")
    alone = tmp_path / "alone"
    assert save_charts(result, alone) == count
    assert _pictures(alone) == _pictures(tmp_path / "charts")


def test_report_alone_gets_the_same_pictures(result, tmp_path):
    report, count = report_and_charts(result, tmp_path / "r.xlsx", None)
    assert count == 0 and list(tmp_path.iterdir()) == [report]
    draw = draw_pictures(result)
    drawn = sorted(png for png in map(draw, REPORT_PICTURES) if png)
    assert len(drawn) == 3 and _media(report) == drawn


def test_unusable_outputs_are_explained_before_any_work(result, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match="图表文件夹"):
        report_and_charts(result, tmp_path / "r.xlsx", blocker / "charts")
    assert not (tmp_path / "r.xlsx").exists()
    with pytest.raises(OutputError, match="保存位置不存在"):
        report_and_charts(result, tmp_path / "missing" / "r.xlsx", tmp_path / "charts")
    assert not (tmp_path / "charts").exists()


@pytest.mark.slow
def test_analyze_command_writes_report_and_charts(tmp_path, capsys, monkeypatch):
    report, charts = tmp_path / "报告.xlsx", tmp_path / "图表"
    assert main(["analyze", str(SAMPLE), "-o", str(report), "--charts", str(charts)]) == 0
    out = capsys.readouterr().out
    assert f"报告已写入 {report}" in out
    written = len(list(charts.glob("*.png")))
    assert f"{written} 张图已保存到 {charts}" in out and written >= 7
    assert len(list(charts.glob("*.svg"))) == written
    assert _media(report) == _pictures(charts)


def test_summary_lists_tags_by_count_with_stars_and_the_unspecified_line():
    from app.cli_analyze import print_analysis

    result = make_result()
    themes = result.themes
    complaint = themes.index[themes["polarity"] == "complaint"]
    # the result's order is not the order of the counts: the summary must sort them
    themes.loc[complaint, "review_count"] = list(range(10, 10 + len(complaint)))
    lines: list[str] = []
    print_analysis(result, lines.append)
    start = lines.index(next(line for line in lines if line.startswith("差评标签")))
    shown = []
    for line in lines[start + 1 :]:
        if not line.startswith("  ") or line.startswith("  （"):
            break
        shown.append(int(line.split("：")[1].split(" 条评论")[0]))
    assert shown == sorted(shown, reverse=True) and len(shown) == len(result.themes_of("complaint"))
    biggest = result.themes_of("complaint").sort_values("review_count").iloc[-1]
    assert f"平均 {biggest['rating_mean']:.1f} 星" in lines[start + 1]
    assert "  另有 4 条评论整体不满意，没说具体原因。" in lines
    assert "  另有 2 条评论整体满意，没说具体原因。" in lines
    assert any("一条评论可以有几个标签" in line for line in lines)


def _write_text_only(folder: Path) -> Path:
    path = folder / "评价导出.csv"
    path.write_text("评价内容\n" + "\n".join(TEXT_ONLY) + "\n", encoding="utf-8")
    return path


def _percents(line: str) -> dict[str, int]:
    import re

    return {k: int(v) for k, v in re.findall(r"(好评|差评|褒贬都有|中性) (\d+)%（", line)}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_summary_leads_with_unhappy_reviews_and_four_labels_add_up(language, tmp_path, capsys):
    from app.core import i18n

    path = _write_text_only(tmp_path)
    try:
        assert main(["analyze", str(path), "--lang", language]) == 0
    finally:
        i18n.set_language("zh")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    start = next(
        i for i, line in enumerate(lines) if "含不满" in line or "With a complaint" in line
    )
    first, overall = lines[start], lines[start + 1]
    if language == "en":
        assert first.startswith("With a complaint: 3 of 6 reviews (50%) complain about something")
        assert "1 complaint, 2 mixed" in first
        assert "mixed 33% (2, praise and a complaint)" in overall
        assert "neutral 17% (1, no opinion either way)" in overall
        return
    # the first thing said: how many customers were unhappy about something, and who they are
    assert first == "含不满：6 条评论里有 3 条（50%）在抱怨点什么：差评 1 条，褒贬都有 2 条。"
    shares = _percents(overall)
    assert list(shares) == ["好评", "差评", "褒贬都有", "中性"]
    assert sum(shares.values()) == 100
    assert shares == {"好评": 33, "差评": 17, "褒贬都有": 33, "中性": 17}
    assert "褒贬都有 33%（2 条，既夸又抱怨）" in overall
    assert "中性 17%（1 条，没有表达好恶）" in overall


def test_shares_shown_always_add_up_to_100():
    from app.core.reviews.unhappy import whole_percents

    assert whole_percents([1, 1, 1]) == [34, 33, 33]
    assert whole_percents([1420, 20, 115, 60]) == [88, 1, 7, 4]
    assert sum(whole_percents([7, 7, 7, 7, 7, 7])) == 100
    assert whole_percents([0, 0, 0, 0]) == [0, 0, 0, 0]
