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
  DPMPP_2M_KARRAS("dpmpp-2m-karras", DpmPp2mSampler::new);

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
