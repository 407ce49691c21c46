"""The bundled libraries' licence notices (no Qt), for the About dialog.

The build writes them once from the installed distributions' metadata
(``python packaging/licences.py`` → ``resources/licences/THIRD_PARTY_NOTICES.txt``; a frozen
app carries no metadata to read). When that file is absent (running from source) the same list
is worked out at run time with :mod:`importlib.metadata`, following the app's own requirements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata

from app.paths import resource_path

APP_DISTRIBUTION = "reviewlens"
NOTICES_FILE = ("licences", "THIRD_PARTY_NOTICES.txt")
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_LONG = 60  # a "License" field longer than this is the whole text: name it by its classifier


@dataclass(frozen=True)
class Notice:
    name: str
    version: str
    licence: str
    home: str = ""

    def line(self) -> str:
        home = f"  {self.home}" if self.home else ""
        return f"{self.name} {self.version} — {self.licence}{home}"


def _licence(meta: metadata.PackageMetadata) -> str:
    """The licence named by a distribution's metadata (expression, field or classifier)."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    field = (meta.get("License") or "").strip()
    classifiers = [
        c.rsplit("::", 1)[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.rsplit("::", 1)[-1].strip() != "OSI Approved"
    ]
    if field and len(field) <= _LONG and "\n" not in field:
        return field
    if classifiers:
        return " / ".join(dict.fromkeys(classifiers))
    return field.splitlines()[0][:_LONG] if field else "?"


def _home(meta: metadata.PackageMetadata) -> str:
    home = (meta.get("Home-page") or "").strip()
    if home:
        return home
    for url in meta.get_all("Project-URL") or []:
        label, _, address = url.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return address.strip()
    return ""


def _requirement_name(requirement: str) -> str | None:
    """The distribution a requirement line names, None for an optional (``extra``) one."""
    if ";" in requirement and "extra" in requirement.split(";", 1)[1]:
        return None
    found = _NAME.match(requirement)
    return found.group(1) if found else None


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def collect(root: str = APP_DISTRIBUTION) -> list[Notice]:
    """Every distribution ``root`` needs at run time (recursively), sorted by name."""
    try:
        wanted = [n for r in metadata.requires(root) or [] if (n := _requirement_name(r))]
    except metadata.PackageNotFoundError:
        return []
    seen: dict[str, Notice] = {}
    while wanted:
        name = wanted.pop()
        if _key(name) in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        meta = dist.metadata
        seen[_key(name)] = Notice(
            meta.get("Name") or name, dist.version, _licence(meta), _home(meta)
        )
        wanted += [n for r in dist.requires or [] if (n := _requirement_name(r))]
    return sorted(seen.values(), key=lambda n: n.name.lower())


def render(notices: list[Notice]) -> str:
    """The notices file: one ``name version — licence  home`` line per distribution."""
    return "".join(f"{n.line()}\n" for n in notices)


def notices_text() -> str:
    """The generated notices file when the build wrote one, else the list worked out now."""
    path = resource_path(*NOTICES_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = ""
    return text if text.strip() else render(collect())
