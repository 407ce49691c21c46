#!/usr/bin/env bash
# Prove the Linux bundle end to end (takes minutes; not part of the everyday test suite).
#
#   packaging/check_linux_bundle.sh              clean checkout: git clone of HEAD into a temp dir
#   packaging/check_linux_bundle.sh --worktree   build this working tree (uncommitted work included)
#
# Builds with `nice -n 10 python packaging/build.py`, unpacks the .tar.gz into a fresh temp folder
# (so the download itself is what gets tested, not dist/), then runs the unpacked app:
#   1. --selftest (offscreen, throw-away user data folder)
#   2. --screenshots DIR (offscreen); cold start = time from launching the process until the first
#      window has been drawn and saved (the first PNG, the start page, appears in DIR; polled every
#      10 ms), 3 runs; fails on any "Cannot open file" from Qt (a resource missing from the bundle)
# and prints: bundle size on disk, compressed size, build time, cold start.
# Needs the project and its packaging extra installed (pip install -e ".[packaging]") and the
# system libraries for headless Qt (see .ci/run).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$(mktemp -d /tmp/reviewlens-bundle-check.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

if [ "${1:-}" = "--worktree" ]; then
  src="$here"
  echo "== building the working tree $src (uncommitted changes included)"
else
  src="$scratch/src"
  echo "== clean checkout of $(git -C "$here" rev-parse --short HEAD) into $src"
  git clone --quiet --no-hardlinks "$here" "$src"
fi

cd "$src"
nice -n 10 python packaging/build.py
info="$src/dist/build-info.json"
archive="$(python -c "import json,sys; print(next(n for n in json.load(open(sys.argv[1]))['outputs'] if n.endswith('.tar.gz')))" "$info")"

echo "== unpacking $archive"
mkdir -p "$scratch/unpacked"
tar -xzf "$src/dist/$archive" -C "$scratch/unpacked"
app="$scratch/unpacked/ReviewLens/ReviewLens"
test -x "$app"
test -f "$scratch/unpacked/ReviewLens/reviewlens.desktop"
test -f "$scratch/unpacked/ReviewLens/reviewlens.png"
if find "$scratch/unpacked" -path '*jieba/lac_small*' | grep -q .; then
  echo "jieba/lac_small must not be bundled" >&2; exit 1
fi

export QT_QPA_PLATFORM=offscreen
export REVIEWLENS_DATA_DIR="$scratch/userdata"

echo "== $app --selftest"
"$app" --selftest

echo "== $app --screenshots (cold start)"
python - "$app" "$scratch" <<'EOF'
import subprocess, sys, time
from pathlib import Path

app, scratch = sys.argv[1], Path(sys.argv[2])
firsts, totals = [], []
for run in range(3):
    shots = scratch / f"shots{run}"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [app, "--screenshots", str(shots)],
        stdout=subprocess.DEVNULL,
        stderr=open(scratch / f"shots{run}.log", "w"),
    )
    first = None
    while proc.poll() is None:
        if first is None and shots.is_dir() and any(shots.glob("*.png")):
            first = time.perf_counter() - started
        time.sleep(0.01)
    total = time.perf_counter() - started
    pngs = sorted(p.name for p in shots.glob("*.png"))
    log = (scratch / f"shots{run}.log").read_text(errors="replace")
    missing = [line for line in log.splitlines() if "Cannot open" in line or "not found" in line]
    if proc.returncode != 0 or len(pngs) < 7 or first is None or missing:
        sys.exit(f"screenshots failed: exit {proc.returncode}, {pngs}\n{log}")
    firsts.append(first)
    totals.append(total)
    print(f"run {run + 1}: first window {first:.2f} s, all {len(pngs)} screenshots {total:.1f} s")
(scratch / "cold_start.txt").write_text(f"{firsts[0]:.2f} {min(firsts):.2f} {max(firsts):.2f}")
EOF

python - "$info" "$scratch" <<'EOF'
import json, subprocess, sys
from pathlib import Path

info = json.load(open(sys.argv[1]))
scratch = Path(sys.argv[2])
unpacked = int(subprocess.check_output(["du", "-sb", str(scratch / "unpacked")]).split()[0])
first, best, worst = (float(x) for x in (scratch / "cold_start.txt").read_text().split())
name, size = next((n, s) for n, s in info["outputs"].items() if n.endswith(".tar.gz"))
print("\n== ReviewLens", info["version"], info["platform"], "(Python", info["python"] + ")")
print(f"bundle on disk    {unpacked / 1e6:.0f} MB  (unpacked {name})")
print(f"compressed        {size / 1e6:.0f} MB  ({name})")
print(f"build time        {info['build_seconds']:.0f} s  (PyInstaller {info['pyinstaller_seconds']:.0f} s, nice -n 10)")
print(f"cold start        {first:.2f} s first run, {best:.2f}-{worst:.2f} s over 3 runs  (launch → first window saved)")
EOF
