package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);

  @Test
  void scaledLinearMatchesStableDiffusion() {
    assertThat(SD.trainingSteps()).isEqualTo(1000);
    assertThat(SD.alphaBar(0)).isCloseTo(0.99915, within(1e-12));
    // cumprod(1 - linspace(sqrt(0.00085), sqrt(0.012), 1000)^2)[999], float64 as in SD's
    // ldm code (float32 as in diffusers gives 0.00466009).
    assertThat(SD.alphaBar(999)).isCloseTo(0.004660098513077238, within(1e-15));
    assertThat(SD.sigmaMax()).isCloseTo(14.614641229333639, within(1e-10));
    assertThat(SD.sigmaMin()).isCloseTo(0.029167158151720367, within(1e-12));
    assertThat(SD.sigma(999)).isEqualTo(SD.sigmaMax());
  }

  @Test
  void linearMatchesDdpm() {
    NoiseSchedule ddpm = NoiseSchedule.linear(1000, 1e-4, 0.02);
    assertThat(ddpm.alphaBar(0)).isCloseTo(0.9999, within(1e-15));
    assertThat(ddpm.alphaBar(1)).isCloseTo(0.9999 * (1 - (1e-4 + 0.0199 / 999)), within(1e-15));
    assertThat(ddpm.alphaBar(999)).isCloseTo(4.035829765375676e-05, within(1e-17));
  }

  @Test
  void cosineFollowsTheSquaredCosineAndClipsTheLastBeta() {
    NoiseSchedule cosine = NoiseSchedule.cosine(1000);
    for (int t : new int[] {0, 1, 250, 500, 998}) {
      assertThat(cosine.alphaBar(t))
          .as("alphaBar(%d)", t)
          .isCloseTo(f((t + 1) / 1000.0) / f(0), within(1e-12));
    }
    assertThat(cosine.alphaBar(0)).isCloseTo(0.999958715775178, within(1e-14));
    // f(1) = 0 would make the last beta 1; it is clipped to 0.999.
    assertThat(cosine.alphaBar(999) / cosine.alphaBar(998)).isCloseTo(0.001, within(1e-12));
  }

  private static double f(double u) {
    double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  @Test
  void alphaBarDecreasesAndSigmaIncreases() {
    for (NoiseSchedule s :
        new NoiseSchedule[] {
          SD, NoiseSchedule.linear(1000, 1e-4, 0.02), NoiseSchedule.cosine(1000)
        }) {
      for (int t = 1; t < 1000; t++) {
        assertThat(s.alphaBar(t)).isLessThan(s.alphaBar(t - 1)).isPositive();
        assertThat(s.sigma(t)).isGreaterThan(s.sigma(t - 1));
      }
    }
  }

  @Test
  void timestepForSigmaInvertsTheTrainedSigmasExactly() {
    for (int t = 0; t < 1000; t++) {
      assertThat(SD.timestepForSigma(SD.sigma(t))).as("t=%d", t).isEqualTo(t);
      assertThat(SD.sigmaForTimestep(t)).isCloseTo(SD.sigma(t), within(SD.sigma(t) * 1e-13));
    }
  }

  @Test
  void timestepForSigmaInterpolatesLogSigmaMonotonically() {
    double previous = -1;
    for (int i = 0; i <= 10_000; i++) {
      double logSigma =
          Math.log(SD.sigmaMin()) + i / 10_000.0 * Math.log(SD.sigmaMax() / SD.sigmaMin());
      double sigma = Math.exp(logSigma);
      double t = SD.timestepForSigma(sigma);
      assertThat(t).isGreaterThanOrEqualTo(previous).isBetween(0.0, 999.0);
      assertThat(SD.sigmaForTimestep(t)).isCloseTo(sigma, within(sigma * 1e-12));
      previous = t;
    }
    // Halfway between two trained steps in log sigma is halfway in t.
    double mid = Math.sqrt(SD.sigma(400) * SD.sigma(401));
    assertThat(SD.timestepForSigma(mid)).isCloseTo(400.5, within(1e-9));
    assertThat(SD.sigmaForTimestep(400.5)).isCloseTo(mid, within(1e-12));
  }

  @Test
  void outOfRangeValuesAreClamped() {
    assertThat(SD.timestepForSigma(0)).isZero();
    assertThat(SD.timestepForSigma(SD.sigmaMin() / 2)).isZero();
    assertThat(SD.timestepForSigma(SD.sigmaMax() * 2)).isEqualTo(999);
    assertThat(SD.sigmaForTimestep(-3)).isCloseTo(SD.sigmaMin(), within(1e-15));
    assertThat(SD.sigmaForTimestep(1200)).isCloseTo(SD.sigmaMax(), within(1e-12));
    assertThatThrownBy(() -> SD.alphaBar(1000)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void spacedTimestepsUseTrailingSpacingLikeDiffusers() {
    int[] fifty = SD.spacedTimesteps(50);
    assertThat(fifty).hasSize(50).startsWith(999, 979, 959).endsWith(39, 19);
    // numpy: round(arange(1000, 0, -1000/16)) - 1; .5 cases round half to even.
    assertThat(SD.spacedTimesteps(16))
        .containsExactly(
            999, 937, 874, 811, 749, 687, 624, 561, 499, 437, 374, 311, 249, 187, 124, 61);
    assertThat(SD.spacedTimesteps(3)).containsExactly(999, 666, 332);
    assertThat(SD.spacedTimesteps(1)).containsExactly(999);
    int[] all = SD.spacedTimesteps(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(all[i]).isEqualTo(999 - i);
    }
    assertThatThrownBy(() -> SD.spacedTimesteps(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SD.spacedTimesteps(1001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 1000");
  }

  @Test
  void karrasSigmasRunFromSigmaMaxToSigmaMinThenZero() {
    double[] sigmas = SD.karrasSigmas(20, 7);
    assertThat(sigmas).hasSize(21);
    assertThat(sigmas[0]).isCloseTo(SD.sigmaMax(), within(1e-12));
    assertThat(sigmas[19]).isCloseTo(SD.sigmaMin(), within(1e-15));
    assertThat(sigmas[20]).isZero();
    for (int i = 1; i < sigmas.length; i++) {
      assertThat(sigmas[i]).isLessThan(sigmas[i - 1]);
    }
    // Eq. 5 evaluated independently (numpy, float64).
    assertThat(sigmas[1]).isCloseTo(11.725364849528342, within(1e-12));
    assertThat(sigmas[10]).isCloseTo(1.0907858676660929, within(1e-12));
    double[] single = SD.karrasSigmas(1, 7);
    assertThat(single).hasSize(2);
    assertThat(single[0]).isCloseTo(SD.sigmaMax(), within(1e-12));
    assertThat(single[1]).isZero();
  }

  @Test
  void sigmasForTimestepsAppendZero() {
    assertThat(SD.sigmasFor(new int[] {999, 500, 0}))
        .containsExactly(SD.sigma(999), SD.sigma(500), SD.sigma(0), 0.0);
  }

  @Test
  void invalidSchedulesAreRejected() {
    assertThatThrownBy(() -> NoiseSchedule.linear(1, 1e-4, 0.02))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NoiseSchedule.linear(10, 0, 0.02))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta[0]");
    assertThatThrownBy(() -> NoiseSchedule.linear(10, 1e-4, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
