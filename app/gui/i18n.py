"""Switch the UI language live: our translator, Qt's own, and the core's messages.

Source strings are Chinese (``self.tr("打开评价文件…")``); English comes from
``resources/translations/reviewlens_en.qm``. For Chinese we load Qt's ``qtbase_zh_CN.qm`` so
standard buttons read 取消/确定. Installing a translator makes Qt post ``LanguageChange`` to
every widget; widgets answer in ``changeEvent`` by calling their ``retranslateUi``.
Regenerate the translations with ``python packaging/update_translations.py``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core import i18n as core_i18n
from app.paths import resource_path

LANGUAGES = ("zh", "en")
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}  # each in its own language, never translated
_installed: list[QTranslator] = []
_current = "zh"
_installed_for = ""


def translations_dir() -> str:
    return str(resource_path("translations"))


def _qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def _load(name: str, folder: str) -> QTranslator | None:
    translator = QTranslator()
    return translator if translator.load(name, folder) else None


def apply_language(lang: str) -> None:
    """Make ``lang`` (zh|en) the language of the whole app, including the core's messages."""
    global _current, _installed_for
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    core_i18n.set_language(lang)
    _current = lang
    app = QCoreApplication.instance()
    if app is None or (lang == _installed_for and _installed):
        return
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang == "en":
        wanted = [_load("reviewlens_en", translations_dir())]
        QLocale.setDefault(QLocale("en_US"))
    else:
        wanted = [_load("qtbase_zh_CN", _qt_translations_dir())]
        QLocale.setDefault(QLocale("zh_CN"))
    for translator in wanted:
        if translator is not None:
            app.installTranslator(translator)
            _installed.append(translator)
    _installed_for = lang


def current_language() -> str:
    return _current
