package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SigmaSpacingTest {

  private static final NoiseSchedule SD = NoiseSchedule.scaledLinear(1000, 0.00085, 0.012);

  @Test
  void trailingVisitsTheDdimTimesteps() {
    assertThat(SigmaSpacing.TRAILING.sigmas(SD, 3))
        .containsExactly(SD.sigma(999), SD.sigma(666), SD.sigma(332), 0.0);
  }

  @Test
  void linspaceSpacesTimestepsEvenlyFromLastToFirst() {
    double[] sigmas = SigmaSpacing.LINSPACE.sigmas(SD, 4); // t = 999, 666, 333, 0
    assertThat(sigmas).hasSize(5);
    int[] timesteps = {999, 666, 333, 0};
    for (int i = 0; i < 4; i++) {
      assertThat(sigmas[i])
          .isCloseTo(SD.sigma(timesteps[i]), within(SD.sigma(timesteps[i]) * 1e-13));
    }
    assertThat(sigmas[4]).isZero();
    // Fractional timesteps interpolate: 5 steps visit t = 999, 749.25, 499.5, 249.75, 0.
    assertThat(SigmaSpacing.LINSPACE.sigmas(SD, 5)[2])
        .isCloseTo(SD.sigmaForTimestep(499.5), within(1e-15));
    assertThat(SigmaSpacing.LINSPACE.sigmas(SD, 1)[0]).isCloseTo(SD.sigmaMax(), within(1e-12));
  }

  @Test
  void karrasUsesRhoSeven() {
    assertThat(SigmaSpacing.KARRAS.sigmas(SD, 12)).containsExactly(SD.karrasSigmas(12, 7));
  }
}
