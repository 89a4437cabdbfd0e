#!/usr/bin/env bash
# Runs the forge fuzz properties of AtelierCollectionV2 (src-test/core/solidity/fuzz) with
# Foundry's forge and solc-js as its compiler, offline. forge is not a dependency of the build:
# install it once with `npm install --no-save @foundry-rs/forge-linux-amd64@1.7.1` (or the
# package of your platform) somewhere, and pass the binary:
#
#   FORGE=/path/to/forge tools/js/forge-fuzz.sh [RUNS] [SEED]     (defaults: 1000 runs, 0x2026)
#
# forge wants a native solc and would download one; this script hands it solc-standard-json.mjs
# instead (the same solc 0.8.37 the artifacts are compiled with), so no download happens.
set -euo pipefail
here=$(cd "${0%/*}" && pwd)
repo=$(cd "$here/../.." && pwd)
forge=${FORGE:?set FORGE to the forge binary}
runs=${1:-1000}
seed=${2:-0x2026}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ln -s "$repo/app/core/src/main/solidity" "$work/src"
mkdir "$work/test"
cp "$repo"/src-test/core/solidity/fuzz/*.t.sol "$work/test/" # copied: forge resolves links
printf '#!/bin/sh\nexec node "%s/solc-standard-json.mjs" "$@"\n' "$here" >"$work/solc"
chmod +x "$work/solc"
cat >"$work/foundry.toml" <<TOML
[profile.default]
src = "src"
test = "test"
out = "out"
libs = []
solc = "$work/solc"
offline = true
optimizer = true
optimizer_runs = 200
evm_version = "cancun"
remappings = ["solady/=$here/node_modules/solady/src/", "@openzeppelin/=$here/node_modules/@openzeppelin/"]
allow_paths = ["$here/node_modules", "$repo"]

[fuzz]
runs = $runs
seed = "$seed"
TOML
cd "$work"
"$forge" test --offline -vv
