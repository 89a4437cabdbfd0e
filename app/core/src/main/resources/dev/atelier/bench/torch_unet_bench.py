# Times a TorchScript UNet in Python torch, with the inputs Atelier's bench uses, so the
# figures compare the same graph on the same machine and thread count.
# Arguments: unet.pt batch channels height width text_length hidden threads repeats
import sys
import time

import torch

path, batch, channels, height, width, tokens, hidden, threads, repeats = sys.argv[1:10]
batch, channels, height, width = int(batch), int(channels), int(height), int(width)
tokens, hidden, threads, repeats = int(tokens), int(hidden), int(threads), int(repeats)
torch.set_num_threads(threads)
unet = torch.jit.load(path).eval()
x = torch.zeros(batch, channels, height, width)
t = torch.full((batch,), 500, dtype=torch.long)
c = torch.zeros(batch, tokens, hidden)
with torch.no_grad():
    for _ in range(3):
        unet(x, t, c)
    start = time.perf_counter()
    for _ in range(repeats):
        unet(x, t, c)
    elapsed = time.perf_counter() - start
print("torch %s ms_per_forward %.4f" % (torch.__version__, 1000 * elapsed / repeats))
