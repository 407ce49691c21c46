"""Text encoding detection: BOM → UTF-16 by NUL pattern → strict UTF-8 → legacy encodings.

Works on a leading sample of the file; ``complete`` says whether the sample is the whole file
(otherwise a multi-byte character cut at the sample's end is not an error). After the fast
Unicode checks, text that looks like simplified Chinese is GB18030 (a superset of GBK, by far the
most common legacy encoding of Chinese shops); anything else is left to ``chardet`` (Big5 from
Taiwan / Hong Kong, cp1252 from European marketplaces, …). A sample whose lines are partly UTF-8
and partly another encoding is "mixed": each line is decoded with the encoding that fits it.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from app.io.readers import messages

# Control characters that never appear in a text export (tab, CR, LF, FF are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f\s]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# Legacy encodings a shop export may be in (Chinese, Taiwan / Hong Kong, European and Japanese
# marketplaces). cp1250 is left out on purpose: chardet confuses it with cp1252 on short French
# text; Cyrillic and Korean ones turn damaged Chinese into plausible-looking letters. Any other
# encoding can be chosen with --encoding.
_LEGACY = ("gb18030", "big5hkscs", "cp1252", "cp932")
_REPORTED = {"big5hkscs": "big5", "cp932": "shift_jis"}
_DETECT_BYTES = 200_000
# Symbols and marks real reviews contain (★ ♥ ① → © ° ¥ € …) are not a sign of a wrong decode.
_FINE_SYMBOLS = (
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x27BF),  # ① ╮ ▲ ■ ● ★ ♥ ✔
    (0x1F000, 0x1FAFF),  # emoji
)
_FINE_CHARS = set("©®°±×÷¥€£¢§¶µ·™")


@dataclass(frozen=True)
class Detected:
    """An encoding: the codec to decode with and the name to report.

    ``other`` is set for a mixed file: lines that are not valid UTF-8 are decoded with it.
    """

    codec: str  # what Python / pandas decode with, e.g. "utf-16-le"
    name: str  # what RawTable.encoding reports: utf-8-sig, utf-8, gb18030, big5, cp1252, utf-16
    other: str | None = None


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
    """``utf-16-le``/``utf-16-be`` for UTF-16 text without a byte order mark.

    ASCII code units have a zero high byte, so NUL bytes sit on one parity. Chinese text has few
    of them, but its line breaks and delimiters (``0a 00``, ``2c 00``, ``09 00`` in little
    endian) still do; the decode must then read as text, not as rare symbols.
    """
    head = sample[:65536]
    head = head[: len(head) // 2 * 2]
    if len(head) < 4 or 0 not in head:
        return None
    units = [head[i : i + 2] for i in range(0, len(head), 2)]
    marks = {
        "utf-16-le": (b"\n\x00", b",\x00", b"\t\x00"),
        "utf-16-be": (b"\x00\n", b"\x00,", b"\x00\t"),
    }
    structure = {codec: sum(units.count(m) for m in found) for codec, found in marks.items()}
    zeros = {"utf-16-le": head[1::2].count(0), "utf-16-be": head[0::2].count(0)}
    for codec, other in (("utf-16-le", "utf-16-be"), ("utf-16-be", "utf-16-le")):
        ascii_like = zeros[codec] >= max(0.9 * (zeros[codec] + zeros[other]), len(head) / 10)
        lined = structure[codec] >= 2 and structure[codec] > 3 * structure[other]
        if not (ascii_like or lined) or not _decodes(head, codec, False):
            continue
        text = decode_sample(head, codec, False)
        if not looks_binary(text) and not garbled(text):
            return codec
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
    return _mixed(sample, complete) or legacy(sample, complete)


def _chinese(text: str) -> bool:
    """Simplified Chinese: most characters of a sample are among the 3755 common hanzi."""
    hanzi = [m.group() for m in islice(_CJK.finditer(text), 20_000)]
    if len(hanzi) < 2:
        return False
    common = sum(0xB0 <= c.encode("gb2312", "replace")[0] <= 0xD7 for c in hanzi)
    return common >= 0.8 * len(hanzi)


def legacy(sample: bytes, complete: bool) -> Detected | None:
    """A non-Unicode encoding: GB18030 when it reads as Chinese, else chardet's choice."""
    if _decodes(sample, "gb18030", complete) and _chinese(
        decode_sample(sample, "gb18030", complete)
    ):
        return Detected("gb18030", "gb18030")
    import chardet  # only for the rare non-UTF-8 file: keeps start-up fast

    telling = b"\n".join(line for line in sample.split(b"\n") if not line.isascii())
    found = chardet.detect(telling[:_DETECT_BYTES], include_encodings=_LEGACY, compat_names=False)
    guess = found["encoding"]
    for codec in (guess, "gb18030"):
        if codec and codec in _LEGACY and _decodes(sample, codec, complete):
            return Detected(codec, _REPORTED.get(codec, codec))
    return None


def _mixed(sample: bytes, complete: bool) -> Detected | None:
    """Some lines UTF-8, the others in one legacy encoding (files pasted together)."""
    lines = sample.split(b"\n")
    if not complete:
        lines = lines[:-1]
    utf8, rest = 0, []
    for line in lines:
        if line.isascii():
            continue
        if utf8_line(line) is None:
            rest.append(line)
        else:
            utf8 += 1
    if not utf8 or not rest:
        return None
    other = legacy(b"\n".join(rest), True)
    if other is None:
        return None
    if utf8 >= len(rest):
        return Detected("utf-8", f"utf-8+{other.name}", other.codec)
    return Detected("utf-8", f"{other.name}+utf-8", other.codec)


def utf8_line(line: bytes) -> str | None:
    """A non-ASCII line decoded as UTF-8, or None when it is not UTF-8.

    A legacy line can be valid UTF-8 by chance (GBK 通 = ``cd a8`` is U+0368); such chance
    decodes only give two-byte characters outside the Latin letters, so those do not count.
    """
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if max(text) >= "\u0800" or max(text) <= "\u024f":
        return text
    return None


def decode_mixed(data: bytes, other: str) -> tuple[str, int, int]:
    """Text of a mixed file, and how many lines were UTF-8 / ``other`` (ASCII lines not counted).

    A line that is valid UTF-8 is UTF-8 (other encodings almost never produce valid UTF-8);
    ``UnicodeDecodeError`` when a line fits neither.
    """
    parts: list[str] = []
    utf8 = legacy_lines = 0
    for line in data.split(b"\n"):
        if line.isascii():
            parts.append(line.decode("ascii"))
            continue
        text = utf8_line(line)
        if text is None:
            parts.append(line.decode(other))
            legacy_lines += 1
        else:
            parts.append(text)
            utf8 += 1
    return "\n".join(parts), utf8, legacy_lines


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


def _odd(char: str) -> bool:
    """A character a wrong decode produces and real reviews hardly contain."""
    if char in _FINE_CHARS:
        return False
    category = unicodedata.category(char)
    if category in {"Co", "Cn", "Cs", "Cc"} or char == "\ufffd":
        return char not in "\t\r\n\f"
    if category in {"So", "Sm", "Sc", "Sk", "No"}:
        code = ord(char)
        return not any(low <= code <= high for low, high in _FINE_SYMBOLS)
    code = ord(char)
    # CJK extension A and compatibility ideographs, half-width katakana: rare in real text
    return 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0xFF61 <= code <= 0xFF9F


UNICODE_CODECS = frozenset({"utf-8", "utf-8-sig", "utf-16"})  # a valid decode is right


def _script(char: str) -> str:
    """``latin``, ``cjk`` (hanzi, kana, bopomofo, full-width forms) or ``other`` for a letter."""
    code = ord(char)
    if code <= 0x024F or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x3040 <= code <= 0x312F or 0x4E00 <= code <= 0x9FFF or 0xFF00 <= code <= 0xFFEF:
        return "cjk"
    return "other"


def garbled(text: str) -> bool:
    """True when decoded text looks like a wrong encoding: many rare symbols, private-use or
    replacement characters, letters of scripts other than Chinese/Japanese and Latin, or Latin
    text where accented letters outnumber plain ones as they never do in real words."""
    sample = [m.group() for m in islice(_NON_ASCII.finditer(text), 20_000)]
    if not sample:
        return False
    odd = sum(map(_odd, sample))
    if odd >= 3 and odd > 0.05 * len(sample):
        return True
    scripts = Counter(_script(c) for c in sample if c.isalpha())
    if scripts["other"] > 0.2 * len(sample):
        return True
    if scripts["cjk"] or not scripts["latin"]:
        return False
    return scripts["latin"] > 0.3 * len(_ASCII_LETTER.findall(text[:200_000]))
