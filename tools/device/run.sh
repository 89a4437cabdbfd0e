#!/bin/bash
# Atelier's GPU check, for a session lent a device machine (see README "GPU"). Prepare it here
# first (bash tools/device/prepare.sh), then run it there from the repository root, carrying
# .devicecheck:
#
#   run: bash tools/device/run.sh        carry: [".devicecheck"]        timeout_s: 420
#
# The machine has no JDK and no network; its only PyTorch is its Python one. The check:
#   1. says what the machine has: nvidia-smi, Python's torch;
#   2. asks Atelier what it sees there (`atelier engine`: the GPUs, the PyTorch installations and
#      why each can or cannot be used);
#   3. loads the studio's engine on that PyTorch's libraries anyway (the installed-PyTorch route,
#      flavour cu128) in the same child check the studio runs, to record exactly what happens;
#   4. only when that worked: times the full-size SD 1.5 random-weight bench at 512x512 on the GPU
#      (`atelier --device gpu bench --sd15`) and the same UNet step in the machine's Python PyTorch
#      (unet_step.py), in this one run, and prints their ratio.
# Everything it prints is also in $OUT/gpu-check.log. It keeps well under 5 minutes.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
log=${OUT:-/tmp}/gpu-check.log
exec > >(tee "$log") 2>&1
step() { printf '\n=== %s (%ds)\n' "$1" "$SECONDS"; }

step "unpack"
[ -f .devicecheck/bundle.tar.xz ] || { echo "No .devicecheck: run tools/device/prepare.sh here and carry it"; exit 2; }
tar xJf .devicecheck/bundle.tar.xz -C /tmp || exit 2
java=/tmp/atelier-check/jre/bin/java
cp="/tmp/atelier-check/lib/*"
export ATELIER_HOME=/tmp/atelier-home
jvm=(--enable-native-access=ALL-UNNAMED -Dai.djl.offline=true -cp "$cp")
atelier() { "$java" "${jvm[@]}" dev.atelier.cli.AtelierCli "$@"; }

step "the machine"
nvidia-smi --query-gpu=index,name,memory.total,memory.free,driver_version --format=csv
python3 -c 'import torch; print("python torch", torch.__version__, "CUDA", torch.version.cuda, "GPU", torch.cuda.is_available())'
torch_lib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')
echo "torch libraries: $torch_lib"
ls "$torch_lib" | head -40

step "what Atelier sees (atelier engine)"
atelier engine
echo "exit $?"

step "the studio's engine on that PyTorch (route check, flavour cu128, gpu:0)"
PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 \
  timeout 120 "$java" "${jvm[@]}" dev.atelier.engine.RouteCheck gpu:0
loaded=$?
echo "exit $loaded"
if [ "$loaded" -ne 0 ]; then
  step "done: the engine did not load on this machine's PyTorch (see above); nothing to time"
  exit 0
fi

step "SD 1.5 at 512x512 on the GPU through Atelier"
PYTORCH_LIBRARY_PATH=$torch_lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 \
  timeout 300 "$java" "${jvm[@]}" dev.atelier.cli.AtelierCli --device gpu bench --sd15 --steps 5 | tee /tmp/atelier-bench.txt

step "the same UNet step in Python PyTorch (CompVis' UNet, FP16)"
timeout 120 python3 tools/device/unet_step.py .devicecheck/ref 5 | tee /tmp/python-unet.json

step "ratio"
python3 - <<'PY'
import json, re
bench = open("/tmp/atelier-bench.txt").read()
ref = json.loads(open("/tmp/python-unet.json").read().strip().splitlines()[-1])
for batch in (1, 2):
    m = re.search(r"UNet step, batch %d\s+([0-9.]+) s" % batch, bench)
    if not m:
        print("batch %d: no Atelier figure" % batch)
        continue
    ours = float(m.group(1))
    print("UNet step, batch %d: Atelier %.4f s, Python PyTorch %.4f s, Atelier / Python = %.2f"
          % (batch, ours, ref["batch%d" % batch], ours / ref["batch%d" % batch]))
PY
step "done"
