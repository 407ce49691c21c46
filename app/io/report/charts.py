"""Native Excel charts (they reference the sheet's cells, so users can restyle them) and PNGs."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.drawing.image import Image
from openpyxl.drawing.line import LineProperties
from openpyxl.worksheet.worksheet import Worksheet

from app.core.results import AnalysisResult
from app.io.report.style import COMPLAINT, NEUTRAL, PRAISE, keep_together

try:  # the charts module may be missing in a stripped build; the report then has no PNGs
    from app.core.charts import figures as _charts
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
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1  # shares: 0–100 %
    chart.legend.position = "b"
    _axes(chart)
    ws.add_chart(chart, anchor)
    return chart


def series_title(chart, index: int, text: str) -> None:
    chart.series[index].tx = SeriesLabel(v=text)


# --- embedded pictures (word clouds, heat map) drawn by app.core.charts.figures -------------------------

PictureSource = Callable[[str], "bytes | None"]
"""Chart name (see ``chart_data.REPORT_PICTURES``) -> its PNG, or None when it is not drawn."""

PICTURE_WIDTHS = {"complaint_word_cloud": 560, "praise_word_cloud": 560, "sku_aspect_heatmap": 680}


@dataclass
class Placement:
    """A picture the report shows: which chart, on which sheet, where."""

    ws: Worksheet
    name: str
    anchor: str


def charts_available() -> bool:
    return _charts is not None


def draw_pictures(result: AnalysisResult, lang: str | None = None) -> PictureSource:
    """Draws each requested picture here, as the PNG ``analyze --charts`` would save (aspect
    names in ``lang``; None: the language of the messages)."""

    def source(name: str) -> bytes | None:
        if _charts is None:
            return None
        from app.core.charts.data import result_figure

        fig = result_figure(result, name, lang)
        return None if fig is None else _charts.render_figure(fig, "png", dpi=100)

    return source


def place_pictures(placements: Sequence[Placement], source: PictureSource) -> int:
    """Add each placement's picture (scaled to its width) to its sheet; returns how many."""
    placed = 0
    for placement in placements:
        png = source(placement.name)
        if not png:
            continue
        image = Image(io.BytesIO(png))
        width = PICTURE_WIDTHS[placement.name]
        image.width, image.height = width, round(image.height * width / image.width)
        placement.ws.add_image(image, placement.anchor)
        row = int("".join(ch for ch in placement.anchor if ch.isdigit()))
        keep_together(placement.ws, row, image.height * 0.75)  # pixels -> points
        placed += 1
    return placed
