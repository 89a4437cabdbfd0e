#!/usr/bin/env python3
"""The Python PyTorch anchor of Atelier's GPU check: one Stable Diffusion 1.5 UNet step at 512x512
(64x64 latents, 77 text tokens of width 768), random weights, in FP16 on the first CUDA device,
timed at batch 1 and 2 the way `atelier bench --sd15` times Atelier's own UNet.

The UNet is CompVis' reference (ldm/modules/diffusionmodules/openaimodel.py at commit
21f890f9da3cfbeaba8e2ac3c425ee9e998d5229, configured as its v1-inference.yaml), fetched for the check
and carried beside this script by prepare.sh, never committed. This script is Atelier's own.

    python3 tools/device/unet_step.py REF_DIR [STEPS [--cpu]]    (from the repository root)

Prints one JSON line: {"torch": ..., "device": ..., "batch1": mean seconds, "batch2": mean seconds}.
"""
import json
import sys
import time

import torch

sys.path.insert(0, sys.argv[1])
# The UNet needs only a few einops rearrangements, and omegaconf for one type check; the device
# machine has einops but no omegaconf. The stand-ins are the ones the parity fixtures were made with.
sys.path.insert(0, "src-test/fixtures/sd-native")
from make_unet_fixture import install_stand_ins  # noqa: E402

install_stand_ins()
from ldm.modules.diffusionmodules.openaimodel import UNetModel  # noqa: E402

STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 5
# "--cpu" as the third argument: float32 on the CPU, to try the script on a machine without a GPU.
ON_CPU = len(sys.argv) > 3 and sys.argv[3] == "--cpu"
DTYPE = torch.float32 if ON_CPU else torch.float16
WARMUP = 2


def sd15_unet():
    # CompVis configs/stable-diffusion/v1-inference.yaml, unet_config.params
    return UNetModel(
        image_size=32,
        in_channels=4,
        out_channels=4,
        model_channels=320,
        attention_resolutions=[4, 2, 1],
        num_res_blocks=2,
        channel_mult=[1, 2, 4, 4],
        num_heads=8,
        use_spatial_transformer=True,
        transformer_depth=1,
        context_dim=768,
        use_checkpoint=False,
        legacy=False,
    )


def sync():
    if not ON_CPU:
        torch.cuda.synchronize()


def timed(unet, batch, device):
    g = torch.Generator(device="cpu").manual_seed(batch)
    x = torch.randn(batch, 4, 64, 64, generator=g).to(device, DTYPE)
    t = torch.full((batch,), 500, dtype=torch.long, device=device)
    ctx = torch.randn(batch, 77, 768, generator=g).to(device, DTYPE)
    with torch.inference_mode():
        for _ in range(WARMUP):
            unet(x, t, context=ctx)
        sync()
        times = []
        for _ in range(STEPS):
            start = time.perf_counter()
            out = unet(x, t, context=ctx)
            sync()
            times.append(time.perf_counter() - start)
    if not torch.isfinite(out.float()).all():
        raise SystemExit("the reference UNet gave non-finite values")
    return sum(times) / len(times), min(times)


def main():
    device = torch.device("cpu" if ON_CPU else "cuda:0")
    torch.manual_seed(0)
    unet = sd15_unet().to(device, DTYPE).eval()
    params = sum(p.numel() for p in unet.parameters())
    b1, b1_best = timed(unet, 1, device)
    b2, b2_best = timed(unet, 2, device)
    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "device": "cpu" if ON_CPU else torch.cuda.get_device_name(device),
                "parameters": params,
                "steps": STEPS,
                "batch1": b1,
                "batch1_best": b1_best,
                "batch2": b2,
                "batch2_best": b2_best,
            }
        )
    )


if __name__ == "__main__":
    main()
