"""Developer tools live in tools/, outside the shipped ``app`` package, each run by one command."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("samples", "train", "evaluate", "evaluate_aspects", "evaluate_tags")


def test_the_shipped_package_holds_no_developer_tool():
    import app.samples

    modules = sorted(path.stem for path in (ROOT / "app").glob("*.py"))
    dev = [m for m in modules if m.startswith(("evaluate", "synth", "train", "bench"))]
    assert dev == []
    # the app keeps only the sample's location; the writers are tools
    assert not hasattr(app.samples, "write_csv") and not hasattr(app.samples, "main")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    shipped = find_packages(where=str(ROOT), include=include)
    assert "app" in shipped and all(p == "app" or p.startswith("app.") for p in shipped)


@pytest.mark.parametrize("tool", TOOLS)
def test_each_tool_runs_from_the_repository_root(tool):
    done = subprocess.run(
        [sys.executable, "-m", f"tools.{tool}", "--help"],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m tools.{tool}")


def test_samples_command_writes_an_export(tmp_path):
    out = tmp_path / "small.csv"
    done = subprocess.run(
        [sys.executable, "-m", "tools.samples", "--rows", "12", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = out.read_bytes().decode("gb18030").splitlines()
    assert len(lines) == 2 + 12 and lines[1].startswith("订单编号,宝贝标题")
