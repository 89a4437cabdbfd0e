package dev.atelier.diffusion.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SamplerKindTest {

  @Test
  void idsAreStableAndCreateTheRightSamplers() {
    assertThat(SamplerKind.fromId("ddim").create()).isEqualTo(new DdimSampler(0));
    assertThat(SamplerKind.fromId("ddpm").create()).isEqualTo(new DdimSampler(1));
    assertThat(SamplerKind.fromId("euler-a").create())
        .isEqualTo(new EulerAncestralSampler(SigmaSpacing.LINSPACE));
    assertThat(SamplerKind.fromId("dpmpp-2m-karras").create())
        .isEqualTo(new DpmPp2mSampler(SigmaSpacing.KARRAS));
    assertThat(SamplerKind.fromId("lcm").create()).isEqualTo(new LcmSampler(50, 10.0));
    for (SamplerKind kind : SamplerKind.values()) {
      assertThat(SamplerKind.fromId(kind.id())).isSameAs(kind);
    }
  }

  @Test
  void unknownIdsNameTheValidOnes() {
    assertThatThrownBy(() -> SamplerKind.fromId("k_lms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown sampler 'k_lms'; valid samplers: ddim, ddpm, euler-a, dpmpp-2m-karras, lcm");
  }

  @Test
  void ddimEtaMustBeBetweenZeroAndOne() {
    assertThatThrownBy(() -> new DdimSampler(-0.1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DdimSampler(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
