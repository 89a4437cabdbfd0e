package dev.atelier.diffusion.sd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.types.DataType;
import dev.atelier.diffusion.MemoryEstimate;
import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import org.junit.jupiter.api.Test;

/** The memory estimate of SD 1.5, by its figures, without a GPU. */
class SdMemoryTest {

  static final SdArchitecture SD15 =
      new SdArchitecture(
          UNetConfig.sd15(),
          VaeConfig.sd15(),
          ClipTextConfig.sd15(),
          NoiseSchedule.scaledLinear(1000, 0.00085, 0.012));

  private static final double GB = 1e9;

  @Test
  void weightsAreSd15sParameterCountsInTheirTypes() {
    MemoryEstimate half = SdMemory.estimate(SD15, 512, 512, DataType.FLOAT16);
    MemoryEstimate full = SdMemory.estimate(SD15, 512, 512, DataType.FLOAT32);
    // UNet 859.5 M and CLIP-L 123.1 M parameters at 2 bytes, the VAE decoder's 49.5 M at 4.
    assertThat(half.weightBytes() / GB).isCloseTo(2 * 0.9826 + 4 * 0.0495, offset(0.01));
    assertThat(full.weightBytes() / GB).isCloseTo(4 * 0.9826 + 4 * 0.0495, offset(0.01));
  }

  @Test
  void activationsAt512AreSmallBesideTheWeightsAndHalveInFloat16() {
    MemoryEstimate half = SdMemory.estimate(SD15, 512, 512, DataType.FLOAT16);
    MemoryEstimate full = SdMemory.estimate(SD15, 512, 512, DataType.FLOAT32);
    assertThat(full.perRowBytes()).isEqualTo(2 * half.perRowBytes());
    // 64×64 latents: skips 6.6 M elements + 17 maps of 320 × 4096 = 22.3 M, at 2 bytes.
    assertThat(half.perRowBytes() / GB).isCloseTo(0.0578, offset(0.002));
    // One 512² image decoded in float32: 5 maps of 256 × 512 × 512.
    assertThat(half.decodeBytes() / GB).isCloseTo(1.342, offset(0.001));
  }

  @Test
  void batchOneAndFourAt512() {
    MemoryEstimate e = SdMemory.estimate(SD15, 512, 512, DataType.FLOAT16);
    long one = e.bytes(1, true);
    long four = e.bytes(4, true);
    // Batch 1 is weights + the decoder (it outweighs 2 UNet rows), batch 4 still is (8 rows).
    assertThat(one / GB).isCloseTo((2.163 + 1.342) * MemoryEstimate.MARGIN, offset(0.02));
    assertThat(four).isGreaterThanOrEqualTo(one);
    MemoryEstimate big = SdMemory.estimate(SD15, 1024, 1024, DataType.FLOAT16);
    assertThat(big.perRowBytes()).isEqualTo(4 * e.perRowBytes());
    assertThat(big.decodeBytes()).isEqualTo(4 * e.decodeBytes());
    // At 1024², 32 images (64 rows) outgrow the decoder: the batch term takes over.
    assertThat(big.bytes(32, true)).isGreaterThan(big.bytes(16, true));
  }

  @Test
  void monotonicInBatchAndSize() {
    int[] sides = {256, 512, 768, 1024};
    long previousSize = 0;
    for (int side : sides) {
      MemoryEstimate e = SdMemory.estimate(SD15, side, side, DataType.FLOAT16);
      assertThat(e.bytes(1, true)).isGreaterThan(previousSize);
      previousSize = e.bytes(1, true);
      long previousBatch = 0;
      for (int batch = 1; batch <= 64; batch *= 2) {
        assertThat(e.bytes(batch, true)).isGreaterThanOrEqualTo(previousBatch);
        assertThat(e.bytes(batch, true)).isGreaterThanOrEqualTo(e.bytes(batch, false));
        previousBatch = e.bytes(batch, true);
      }
      assertThat(e.bytes(64, true)).isGreaterThan(e.bytes(1, true));
    }
  }

  @Test
  void fittingBatchIsTheLargestThatFits() {
    MemoryEstimate e = SdMemory.estimate(SD15, 1024, 1024, DataType.FLOAT16);
    long free = 12L << 30;
    int fit = e.fittingBatch(free, true);
    assertThat(fit).isPositive();
    assertThat(e.bytes(fit, true)).isLessThanOrEqualTo(free);
    assertThat(e.bytes(fit + 1, true)).isGreaterThan(free);
    assertThat(e.fittingBatch(e.bytes(1, true) - 1, true)).isZero();
    assertThat(e.fittingBatch(e.bytes(3, true), true)).isGreaterThanOrEqualTo(3);
    assertThat(e.fittingBatch(free, false)).isGreaterThanOrEqualTo(fit);
  }

  @Test
  void skipConnectionsOfSd15At64() {
    // conv_in 320 + 2×320 at 64², 320 (down) + 2×640 at 32², 640 + 2×1280 at 16², 1280 + 2×1280 at
    // 8².
    long expected =
        3L * 320 * 4096 + (320 + 2 * 640) * 1024L + (640 + 2 * 1280) * 256L + 3L * 1280 * 64;
    assertThat(SdMemory.skipElements(UNetConfig.sd15(), 64, 64)).isEqualTo(expected);
  }
}
