"""Build the installable app for the OS this runs on: ``python packaging/build.py``.

1. PyInstaller (``packaging/reviewlens.spec``) makes the one-folder app in ``dist/ReviewLens/``.
2. The folder becomes the download, named with the version from ``pyproject.toml``:

   - Linux:   ``dist/ReviewLens-0.1.0-linux-x86_64.tar.gz`` (folder + ``.desktop`` file, icon
     and ``install.sh`` that adds the app to the applications menu)
   - macOS:   ``dist/ReviewLens.app`` and ``dist/ReviewLens-0.1.0-macos-arm64.dmg`` (``hdiutil``)
   - Windows: ``dist/ReviewLens-0.1.0-windows-x86_64.zip`` (portable) and, when Inno Setup's
     ``iscc`` is installed, ``dist/ReviewLens-0.1.0-windows-x86_64-setup.exe``

3. ``dist/build-info.json`` records the version, the files, their sizes and the build time.

``python packaging/build.py selftest`` runs the built app's ``--selftest`` (what CI does after
building). Needs ``pip install -e ".[packaging]" -c packaging/constraints.txt``: a release is
built from the exact versions pinned there, and the build stops when the installed ones differ
(``--unpinned`` builds anyway, for trying a new version). ``python packaging/build.py freeze``
rewrites the pins from what is installed now (the runtime dependencies and theirs).
On a shared machine: ``nice -n 10 python …``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_DIR = DIST / "ReviewLens"
ICONS = ROOT / "resources" / "icons"
CONSTRAINTS = PACKAGING / "constraints.txt"
CONSTRAINTS_HEADER = """\
# Exact versions a release is built from: python -m pip install -e ".[packaging]" -c packaging/constraints.txt
# The runtime dependencies of pyproject.toml and theirs, as installed when this was written
# (python packaging/build.py freeze). packaging/build.py refuses to build from other versions.
"""


def version() -> str:
    """The project version from ``pyproject.toml``."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def os_name() -> str:
    return {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")


def arch() -> str:
    machine = platform.machine().lower()
    return {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64"}.get(machine, machine)


def base_name() -> str:
    """E.g. ``ReviewLens-0.1.0-linux-x86_64``."""
    return f"ReviewLens-{version()}-{os_name()}-{arch()}"


def executable() -> Path:
    """The built program that accepts command-line arguments (``--selftest``)."""
    if sys.platform == "win32":
        return APP_DIR / "reviewlens-cli.exe"
    if sys.platform == "darwin":
        return DIST / "ReviewLens.app" / "Contents" / "MacOS" / "ReviewLens"
    return APP_DIR / "ReviewLens"


def folder_size(path: Path) -> int:
    """Bytes of every file under ``path`` (symlinks not followed)."""
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(size: int) -> str:
    return f"{size / 1_000_000:.0f} MB"


def runtime_requirements() -> list[Requirement]:
    """``[project] dependencies`` of ``pyproject.toml``."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [Requirement(r) for r in data["project"]["dependencies"]]


def installed_closure(requirements: list[Requirement]) -> dict[str, tuple[str, str]]:
    """canonical name -> (name, installed version) of ``requirements`` and all they need here."""
    found: dict[str, tuple[str, str]] = {}
    todo = list(requirements)
    while todo:
        req = todo.pop()
        key = canonicalize_name(req.name)
        if key in found or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        dist = importlib.metadata.distribution(req.name)
        found[key] = (dist.metadata["Name"], dist.version)
        todo.extend(Requirement(r) for r in dist.requires or [])
    return found


def read_pins(path: Path = CONSTRAINTS) -> dict[str, tuple[str, str]]:
    """canonical name -> (name, version) of the ``name==version`` lines of a constraints file."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, pinned = line.partition("==")
            pins[canonicalize_name(name)] = (name.strip(), pinned.strip())
    return pins


def write_pins(path: Path = CONSTRAINTS) -> int:
    """Pin what is installed now; returns the number of packages."""
    found = installed_closure(runtime_requirements())
    lines = [f"{name}=={pinned}" for _key, (name, pinned) in sorted(found.items())]
    path.write_text(CONSTRAINTS_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def pin_mismatches(path: Path = CONSTRAINTS) -> list[str]:
    """One line per pinned package whose installed version differs (or is missing)."""
    problems = []
    for name, pinned in read_pins(path).values():
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != pinned:
            problems.append(f"{name}: pinned {pinned}, installed {installed}")
    return problems


def run_pyinstaller(clean: bool) -> None:
    missing = [n for n in ("reviewlens.ico", "reviewlens.icns", "reviewlens.png") if not (ICONS / n).is_file()]  # fmt: skip
    if missing:
        sys.exit(f"missing icons {missing}: run python packaging/make_icons.py")
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(WORK), str(PACKAGING / "reviewlens.spec"),
    ]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    for stale in (APP_DIR, DIST / "ReviewLens.app"):
        shutil.rmtree(stale, ignore_errors=True)
    subprocess.run([sys.executable, str(PACKAGING / "licences.py")], check=True)  # About's list
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True, cwd=ROOT)


def strip_libpython() -> None:
    """Drop debug symbols from libpython (pyenv builds keep them: 23 MB → 5 MB).

    Only libpython: stripping the wheels' own libraries (patched by auditwheel) can break them.
    """
    strip = shutil.which("strip")
    for lib in (APP_DIR / "_internal").glob("libpython3*.so*"):
        if strip and not lib.is_symlink():
            subprocess.run([strip, "--strip-debug", str(lib)], check=False)


def unresolved_libraries(app_dir: Path = APP_DIR) -> dict[str, list[str]]:
    """Libraries the bundled Qt plugins link but neither the bundle nor this machine has
    (``ldd``: "not found"), each with the files needing it. PyInstaller can only bundle what
    the build machine has; a user whose system lacks one cannot start that platform (xcb)."""
    internal = app_dir / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    missing: dict[str, set[str]] = {}
    for lib in sorted((internal / "PySide6" / "Qt" / "plugins").rglob("*.so")):
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True, env=env).stdout
        for line in out.splitlines():
            if "not found" in line:
                missing.setdefault(line.split("=>")[0].strip(), set()).add(lib.name)
    return {name: sorted(users) for name, users in missing.items()}


def package_linux() -> list[Path]:
    """``.tar.gz`` with the app folder, the ``.desktop`` file, the icon and ``install.sh``."""
    strip_libpython()
    for name, users in (unresolved_libraries() if shutil.which("ldd") else {}).items():
        needed_by = ", ".join(users)
        print(
            f"WARNING: {name} (needed by {needed_by}) is missing here, so not bundled", flush=True
        )
    extras = {
        "reviewlens.desktop": PACKAGING / "linux" / "reviewlens.desktop",
        "reviewlens.png": ICONS / "reviewlens.png",
        "install.sh": PACKAGING / "linux" / "install.sh",
    }
    for name, source in extras.items():
        shutil.copy2(source, APP_DIR / name)
    (APP_DIR / "install.sh").chmod(0o755)
    out = DIST / f"{base_name()}.tar.gz"
    print(f"writing {out.name}", flush=True)
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(APP_DIR, arcname="ReviewLens")
    return [out]


def package_macos() -> list[Path]:
    """``.dmg`` holding ``ReviewLens.app`` and a link to /Applications to drag it onto."""
    bundle = DIST / "ReviewLens.app"
    staging = DIST / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    subprocess.run(["ditto", str(bundle), str(staging / bundle.name)], check=True)
    (staging / "Applications").symlink_to("/Applications")
    out = DIST / f"{base_name()}.dmg"
    out.unlink(missing_ok=True)
    subprocess.run(
        ["hdiutil", "create", "-volname", "ReviewLens", "-srcfolder", str(staging),
         "-ov", "-format", "UDZO", str(out)],
        check=True,
    )  # fmt: skip
    shutil.rmtree(staging)
    return [out]


def _find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "") / "Inno Setup 6" / "ISCC.exe"
        if base and candidate.is_file():
            return str(candidate)
    return None


def package_windows() -> list[Path]:
    """Portable ``.zip``; plus the Inno Setup installer when ``iscc`` is available."""
    out = DIST / f"{base_name()}.zip"
    print(f"writing {out.name}", flush=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(APP_DIR.rglob("*")):
            archive.write(path, Path("ReviewLens") / path.relative_to(APP_DIR))
    outputs = [out]
    iscc = _find_iscc()
    if iscc is None:
        print("Inno Setup (iscc) not found: no setup.exe, only the portable .zip", flush=True)
        return outputs
    setup_name = f"{base_name()}-setup"
    subprocess.run(
        [iscc, f"/DAppVersion={version()}", f"/DSourceDir={APP_DIR}", f"/DOutputDir={DIST}",
         f"/DOutputBaseFilename={setup_name}", f"/DIconFile={ICONS / 'reviewlens.ico'}",
         str(PACKAGING / "windows" / "reviewlens.iss")],
        check=True,
    )  # fmt: skip
    return [*outputs, DIST / f"{setup_name}.exe"]


def build(clean: bool, unpinned: bool = False) -> int:
    """Build and package; prints and records the sizes and the time."""
    mismatches = pin_mismatches()
    if mismatches and not unpinned:
        print("The installed packages differ from packaging/constraints.txt:", file=sys.stderr)
        for line in mismatches:
            print(f"  {line}", file=sys.stderr)
        print(
            'Install the pinned versions: python -m pip install -e ".[packaging]" '
            "-c packaging/constraints.txt (or build anyway with --unpinned).",
            file=sys.stderr,
        )
        return 1
    started = time.perf_counter()
    run_pyinstaller(clean)
    frozen_seconds = time.perf_counter() - started
    packagers = {"linux": package_linux, "macos": package_macos, "windows": package_windows}
    outputs = packagers[os_name()]()
    seconds = time.perf_counter() - started
    app_folder = DIST / "ReviewLens.app" if sys.platform == "darwin" else APP_DIR
    info = {
        "version": version(),
        "platform": f"{os_name()}-{arch()}",
        "python": platform.python_version(),
        "pinned": not mismatches,  # built from packaging/constraints.txt
        "app_folder": str(app_folder.relative_to(ROOT)),
        "executable": str(executable().relative_to(ROOT)),
        "app_size_bytes": folder_size(app_folder),
        "outputs": {p.name: p.stat().st_size for p in outputs},
        "pyinstaller_seconds": round(frozen_seconds, 1),
        "build_seconds": round(seconds, 1),
    }
    (DIST / "build-info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    print(f"\napp folder  {info['app_folder']}  {mb(info['app_size_bytes'])} on disk")
    for name, size in info["outputs"].items():
        print(f"download    dist/{name}  {mb(size)}")
    print(f"build time  {seconds:.0f} s (PyInstaller {frozen_seconds:.0f} s)")
    print(f"self-test   {executable().relative_to(ROOT)} --selftest")
    return 0


def selftest() -> int:
    """Run the built app's ``--selftest``; returns its exit code."""
    program = executable()
    if not program.is_file():
        print(f"{program} not found: run python packaging/build.py first", file=sys.stderr)
        return 1
    print("$", program, "--selftest", flush=True)
    return subprocess.run([str(program), "--selftest"], check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "action", nargs="?", choices=("build", "selftest", "freeze"), default="build"
    )
    parser.add_argument(
        "--no-clean", action="store_true", help="reuse PyInstaller's cache (faster rebuilds)"
    )
    parser.add_argument(
        "--unpinned",
        action="store_true",
        help="build even when the installed versions differ from packaging/constraints.txt",
    )
    args = parser.parse_args()
    if args.action == "freeze":
        print(f"{write_pins()} packages pinned in {CONSTRAINTS.relative_to(ROOT)}")
        return 0
    if args.action == "selftest":
        return selftest()
    return build(clean=not args.no_clean, unpinned=args.unpinned)


if __name__ == "__main__":
    raise SystemExit(main())
