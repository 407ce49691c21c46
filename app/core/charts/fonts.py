"""The bundled CJK font (Noto Sans SC, OFL-1.1) for matplotlib and wordcloud, and label cleaning.

A fresh machine has no Chinese font, so charts always name ours explicitly. We never change the
global ``rcParams``: :func:`register_matplotlib_font` only adds the font to matplotlib's font
manager, and the chart code sets :func:`font_families` on every text it draws (thread-safe).
No Qt here: the GUI registers the same file with ``QFontDatabase`` itself.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from app.core.errors import AppError
from app.paths import resource_path

FONT_FILE = "NotoSansSC-Regular.otf"
FALLBACK_FAMILY = "DejaVu Sans"  # ships with matplotlib; covers symbols Noto Sans SC lacks
REPLACEMENT = "?"  # stands in for a character no font we ship can draw

_lock = threading.Lock()
_family: str | None = None

# Emoji and their glue: pictographs, dingbats, arrows-like emoji, flags, skin tones, keycaps,
# variation selectors, zero-width joiner and tag characters.
_EMOJI_RE = re.compile(
    "["
    "\U0001f000-\U0001faff"  # mahjong … symbols & pictographs extended-A (incl. skin tones, flags)
    "\u2600-\u27bf"  # misc symbols, dingbats (☀ ☺ ❤ ✅ ✨)
    "\u2b00-\u2bff"  # arrows & symbols (⭐ ⬆)
    "\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"  # ⌚ ⏰ ⏩ …
    "\u200d\ufe0e\ufe0f\u20e3"  # zero-width joiner, variation selectors, keycap
    "\U000e0020-\U000e007f"  # tags (subdivision flags)
    "]+"
)
_SPACES_RE = re.compile(r"\s+")


class FontMissingError(AppError):
    """The bundled Chinese font is not where it should be (broken install)."""


def cjk_font_path() -> Path:
    """Path of the bundled ``NotoSansSC-Regular.otf``; raises FontMissingError if absent."""
    path = resource_path("fonts", FONT_FILE)
    if not path.is_file():
        raise FontMissingError(
            f"找不到中文字体文件 {path}，安装可能不完整，请重新安装评论透镜。",
            f"The Chinese font {path} is missing; the installation may be incomplete. "
            "Please reinstall ReviewLens.",
        )
    return path


def register_matplotlib_font() -> str:
    """Add the bundled font to matplotlib's font manager once; return its family name."""
    global _family
    with _lock:
        if _family is None:
            from matplotlib import font_manager

            path = cjk_font_path()
            font_manager.fontManager.addfont(str(path))
            _family = font_manager.FontProperties(fname=str(path)).get_name()
        return _family


def font_families() -> list[str]:
    """Family list to set on chart texts: our CJK font first, DejaVu Sans as glyph fallback."""
    return [register_matplotlib_font(), FALLBACK_FAMILY]


def strip_emoji(text: str) -> str:
    """Remove emoji (no CJK font has them) and tidy the spaces they leave behind."""
    return _SPACES_RE.sub(" ", _EMOJI_RE.sub("", str(text))).strip()


@lru_cache(maxsize=1)
def _cjk_codepoints() -> frozenset[int]:
    from matplotlib import ft2font

    return frozenset(ft2font.FT2Font(str(cjk_font_path())).get_charmap())


def cjk_font_can_draw(text: str) -> bool:
    """True if the bundled CJK font alone has every character of ``text`` (wordcloud's case)."""
    codes = _cjk_codepoints()
    return all(ord(ch) in codes for ch in text)


@lru_cache(maxsize=1)
def _drawable_codepoints() -> frozenset[int]:
    from matplotlib import font_manager, ft2font

    codes = set(_cjk_codepoints())
    fallback = font_manager.findfont(FALLBACK_FAMILY, fallback_to_default=False)
    codes.update(ft2font.FT2Font(fallback).get_charmap())
    return frozenset(codes)


def clean_label(text: object) -> str:
    """A label matplotlib can draw with our fonts, exactly as written.

    Emoji are stripped, characters neither font has become ``?``, control characters are dropped
    and ``$`` is escaped so a label is never read as mathtext.
    """
    cleaned = strip_emoji("" if text is None else str(text))
    codes = _drawable_codepoints()
    out = []
    for ch in cleaned:
        if ch in "\n\t ":
            out.append(" ")
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            continue
        elif ord(ch) in codes:
            out.append(ch)
        else:
            out.append(REPLACEMENT)
    return _SPACES_RE.sub(" ", "".join(out)).strip().replace("$", r"\$")
