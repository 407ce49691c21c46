"""Domain errors whose ``str()`` is a message a shop owner can read, in the current language."""

from __future__ import annotations

from app.core.i18n import tr


class AppError(Exception):
    """Base class for every error we expect and explain to the user.

    ``zh`` and ``en`` are complete sentences; ``str(error)`` picks the one for the current
    language at the moment it is shown, so the language can change after the error was raised.
    """

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.zh = zh
        self.en = en

    def __str__(self) -> str:
        return tr(self.zh, self.en)


class InputFileError(AppError):
    """A file cannot be read: missing, locked, empty, corrupt, encrypted, too big, unknown."""


class ColumnError(AppError):
    """The table was read but its columns cannot be used (no review text, bad --map …)."""


class OutputError(AppError):
    """A report or export cannot be written (folder missing, file open in Excel …)."""
