package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.sampling.SamplerKind;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sampler picker names every sampler, and says what LCM needs. */
class SamplerNamesTest {

  private final ViewParts.SamplerNames names = new ViewParts.SamplerNames();

  @Test
  void everySamplerHasItsOwnName() {
    assertThat(Arrays.stream(SamplerKind.values()).map(names::toString))
        .doesNotContain("")
        .doesNotHaveDuplicates()
        .hasSize(SamplerKind.values().length);
    assertThat(names.toString(null)).isEmpty();
  }

  @Test
  void lcmSaysWhichModelsAndGuidanceItIsFor() {
    assertThat(names.toString(SamplerKind.LCM)).startsWith("LCM").contains("LCM-LoRA", "guidance");
  }
}
