"""Who may import whom: the contracts of pyproject.toml, no import cycles, no Qt without the GUI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


# Imports that close a cycle today, all in the process code the runtime change rewrites or
# deletes (app/core/partner*.py, process_task, analysis_jobs, pipeline, cli_analyze,
# gui/workers). Each line goes when its import goes; the list must end up empty.
def _cycles(graph: grimp.ImportGraph, skip: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    edges = {
        m: sorted(i for i in graph.find_modules_directly_imported_by(m) if (m, i) not in skip)
        for m in sorted(graph.modules)
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in edges:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(edges[node]):
                work.append((node, i + 1))
                nxt = edges[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return groups


def _describe(graph: grimp.ImportGraph, group: list[str]) -> str:
    lines = [" <-> ".join(group)]
    for importer in group:
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported in group:
                details = graph.get_import_details(importer=importer, imported=imported)
                at = ", ".join(str(d["line_number"]) for d in details)
                lines.append(f"    {importer} -> {imported} (line {at})")
    return "\n".join(lines)


def test_the_import_contracts_hold():
    code = (
        "import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _graph(external: bool = False) -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))  # this checkout's app, whatever else is installed
    try:
        return grimp.build_graph("app", include_external_packages=external, cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))


def test_no_import_cycles_in_app():
    """Imports inside functions and under TYPE_CHECKING count too: a cycle is a design knot."""
    graph = _graph()
    assert graph.find_modules_directly_imported_by("app.core.themes.table"), "graph not built"
    cycles = [_describe(graph, g) for g in _cycles(graph, set())]
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _private(line: str) -> bool:
    """``from pandas._libs import x`` / ``import numpy._core`` / ``from pandas import _x``."""
    found = re.match(r"\s*(?:from\s+(\S+)\s+import\s+(.*)|import\s+(.*))", line)
    if not found:
        return False
    module, names, plain = found.groups()
    parts = (module or plain).split(".")[1:] + re.findall(r"\w+", names or "")[:1]
    return any(p.startswith("_") and not p.startswith("__") for p in parts)


def test_no_private_modules_of_other_packages():
    """Private modules (pandas._libs …) change without notice: an upgrade must not break us."""
    graph = _graph(external=True)
    offenders = []
    for importer in sorted(m for m in graph.modules if m.startswith("app")):
        for imported in graph.find_modules_directly_imported_by(importer):
            if imported.startswith("app"):
                continue
            for d in graph.get_import_details(importer=importer, imported=imported):
                if _private(d["line_contents"]):
                    offenders.append(f"{importer}:{d['line_number']}: {d['line_contents']}")
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
