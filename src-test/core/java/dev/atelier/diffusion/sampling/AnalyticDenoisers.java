package dev.atelier.diffusion.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.Denoiser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Denoisers whose optimal noise prediction is known in closed form, so that the samplers can be
 * checked against exact answers. Each reads the noise level of its input from the timestep the
 * sampler passes, {@code alphaBar = 1 / (1 + sigmaForTimestep(t)^2)}, the same continuous
 * interpretation a trained model sees.
 */
final class AnalyticDenoisers {

  private AnalyticDenoisers() {}

  /**
   * Data that is a single point x0*: then {@code E[eps | x_t] = (x_t - sqrt(a) x0*) / sqrt(1 - a)}
   * exactly, and its clean prediction is x0* from any x_t.
   */
  record Point(NoiseSchedule schedule, float[] target, Shape variantShape) implements Denoiser {
    @Override
    public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
      double[] a = alphaBars(schedule, timesteps);
      NDManager m = x.getManager();
      NDArray x0 = m.create(target, new Shape(1).addAll(variantShape));
      NDArray signal = x0.mul(perRow(m, a, ab -> Math.sqrt(ab)));
      return x.sub(signal).mul(perRow(m, a, ab -> 1 / Math.sqrt(1 - ab)));
    }
  }

  /**
   * Every value drawn independently from N(mu, s^2): x_t is Gaussian too and {@code E[eps | x_t] =
   * sqrt(1 - a) (x_t - sqrt(a) mu) / (a s^2 + 1 - a)}.
   */
  record Gaussian(NoiseSchedule schedule, double mu, double s) implements Denoiser {
    @Override
    public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
      double[] a = alphaBars(schedule, timesteps);
      NDManager m = x.getManager();
      NDArray gain = perRow(m, a, ab -> Math.sqrt(1 - ab) / (ab * s * s + 1 - ab));
      NDArray offset =
          perRow(m, a, ab -> Math.sqrt(1 - ab) * Math.sqrt(ab) * mu / (ab * s * s + 1 - ab));
      return x.mul(gain).sub(offset);
    }

    /**
     * Where the exact probability-flow ODE takes a sample that starts as {@code z} at timestep T-1
     * and is followed to {@code sigmaLast}, then replaced by its exact posterior mean {@code E[x0 |
     * x]}: what an ODE sampler computes in the limit of small steps. For Gaussian data the flow is
     * affine, {@code x_t = m_t + (sd_t / sd_T)(z - m_T)}, and the posterior mean shrinks the
     * standardized value by {@code sqrt(a) s / sd}.
     */
    double exactOdeResult(double z, double sigmaLast) {
      double aStart = schedule.alphaBar(schedule.trainingSteps() - 1);
      double standardized = (z - Math.sqrt(aStart) * mu) / sd(aStart);
      double aLast = 1 / (1 + sigmaLast * sigmaLast);
      return mu + standardized * Math.sqrt(aLast) * s * s / sd(aLast);
    }

    private double sd(double a) {
      return Math.sqrt(a * s * s + 1 - a);
    }
  }

  /** Wraps a denoiser and records the batch size of every forward pass. */
  static final class Counting implements Denoiser {
    final Denoiser inner;
    final List<Long> batchSizes = new ArrayList<>();

    Counting(Denoiser inner) {
      this.inner = inner;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray timesteps, NDArray conditioning) {
      batchSizes.add(x.getShape().get(0));
      return inner.predictNoise(x, timesteps, conditioning);
    }

    @Override
    public NoiseSchedule schedule() {
      return inner.schedule();
    }
  }

  static double[] alphaBars(NoiseSchedule schedule, NDArray timesteps) {
    float[] t = timesteps.toFloatArray();
    double[] a = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      double sigma = schedule.sigmaForTimestep(t[i]);
      a[i] = 1 / (1 + sigma * sigma);
    }
    return a;
  }

  /** A (B, 1, 1, 1) column of f(alphaBar) per batch row, to broadcast over (B, C, H, W). */
  static NDArray perRow(NDManager m, double[] a, DoubleUnaryOperator f) {
    float[] values = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      values[i] = (float) f.applyAsDouble(a[i]);
    }
    return m.create(values, new Shape(a.length, 1, 1, 1));
  }
}
