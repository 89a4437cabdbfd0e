package dev.atelier.catalog;

import java.util.Objects;

/**
 * Something a generation started from besides its prompt and settings, kept by the SHA-256 of its
 * file.
 *
 * @param role what it was for
 * @param sha256 SHA-256 (hex) of the file as it was read
 * @param amount how much of it: a start picture's strength, an inpainting mask's seam blur in
 *     pixels (0 for a hard edge), a LoRA's weight
 */
public record GenerationInput(Role role, String sha256, double amount) {

  /** What an input was for; {@link #stored} is the catalog's word for it. */
  public enum Role {
    /** The picture an image-to-image run started from; the amount is its strength. */
    START_IMAGE("start-image"),
    /**
     * The inpainting mask that said which part of the start picture was painted again; the amount
     * is the blur of its edge in pixels (the Gaussian's standard deviation, as web UI's "Mask
     * blur"). Its SHA-256 is that of the mask file read, or of the PNG of a mask made in memory.
     */
    MASK("mask"),
    /** A LoRA file merged into the model; the amount is its weight. */
    LORA("lora");

    private final String stored;

    Role(String stored) {
      this.stored = stored;
    }

    public String stored() {
      return stored;
    }

    static Role fromStored(String value) {
      for (Role r : values()) {
        if (r.stored.equals(value)) {
          return r;
        }
      }
      throw new CatalogException("Unknown generation input role in the catalog: " + value);
    }
  }

  public GenerationInput {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(sha256, "sha256");
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("Not a SHA-256 in hex: " + sha256);
    }
    if (!Double.isFinite(amount)) {
      throw new IllegalArgumentException("The amount must be a finite number: " + amount);
    }
  }
}
