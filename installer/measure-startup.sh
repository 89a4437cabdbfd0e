#!/usr/bin/env bash
# Cold start of the packaged studio to its first window, with and without the AOT cache.
#
# "First window": the studio's own log line "Window shown N ms after the process started",
# written when JavaFX reports the main window shown (Stage onShown) — N counts from the start of
# the launcher process (ProcessHandle start time, 10 ms resolution), so it includes the native
# launcher, JVM start-up, the core services (catalog opened), the JavaFX toolkit and the first
# scene. "Cold": a new process each time, the catalog already created by an earlier run, the
# OS file cache warm (caches are not dropped). Each run exits right after its screenshot.
# Runs alternate between the two variants; the median of each is printed.
#
# Usage: installer/measure-startup.sh [RUNS] [APP_IMAGE]    (Linux; Xvfb when no DISPLAY)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
image=${2:-installer/target/jpackage/Atelier}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The variant without the cache: the same image (hard links), its launcher .cfg without
# -XX:AOTCache (sed -i writes a new file, the original stays as it is).
cp -al "$(cd "$image" && pwd)" "$work/no-aot"
sed -i '/AOTCache/d' "$work/no-aot/lib/app/Atelier.cfg"
grep -q AOTCache "$image/lib/app/Atelier.cfg" || { echo "measure: $image has no AOT cache" >&2; exit 1; }

runner=()
[ -n "${DISPLAY:-}" ] || runner=(xvfb-run -a -s "-screen 0 1400x900x24")
export ATELIER_HOME="$work/home"
one() { # IMAGE -> ms to first window
  "${runner[@]}" "$1/bin/Atelier" --screenshot="$work/shot.png" >"$work/run.log" 2>&1 || true
  sed -n 's/.*Window shown \([0-9]*\) ms.*/\1/p' "$work/run.log"
}
one "$image" >/dev/null # creates the catalog (first start); not counted
with=() without=()
for i in $(seq "$runs"); do
  with+=("$(one "$image")")
  without+=("$(one "$work/no-aot")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "with AOT cache:    ${with[*]} ms; median $(median "${with[@]}") ms"
echo "without AOT cache: ${without[*]} ms; median $(median "${without[@]}") ms"
