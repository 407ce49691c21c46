"""The bundled sample export behind "try the sample" (written by ``python -m tools.samples``)."""

from __future__ import annotations

from pathlib import Path

from app.paths import resource_path

SAMPLE_NAME = "taobao_sample.csv"
SAMPLE_ROWS = 400


def sample_path() -> Path:
    """The bundled sample export."""
    return resource_path("samples", SAMPLE_NAME)
