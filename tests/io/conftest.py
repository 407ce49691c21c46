"""Fixture files for the reader tests, written once per session by tests.fixtures.exports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.exports import write_all


@pytest.fixture(scope="session")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``{name: path}`` of every synthetic export (see tests/fixtures/exports.py)."""
    return write_all(tmp_path_factory.mktemp("exports"))
