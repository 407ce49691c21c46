"""Text cleaning and row checks: markup, seller replies, repeated characters, placeholders,
empty or punctuation-only texts, blank and repeated-header rows, exact duplicates.

Functions take and return object Series of ``str`` (``""`` for missing; see
:func:`app.core.ingest.values.clean_text`) and use plain comprehensions over precompiled
regexes, which is the fastest route for Python strings.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.entities import html5

import numpy as np
import pandas as pd

# Status codes of a text, in the ledger's reason_code vocabulary ("" = a real opinion).
OK, EMPTY, PLACEHOLDER, PUNCTUATION_ONLY = "", "empty", "placeholder", "punctuation_only"

_TAG_RE = re.compile(r"<\s*br\s*/?\s*>|</?\s*(?:p|div|span|b|i|em|strong|font|img)\b[^>]*>", re.I)
_REPLY_PREFIX_RE = re.compile(
    r"^\s*[\[【(（]?\s*(?:掌柜|商家|卖家|店家|客服)(?:回复|回覆|的回复)\s*[\]】)）]?\s*[:：]?\s*"
)
_GLUED_REPLY_RE = re.compile(
    r"\s*(?:[\[【]\s*(?:掌柜|商家|卖家|店家)(?:回复|回覆)\s*[\]】]|(?:掌柜|商家|卖家)回复\s*[:：])\s*[:：]?\s*"
)
_PUNCT_RUN_RE = re.compile(r"([^\w\s]|_)\1+")
_CHAR_RUN_RE = re.compile(r"([^\W\d_])\1{3,}")
_SPACE_RE = re.compile(r"\s+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_KEY_RE = re.compile(r"[\W_]+")
_PLACEHOLDER_RE = re.compile(
    r"(?:此|该|这个|这位)?(?:用户|买家|顾客|会员)?(?:没有|没|未|暂未|尚未)(?:及时)?"
    r"(?:填写|做出|发表|写|留下)?(?:文字|任何)?(?:评价|评论|追评|追加评论|追加评价)(?:内容|信息)?"
    r"|(?:此|该)?(?:用户|买家)觉得(?:商品|宝贝)?(?:不错|很好|挺好|还不错)"
    r"|(?:评价方|买家|用户)?(?:未及时做出评价|未及时评价|超时未评价|未评价)?(?:系统)?"
    r"默认(?:五星)?(?:好评|评论|评价)"
    r"|您?没有填写内容默认好评|(?:暂|暂时)?无(?:评价|评论|追评|内容|评价内容)"
    r"|no(?:review)?(?:text|comment|content)?s?|(?:review|comment)?textnotprovided"
)
PLACEHOLDER_MAX_LEN = 40  # placeholders are short: longer texts are never tested


_ENTITY_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(match: re.Match[str]) -> str:
    entity = match.group(0)
    if entity[1] == "#":
        return html.unescape(entity)  # numeric: invalid code points become U+FFFD, as browsers do
    return html5.get(entity[1:], entity)


def unescape(text: str) -> str:
    """Real HTML entities decoded (``&apos; &hellip; &#123; &#x1F600;``); ``AT&T``, ``&abc`` and
    unknown names stay as written; a no-break space becomes a plain space."""
    return _ENTITY_RE.sub(_entity, text).replace("\xa0", " ") if "&" in text else text


def unescape_entities(s: pd.Series) -> pd.Series:
    """:func:`unescape` over a column of ``str``; only cells holding ``&`` are touched."""
    values = s.to_numpy(dtype=object)
    rows = np.flatnonzero(s.str.contains("&", regex=False).fillna(False).to_numpy(dtype=bool))
    if len(rows) == 0:
        return s
    out = values.copy()
    out[rows] = [unescape(values[i]) for i in rows]
    return pd.Series(out, index=s.index, dtype=object)


def decode_markup(s: pd.Series) -> pd.Series:
    """HTML entities decoded (``&hellip; &nbsp; &ldquo; &amp;``) and ``<br>`` tags removed."""
    values = s.to_numpy(dtype=object)
    out = values.copy()
    for i, v in enumerate(values):
        if v and ("&" in v or "<" in v):
            v = _TAG_RE.sub(" ", unescape(v)) if "<" in v else unescape(v)
            out[i] = v.replace("\xa0", " ").strip()
    return pd.Series(out, index=s.index, dtype=object)


def strip_reply_prefix(s: pd.Series) -> pd.Series:
    """Seller replies without their ``掌柜回复:`` / ``商家回复：`` / ``[掌柜回复]`` prefix."""
    values = s.to_numpy(dtype=object)
    return pd.Series(
        [_REPLY_PREFIX_RE.sub("", v) if "回" in v else v for v in values],
        index=s.index,
        dtype=object,
    )


def split_glued_reply(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split ``review [掌柜回复] reply`` cells: (review part, reply part or ``""``)."""
    values = text.to_numpy(dtype=object)
    review = values.copy()
    reply = np.full(len(values), "", dtype=object)
    for i, v in enumerate(values):
        if "回复" in v or "回覆" in v:
            parts = _GLUED_REPLY_RE.split(v, maxsplit=1)
            if len(parts) == 2:
                review[i], reply[i] = parts[0].strip(), parts[1].strip()
    return (
        pd.Series(review, index=text.index, dtype=object),
        pd.Series(reply, index=text.index, dtype=object),
    )


def compress_repeats(text: str) -> str:
    """``好好好好好好`` → ``好好好``, ``！！！！`` → ``！``, runs of whitespace → one space.

    Digits are never compressed (``10000元`` keeps its meaning).
    """
    text = _CHAR_RUN_RE.sub(r"\1\1\1", text)
    text = _PUNCT_RUN_RE.sub(r"\1", text)
    return _SPACE_RE.sub(" ", text).strip()


def placeholder_key(text: str) -> str:
    """Lower-cased text without punctuation, whitespace and emoji (for placeholder matching)."""
    return _KEY_RE.sub("", text).lower()


def is_placeholder(text: str) -> bool:
    """Whether a text is a platform's canned "no review" text (or a close variant)."""
    return len(text) <= PLACEHOLDER_MAX_LEN and bool(
        _PLACEHOLDER_RE.fullmatch(placeholder_key(text))
    )


_LETTER, _DIGIT, _ASCII, _MARKER = 1, 2, 4, 8
_CLASS = np.zeros(0x10000, dtype=np.uint8)  # character classes of the basic plane
_CLASS[ord("a") : ord("z") + 1] = _CLASS[ord("A") : ord("Z") + 1] = _LETTER | _ASCII
_CLASS[0xC0:0x530] = _LETTER
_CLASS[[0xD7, 0xF7]] = 0
for _lo, _hi in ((0x3040, 0xA000), (0xAC00, 0xD7B0), (0xF900, 0xFB00)):
    _CLASS[_lo:_hi] = _LETTER
_CLASS[ord("0") : ord("9") + 1] = _CLASS[0xFF10:0xFF1A] = _DIGIT
_CLASS[[ord(c) for c in "评论觉默无"]] |= _MARKER
_WS = np.zeros(0x10000, dtype=bool)
_WS[[9, 10, 11, 12, 13, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]] = True
_WS[0x2000:0x200B] = True
_CHUNK = 100_000


def _compress_scan(values: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Compress repeats of many texts at once over their code points (numpy), and pre-scan.

    Letters are CJK, kana, hangul, Latin and Cyrillic; digits are never compressed; every other
    character counts as punctuation (a run of it becomes one); whitespace becomes one space.
    Returns the compressed texts, whether each has a letter, and whether it may be a
    placeholder (short, with one of 评论觉默无 or an ASCII letter) — exact check left to
    :func:`is_placeholder`.
    """
    n = len(values)
    joined = "\x00".join(values) + "\x00"
    if joined.count("\x00") != n:
        values = np.array([v.replace("\x00", "") for v in values], dtype=object)
        joined = "\x00".join(values) + "\x00"
    a = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).copy()
    ends = np.flatnonzero(a == 0)
    starts = np.zeros(n, dtype=np.int64)
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    bmp = np.minimum(a, 0xFFFF)
    a[_WS[bmp] & (a < 0x10000)] = 32
    cls = np.where(a < 0x10000, _CLASS[bmp], np.uint8(0))
    cls[(a >= 0x20000) & (a < 0x32000)] = _LETTER  # CJK extension planes
    letter = (cls & _LETTER) > 0
    idx = np.arange(len(a), dtype=np.int32)
    change = np.ones(len(a), dtype=bool)
    change[1:] = a[1:] != a[:-1]
    runpos = idx - np.maximum.accumulate(np.where(change, idx, 0))
    drop = np.where(letter, runpos >= 3, (runpos >= 1) & (cls == 0) & (a != 0))

    def count(mask: np.ndarray) -> np.ndarray:  # per text; every segment ends with its NUL
        return np.add.reduceat(mask, starts, dtype=np.int32) if n else np.zeros(0, np.int32)

    texts = list(values)
    changed = np.unique(np.searchsorted(starts, np.flatnonzero(drop | (a == 32)), "right") - 1)
    if len(changed):
        rebuilt = a[~drop].tobytes().decode("utf-32-le").split("\x00")
        for i in changed:
            texts[i] = rebuilt[i].strip()
    marker = (cls & (_ASCII | _MARKER)) > 0
    maybe_placeholder = (lengths <= PLACEHOLDER_MAX_LEN) & (count(marker) > 0)
    return texts, count(letter) > 0, maybe_placeholder


def clean_texts(
    s: pd.Series, check: Callable[[], None] | None = None
) -> tuple[pd.Series, np.ndarray]:
    """Analysis text (markup decoded, repeated characters compressed; ``""`` when the text is
    no opinion) and a status per text: ``""`` (a real opinion), ``empty``, ``placeholder`` or
    ``punctuation_only`` (no letter or CJK character: only punctuation, digits, emoji)."""
    decoded = decode_markup(s).to_numpy(dtype=object)
    out = decoded.copy()
    status = np.full(len(decoded), OK, dtype=object)
    filled = np.flatnonzero(decoded != "")
    status[decoded == ""] = EMPTY
    for lo in range(0, len(filled), _CHUNK):
        if check is not None:
            check()
        rows = filled[lo : lo + _CHUNK]
        texts, has_letter, maybe_placeholder = _compress_scan(decoded[rows])
        out[rows] = texts
        for i in np.flatnonzero(~has_letter):
            if _LETTER_RE.search(texts[i]) is None:
                status[rows[i]] = PUNCTUATION_ONLY if texts[i] else EMPTY
        for i in np.flatnonzero(maybe_placeholder):
            if is_placeholder(texts[i]):
                status[rows[i]] = PLACEHOLDER
    out[status != OK] = ""
    return pd.Series(out, index=s.index, dtype=object), status


def analysis_texts(s: pd.Series) -> pd.Series:
    """The text used for analysis (``""`` for placeholders, empty and punctuation-only texts)."""
    return clean_texts(s)[0]


def text_status(s: pd.Series) -> np.ndarray:
    """Per text: ``""`` (a real opinion), ``empty``, ``placeholder`` or ``punctuation_only``."""
    return clean_texts(s)[1]


def repeated_header_rows(frame: pd.DataFrame) -> np.ndarray:
    """Rows where at least half of the cells repeat their column's header name."""
    if frame.shape[1] == 0:
        return np.zeros(len(frame), dtype=bool)
    hits = np.zeros(len(frame), dtype=np.int32)
    for col in frame.columns:
        name = str(col)
        names = {name, name.strip(), re.sub(r"\.\d+$", "", name).strip()}
        hits += frame[col].isin(names).to_numpy()
    need = max(1, -(-frame.shape[1] // 2))
    return hits >= need


def duplicate_of(keys: pd.DataFrame, candidates: np.ndarray) -> np.ndarray:
    """For each row: the position of the first equal row (comparing all ``keys`` columns, among
    ``candidates`` only) when it is a later copy, else -1. Rows are compared by a 64-bit hash."""
    first = np.full(len(keys), -1, dtype=np.int64)
    idx = np.flatnonzero(candidates)
    if len(idx) == 0:
        return first
    hashes = pd.util.hash_pandas_object(keys.iloc[idx], index=False).to_numpy()
    order = pd.Series(np.arange(len(idx)))
    first_pos = order.groupby(hashes, sort=False).transform("min").to_numpy()
    later = first_pos != order.to_numpy()
    first[idx[later]] = idx[first_pos[later]]
    return first
