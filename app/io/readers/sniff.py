"""Which format a file really is, judged by its content rather than its extension.

Chinese back-ends often save HTML tables or CSV text as ``.xls``; users rename files; browsers
save xlsx as ``.csv``. The first megabyte decides.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from app.io.readers import archive, messages, ole
from app.io.readers.encoding import (
    UNICODE_CODECS,
    Detected,
    decode_mixed,
    decode_sample,
    detect,
    garbled,
    legacy,
    looks_binary,
    utf8_line,
)

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
    nuls: bool = False  # a text file with a few NUL bytes: they are stripped when reading
    data: bytes | None = None  # the whole file as repaired by :func:`repair`, to read instead
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (zh, en) for the user


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
    nuls = False
    if found is None and b"\x00" in head and head.count(0) <= max(8, len(head) // 100):
        # a text export with a few stray NUL bytes (binary data has far more)
        found = detect(head.replace(b"\x00", b""), complete)
        nuls = found is not None
    if found is None:
        raise _unrecognised(path)
    clean = head.replace(b"\x00", b"") if nuls else head
    text = decode_sample(clean, found.codec, complete)
    if found.other:  # a mixed file: each line with its own encoding
        whole_lines = clean if complete else clean[: clean.rfind(b"\n") + 1]
        try:
            text = decode_mixed(whole_lines, found.other)[0]
        except UnicodeDecodeError:
            raise _unrecognised(path) from None
    if looks_binary(text):
        raise _unrecognised(path)
    kind = _text_kind(text)
    if kind is None:
        if not text.strip("\ufeff \t\r\n\x00"):
            raise messages.only_blank(path)
        raise messages.unsupported(path)
    checked = encoding is None and kind != "html"  # html: checked after its <meta charset>
    if checked and found.codec not in UNICODE_CODECS and garbled(text):
        raise messages.looks_garbled(path, found.name)
    return Sniffed(kind, size, head, complete, found, text, nuls)


def repair(path: Path, sniffed: Sniffed, utf8_tail: bool = False) -> None:
    """Prepare ``sniffed.data``: the whole file without NUL bytes, a mixed file as UTF-8.

    ``utf8_tail``: the head was UTF-8 but a later line is not; its lines are then decoded one by
    one like a mixed file. Each repair adds a warning; ``InputFileError`` when lines fit no
    encoding.
    """
    found = sniffed.encoding
    assert found is not None
    if not (sniffed.nuls or found.other or utf8_tail):
        return
    data = sniffed.data if sniffed.data is not None else _whole(path, sniffed)
    if sniffed.nuls and sniffed.data is None:
        sniffed.warnings.append(messages.nul_removed(data.count(0)))
        data = data.replace(b"\x00", b"")
    other = found.other
    if utf8_tail:
        rest = [line for line in data.split(b"\n") if not _is_utf8(line)]
        guess = legacy(b"\n".join(rest), True)
        if guess is None:
            raise messages.garbage(path)
        other, found = guess.codec, Detected("utf-8", f"utf-8+{guess.name}", guess.codec)
        if not any(_is_utf8(line) and not line.isascii() for line in data.split(b"\n")):
            sniffed.encoding = guess  # ASCII, then another encoding: simply that encoding
            sniffed.data = data if sniffed.nuls else None
            return
    if other:
        try:
            text, utf8_lines, other_lines = decode_mixed(data, other)
        except UnicodeDecodeError:
            raise messages.garbage(path) from None
        main, minor = found.name.split("+", 1)
        count = other_lines if main == "utf-8" else utf8_lines
        sniffed.warnings.append(messages.mixed_lines(count, minor, main))
        data = text.encode("utf-8")
        sniffed.encoding = Detected("utf-8", found.name)
    sniffed.data = data


def _whole(path: Path, sniffed: Sniffed) -> bytes:
    return sniffed.head if sniffed.complete else path.read_bytes()


def _is_utf8(line: bytes) -> bool:
    return line.isascii() or utf8_line(line) is not None


def _unrecognised(path: Path) -> Exception:
    if path.suffix.lower() in SUPPORTED_EXTENSIONS:
        return messages.garbage(path)
    return messages.unsupported(path)
