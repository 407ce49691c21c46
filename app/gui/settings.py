"""User preferences in QSettings: language, last folder, recent files and shops, window geometry.

Tests isolate this with ``QSettings.setDefaultFormat(IniFormat)`` and ``QSettings.setPath``
pointing into ``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app import APP_NAME

ORGANIZATION = "ReviewLens"
MAX_RECENT = 10
LANGUAGES = ("zh", "en")


class Settings:
    """Typed access to the app's QSettings; every setter writes through immediately."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._s = settings or QSettings(
            QSettings.defaultFormat(), QSettings.Scope.UserScope, ORGANIZATION, APP_NAME
        )

    @property
    def qsettings(self) -> QSettings:
        return self._s

    # -- language --------------------------------------------------------------------------
    @property
    def language(self) -> str:
        value = str(self._s.value("language", "zh"))
        return value if value in LANGUAGES else "zh"

    @language.setter
    def language(self, value: str) -> None:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}")
        self._s.setValue("language", value)

    # -- files -----------------------------------------------------------------------------
    @property
    def last_folder(self) -> str:
        folder = str(self._s.value("last_folder", "") or "")
        return folder if folder and os.path.isdir(folder) else str(Path.home())

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._s.setValue("last_folder", str(folder))

    def recent_files(self) -> list[str]:
        """Most recent first, at most MAX_RECENT (files that vanished are kept; the UI greys them)."""
        value = self._s.value("recent_files", [], type=list) or []
        return [str(v) for v in value if v][:MAX_RECENT]

    def add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self.recent_files() if p != path]
        self._s.setValue("recent_files", files[:MAX_RECENT])

    def remove_recent(self, path: str) -> None:
        self._s.setValue("recent_files", [p for p in self.recent_files() if p != path])

    def clear_recent(self) -> None:
        self._s.setValue("recent_files", [])

    def recent_shops(self) -> list[str]:
        """Shop files, most recently used first (vanished ones are kept; the UI greys them)."""
        value = self._s.value("recent_shops", [], type=list) or []
        return [str(v) for v in value if v][:MAX_RECENT]

    def add_recent_shop(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        shops = [path] + [p for p in self.recent_shops() if p != path]
        self._s.setValue("recent_shops", shops[:MAX_RECENT])

    def remove_recent_shop(self, path: str) -> None:
        self._s.setValue("recent_shops", [p for p in self.recent_shops() if p != path])

    # -- window ----------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        value = self._s.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        value = self._s.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue("window/geometry", geometry)
        self._s.setValue("window/state", state)

    def sync(self) -> None:
        self._s.sync()
