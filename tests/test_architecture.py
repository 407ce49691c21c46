"""The pipeline and the readers/writers must run without Qt (CLI, batch, frozen self-test)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_and_io_sources_never_import_qt():
    offenders = []
    for package in ("core", "io"):
        for path in (APP / package).rglob("*.py"):
            bad = {
                m for m in _imported_modules(path) if m.split(".")[0] in {"PySide6", "shiboken6"}
            }
            if bad or "app.gui" in _imported_modules(path):
                offenders.append(f"{path.relative_to(APP)}: {sorted(bad)}")
    assert offenders == []


def test_importing_every_core_and_io_module_loads_no_qt():
    modules = []
    for package in ("core", "io"):
        for path in sorted((APP / package).rglob("*.py")):
            rel = path.relative_to(APP.parent).with_suffix("")
            modules.append(".".join(rel.parts).removesuffix(".__init__"))
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        + "assert not qt, qt\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=APP.parent
    )
    assert result.returncode == 0, result.stderr
