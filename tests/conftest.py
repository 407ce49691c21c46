"""Shared test set-up: headless Qt, isolated user data, the shared data folder when present."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    """Each test gets its own user data folder and Chinese messages."""
    from app.core.i18n import set_language

    monkeypatch.setenv("REVIEWLENS_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def shared_data() -> Path:
    """../shared/data, or skip the test on machines without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present on this machine")
    return SHARED_DATA
