"""HTML tables saved as ``.xls`` by Chinese back-ends, read with the standard library only.

Each ``<table>`` becomes a list of rows; ``<br>`` is a line break, other whitespace collapses as
a browser shows it, ``colspan``/``rowspan`` keep the columns aligned, entities are decoded.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.core.errors import InputFileError
from app.io.readers.cells import Cell
from app.io.readers.encoding import Detected, detect, from_name

HEAD_BYTES = 1 << 20  # detection looks at the first megabyte, as for other text files
_REPORTED = {"big5hkscs": "big5", "cp950": "big5"}

_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_MAX_SPAN = 1000


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value:
            try:
                return max(1, min(int(value.strip()), _MAX_SPAN))
            except ValueError:
                return 1
    return 1


class _TableParser(HTMLParser):
    """Collects every table's rows; nested tables are collected separately."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[Cell]]] = []
        self._stack: list[dict] = []  # open tables: rows, current row, cell parts, rowspans

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append({"rows": [], "row": None, "cell": None, "spans": {}})
            return
        if not self._stack:
            return
        table = self._stack[-1]
        if tag == "tr":
            self._end_row(table)
            table["row"] = []
        elif tag in ("td", "th"):
            self._end_cell(table)
            if table["row"] is None:
                table["row"] = []
            table["cell"] = {"parts": [], "colspan": _span(attrs, "colspan"),
                             "rowspan": _span(attrs, "rowspan")}  # fmt: skip
        elif tag == "br" and table["cell"] is not None:
            table["cell"]["parts"].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        table = self._stack[-1]
        if tag in ("td", "th"):
            self._end_cell(table)
        elif tag == "tr":
            self._end_row(table)
        elif tag == "table":
            self._end_row(table)
            self.tables.append(self._stack.pop()["rows"])

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"]["parts"].append(_SPACES.sub(" ", data))

    def _fill_spans(self, table: dict) -> None:
        row, spans = table["row"], table["spans"]
        while len(row) in spans:  # cells still covered by a rowspan from above
            left = spans.pop(len(row))
            row.append(None)
            if left > 1:
                spans[len(row) - 1] = left - 1

    def _end_cell(self, table: dict) -> None:
        cell = table["cell"]
        if cell is None:
            return
        table["cell"] = None
        text = "".join(cell["parts"])
        text = "\n".join(line.strip() for line in text.split("\n")).strip()
        row = table["row"]
        self._fill_spans(table)
        for offset in range(cell["colspan"]):
            if cell["rowspan"] > 1:
                table["spans"][len(row)] = cell["rowspan"] - 1
            row.append((text or None) if offset == 0 else None)
        self._fill_spans(table)

    def _end_row(self, table: dict) -> None:
        self._end_cell(table)
        if table["row"] is not None:
            self._fill_spans(table)
            table["rows"].append(table["row"])
            table["row"] = None

    def close(self) -> None:
        super().close()
        while self._stack:
            table = self._stack.pop()
            self._end_row(table)
            self.tables.append(table["rows"])


def html_encoding(data: bytes, forced: Detected | None) -> Detected | None:
    """The user's choice, a BOM, UTF-16, valid UTF-8, the ``<meta charset>`` when the document
    decodes with it, or the usual text detection (None: not text)."""
    if forced is not None:
        return forced
    head = data[:HEAD_BYTES]
    complete = len(head) == len(data)
    found = detect(head, complete)
    if found is not None and found.codec in {"utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"}:
        return found
    if found is not None and found.codec == "utf-8" and not found.other:
        return found  # valid UTF-8 is UTF-8, whatever the page claims
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            declared = from_name(match.group(1).decode("ascii"))
        except InputFileError:
            declared = None  # an unknown name: detect as usual
        if declared is not None and _decodes(data, declared.codec):
            if declared.codec == "gb18030":
                return Detected("gb18030", "gb18030")
            return Detected(declared.codec, _REPORTED.get(declared.codec, declared.codec))
    return found


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def read_tables(text: str) -> list[list[list[Cell]]]:
    """Every table in the decoded document (outer tables after the tables nested in them)."""
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    return [rows for rows in parser.tables if rows]
