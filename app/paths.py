"""Where resources and user data live, from source and inside a frozen (PyInstaller) build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import APP_NAME


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the sources, or inside the frozen bundle."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, e.g. ``resource_path("dicts", "ecommerce.txt")``."""
    return resources_dir().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user folder for settings, saved column mappings, user dictionaries and logs.

    ``REVIEWLENS_DATA_DIR`` overrides it (tests use this to stay isolated).
    """
    override = os.environ.get("REVIEWLENS_DATA_DIR")
    if override:
        path = Path(override)
    elif sys.platform == "win32":
        path = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / APP_NAME
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / APP_NAME
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / APP_NAME.lower()
    path.mkdir(parents=True, exist_ok=True)
    return path
