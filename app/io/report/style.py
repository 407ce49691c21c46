"""Look and safety of the Excel report: fonts, fills, number formats, safe cell writing, widths."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PureWindowsPath

from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from app.core.i18n import tr
from app.io.readers.cells import FORMULA_START

FONT_NAME = "Microsoft YaHei"  # on every Chinese Windows; LibreOffice falls back to Noto CJK
INK = "1F2D3D"
MUTED = "6B7785"
ACCENT = "1F4E79"
COMPLAINT = "D55E00"  # Okabe–Ito vermillion, same as the charts (colour-blind safe)
PRAISE = "0072B2"  # Okabe–Ito blue
NEUTRAL = "999999"
MIXED = "CC79A7"  # Okabe–Ito reddish purple: between the praise blue and complaint vermillion
BAND = "F3F6F9"
KPI_FILL = "EAF1F8"
COMPLAINT_FILL = "FBEAEA"
PRAISE_FILL = "EAF5EA"

PCT = "0.0%"
PCT_WHOLE = "0%"  # whole percents that add up to 100 (see app.core.reviews.unhappy)
PCT_CHANGE = "+0%;-0%;0%"
INT = "#,##0"
AVG = "0.00"
DATE = "yyyy-mm-dd"
DATETIME = "yyyy-mm-dd hh:mm"

LINE_HEIGHT = 15.0  # points per wrapped line at 10-11 pt
MAX_WRAPPED_LINES = 5  # rows grow at most this much; the full text stays in the cell

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
RISKY_START = FORMULA_START
ILLEGAL_XML_PATTERN = _ILLEGAL_XML.pattern
MAX_CELL_CHARS = 32_767  # Excel's limit per cell, in UTF-16 units
CUT_MARKERS = {"zh": "…（内容过长，已截断）", "en": "… (too long, cut)"}
_cut_marker: ContextVar[str | None] = ContextVar("cut_marker", default=None)


@contextmanager
def report_language(code: str) -> Iterator[None]:
    """Texts cut to fit a cell say so in the report's language (default: the UI's)."""
    token = _cut_marker.set(CUT_MARKERS.get(code, CUT_MARKERS["zh"]))
    try:
        yield
    finally:
        _cut_marker.reset(token)


def fit_cell(text: str) -> str:
    """``text`` cut to Excel's 32,767-character cell limit, ending in a visible marker."""
    if len(text) <= MAX_CELL_CHARS // 2:  # fits even if every character took two units
        return text
    units = len(text.encode("utf-16-le")) // 2
    if units <= MAX_CELL_CHARS:
        return text
    marker = _cut_marker.get() or tr(CUT_MARKERS["zh"], CUT_MARKERS["en"])
    budget = MAX_CELL_CHARS - len(marker)
    head = text[:budget]
    while (excess := len(head.encode("utf-16-le")) // 2 - budget) > 0:  # emoji take two units
        head = head[:-excess]
    return head + marker


@dataclass(frozen=True)
class Lang:
    """Pick the Chinese or English text for the report's language (independent of the UI)."""

    code: str = "zh"

    def __call__(self, zh: str, en: str) -> str:
        return zh if self.code == "zh" else en

    def sentiment(self, key: str) -> str:
        names = {
            "praise": ("好评", "praise"),
            "complaint": ("差评", "complaint"),
            "mixed": ("褒贬都有", "mixed"),
        }
        zh, en = names.get(key, ("中性", "neutral"))
        return self(zh, en)

    @property
    def sep(self) -> str:
        return "、" if self.code == "zh" else ", "


def clean_text(value: object) -> str:
    """Text with the characters XML forbids (control characters, lone surrogates) removed,
    cut to fit one cell (:func:`fit_cell`)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return fit_cell(_ILLEGAL_XML.sub("", text))


def put(ws: Worksheet, row: int, col: int, value: object, style: dict | None = None) -> Cell:
    """Write one cell safely: text is never stored as a formula, illegal characters go."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = clean_text(value)
        cell.value = value
        if value.startswith(RISKY_START):
            cell.data_type = "s"  # shown exactly as written, never evaluated
            cell.quotePrefix = True  # and Excel keeps it text when the user edits the cell
    else:
        cell.value = value
    if style:
        apply(cell, **style)
    return cell


def apply(
    cell: Cell,
    *,
    font: Font | None = None,
    fill: str | None = None,
    fmt: str | None = None,
    wrap: bool | None = None,
    align: str | None = None,
    valign: str = "top",
    border: bool = False,
) -> None:
    if font is not None:
        cell.font = font
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if fmt:
        cell.number_format = fmt
    cell.alignment = Alignment(wrap_text=bool(wrap), horizontal=align, vertical=valign)
    if border:
        cell.border = Border(bottom=Side(style="thin", color="D5DBE1"))


def font(size: float = 10, *, bold: bool = False, color: str = INK, italic: bool = False) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, color=color, italic=italic)


BODY = {"font": font(10), "wrap": False}
BODY_WRAP = {"font": font(10), "wrap": True}
NUMBER = {"font": font(10), "fmt": INT}
PERCENT = {"font": font(10), "fmt": PCT}
HEADER = {
    "font": font(10, bold=True, color="FFFFFF"),
    "fill": ACCENT,
    "wrap": True,
    "valign": "center",
}
SECTION = {"font": font(13, bold=True, color=ACCENT)}
NOTE = {"font": font(9, color=MUTED), "wrap": True}


def display_width(text: object) -> int:
    """Width in Latin characters: CJK and full-width characters count twice."""
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in s)


def wrapped_lines(text: object, width: float, max_lines: int = MAX_WRAPPED_LINES) -> int:
    """Lines a wrapped cell of ``width`` characters needs, at most ``max_lines``."""
    s = "" if text is None else str(text)
    lines = 0
    for part in s.split("\n"):
        lines += max(1, -(-display_width(part) // max(1, int(width - 1))))
    return max(1, min(lines, max_lines))


def header_row(ws: Worksheet, row: int, titles: Iterable[str], first_col: int = 1) -> None:
    for offset, title in enumerate(titles):
        put(ws, row, first_col + offset, title, HEADER)
    ws.row_dimensions[row].height = 30


def set_widths(ws: Worksheet, widths: Iterable[float], first_col: int = 1) -> None:
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_col + offset)].width = width


def fit_height(ws: Worksheet, row: int, texts_and_widths: Iterable[tuple[object, float]]) -> None:
    """Row height for wrapped cells (nothing auto-fits rows when the file is opened)."""
    lines = max((wrapped_lines(t, w) for t, w in texts_and_widths), default=1)
    ws.row_dimensions[row].height = max(18.0, LINE_HEIGHT * lines + 3)


def column_after(widths: list[float], cm: float, default: float = 8.43) -> int:
    """1-based index of the first column right of something ``cm`` wide placed at column A."""
    total, index = 0.0, 0
    while total <= cm + 0.3:
        total += (widths[index] if index < len(widths) else default) * 0.2  # ~7.5 px a character
        index += 1
    return index + 1


def file_names(paths: Iterable[object]) -> dict[str, str]:
    """Each input path → the name the report shows: the file name only, never its folders
    (a report is forwarded to suppliers). Two files of the same name in different folders get
    their folder's name in front ("1月/评价.xlsx") so they stay apart."""
    unique = list(dict.fromkeys("" if p is None else str(p) for p in paths))
    parts = {p: PureWindowsPath(p).parts for p in unique}  # splits at / and \\
    names = {p: parts[p][-1] if parts[p] else p for p in unique}
    by_name: dict[str, list[str]] = {}
    for p, name in names.items():
        by_name.setdefault(name, []).append(p)
    for same in by_name.values():
        if len(same) > 1:
            for p in same:
                names[p] = "/".join(parts[p][-2:]) if len(parts[p]) > 1 else names[p]
    return names


def joined(values: Iterable[object], lang: Lang) -> str:
    return lang.sep.join(str(v) for v in values if v not in (None, ""))


MARGIN_INCHES = 0.3
PRINTABLE_POINTS = {  # A4 (595 × 842 pt) less the left and right margins
    "portrait": 595 - 2 * MARGIN_INCHES * 72,
    "landscape": 842 - 2 * MARGIN_INCHES * 72,
}
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters


def column_points(width: float) -> float:
    """Printed width of a column ``width`` characters wide (7 px a character + 5 px padding)."""
    return (width * 7 + 5) * 0.75


def sheet_points(ws: Worksheet) -> float:
    """Printed width of the sheet's used columns, at 100 %."""
    widths = []
    for col in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(col))
        widths.append(dim.width if dim is not None and dim.width else DEFAULT_WIDTH)
    return sum(column_points(w) for w in widths)


def print_scale(ws: Worksheet) -> float:
    """The zoom one-page-wide printing gives the sheet's columns (1.0 = full size)."""
    page = PRINTABLE_POINTS[ws.page_setup.orientation or "portrait"]
    return min(1.0, page / max(sheet_points(ws), 1.0))


def print_setup(ws: Worksheet, *, title_rows: str | None = None) -> None:
    """A4, one page wide and as many pages tall as needed, portrait unless the columns need
    landscape; ``title_rows`` ("4:4") repeat on every printed page."""
    wide = sheet_points(ws) > PRINTABLE_POINTS["portrait"]
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    if title_rows:
        ws.print_title_rows = title_rows


PRINTABLE_HEIGHT = {"portrait": 842 - 72.0, "landscape": 595 - 72.0}  # A4 less 0.5 in margins
DEFAULT_ROW_HEIGHT = 15.0


def _row_points(ws: Worksheet, row: int) -> float:
    dim = ws.row_dimensions.get(row)
    return dim.height if dim is not None and dim.height else DEFAULT_ROW_HEIGHT


def keep_together(ws: Worksheet, row: int, height: float) -> None:
    """Start a new printed page at ``row`` when a chart or picture ``height`` points tall
    anchored there would be cut by a page break (and fits on a page of its own)."""
    page = PRINTABLE_HEIGHT[ws.page_setup.orientation or "portrait"] / print_scale(ws)
    titles = re.findall(r"\d+", ws.print_title_rows or "")
    title_height = (
        sum(_row_points(ws, r) for r in range(int(titles[0]), int(titles[-1]) + 1))
        if titles
        else 0.0
    )
    breaks = {b.id for b in ws.row_breaks.brk}
    used = 0.0
    for r in range(1, row):
        h = _row_points(ws, r)
        if used + h > page:
            used = title_height
        used += h
        if r in breaks:
            used = title_height
    if used + height > page and title_height + height <= page and used > title_height:
        ws.row_breaks.append(Break(id=row - 1))
