package dev.atelier.catalog;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A LoRA file the catalog knows: where it is, its hashes, and the size and modification time they
 * were taken at.
 *
 * @param path the file's absolute path
 * @param sha256 SHA-256 (hex) of the whole file, as Atelier's records name a LoRA
 * @param dataSha256 SHA-256 (hex) of the file's tensor data after its header, as other image tools
 *     name a LoRA; null until worked out
 * @param size the file's size in bytes when hashed
 * @param modifiedMillis its modification time when hashed, in milliseconds since the epoch
 * @param usedAt when a generation last used it; null for a file only found in a LoRA folder
 */
public record LoraFileEntry(
    String path, String sha256, String dataSha256, long size, long modifiedMillis, Instant usedAt) {

  public LoraFileEntry {
    Objects.requireNonNull(path, "path");
    requireSha256(sha256, "sha256");
    if (dataSha256 != null) {
      requireSha256(dataSha256, "dataSha256");
    }
    if (size < 0) {
      throw new IllegalArgumentException("A file size cannot be negative: " + size);
    }
  }

  private static void requireSha256(String hex, String what) {
    if (hex == null || !hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(what + " is not a SHA-256 in lowercase hex: " + hex);
    }
  }

  /**
   * Whether {@code hexPrefix} (8 to 64 hex digits, any case) begins the file's hash or its data
   * hash.
   */
  public boolean matches(String hexPrefix) {
    String p = hexPrefix.toLowerCase(Locale.ROOT);
    return sha256.startsWith(p) || (dataSha256 != null && dataSha256.startsWith(p));
  }

  /** The same file, now also used at {@code time}. */
  public LoraFileEntry usedAt(Instant time) {
    return new LoraFileEntry(path, sha256, dataSha256, size, modifiedMillis, time);
  }
}
