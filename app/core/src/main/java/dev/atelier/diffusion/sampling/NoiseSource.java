package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Standard normal noise for a batch of variants, computed in Java so that a seed means the same
 * picture on every machine, device and PyTorch version (torch's generators differ between CPU and
 * CUDA).
 *
 * <p>Variant {@code i} has its own generator seeded with {@code seeds[i]}, so its noise never
 * depends on the other variants in the batch: re-running one variant alone with its seed gives the
 * same noise. Each {@link #next} call continues every variant's stream: a sampler draws the initial
 * noise first, then (ancestral samplers) one draw per step.
 *
 * <p>Algorithm, fixed because stored seeds must keep reproducing their images: {@link
 * SplittableRandom} (SplitMix64, Steele et al. 2014) seeded with the variant's seed; each pair of
 * 64-bit outputs becomes two uniform doubles {@code u1 = (bits1 >>> 11 + 1) * 2^-53} in (0, 1] and
 * {@code u2 = (bits2 >>> 11) * 2^-53} in [0, 1), and the Box-Muller transform {@code r = sqrt(-2 ln
 * u1)}, {@code z1 = r cos(2 pi u2)}, {@code z2 = r sin(2 pi u2)} turns them into two normal
 * samples, rounded to float. {@link StrictMath} keeps the transcendental functions bit-identical
 * across CPUs. The tests pin the first values of a stream.
 *
 * <p>Stateful and not thread-safe: use one source per sampling run.
 */
public final class NoiseSource {

  private final Stream[] streams;

  private NoiseSource(long[] seeds) {
    streams = new Stream[seeds.length];
    for (int i = 0; i < seeds.length; i++) {
      streams[i] = new Stream(seeds[i]);
    }
  }

  /** One generator per variant, variant {@code i} seeded with {@code seeds[i]}. */
  public static NoiseSource seeded(long... seeds) {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("At least one seed is needed");
    }
    return new NoiseSource(seeds.clone());
  }

  /** The batch size N: one variant per seed. */
  public int variants() {
    return streams.length;
  }

  /**
   * Draws the next noise for every variant.
   *
   * @param manager where the array is created
   * @param variantShape the shape of one variant, e.g. (C, H, W)
   * @return float32 (N, variantShape...) with independent standard normal entries
   */
  public NDArray next(NDManager manager, Shape variantShape) {
    int perVariant = Math.toIntExact(variantShape.size());
    float[] values = new float[Math.multiplyExact(perVariant, streams.length)];
    for (int v = 0; v < streams.length; v++) {
      streams[v].fill(values, v * perVariant, perVariant);
    }
    return manager.create(values, new Shape(streams.length).addAll(variantShape));
  }

  /** One variant's normal stream; keeps the second Box-Muller value for the next draw. */
  private static final class Stream {
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private final SplittableRandom random;
    private boolean hasSpare;
    private double spare;

    Stream(long seed) {
      random = new SplittableRandom(seed);
    }

    void fill(float[] values, int offset, int count) {
      for (int i = offset; i < offset + count; i++) {
        values[i] = (float) nextGaussian();
      }
    }

    private double nextGaussian() {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      double u1 = ((random.nextLong() >>> 11) + 1) * TWO_POW_MINUS_53;
      double u2 = (random.nextLong() >>> 11) * TWO_POW_MINUS_53;
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
      double angle = 2.0 * Math.PI * u2;
      spare = r * StrictMath.sin(angle);
      hasSpare = true;
      return r * StrictMath.cos(angle);
    }
  }
}
