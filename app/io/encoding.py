"""Text encoding detection: BOM → UTF-16 by NUL pattern → strict UTF-8 → GB18030.

Works on a leading sample of the file; ``complete`` says whether the sample is the whole file
(otherwise a multi-byte character cut at the sample's end is not an error).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from app.io import messages

# Control characters that never appear in a text export (tab, CR, LF, FF are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Detected:
    """An encoding: the codec to decode with and the name to report."""

    codec: str  # what Python / pandas decode with, e.g. "utf-16-le"
    name: str  # what RawTable.encoding reports: utf-8-sig, utf-8, gb18030, utf-16


_BOMS: tuple[tuple[bytes, Detected], ...] = (
    (codecs.BOM_UTF8, Detected("utf-8-sig", "utf-8-sig")),
    (codecs.BOM_UTF16_LE, Detected("utf-16", "utf-16")),
    (codecs.BOM_UTF16_BE, Detected("utf-16", "utf-16")),
)


def _decodes(sample: bytes, codec: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(codec)("strict").decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def utf16_without_bom(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when NUL bytes sit on one parity, as ASCII in UTF-16 does."""
    head = sample[:65536]
    if len(head) < 4:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if odd + even < len(head) // 10:
        return None
    if odd > 0.9 * (odd + even) and _decodes(head[: len(head) // 2 * 2], "utf-16-le", False):
        return "utf-16-le"
    if even > 0.9 * (odd + even) and _decodes(head[: len(head) // 2 * 2], "utf-16-be", False):
        return "utf-16-be"
    return None


def detect(sample: bytes, complete: bool) -> Detected | None:
    """The encoding of a text sample, or None when it does not decode as text at all."""
    for bom, found in _BOMS:
        if sample.startswith(bom):
            return found
    utf16 = utf16_without_bom(sample)
    if utf16:
        return Detected(utf16, "utf-16")
    if b"\x00" in sample:
        return None
    if _decodes(sample, "utf-8", complete):
        return Detected("utf-8", "utf-8")
    if _decodes(sample, "gb18030", complete):
        return Detected("gb18030", "gb18030")
    return None


def from_name(encoding: str) -> Detected:
    """An encoding the user chose; ``InputFileError`` when Python does not know it."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise messages.bad_encoding_name(encoding) from None
    if info.name in {"gbk", "gb2312", "cp936"}:
        # GB18030 is a strict superset: same bytes, fewer failures on rare characters.
        return Detected("gb18030", info.name)
    return Detected(info.name, info.name)


def decode_sample(sample: bytes, codec: str, complete: bool) -> str:
    """Decode a leading sample; a character cut at the end of an incomplete sample is dropped."""
    decoder = codecs.getincrementaldecoder(codec)("replace")
    return decoder.decode(sample, final=complete)


def looks_binary(text: str) -> bool:
    """True when decoded text has many control characters: binary data, not a text export."""
    if not text:
        return False
    bad = len(_CONTROL.findall(text[:65536]))
    return bad > max(2, len(text[:65536]) // 200)
