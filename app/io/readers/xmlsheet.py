"""Excel 2003 XML spreadsheets (SpreadsheetML), which some back-ends save as ``.xls``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from app.io.readers import messages
from app.io.readers.cells import Cell, float_text

_NS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_MAX_INDEX = 1_048_576


def _index(element: ET.Element, default: int) -> int:
    value = element.get(f"{_NS}Index")
    if value and value.isdigit():
        return min(int(value), _MAX_INDEX)
    return default


def _value(data: ET.Element | None) -> Cell:
    if data is None:
        return None
    text = "".join(data.itertext())
    kind = data.get(f"{_NS}Type", "String")
    if kind == "Number" and text:
        try:
            return float_text(float(text)) if not text.lstrip("-").isdigit() else text
        except ValueError:
            return text
    if kind == "DateTime" and "T" in text:
        day, _, time = text.partition("T")
        return f"{day} {time.split('.')[0]}" if time.split(".")[0] != "00:00:00" else day
    return text or None


def read_xml_sheets(path: Path) -> list[tuple[str, list[list[Cell]]]]:
    """(sheet name, rows) for every worksheet; row i is spreadsheet row i + 1."""
    sheets: list[tuple[str, list[list[Cell]]]] = []
    try:
        for _event, element in ET.iterparse(path, events=("end",)):
            if element.tag != f"{_NS}Worksheet":
                continue
            rows: list[list[Cell]] = []
            for row in element.iter(f"{_NS}Row"):
                number = _index(row, len(rows) + 1)
                while len(rows) < number - 1:
                    rows.append([])
                cells: list[Cell] = []
                for cell in row.iter(f"{_NS}Cell"):
                    column = _index(cell, len(cells) + 1)
                    cells.extend([None] * (column - 1 - len(cells)))
                    cells.append(_value(cell.find(f"{_NS}Data")))
                    across = cell.get(f"{_NS}MergeAcross")
                    if across and across.isdigit():
                        cells.extend([None] * min(int(across), 1000))
                rows.append(cells)
            sheets.append((element.get(f"{_NS}Name") or f"Sheet{len(sheets) + 1}", rows))
            element.clear()
    except ET.ParseError:
        raise messages.corrupt_workbook(path) from None
    return sheets
