"""``python main.py --selftest``: the installation check that also runs inside the frozen app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.cli import main

SELFTEST = Path(__file__).resolve().parent.parent / "app" / "selftest.py"


@pytest.mark.slow
def test_selftest_passes_and_names_the_user_data_folder(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("REVIEWLENS_DATA_DIR", str(tmp_path / "data"))
    assert main(["--selftest"]) == 0
    out = capsys.readouterr().out
    assert "自检通过" in out
    assert "条评价" in out
    assert "✗" not in out
    assert str(tmp_path / "data") in out


def test_selftest_reports_a_missing_font_readably(capsys, monkeypatch, tmp_path):
    import app.core.charts.fonts as fonts

    monkeypatch.setattr(fonts, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert main(["--selftest", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "Self-test failed" in out
    assert "font" in out.lower()
    assert "Traceback" not in out


def test_selftest_never_imports_qt():
    tree = ast.parse(SELFTEST.read_text(encoding="utf-8"))
    modules = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {m for m in modules if m.split(".")[0] in {"PySide6", "shiboken6"}}
    assert not any(m.startswith("app.gui") for m in modules)  # app.gui would load Qt


def test_bundle_spec_includes_every_runtime_resource():
    """A file added to resources/ must reach the frozen app (packaging/reviewlens.spec)."""
    root = SELFTEST.parent.parent
    spec = ast.parse((root / "packaging" / "reviewlens.spec").read_text(encoding="utf-8"))
    patterns = next(
        ast.literal_eval(node.value)
        for node in spec.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "RESOURCES"
    )
    bundled = {p for pattern, _ in patterns for p in (root / "resources").glob(pattern)}
    not_needed_at_run_time = {".md", ".ts", ".ico", ".icns"}  # docs, translation sources, exe icons
    missing = [
        str(path.relative_to(root))
        for path in (root / "resources").rglob("*")
        if path.is_file()
        and path not in bundled
        and path.suffix not in not_needed_at_run_time
        and "screenshots" not in path.parts
    ]
    assert missing == []


def _spec_list(name: str) -> list[str]:
    spec = ast.parse((SELFTEST.parent.parent / "packaging" / "reviewlens.spec").read_text("utf-8"))
    return next(
        ast.literal_eval(node.value)
        for node in spec.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name
    )


def test_the_app_never_imports_a_module_left_out_of_the_bundle():
    """packaging/reviewlens.spec EXCLUDES modules to keep the download small; the frozen app
    would fail with ImportError the day app code imports one of them."""
    excluded = [m for m in _spec_list("EXCLUDES") if not m.startswith("app.")]
    dev_only = {m for m in _spec_list("EXCLUDES") if m.startswith("app.")}
    root = SELFTEST.parent
    found = []
    for path in root.rglob("*.py"):
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        if module in dev_only:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            found += [
                f"{module}: {name}"
                for name in names
                for gone in excluded
                if name == gone or name.startswith(gone + ".")
            ]
    assert found == []
