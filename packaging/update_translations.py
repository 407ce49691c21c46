"""Refresh the English translation of the GUI: ``python packaging/update_translations.py``.

1. ``pyside6-lupdate`` collects every ``self.tr("中文")`` / ``QCoreApplication.translate(ctx,
   "中文")`` of ``app/gui`` into ``resources/translations/reviewlens_en.ts`` (existing
   translations are kept; strings no longer used are dropped with ``-no-obsolete``).
2. Translate the new ``<translation type="unfinished">`` entries (Qt Linguist, or by hand).
3. ``pyside6-lrelease`` compiles the ``.qm`` the app loads. ``--check`` exits 1 when a string
   is still untranslated (the GUI tests run the same check).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "app" / "gui"
TS = ROOT / "resources" / "translations" / "reviewlens_en.ts"
QM = TS.with_suffix(".qm")


def _tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        sys.exit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def untranslated(ts: Path = TS) -> list[str]:
    """Source strings of ``ts`` without a finished English translation."""
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        kind = translation.get("type") if translation is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        if translation is None or kind == "unfinished" or not (translation.text or "").strip():
            missing.append(message.findtext("source") or "")
    return missing


def update() -> None:
    sources = sorted(str(p) for p in SOURCES.rglob("*.py"))
    subprocess.run(
        [_tool("lupdate"), "-no-obsolete", "-locations", "none", "-source-language", "zh_CN",
         "-target-language", "en_US", *sources, "-ts", str(TS)],
        check=True,
    )  # fmt: skip


def release() -> None:
    subprocess.run([_tool("lrelease"), str(TS), "-qm", str(QM)], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only list untranslated strings")
    args = parser.parse_args(argv)
    if not args.check:
        update()
    missing = untranslated()
    for text in missing:
        print(f"untranslated: {text}")
    if not args.check:
        release()
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
