"""One look for every chart: colour-blind-safe palette, font sizes, figure set-up, label helpers.

Colours are Okabe–Ito: complaint vermillion, praise blue, mixed (褒贬都有) reddish purple, neutral
grey, so complaint vs praise
never relies on red vs green. Nothing here touches matplotlib's global ``rcParams``: styles and
fonts are set on each figure, so charts can be built in worker threads.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # matplotlib loads only when a chart is drawn (fast start of the window)
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from app.core.charts.fonts import clean_label, font_families
from app.core.i18n import get_language, tr

COMPLAINT = "#D55E00"  # Okabe–Ito vermillion
PRAISE = "#0072B2"  # Okabe–Ito blue
NEUTRAL = "#999999"  # Okabe–Ito grey
MIXED = (
    "#CC79A7"  # Okabe–Ito reddish purple: 褒贬都有, between praise blue and complaint vermillion
)
MIXED_TEXT = "#A64D86"  # the same hue dark enough for text on white (contrast 5.2, as PRAISE)
VOLUME = "#C8C8C8"  # light grey for review volume bars
TEXT = "#222222"
MUTED = "#6B6B6B"
GRID = "#E6E6E6"
COMPLAINT_HATCH = "///"  # complaint bars also differ by texture where both polarities meet
# Five distinguishable series (theme trends): colour + marker + line style.
SERIES = (
    (COMPLAINT, "o", "-"),
    (PRAISE, "s", "--"),
    ("#009E73", "^", "-."),
    ("#CC79A7", "D", ":"),
    ("#E69F00", "v", (0, (5, 1.5, 1, 1.5))),
)
POLARITY_COLOURS = {"complaint": COMPLAINT, "praise": PRAISE, "neutral": NEUTRAL}
SENTIMENT_COLOURS = {"praise": PRAISE, "complaint": COMPLAINT, "mixed": MIXED, "neutral": NEUTRAL}

FIGSIZE = (8.0, 4.5)  # inches; at dpi 100 fits a Qt dashboard and an Excel report
DPI = 100
TITLE_SIZE = 13
LABEL_SIZE = 10
TICK_SIZE = 9.5
ANNOT_SIZE = 9
SMALL_SAMPLE = 10  # fewer reviews than this: the title says "small sample"


def new_figure(height: float = FIGSIZE[1], width: float = FIGSIZE[0]) -> tuple[Figure, Axes]:
    """A white, constrained-layout Figure (never pyplot) with one styled Axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    style_axes(ax)
    return fig, ax


def style_axes(ax: Axes, grid: str | None = "y") -> None:
    """Spines off except the baseline, light grid on ``grid`` ("x", "y" or None), muted ticks."""
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(GRID)
    ax.tick_params(colors=MUTED, labelcolor=TEXT, labelsize=TICK_SIZE, length=0)
    ax.set_axisbelow(True)
    ax.grid(False)
    if grid:
        ax.grid(axis=grid, color=GRID, linewidth=0.8)
    ax.set_facecolor("white")


def finish(fig: Figure) -> Figure:
    """Put our CJK font on every text of ``fig`` (and on tick labels created later)."""
    families = font_families()
    for ax in fig.axes:
        ax.tick_params(which="both", labelfontfamily=families)
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_fontfamily(families)
    return fig


REVIEWS = ("条评价", "review")
MENTIONS = ("次提及", "mention")


def set_title(
    ax: Axes,
    title: str,
    n: int | None = None,
    pad: float = 10,
    unit: tuple[str, str] = REVIEWS,
) -> None:
    """Left-aligned title, then " · 123 条评价" and " · 样本少" when n < 10.

    ``unit`` is (Chinese, English singular) of what ``n`` counts: reviews or mentions.
    """
    if n is not None:
        plural = "" if n == 1 else "s"
        parts = [title, tr(f"{n:,} {unit[0]}", f"{n:,} {unit[1]}{plural}")]
        if n < SMALL_SAMPLE:
            parts.append(tr("样本少，仅供参考", "small sample"))
        title = " · ".join(parts)
    ax.set_title(title, loc="left", fontsize=TITLE_SIZE, color=TEXT, pad=pad)


def display_width(text: str) -> int:
    """Width in Latin-character units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def shorten(text: object, width: int = 24, middle: bool = False) -> str:
    """Clean ``text`` for drawing and cut it to ``width`` units with an ellipsis.

    ``middle=True`` keeps the start and the end ("颜色分类:白…尺码:XL"), so labels that differ
    only at the end stay distinct.
    """
    label = clean_label(text)
    if display_width(label) <= width:
        return label
    budget = width - 1
    if not middle:
        return _take(label, budget) + "…"
    head = _take(label, math.ceil(budget / 2))
    tail = _take(label[::-1], budget - display_width(head))[::-1]
    return f"{head}…{tail}"


def _take(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        used += display_width(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out).rstrip("\\")


def fmt_count(value: float) -> str:
    return f"{round(value):,}"


def fmt_pct(share: float) -> str:
    """A 0–1 share as "18%", "<1%" for tiny non-zero shares."""
    if 0 < share < 0.005:
        return "<1%"
    return f"{share * 100:.0f}%"


def count_pct(count: float, share: float) -> str:
    """Bar label in the house format: "123 (18%)"."""
    return f"{fmt_count(count)} ({fmt_pct(share)})"


def check_polarity(polarity: str, allowed: Sequence[str] = ("complaint", "praise")) -> str:
    if polarity not in allowed:
        raise ValueError(f"polarity must be one of {tuple(allowed)}, not {polarity!r}")
    return polarity


# --- time axes ---------------------------------------------------------------------------

_FREQ_KINDS = {"D": "D", "B": "D", "W": "W", "M": "M", "Q": "Q", "Y": "Y", "A": "Y"}
_FREQ_WORDS = {"day": "D", "daily": "D", "week": "W", "weekly": "W", "month": "M"}
_FREQ_WORDS |= {"monthly": "M", "quarter": "Q", "year": "Y"}


def freq_kind(freq: str) -> str:
    """Normalise a pandas-style frequency ("W", "W-MON", "MS", "ME", "month"…) to D/W/M/Q/Y."""
    word = str(freq).strip().lower()
    if word in _FREQ_WORDS:
        return _FREQ_WORDS[word]
    letter = str(freq).strip().upper().lstrip("0123456789")[:1]
    return _FREQ_KINDS.get(letter, "D")


def freq_phrase(freq: str) -> str:
    """ "按周" / "weekly" etc., for titles."""
    kind = freq_kind(freq)
    zh = {"D": "按日", "W": "按周", "M": "按月", "Q": "按季度", "Y": "按年"}[kind]
    en = {"D": "daily", "W": "weekly", "M": "monthly", "Q": "quarterly", "Y": "yearly"}[kind]
    return tr(zh, en)


def period_axis_label(freq: str) -> str:
    kind = freq_kind(freq)
    if kind == "W":
        return tr("周（起始日）", "Week starting")
    return {"D": tr("日期", "Date"), "M": tr("月份", "Month"), "Q": tr("季度", "Quarter")}.get(
        kind, tr("年份", "Year")
    )


def period_index(index: pd.Index) -> pd.DatetimeIndex:
    """Period starts as timestamps, whether given as datetimes, Periods or date strings."""
    if isinstance(index, pd.PeriodIndex):
        return index.to_timestamp(how="start")
    return pd.DatetimeIndex(pd.to_datetime(index))


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _period_label(ts: pd.Timestamp, kind: str, with_year: bool) -> str:
    zh = get_language() == "zh"
    if kind == "Y":
        return str(ts.year)
    if kind == "Q":
        main = f"Q{ts.quarter}"
    elif kind == "M":
        main = f"{ts.month}月" if zh else _MONTHS_EN[ts.month - 1]
    else:
        main = f"{ts.month}月{ts.day}日" if zh else f"{_MONTHS_EN[ts.month - 1]} {ts.day}"
    if with_year:
        return f"{main}\n{ts.year}" + ("年" if zh else "")
    return main


def set_period_ticks(ax: Axes, dates: pd.DatetimeIndex, freq: str, max_labels: int = 12) -> None:
    """Label positions 0..n-1 with readable period names; at most ``max_labels`` shown.

    The year is added under the first label and wherever the year changes.
    """
    kind = freq_kind(freq)
    step = max(1, math.ceil(len(dates) / max_labels))
    positions = list(range(0, len(dates), step))
    labels, last_year = [], None
    for pos in positions:
        ts = dates[pos]
        labels.append(_period_label(ts, kind, with_year=ts.year != last_year))
        last_year = ts.year
    ax.set_xticks(positions, labels=labels)
    ax.set_xlim(-0.6, len(dates) - 0.4)
