#!/bin/bash
# Makes .devicecheck/, what Atelier's GPU check carries to a lent device machine, which has no JDK
# and no network (see run.sh, and README "GPU"). Run from anywhere, after `mvn -DskipTests package`:
#
#   bash tools/device/prepare.sh [COMPVIS_CHECKOUT]
#
# It holds:
#   bundle.tar.xz   a small Java 25 runtime (jlink: the modules the command line needs, debug
#                   symbols stripped) and the command line's jars without the bundled CPU natives,
#                   which the check replaces with the machine's own PyTorch
#   ref/ldm/        CompVis' reference UNet (commit 21f890f9da3cfbeaba8e2ac3c425ee9e998d5229), the
#                   anchor unet_step.py times; fetched for the check, never committed
# and says whether the working tree plus it fit the device's 64 MiB.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
jdk=${JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
compvis=${1:-}
out=.devicecheck
compvis_commit=21f890f9da3cfbeaba8e2ac3c425ee9e998d5229

[ -f app/cli/target/atelier-cli.jar ] || {
  echo "Build first: mvn -B -DskipTests package" >&2
  exit 2
}
grep -qx '/.devicecheck/' .git/info/exclude 2>/dev/null || echo '/.devicecheck/' >>.git/info/exclude
rm -rf "$out"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out" "$stage/atelier-check/lib"

# Jars: everything the command line ships, less what the check does not load: the CPU natives
# (107 MB; the machine's PyTorch replaces them), the Hugging Face tokenizers (TorchScript models
# only), SQLite and BouncyCastle (the catalog and the wallet, which the bench does not open).
for jar in app/cli/target/atelier-cli.jar app/cli/target/lib/*.jar; do
  case $(basename "$jar") in
  pytorch-native-* | tokenizers-* | sqlite-jdbc-* | bc*-jdk18on-*) ;;
  *) cp "$jar" "$stage/atelier-check/lib/" ;;
  esac
done

# The runtime: no compression inside (xz does better over the whole), bin/java only.
"$jdk/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress zip-0 --output "$stage/atelier-check/jre"
find "$stage/atelier-check/jre/bin" -mindepth 1 ! -name java -delete
strip --strip-unneeded "$stage/atelier-check/jre/lib/server/libjvm.so"
tar cf - -C "$stage" atelier-check | xz -9e -T2 >"$out/bundle.tar.xz"

# The reference UNet for the Python anchor.
if [ -z "$compvis" ]; then
  compvis="$stage/compvis"
  git clone -q https://github.com/CompVis/stable-diffusion "$compvis"
fi
git -C "$compvis" rev-parse -q --verify "$compvis_commit^{commit}" >/dev/null || {
  echo "$compvis has no commit $compvis_commit" >&2
  exit 2
}
mkdir -p "$out/ref"
git -C "$compvis" archive "$compvis_commit" ldm/modules | tar x -C "$out/ref"
touch "$out/ref/ldm/__init__.py"

tree=$(git ls-files -z --cached --others --exclude-standard | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
carry=$(du -sb "$out" | cut -f1)
total=$((tree + carry))
limit=$((64 << 20))
printf 'working tree %.1f MiB + .devicecheck %.1f MiB = %.1f MiB of %d MiB\n' \
  "$(echo "$tree / 1048576" | bc -l)" "$(echo "$carry / 1048576" | bc -l)" \
  "$(echo "$total / 1048576" | bc -l)" 64
[ "$total" -le "$limit" ] || {
  echo "Too large to carry" >&2
  exit 1
}
