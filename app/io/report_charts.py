"""Native Excel charts (they reference the sheet's cells, so users can restyle them) and PNGs."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.image import Image
from openpyxl.drawing.line import LineProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.core.results import AnalysisResult
from app.io.report_style import COMPLAINT, NEUTRAL, PRAISE

try:  # the charts module may be missing in a stripped build; the report then has no PNGs
    from app.core import charts as _charts
except ImportError:  # pragma: no cover
    _charts = None

SERIES_COLOURS = ("D55E00", "0072B2", "E69F00", "CC79A7", "009E73", "999999")  # Okabe–Ito


def _axes(chart) -> None:
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # otherwise new Excel versions hide the axes


def _labels(*, showVal: bool = False, showPercent: bool = False) -> DataLabelList:
    """Data labels showing only the value or only the percentage (never series / category)."""
    return DataLabelList(
        showVal=showVal,
        showPercent=showPercent,
        showSerName=False,
        showCatName=False,
        showLegendKey=False,
        showLeaderLines=False,
    )


def bar_chart(
    ws: Worksheet,
    *,
    title: str,
    cats: tuple[int, int, int],
    data: Sequence[tuple[int, int, int]],
    anchor: str,
    colours: Sequence[str] = (COMPLAINT,),
    horizontal: bool = True,
    stacked: bool = False,
    size: tuple[float, float] = (12.0, 7.5),
) -> BarChart:
    """Bars of columns ``data`` ((col, first_row, last_row), header row just above) by ``cats``."""
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.style = 10
    chart.width, chart.height = size
    col, first, last = cats
    for (dcol, dfirst, dlast), colour in zip(data, colours, strict=False):
        ref = Reference(ws, min_col=dcol, min_row=dfirst - 1, max_row=dlast)
        chart.add_data(ref, titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.graphicalProperties.line = LineProperties(solidFill=colour)
    chart.set_categories(Reference(ws, min_col=col, min_row=first, max_row=last))
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    if horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # biggest first, at the top
    if len(data) == 1:
        chart.legend = None
        chart.dataLabels = _labels(showVal=True)
    else:
        chart.legend.position = "b"
    chart.gapWidth = 60
    _axes(chart)
    ws.add_chart(chart, anchor)
    return chart


def pie_chart(
    ws: Worksheet,
    *,
    title: str,
    cats: tuple[int, int, int],
    data: tuple[int, int, int],
    anchor: str,
    colours: Sequence[str] = (PRAISE, COMPLAINT, NEUTRAL),
    size: tuple[float, float] = (10.0, 7.5),
) -> PieChart:
    """A pie labelled with percentages only."""
    from openpyxl.chart.series import DataPoint

    chart = PieChart()
    chart.title = title
    chart.width, chart.height = size
    col, first, last = data
    chart.add_data(
        Reference(ws, min_col=col, min_row=first - 1, max_row=last), titles_from_data=True
    )
    ccol, cfirst, clast = cats
    chart.set_categories(Reference(ws, min_col=ccol, min_row=cfirst, max_row=clast))
    series = chart.series[0]
    for index, colour in enumerate(colours[: last - first + 1]):
        point = DataPoint(idx=index)
        point.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.dPt.append(point)
    chart.dataLabels = _labels(showPercent=True)
    chart.legend.position = "r"
    ws.add_chart(chart, anchor)
    return chart


def line_chart(
    ws: Worksheet,
    *,
    title: str,
    cats: tuple[int, int, int],
    data: Sequence[tuple[int, int, int]],
    anchor: str,
    colours: Sequence[str] = SERIES_COLOURS,
    percent: bool = False,
    size: tuple[float, float] = (16.0, 7.5),
) -> LineChart:
    """Straight lines (no smoothing) of ``data`` columns over the period ``cats``."""
    chart = LineChart()
    chart.title = title
    chart.width, chart.height = size
    for (dcol, dfirst, dlast), colour in zip(data, colours, strict=False):
        chart.add_data(
            Reference(ws, min_col=dcol, min_row=dfirst - 1, max_row=dlast), titles_from_data=True
        )
        series = chart.series[-1]
        series.smooth = False
        series.graphicalProperties.line.solidFill = colour
        series.graphicalProperties.line.width = 28575  # 2.25 pt
        series.marker.symbol = "circle"
        series.marker.size = 5
        series.marker.graphicalProperties = GraphicalProperties(solidFill=colour)
        series.marker.graphicalProperties.line.solidFill = colour
    col, first, last = cats
    chart.set_categories(Reference(ws, min_col=col, min_row=first, max_row=last))
    if percent:
        chart.y_axis.numFmt = "0%"
        chart.y_axis.number_format = "0%"
    chart.legend.position = "b"
    _axes(chart)
    ws.add_chart(chart, anchor)
    return chart


def series_title(chart, index: int, text: str) -> None:
    chart.series[index].tx = SeriesLabel(v=text)


# --- embedded pictures (word clouds, heat map) from app.core.charts ---------------------------


def charts_available() -> bool:
    return _charts is not None


def _png(fig, width_px: int) -> Image | None:
    if fig is None:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, facecolor="white")
    buffer.seek(0)
    image = Image(buffer)
    scale = width_px / image.width
    image.width, image.height = width_px, round(image.height * scale)
    return image


def add_word_cloud(ws: Worksheet, result: AnalysisResult, polarity: str, anchor: str) -> bool:
    """Word cloud of ``polarity`` clauses (the same words as the dashboard's); False when empty."""
    if _charts is None or result.clauses.empty:
        return False
    from app.core.chart_data import word_frequencies

    words = word_frequencies(result, polarity)
    if not words:
        return False
    image = _png(_charts.word_cloud(words, polarity, n=len(result.reviews)), 620)
    if image is None:
        return False
    ws.add_image(image, anchor)
    return True


def add_heatmap(ws: Worksheet, matrix: pd.DataFrame, anchor: str) -> bool:
    if _charts is None or matrix.empty:
        return False
    image = _png(_charts.sku_aspect_heatmap(matrix), 680)
    if image is None:
        return False
    ws.add_image(image, anchor)
    return True
