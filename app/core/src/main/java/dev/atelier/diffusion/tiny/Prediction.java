package dev.atelier.diffusion.tiny;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the built-in network is trained to output for a noisy image {@code x_t = α x₀ + σ ε} (with
 * {@code α = √ᾱ}, {@code σ = √(1−ᾱ)}).
 *
 * <ul>
 *   <li>{@link #EPSILON}: the noise ε (Ho et al. 2020). The clean-image estimate is {@code x̂₀ =
 *       (x_t − σ ε̂) / α}, so near pure noise (α → 0) any error in ε̂ is multiplied by σ/α, which
 *       is above 100 over the last tenth of the cosine schedule: the network must be very exact
 *       exactly where a sample's composition is decided.
 *   <li>{@link #V}: the velocity {@code v = α ε − σ x₀} (Salimans &amp; Ho 2022). Then {@code x̂₀ =
 *       α x_t − σ v̂} and {@code ε̂ = σ x_t + α v̂}: errors reach x̂₀ at most one to one, at every
 *       noise level. Near pure noise the network learns to predict the (conditional) mean image,
 *       which is what a sampler's first steps need.
 * </ul>
 */
public enum Prediction {
  EPSILON("epsilon"),
  V("v");

  private final String id;

  Prediction(String id) {
    this.id = id;
  }

  /** The training target for one value of a clean image x₀ noised with ε at levels (α, σ). */
  public float target(float x0, float noise, float alpha, float sigma) {
    return this == V ? alpha * noise - sigma * x0 : noise;
  }

  /**
   * The clean image implied by the network's output {@code out} for {@code x} at levels (α, σ),
   * which broadcast over the image dimensions: the inverse of {@link #target}.
   */
  public NDArray cleanImage(NDArray x, NDArray out, NDArray alpha, NDArray sigma) {
    return this == V ? x.mul(alpha).sub(out.mul(sigma)) : x.sub(out.mul(sigma)).div(alpha);
  }

  @JsonValue
  public String id() {
    return id;
  }

  /** Reads a manifest value; {@code null} (manifests written before v-prediction) means ε. */
  @JsonCreator
  public static Prediction fromId(String id) {
    if (id == null) {
      return EPSILON;
    }
    for (Prediction p : values()) {
      if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException("Unknown prediction type: " + id + " (epsilon or v)");
  }
}
