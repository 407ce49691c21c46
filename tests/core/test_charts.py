"""Charts: render in zh and en without missing glyphs, None on thin data, colours, saving."""

from __future__ import annotations

import io
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

from app.core.charts import figures as charts
from app.core.charts import fonts
from app.core.charts import style as chart_style
from app.core.errors import OutputError
from app.core.i18n import set_language

REPO = Path(__file__).resolve().parents[2]
COMPLAINT = to_rgba("#D55E00")
PRAISE = to_rgba("#0072B2")
RARE = "啰嗦 堃 喆"  # outside GB2312: a subset font would lose them


# --- inputs ---------------------------------------------------------------------------------


def ratings(scale: int = 10) -> pd.Series:
    return pd.Series([3, 1, 2, 8, 30], index=[1, 2, 3, 4, 5]) * scale


def weekly(periods: int = 8) -> pd.DataFrame:
    index = pd.date_range("2024-12-02", periods=periods, freq="W-MON")
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "praise": rng.integers(20, 60, periods),
            "complaint": rng.integers(5, 20, periods),
            "neutral": rng.integers(0, 5, periods),
        },
        index=index,
    )


def complaint_themes() -> pd.DataFrame:
    labels = [
        "尺码偏小",
        "快递太慢",
        "色差大",
        "客服不回复",
        f"客服{RARE}",
        "iPhone 15 Pro 壳不合适",
    ]
    labels += ["线头多", "面料起球", "包装破损", "味道大", "发错货 2 次", "价格贵 $9.9"]
    counts = [123, 98, 77, 54, 41, 33, 20, 15, 9, 7, 5, 2]
    return pd.DataFrame({"label": labels, "count": counts, "share": [c / 683 for c in counts]})


def aspects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["物流", "质量", "尺码", "客服", "价格", f"喆堃 {RARE}", "Size 尺寸 XL"],
            "praise": [180, 210, 120, 88, 150, 3, 12],
            "complaint": [98, 60, 123, 54, 2, 6, 0],
        }
    )


def sku_matrix() -> pd.DataFrame:
    skus = ["颜色分类:白色;尺码:XL", "颜色分类:白色;尺码:L", "颜色分类:黑色;尺码:M"]
    skus.append("喆堃联名款 T恤 2024新款 oversize 宽松版 纯棉 短袖 啰嗦版")
    return pd.DataFrame(
        [[12, 3, 0], [8, 1, 4], [0, 7, 2], [5, 5, 5]], index=skus, columns=["尺码", "物流", "啰嗦"]
    )


def theme_trend(columns: int = 5, periods: int = 6) -> pd.DataFrame:
    names = ["尺码偏小", "快递太慢", "色差大", "客服不回复", f"{RARE} 2 号", "其它 other"][:columns]
    index = pd.date_range("2024-01-01", periods=periods, freq="MS")
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {name: rng.integers(1, 20, periods) * (columns - i) for i, name in enumerate(names)},
        index=index,
    )


WORDS = {"尺码": 50, "偏小": 40, "快递": 35, "太慢": 30, "啰嗦": 12, "喆堃": 8, "iPhone15": 9}
WORDS |= {"😡": 30, "差评😤": 10, "客服 🙄 不回": 6}


def all_charts() -> dict[str, Figure | None]:
    return {
        "rating": charts.rating_distribution(ratings()),
        "sentiment": charts.sentiment_over_time(weekly(), "W"),
        "complaints": charts.theme_bars(complaint_themes(), "complaint"),
        "praise": charts.theme_bars(complaint_themes().head(4), "praise"),
        "aspects": charts.aspect_sentiment(aspects()),
        "heatmap": charts.sku_aspect_heatmap(sku_matrix()),
        "trends": charts.theme_trends(theme_trend(), "M"),
        "cloud": charts.word_cloud(WORDS, "complaint"),
    }


# --- helpers --------------------------------------------------------------------------------


def render(fig: Figure) -> bytes:
    """Draw like the GUI and the report do: glyph warnings fire here (and fail the test)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def title(fig: Figure) -> str:
    return fig.axes[0].get_title(loc="left")


@pytest.fixture(params=["zh", "en"])
def lang(request):
    set_language(request.param)
    return request.param


# --- fonts ----------------------------------------------------------------------------------


def test_bundled_font_and_licence_are_there():
    path = fonts.cjk_font_path()
    assert path.name == "NotoSansSC-Regular.otf"
    assert path.stat().st_size > 7_000_000  # the full font, not a GB2312 subset
    licence = (path.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert fonts.cjk_font_can_draw("啰堃喆镕物流尺码 iPhone 15")


def test_register_is_idempotent_and_leaves_rcparams_alone():
    before = list(matplotlib.rcParams["font.family"])
    assert fonts.register_matplotlib_font() == "Noto Sans SC"
    assert fonts.register_matplotlib_font() == "Noto Sans SC"
    assert fonts.font_families()[0] == "Noto Sans SC"
    charts.rating_distribution(ratings())
    assert list(matplotlib.rcParams["font.family"]) == before


def test_strip_emoji_and_clean_label():
    assert fonts.strip_emoji("质量很好👍👍 推荐❤️") == "质量很好 推荐"
    assert fonts.strip_emoji("🇨🇳 国货 👨‍👩‍👧") == "国货"
    assert fonts.strip_emoji("尺码 XL 2件") == "尺码 XL 2件"
    assert fonts.clean_label("价格 $9.9 到 $19") == r"价格 \$9.9 到 \$19"
    assert fonts.clean_label("ok\x07\ttab") == "ok tab"
    assert fonts.clean_label("ꦲꦏ") == "??"  # Javanese: in neither font


def test_missing_glyphs_really_fail_tests():
    """Guard: without our font, drawing Chinese warns, and pytest turns that into an error."""
    fig = Figure()
    fig.text(0.5, 0.5, "尺码偏小", fontfamily="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        render(fig)


# --- every chart ----------------------------------------------------------------------------


def test_every_chart_renders_in_both_languages(lang):
    for name, fig in all_charts().items():
        assert isinstance(fig, Figure), name
        assert render(fig).startswith(b"\x89PNG"), name
        assert fig.get_size_inches()[0] == 8.0, name
        assert title(fig), name
        if lang == "en":
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in title(fig)), name
        else:  # tick labels created later (a resized dashboard) still get our font
            fig.set_size_inches(12, 7)
            render(fig)


def test_charts_can_be_built_in_threads():
    results: list[bytes] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for fig in (
                charts.rating_distribution(ratings()),
                charts.sentiment_over_time(weekly(), "W"),
                charts.aspect_sentiment(aspects()),
                charts.word_cloud(WORDS, "praise"),
            ):
                results.append(render(fig))
        except BaseException as exc:  # surfaced below: thread exceptions don't fail tests
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 8


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.rating_distribution(pd.Series(dtype=float)),
        lambda: charts.rating_distribution(pd.Series([0, 0], index=[1, 5])),
        lambda: charts.sentiment_over_time(weekly().iloc[:0], "W"),
        lambda: charts.sentiment_over_time(weekly().iloc[:1], "W"),
        lambda: charts.sentiment_over_time(weekly() * 0, "W"),
        lambda: charts.theme_bars(pd.DataFrame(columns=["label", "count", "share"]), "complaint"),
        lambda: charts.theme_bars(complaint_themes().assign(count=0), "praise"),
        lambda: charts.aspect_sentiment(pd.DataFrame(columns=["label", "praise", "complaint"])),
        lambda: charts.aspect_sentiment(aspects().assign(praise=0, complaint=0)),
        lambda: charts.sku_aspect_heatmap(pd.DataFrame()),
        lambda: charts.sku_aspect_heatmap(sku_matrix() * 0),
        lambda: charts.sku_aspect_heatmap(pd.DataFrame({"尺码": [3]}, index=["白色"])),
        lambda: charts.theme_trends(theme_trend().iloc[:0], "M"),
        lambda: charts.theme_trends(theme_trend().iloc[:1], "M"),
        lambda: charts.theme_trends(theme_trend() * 0, "M"),
        lambda: charts.word_cloud({}, "complaint"),
        lambda: charts.word_cloud({"😡": 3, "👍🏻": 2, "空": 0}, "praise"),
    ],
)
def test_thin_data_gives_none(build):
    assert build() is None


# --- each chart's content -------------------------------------------------------------------


def test_rating_distribution_bars_and_labels(lang):
    fig = charts.rating_distribution(pd.Series({5: 30, 1: 6, 4: 4}))  # 2 and 3 stars missing
    ax = fig.axes[0]
    assert len(ax.patches) == 5
    assert [p.get_height() for p in ax.patches] == [6, 0, 0, 4, 30]
    assert "75%" in texts(fig)
    assert ax.patches[0].get_facecolor() == COMPLAINT
    assert ax.patches[0].get_hatch()  # low ratings differ by texture, not only colour
    assert ax.patches[4].get_facecolor() == PRAISE
    render(fig)


def test_small_sample_is_marked(lang):
    note = "样本少" if lang == "zh" else "small sample"
    small = {
        "rating": charts.rating_distribution(pd.Series({5: 5, 1: 2})),
        "sentiment": charts.sentiment_over_time(weekly(3) // 20, "W"),
        "themes": charts.theme_bars(complaint_themes(), "complaint", n=6),
        "aspects": charts.aspect_sentiment(aspects().head(2).assign(praise=2, complaint=1)),
        "heatmap": charts.sku_aspect_heatmap(sku_matrix().clip(upper=1).iloc[:2]),
        "trends": charts.theme_trends(theme_trend(2, 3) // 30, "M"),
        "cloud": charts.word_cloud(WORDS, "praise", n=4),
    }
    for name, fig in small.items():
        assert fig is not None, name
        assert note in title(fig), name
        render(fig)
    big = [charts.rating_distribution(ratings()), charts.theme_trends(theme_trend(), "M")]
    assert all(note not in title(fig) for fig in big)


def test_sentiment_over_time_lines_and_volume(lang):
    trend = weekly(10)
    trend.iloc[3] = [0, 1, 0]  # a thin week: a gap, not a 100 % complaint spike
    fig = charts.sentiment_over_time(trend, "W-MON")
    ax, ax_vol = fig.axes
    assert len(ax.lines) == 2
    assert ax.lines[0].get_color() == "#D55E00"
    assert ax.lines[0].get_linestyle() != ax.lines[1].get_linestyle()
    assert len(ax_vol.patches) == 10
    expected = trend["complaint"] / trend.sum(axis=1) * 100
    expected.iloc[3] = np.nan
    np.testing.assert_allclose(ax.lines[0].get_ydata(), expected)  # NaN: drawn as a gap
    assert ax.get_ylim() == (0, 100)
    legend = " ".join(t.get_text() for t in fig.legends[0].get_texts())
    assert ("20" in legend) and ("空缺" in legend or "gap" in legend)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "2024" in labels[0]
    render(fig)


def test_month_axis_labels_are_readable(lang):
    fig = charts.theme_trends(theme_trend(periods=14), "MS")
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(labels) <= 12
    assert labels[0] == ("1月\n2024年" if lang == "zh" else "Jan\n2024")
    assert any("2025" in label for label in labels)


def test_theme_bars_top_largest_on_top_and_labels(lang):
    fig = charts.theme_bars(complaint_themes(), "complaint", top=10)
    ax = fig.axes[0]
    assert len(ax.patches) == 10
    top_bar = max(ax.patches, key=lambda p: p.get_y())
    assert top_bar.get_width() == 123
    assert all(p.get_facecolor() == COMPLAINT for p in ax.patches)
    assert "123 (18%)" in texts(fig)
    assert "…" in texts(fig) or all(len(t.get_text()) < 23 for t in ax.get_yticklabels())
    praise = charts.theme_bars(complaint_themes(), "praise", top=3)
    assert len(praise.axes[0].patches) == 3
    assert all(p.get_facecolor() == PRAISE for p in praise.axes[0].patches)
    with pytest.raises(ValueError):
        charts.theme_bars(complaint_themes(), "angry")
    with pytest.raises(ValueError):
        charts.theme_bars(complaint_themes().drop(columns="share"), "praise")


def test_theme_bars_accept_percent_shares():
    fig = charts.theme_bars(complaint_themes().assign(share=lambda d: d["share"] * 100), "praise")
    assert "123 (18%)" in texts(fig)


def test_aspect_sentiment_diverges(lang):
    data = aspects()
    fig = charts.aspect_sentiment(data)
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * len(data)
    left = [p for p in ax.patches if p.get_width() < 0]
    right = [p for p in ax.patches if p.get_width() > 0]
    assert all(p.get_facecolor() == COMPLAINT and p.get_hatch() for p in left)
    assert all(p.get_facecolor() == PRAISE for p in right)
    # sorted by total: 物流 (278) on top, 喆堃 (9) at the bottom
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    positions = list(ax.get_yticks())
    assert ticks[positions.index(max(positions))] == "物流"
    assert ticks[positions.index(min(positions))].startswith("喆堃")
    side = texts(fig)
    assert ("差评" in side and "好评" in side) or ("Complaints" in side and "Praise" in side)


def test_sku_heatmap_cells_and_labels(lang):
    fig = charts.sku_aspect_heatmap(sku_matrix())
    ax = fig.axes[0]
    assert len(ax.images) == 1
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert "白色 XL" in labels and "白色 L" in labels
    assert any("…" in label for label in labels)
    cells = [t.get_text() for t in ax.texts]
    assert len(cells) == 12 and "12" in cells
    rates = charts.sku_aspect_heatmap(sku_matrix() / 20)
    assert "60%" in [t.get_text() for t in rates.axes[0].texts]
    render(fig)
    render(rates)


def test_theme_trends_draws_the_five_biggest(lang):
    fig = charts.theme_trends(theme_trend(columns=6), "W")
    ax = fig.axes[0]
    assert len(ax.lines) == 5
    assert all(line.get_marker() not in (None, "", "None") for line in ax.lines)
    assert len({line.get_marker() for line in ax.lines}) == 5
    assert ax.lines[0].get_color() == "#D55E00"
    assert len(ax.lines[0].get_xdata()) == 6  # one point per period, no smoothing
    assert "其它 other" not in [t.get_text() for t in fig.legends[0].get_texts()]


def test_word_cloud_is_deterministic_and_in_polarity_colour():
    first = charts.word_cloud(WORDS, "complaint")
    second = charts.word_cloud(dict(reversed(list(WORDS.items()))), "complaint")
    a, b = (np.asarray(f.axes[0].images[0].get_array()) for f in (first, second))
    assert a.shape == b.shape and np.array_equal(a, b)
    assert not first.axes[0].axison

    def ink(fig: Figure) -> np.ndarray:
        pixels = np.asarray(fig.axes[0].images[0].get_array()).reshape(-1, 3) / 255
        return pixels[pixels.sum(axis=1) < 2.0].mean(axis=0)  # not white

    for polarity, colour in (("complaint", COMPLAINT), ("praise", PRAISE)):
        mean = ink(charts.word_cloud(WORDS, polarity))
        assert np.argmax(mean) == np.argmax(colour[:3]), polarity
    render(first)


def test_word_cloud_input_is_cleaned():
    from app.core.charts.word_cloud import _clean_frequencies

    cleaned = _clean_frequencies({"😡": 3, "差评😤": 2, "差评": 1, "ꦲꦏ": 5, "x": "bad", "y": -1})
    assert cleaned == {"差评": 3.0}


# --- saving and process hygiene -------------------------------------------------------------


def test_save_figure_writes_png_and_svg_atomically(tmp_path):
    fig = charts.theme_bars(complaint_themes(), "complaint")
    written = charts.save_figure(fig, tmp_path / "charts" / "差评.主题")
    assert [p.name for p in written] == ["差评.主题.png", "差评.主题.svg"]
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == [
        "差评.主题.png",
        "差评.主题.svg",
    ]
    assert written[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    root = ET.parse(written[1]).getroot()
    assert root.tag.endswith("svg")


def test_save_figure_lays_out_once_and_keeps_the_layout_engine(tmp_path):
    fig = charts.theme_bars(complaint_themes(), "complaint")
    engine, layouts = fig.get_layout_engine(), []
    real = engine.execute
    engine.execute = lambda figure: layouts.append(figure) or real(figure)
    rendered: dict[str, bytes] = {}
    charts.save_figure(fig, tmp_path / "a", rendered=rendered)
    assert len(layouts) == 1  # the SVG reuses the PNG's layout
    assert fig.get_layout_engine() is engine  # the dashboard can still resize it
    assert rendered["png"] == (tmp_path / "a.png").read_bytes()
    assert rendered["png"] == charts.render_figure(fig, "png")  # same picture as a fresh draw
    charts.save_figure(fig, tmp_path / "b", formats=("svg",), drawn=True)
    assert len(layouts) == 2 and fig.get_layout_engine() is engine  # only the fresh draw above


def test_sku_aspect_matrix_counts_complaint_clauses_per_sku_and_aspect():
    from app.core.charts.data import sku_aspect_matrix
    from tests.io.report_fixtures import make_result

    result = make_result()
    c = result.clauses
    bad = c[(c["polarity"] == "complaint") & (c["aspects"] != "") & (c["sku"].fillna("") != "")]
    bad = bad.assign(aspect=bad["aspects"].str.split(";")).explode("aspect")
    for lang, column in (("zh", "label_zh"), ("en", "label_en")):
        labels = dict(zip(result.aspects["key"], result.aspects[column], strict=True))
        expected = pd.crosstab(bad["sku"], bad["aspect"].map(labels))
        expected.columns.name = "aspect"
        matrix = sku_aspect_matrix(result, lang)
        pd.testing.assert_frame_equal(matrix, expected)
        assert matrix.to_numpy().sum() > 0


def test_save_figure_failures_leave_nothing(tmp_path):
    fig = charts.rating_distribution(ratings())
    with pytest.raises(ValueError):
        charts.save_figure(fig, tmp_path / "x", formats=("png", "nonsense"))
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError):
        charts.save_figure(fig, blocker / "chart")


def test_chart_modules_never_use_pyplot():
    code = (
        "import sys, matplotlib\nmatplotlib.use('Agg')\nimport app.core.charts.figures as c\n"
        "import pandas as pd\nc.word_cloud({'尺码': 3, '快递': 2}, 'praise')\n"
        "c.rating_distribution(pd.Series([1, 2, 3, 4, 5], index=[1, 2, 3, 4, 5]))\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    for path in (REPO / "app" / "core").glob("chart*.py"):
        source = path.read_text(encoding="utf-8")
        assert "import matplotlib.pyplot" not in source, path
        assert "from matplotlib import pyplot" not in source, path


def test_no_pyplot_figures_were_created():
    import matplotlib.pyplot as plt

    all_charts()
    assert plt.get_fignums() == []


def test_shorten_keeps_width_and_distinct_ends():
    assert chart_style.shorten("尺码偏小", 24) == "尺码偏小"
    short = chart_style.shorten("颜色分类:雾霾蓝加绒加厚款;尺码:XXL", 20, middle=True)
    assert chart_style.display_width(short) <= 20 and short.endswith("XXL") and "…" in short
    assert chart_style.freq_kind("W-MON") == "W" and chart_style.freq_kind("MS") == "M"
    assert chart_style.freq_kind("month") == "M" and chart_style.freq_kind("QS") == "Q"


def test_sentiment_over_time_counts_mixed_reviews_and_draws_their_share():
    from matplotlib.colors import to_rgba

    data = weekly().assign(mixed=[6, 0, 3, 9, 0, 4, 2, 5])
    fig = charts.sentiment_over_time(data, "W")
    lines = {to_rgba(line.get_color()): line for line in fig.axes[0].get_lines()}
    total = data[["praise", "complaint", "mixed", "neutral"]].sum(axis=1).to_numpy()
    # every review of the week is in the share's denominator, 褒贬都有 included
    assert lines[COMPLAINT].get_ydata() == pytest.approx(data["complaint"] / total * 100)
    assert lines[to_rgba("#CC79A7")].get_ydata() == pytest.approx(data["mixed"] / total * 100)
    assert "褒贬都有占比" in texts(fig) and "褒贬都有" in title(fig)
    render(fig)
    plain = charts.sentiment_over_time(weekly(), "W")  # no mixed review: no flat 0 % line
    assert to_rgba("#CC79A7") not in {to_rgba(x.get_color()) for x in plain.axes[0].get_lines()}
