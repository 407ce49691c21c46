"""Zip containers: which kind of document a zip is, and refusing zip bombs before parsing.

Only the central directory is read (declared sizes); nothing is decompressed, so a tiny file
that would inflate to gigabytes is refused in milliseconds.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.io.readers import messages

MAX_MEMBER_BYTES = 1_500_000_000  # one part (a sheet's XML) above 1.5 GB: refuse
MAX_TOTAL_BYTES = 3_000_000_000  # all parts together
MAX_RATIO = 200  # compression ratio that real sheets never reach …
RATIO_MIN_BYTES = 100_000_000  # … checked on parts large enough to matter


def _check_bomb(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        if too_big or (info.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO):
            raise messages.too_big_unzipped(path, max(total, info.file_size))


def zip_kind(path: Path) -> str:
    """``xlsx``, ``xlsb`` or ``ods``; ``InputFileError`` for corrupt, bombs and other zips."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            _check_bomb(path, infos)
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "mimetype" in names and "content.xml" in names:
                mimetype = archive.read("mimetype")[:100]
                if b"spreadsheet" in mimetype:
                    return "ods"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError):
        raise messages.corrupt_workbook(path) from None
    if "[Content_Types].xml" in names:
        if any(name.startswith("word/") for name in names):
            raise messages.other_format(path, "Word 文档", "a Word document")
        if any(name.startswith("ppt/") for name in names):
            raise messages.other_format(path, "PowerPoint 演示文稿", "a PowerPoint presentation")
        raise messages.corrupt_workbook(path)
    tables = sorted(
        n for n in names if Path(n).suffix.lower() in {".csv", ".xlsx", ".xls", ".txt", ".json"}
    )
    raise messages.zip_archive(path, tables)
