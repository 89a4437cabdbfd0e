package dev.atelier.diffusion.sampling;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The samplers a user can pick, by the id stored with each generation. */
public enum SamplerKind {
  /** Deterministic DDIM (eta = 0). */
  DDIM("ddim", () -> new DdimSampler(0)),
  /** Ancestral DDPM: DDIM with eta = 1. */
  DDPM("ddpm", () -> new DdimSampler(1)),
  /** Euler ancestral on linspace sigmas (k-diffusion's default). */
  EULER_ANCESTRAL("euler-a", EulerAncestralSampler::new),
  /** DPM-Solver++(2M) on Karras sigmas. */
  DPMPP_2M_KARRAS("dpmpp-2m-karras", DpmPp2mSampler::new),
  /**
   * Latent Consistency Model sampling, 1 to 50 steps (4 is typical). Meant for LCM checkpoints and
   * SD with an LCM-LoRA, at guidance 1 to 2 (1: one model evaluation per step).
   */
  LCM("lcm", LcmSampler::new);

  private final String id;
  private final Supplier<Sampler> factory;

  SamplerKind(String id, Supplier<Sampler> factory) {
    this.id = id;
    this.factory = factory;
  }

  /** The stable id, as stored in the catalog and typed on the command line. */
  public String id() {
    return id;
  }

  public Sampler create() {
    return factory.get();
  }

  /**
   * The most steps this sampler can take, whatever the model; {@link Integer#MAX_VALUE} when only
   * the model's schedule limits it. LCM picks its steps from a fixed schedule of {@value
   * LcmSampler#ORIGINAL_STEPS}.
   */
  public int maxSteps() {
    return this == LCM ? LcmSampler.ORIGINAL_STEPS : Integer.MAX_VALUE;
  }

  /**
   * @throws IllegalArgumentException naming the valid ids when {@code id} is none of them
   */
  public static SamplerKind fromId(String id) {
    for (SamplerKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "Unknown sampler '"
            + id
            + "'; valid samplers: "
            + Arrays.stream(values()).map(SamplerKind::id).collect(Collectors.joining(", ")));
  }
}
