"""A result analysed in Chinese, shown in English: every view names the aspects in English.

The result holds aspect keys and numbers (see AnalysisResult); the command line summary, the
report, the ``--export-csv`` columns and the charts choose the words when they show them.
"""

from __future__ import annotations

import csv
import itertools
import re

import pytest
from openpyxl import load_workbook

from app.cli_analyze import print_analysis
from app.core.aspects.taxonomy import load_taxonomy
from app.core.charts.data import result_figure
from app.core.i18n import set_language
from app.core.ingest.ledger import build_import
from app.core.naming import aspect_names
from app.core.pipeline import run_analysis
from app.core.reviews.labels import export_columns
from app.io.csv_export import ledger_frame, write_csv
from app.io.readers.read import read_file
from app.io.report.excel import sheet_names, write_report
from app.samples import sample_path

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def chinese_run(tmp_path_factory):
    """The sample analysed with Chinese messages (the default language)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVIEWLENS_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
        set_language("zh")
        imported = build_import([read_file(sample_path())])
        return run_analysis(imported)


@pytest.fixture(scope="module")
def english():
    return load_taxonomy().labels("en")


def _english_list(joined: str, english: dict[str, str], sep: str) -> str:
    return sep.join(english[k] for k in joined.split(";") if k)


def test_the_report_in_english_names_aspects_in_english(chinese_run, english, tmp_path):
    result = chinese_run
    path = write_report(result, tmp_path / "report.xlsx", lang="en", images=False)
    book = load_workbook(path)
    names = sheet_names("en")
    aspects = [r[0] for r in book[names["aspects"]].iter_rows(min_row=5, values_only=True) if r[0]]
    assert aspects == [english[k] for k in result.aspects["key"]]
    themes = list(book[names["complaints"]].iter_rows(min_row=4, values_only=True))
    column = themes[0].index("Main aspect")
    table = itertools.takewhile(lambda r: r[0], themes[1:])  # notes follow a blank row
    main = [r[column] for r in table]
    shown = result.themes_of("complaint")["main_aspect"]
    assert main == [english[k] if k else None for k in shown] and any(main)
    reviews = list(book[names["reviews"]].iter_rows(values_only=True))
    column = reviews[0].index("Aspects")
    cells = [r[column] or "" for r in reviews[1:]]
    assert cells == [_english_list(a, english, ", ") for a in result.reviews["aspects"]]
    assert any(cells) and not any(CJK.search(c) for c in cells)
    note = book[names["overview"]]["B3"].value
    assert note.endswith(f"Adapted to {result.adapted_to} rated reviews of this shop")
    assert result.adapted_to == result.reviews["rating"].notna().sum()


def test_the_csv_columns_in_english_name_aspects_in_english(chinese_run, english, tmp_path):
    result = chinese_run
    ids = result.imported.ledger["review_id"]
    extra = export_columns(result.reviews, ids, aspect_names(result.aspects, "en"))
    path = write_csv(ledger_frame(result.imported).join(extra), tmp_path / "rows.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(result.imported.ledger)  # every input row, kept or dropped
    reviews = result.reviews
    wanted = [
        _english_list(reviews.at[i, "aspects"], english, ";") if i in reviews.index else ""
        for i in ids
    ]
    assert [r["aspects"] for r in rows] == wanted
    assert any(wanted) and not any(CJK.search(r["aspects"]) for r in rows)


def test_the_summary_in_english_names_aspects_in_english(chinese_run, english):
    set_language("en")
    lines: list[str] = []
    print_analysis(chinese_run, lines.append)
    text = "\n".join(lines)
    assert f"Adapted to {chinese_run.adapted_to} rated reviews of this shop." in text
    worst = chinese_run.aspects.sort_values("complaint", ascending=False)["key"].iloc[0]
    assert f"  {english[worst]}: " in text
    assert f"[{english['logistics']}]" in text  # the 物流 theme built into the sample
    for chinese in load_taxonomy().labels("zh").values():  # theme labels are data: they stay
        assert f"[{chinese}]" not in text and f"  {chinese}: " not in text, chinese


def test_charts_name_aspects_in_the_language_asked(chinese_run, english):
    for name in ("aspect_sentiment", "sku_aspect_heatmap"):
        figure = result_figure(chinese_run, name, "en")
        ticks = [t.get_text() for ax in figure.axes for t in ax.get_yticklabels()]
        ticks += [t.get_text() for ax in figure.axes for t in ax.get_xticklabels()]
        assert set(english.values()) & set(ticks), name
        assert not set(load_taxonomy().labels("zh").values()) & set(ticks), name
