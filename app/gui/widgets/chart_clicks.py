"""What a click on a dashboard chart means, as a :class:`ReviewFilter` (or None).

Each chart in :mod:`app.core.charts.figures` draws its input frame from :mod:`app.core.charts.data` in a
known order (bars: largest first from the top; heat map: SKUs with most complaints first; time
charts: one x position per period). The functions here redo that selection on the same frame,
so the clicked position maps back to a theme key, an aspect key, a SKU or a period.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
from matplotlib.backend_bases import MouseEvent
from matplotlib.figure import Figure

from app.core.charts import data as cd
from app.core.charts import style as st
from app.core.i18n import get_language
from app.core.naming import aspect_name, aspect_names
from app.core.results import AnalysisResult
from app.core.reviews.filter import ReviewFilter

BAR_HALF = 0.45  # a click within this many bar slots of a bar's centre hits it


def _data_xy(fig: Figure, event: MouseEvent, axes: int = 0) -> tuple[float, float] | None:
    """The event's position in the data coordinates of ``fig.axes[axes]`` (even outside it)."""
    if len(fig.axes) <= axes or event.x is None or event.y is None:
        return None
    x, y = fig.axes[axes].transData.inverted().transform((event.x, event.y))
    return float(x), float(y)


def _inside(fig: Figure, event: MouseEvent, axes: int = 0) -> bool:
    return bool(fig.axes[axes].contains(event)[0]) if len(fig.axes) > axes else False


def _bar_row(y: float, count: int, min_slots: int = 6) -> int | None:
    """Index of the horizontal bar at data ``y`` (same slots as ``charts._bar_slots``)."""
    slots = max(count, min_slots)
    i = round(slots - 1 - y)
    if 0 <= i < count and abs((slots - 1 - i) - y) <= BAR_HALF:
        return i
    return None


def theme_click(result: AnalysisResult, polarity: str, fig: Figure, event: MouseEvent):
    frame = cd.theme_frame(result, polarity)
    data = frame[pd.to_numeric(frame["count"], errors="coerce").fillna(0) > 0]
    data = data.nlargest(10, "count", keep="first")
    xy = _data_xy(fig, event)
    row = _bar_row(xy[1], len(data)) if xy else None
    if row is None:
        return None
    key = result.themes_of(polarity)["key"].iloc[int(data.index[row])]
    return ReviewFilter(theme=str(key))


def aspect_click(result: AnalysisResult, fig: Figure, event: MouseEvent):
    frame = cd.aspect_frame(result, get_language())
    total = frame["praise"].fillna(0) + frame["complaint"].fillna(0)
    data = frame.assign(total=total)
    data = data[data["total"] > 0].nlargest(12, "total", keep="first")
    xy = _data_xy(fig, event)
    row = _bar_row(xy[1], len(data)) if xy else None
    if row is None or xy is None:
        return None
    key = str(result.aspects["key"].iloc[int(data.index[row])])
    polarity = None
    if _inside(fig, event):
        polarity = "complaint" if xy[0] < 0 else "praise"
    return ReviewFilter(aspect=key, clause_polarity=polarity)


def rating_click(result: AnalysisResult, fig: Figure, event: MouseEvent):
    xy = _data_xy(fig, event)
    if xy is None:
        return None
    star = round(xy[0])
    if 1 <= star <= 5 and abs(star - xy[0]) <= 0.4:
        return ReviewFilter(ratings=frozenset({star}))
    return None


def heatmap_click(result: AnalysisResult, fig: Figure, event: MouseEvent):
    """Same selection as ``charts.sku_aspect_heatmap`` (15 SKUs × 10 aspects by total)."""
    if not _inside(fig, event):
        return None
    data = _heatmap_cells(result, fig)
    xy = _data_xy(fig, event)
    if data is None or xy is None:
        return None
    col, row = round(xy[0]), round(xy[1])
    if not (0 <= row < data.shape[0] and 0 <= col < data.shape[1]):
        return None
    names = aspect_names(result.aspects, get_language())
    keys = {aspect_name(k, names): str(k) for k in result.aspects["key"]}
    aspect = keys.get(str(data.columns[col]))
    return ReviewFilter(sku=str(data.index[row]), aspect=aspect, clause_polarity="complaint")


def heatmap_row_tip(result: AnalysisResult, fig: Figure, event: MouseEvent) -> str | None:
    """The full SKU text of the heat-map row under the pointer (its label is shortened)."""
    data = _heatmap_cells(result, fig)
    xy = _data_xy(fig, event)
    if data is None or xy is None or xy[0] > data.shape[1] - 0.5:
        return None
    row = round(xy[1])
    return str(data.index[row]) if 0 <= row < data.shape[0] else None


def _heatmap_cells(result: AnalysisResult, fig: Figure) -> pd.DataFrame | None:
    """The cells the heat map draws; None when the figure no longer matches them."""
    from app.core.charts.figures import heatmap_cells

    data = heatmap_cells(cd.sku_aspect_matrix(result, get_language()))
    if data is None or not fig.axes:
        return None
    ax = fig.axes[0]
    if len(ax.get_yticks()) != data.shape[0] or len(ax.get_xticks()) != data.shape[1]:
        return None  # the chart changed: better nothing than a wrong row
    return data


def _period(result: AnalysisResult, dates: pd.DatetimeIndex, x: float) -> tuple[date, date] | None:
    i = round(x)
    if not 0 <= i < len(dates) or abs(i - x) > 0.5:
        return None
    start = pd.Timestamp(dates[i])
    if st.freq_kind(result.freq or "M") == "W":
        end = start + pd.Timedelta(days=6)
    else:
        end = start + pd.offsets.MonthEnd(0)
    return start.date(), end.date()


def time_click(result: AnalysisResult, fig: Figure, event: MouseEvent):
    if result.trend is None or not result.freq:
        return None
    dates = st.period_index(result.trend.index).sort_values().unique()
    xy = _data_xy(fig, event)
    span = _period(result, pd.DatetimeIndex(dates), xy[0]) if xy else None
    return ReviewFilter(date_from=span[0], date_to=span[1]) if span else None


def theme_trend_click(result: AnalysisResult, fig: Figure, event: MouseEvent):
    """The period clicked; the theme too when the click is near one of its points."""
    trend = cd.theme_trend_frame(result)
    if trend.empty or not result.freq:
        return None
    data = trend.set_axis(st.period_index(trend.index)).sort_index()
    xy = _data_xy(fig, event)
    span = _period(result, pd.DatetimeIndex(data.index), xy[0]) if xy else None
    if span is None or xy is None:
        return None
    i = round(xy[0])
    ax = fig.axes[0]
    themes = result.themes_of("complaint").head(5)
    key_of = dict(zip(themes["label"], themes["key"], strict=False))
    best, best_px = None, 14.0
    for column in data.columns:
        px = ax.transData.transform((i, float(data[column].iloc[i])))[1]
        if abs(px - event.y) < best_px:
            best, best_px = key_of.get(column), abs(px - event.y)
    return ReviewFilter(theme=best, date_from=span[0], date_to=span[1])


# -- word clouds: the layout is recomputed (same settings as charts_wordcloud) on first click --
_layouts: dict[tuple[int, str], list[tuple[str, float, float, float, float]]] = {}


def _cloud_boxes(
    result: AnalysisResult, polarity: str
) -> list[tuple[str, float, float, float, float]]:
    """(word, left, top, right, bottom) in image pixels, cached per result and polarity."""
    cache_key = (id(result), polarity)
    if cache_key not in _layouts:
        from PIL import ImageFont
        from wordcloud import WordCloud

        from app.core.charts import word_cloud as wc
        from app.core.charts.fonts import cjk_font_path

        words = wc._clean_frequencies(cd.word_frequencies(result, polarity))
        boxes = []
        if words:
            cloud = WordCloud(
                font_path=str(cjk_font_path()),
                width=wc.CLOUD_SIZE[0],
                height=wc.CLOUD_SIZE[1],
                prefer_horizontal=1.0,
                max_words=wc.MAX_WORDS,
                random_state=42,
                margin=4,
                relative_scaling=0.5,
                min_font_size=10,
                color_func=lambda *_a, **_k: "black",
            ).generate_from_frequencies(words)
            for (word, _freq), size, (row, col), _orient, _colour in cloud.layout_:
                font = ImageFont.truetype(str(cjk_font_path()), size)
                left, top, right, bottom = font.getbbox(word)
                boxes.append((word, col + left, row + top, col + right, row + bottom))
        _layouts.clear()  # keep one result's layouts only
        _layouts[cache_key] = boxes
    return _layouts[cache_key]


def word_click(result: AnalysisResult, polarity: str, fig: Figure, event: MouseEvent):
    if not _inside(fig, event):
        return None
    xy = _data_xy(fig, event)
    if xy is None:
        return None
    x, y = xy
    best, best_distance = None, 40.0  # pixels of the cloud image
    for word, left, top, right, bottom in _cloud_boxes(result, polarity):
        dx = max(left - x, 0.0, x - right)
        dy = max(top - y, 0.0, y - bottom)
        distance = float(np.hypot(dx, dy))
        if distance < best_distance:
            best, best_distance = word, distance
    return ReviewFilter(text=best, clause_polarity=polarity) if best else None


_HANDLERS: dict[str, Callable[[AnalysisResult, Figure, MouseEvent], ReviewFilter | None]] = {
    "rating_distribution": rating_click,
    "sentiment_over_time": time_click,
    "complaint_themes": lambda r, f, e: theme_click(r, "complaint", f, e),
    "praise_themes": lambda r, f, e: theme_click(r, "praise", f, e),
    "aspect_sentiment": aspect_click,
    "sku_aspect_heatmap": heatmap_click,
    "theme_trends": theme_trend_click,
    "complaint_word_cloud": lambda r, f, e: word_click(r, "complaint", f, e),
    "praise_word_cloud": lambda r, f, e: word_click(r, "praise", f, e),
}


def filter_for_click(
    name: str, result: AnalysisResult, fig: Figure, event: MouseEvent
) -> ReviewFilter | None:
    """The reviews behind what was clicked on chart ``name``, or None (nothing there)."""
    handler = _HANDLERS.get(name)
    if handler is None:
        return None
    try:
        return handler(result, fig, event)
    except (IndexError, KeyError, ValueError):
        return None
