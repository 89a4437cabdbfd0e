#!/usr/bin/env bash
# Starts the packaged app-image the way a user would, with nothing from the checkout:
#   1. the command-line launcher prints its version, finds the built-in model in the image and
#      generates an image offline with an empty DJL cache (the PyTorch natives come from the
#      shipped jar, not the network); the image's Anvil runs and its licence is next to it;
#   2. the studio launcher opens its window under Xvfb and saves a screenshot of it.
# Run after `mvn -B -Ppackage -DskipTests package` (mvn ... verify runs it). Linux only.
# Usage: installer/check-app-image.sh [VERSION] [APP_IMAGE]
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-}
image=${2:-installer/target/jpackage/Atelier}
[ -x "$image/bin/Atelier" ] || { echo "check: no app-image at $image (build: mvn -B -Ppackage -DskipTests package)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ATELIER_HOME="$work/home"
export DJL_CACHE_DIR="$work/djl" # an empty DJL cache: the first use must unpack the natives
start=$(date +%s)
fail() { echo "check: FAILED: $*" >&2; exit 1; }
ok() { echo "check: ok: $*"; }

# 1. The command line.
out=$("$image/bin/atelier" --version)
echo "$out"
case "$out" in "atelier ${version}"*) ;; *) fail "atelier --version printed: $out" ;; esac
ok "atelier --version"

"$image/bin/atelier" models list | tee "$work/models.txt"
grep -q atelier-tiny "$work/models.txt" || fail "the built-in model is not found"
ok "built-in model found in the image"

"$image/bin/atelier" generate -p "sunset in ember colours" -n 1 --steps 4 --seed 7 \
  --out "$work/out" >"$work/generate.txt" 2>&1 || { cat "$work/generate.txt"; fail "generate"; }
[ -n "$(find "$work/out" -name '*.png' -size +1k)" ] || fail "generate wrote no image"
[ -n "$(find "$DJL_CACHE_DIR" -name 'libtorch_cpu.so')" ] || fail "PyTorch natives not unpacked into DJL_CACHE_DIR"
ok "generate, offline, with the PyTorch natives from the image"

# The local devnet's Anvil, shipped in the image with its licence (the launchers name its folder).
anvil="$image/lib/app/anvil/anvil"
"$anvil" --version | head -1 || fail "the packaged Anvil does not run"
ls "$image"/lib/app/anvil/LICENSE-* >/dev/null || fail "no licence next to the packaged Anvil"
for cfg in "$image"/lib/app/{Atelier,atelier}.cfg; do
  grep -q 'atelier.anvil.packaged=$APPDIR/anvil' "$cfg" || fail "$cfg does not name the packaged Anvil"
done
ok "Anvil in the image: $anvil"

# 2. The studio window, under Xvfb unless a display is there.
runner=()
[ -n "${DISPLAY:-}" ] || runner=(xvfb-run -a -s "-screen 0 1400x900x24")
shot="$work/first-window.png"
"${runner[@]}" "$image/bin/Atelier" --screenshot="$shot" >"$work/studio.log" 2>&1 \
  || { cat "$work/studio.log"; fail "the studio did not start"; }
grep "Window shown" "$work/studio.log" || { cat "$work/studio.log"; fail "no window"; }
[ -f "$shot" ] || fail "no screenshot"
[ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is no PNG"
size=$(wc -c <"$shot")
[ "$size" -gt 20000 ] || fail "the screenshot is only $size bytes: an empty window?"
ok "studio window opened, screenshot $size bytes"
if [ -n "${ATELIER_CHECK_KEEP:-}" ]; then cp "$shot" "$ATELIER_CHECK_KEEP"; fi

echo "check: app-image works ($(($(date +%s) - start)) s)"
