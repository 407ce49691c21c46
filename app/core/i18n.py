"""Language switch for user-facing messages of the core and the command line.

Messages are written inline as (Chinese, English) pairs: ``tr("找不到文件", "File not found")``.
Chinese is the default; ``set_language("en")`` switches the whole process.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
_language = "zh"


def set_language(lang: str) -> None:
    """Switch the message language (``zh`` or ``en``)."""
    global _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    _language = lang


def get_language() -> str:
    return _language


def tr(zh: str, en: str) -> str:
    """Pick the message for the current language."""
    return zh if _language == "zh" else en
