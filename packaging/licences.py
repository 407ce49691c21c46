"""Write the bundled libraries' licence list for the About dialog: ``python packaging/licences.py``.

Reads the installed distributions' metadata (the app's requirements, followed recursively) and
writes ``resources/licences/THIRD_PARTY_NOTICES.txt``, which the build bundles (a frozen app
has no metadata to read). ``--out PATH`` writes elsewhere. Run by ``packaging/build.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "licences" / "THIRD_PARTY_NOTICES.txt"


def write(out: Path = OUT) -> int:
    """Write the list to ``out`` (through a temporary file); returns how many entries."""
    sys.path.insert(0, str(ROOT))
    from app.gui.licences import collect, render

    notices = collect()
    if not notices:
        raise SystemExit("no installed requirements found: pip install -e . first")
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.write_text(render(notices), encoding="utf-8")
    partial.replace(out)
    return len(notices)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the list")
    args = parser.parse_args(argv)
    print(f"{write(args.out)} distributions → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
