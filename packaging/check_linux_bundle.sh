#!/usr/bin/env bash
# Prove the Linux bundle end to end (takes minutes; not part of the everyday test suite).
#
#   packaging/check_linux_bundle.sh              clean checkout: git clone of HEAD into a temp dir
#   packaging/check_linux_bundle.sh --worktree   build this working tree (uncommitted work included)
#
# Builds with `nice -n 10 python packaging/build.py`, unpacks the .tar.gz into a fresh temp folder
# (so the download itself is what gets tested, not dist/), then runs the unpacked app:
#   1. --selftest (offscreen, throw-away user data folder)
#   2. cold start: benchmarks/bench_startup.py --app (offscreen, 5 launches; the app itself reports
#      the time from process creation until its main window has been painted, then quits)
#   3. --screenshots DIR (offscreen): every page after a real analysis; fails on any "Cannot open
#      file" from Qt (a resource missing from the bundle)
# and prints: bundle size on disk, compressed size, build time, cold start (min / median).
# Needs the project and its packaging extra installed at the pinned versions
# (pip install -e ".[packaging]" -c packaging/constraints.txt) and the system libraries for
# headless Qt (see .ci/run).
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

echo "== $app cold start to the first window"
python "$src/benchmarks/bench_startup.py" --app "$app" --runs 5 | tee "$scratch/cold_start.txt"

echo "== $app --screenshots"
python - "$app" "$scratch" <<'EOF'
import subprocess, sys, time
from pathlib import Path

app, scratch = sys.argv[1], Path(sys.argv[2])
shots, log_path = scratch / "shots", scratch / "shots.log"
started = time.perf_counter()
with open(log_path, "w") as log_file:
    proc = subprocess.run([app, "--screenshots", str(shots)], stdout=subprocess.DEVNULL, stderr=log_file)
pngs = sorted(p.name for p in shots.glob("*.png"))
log = log_path.read_text(errors="replace")
missing = [line for line in log.splitlines() if "Cannot open" in line or "not found" in line]
if proc.returncode != 0 or len(pngs) < 7 or missing:
    sys.exit(f"screenshots failed: exit {proc.returncode}, {pngs}\n{log}")
print(f"{len(pngs)} screenshots in {time.perf_counter() - started:.1f} s")
EOF

python - "$info" "$scratch" <<'EOF'
import json, subprocess, sys
from pathlib import Path

info = json.load(open(sys.argv[1]))
scratch = Path(sys.argv[2])
unpacked = int(subprocess.check_output(["du", "-sb", str(scratch / "unpacked")]).split()[0])
cold = (scratch / "cold_start.txt").read_text().strip().splitlines()[-1]
name, size = next((n, s) for n, s in info["outputs"].items() if n.endswith(".tar.gz"))
print("\n== ReviewLens", info["version"], info["platform"], "(Python", info["python"] + ")")
print(f"bundle on disk    {unpacked / 1e6:.0f} MB  (unpacked {name})")
print(f"compressed        {size / 1e6:.0f} MB  ({name})")
print(f"build time        {info['build_seconds']:.0f} s  (PyInstaller {info['pyinstaller_seconds']:.0f} s, nice -n 10)")
print(f"cold start        {cold}  (process start → main window painted, offscreen)")
EOF
