"""Which format a file really is, judged by its content rather than its extension.

Chinese back-ends often save HTML tables or CSV text as ``.xls``; users rename files; browsers
save xlsx as ``.csv``. The first megabyte decides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from app.io import archive, messages, ole
from app.io.encoding import Detected, decode_sample, detect, looks_binary

HEAD_BYTES = 1 << 20

# Leading bytes of files people pick by mistake: (magic, Chinese name, English name).
_OTHER_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "PDF 文档", "a PDF document"),
    (b"\x89PNG", "图片", "an image"),
    (b"\xff\xd8\xff", "图片", "an image"),
    (b"GIF8", "图片", "an image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
    (b"MZ", "程序文件", "a program"),
)

SUPPORTED_EXTENSIONS: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".xlsb",
    ".ods",
    ".json",
    ".jsonl",
    ".htm",
    ".html",
)


@dataclass
class Sniffed:
    """What a file is: ``kind`` and, for text kinds, its encoding and decoded head."""

    kind: str  # xlsx, xlsb, ods, xls, html, xml2003, json, delimited
    size: int
    head: bytes
    complete: bool  # the head is the whole file
    encoding: Detected | None = None
    text: str = ""  # decoded head (text kinds only)


def read_head(path: Path) -> tuple[bytes, int]:
    """The first megabyte and the size; OSErrors propagate for the caller to explain."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return handle.read(HEAD_BYTES), size


def _ole_kind(path: Path) -> str:
    with open(path, "rb") as handle:
        names = {name.lower() for name in ole.stream_names(handle)}
    if "encryptedpackage" in names or "encryptioninfo" in names:
        raise messages.encrypted(path)
    if names & {"workbook", "book"} or not names:
        return "xls"  # unparsable directory: let the xls reader judge (and explain) it
    if "worddocument" in names:
        raise messages.other_format(path, "Word 文档", "a Word document")
    raise messages.other_format(path, "Office 文档", "an Office document")


def _text_kind(text: str) -> str | None:
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        return None
    if stripped.startswith("<"):
        lower = stripped[:65536].lower()
        if "urn:schemas-microsoft-com:office:spreadsheet" in lower:
            return "xml2003"
        if "<table" in lower or "<html" in lower or "<!doctype html" in lower:
            return "html"
        return None
    if stripped[0] in "[{":
        return "json"
    return "delimited"


def sniff(path: Path, encoding: Detected | None = None) -> Sniffed:
    """Detect the format; ``InputFileError`` for empty, binary, encrypted or foreign files."""
    head, size = read_head(path)
    complete = len(head) >= size
    if size == 0:
        raise messages.empty_file(path)
    if path.name.startswith("~$") and size < 4096:
        raise messages.excel_lock_file(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return Sniffed(archive.zip_kind(path), size, head, complete)
    if head.startswith(ole.SIGNATURE):
        return Sniffed(_ole_kind(path), size, head, complete)
    for magic, zh, en in _OTHER_MAGIC:
        if head.startswith(magic):
            raise messages.other_format(path, zh, en)
    found = encoding or detect(head, complete)
    if found is None:
        raise _unrecognised(path)
    text = decode_sample(head, found.codec, complete)
    if looks_binary(text):
        raise _unrecognised(path)
    kind = _text_kind(text)
    if kind is None:
        if not text.strip("\ufeff \t\r\n\x00"):
            raise messages.only_blank(path)
        raise messages.unsupported(path)
    return Sniffed(kind, size, head, complete, found, text)


def _unrecognised(path: Path) -> Exception:
    if path.suffix.lower() in SUPPORTED_EXTENSIONS:
        return messages.garbage(path)
    return messages.unsupported(path)
