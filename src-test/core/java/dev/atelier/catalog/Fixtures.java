package dev.atelier.catalog;

import java.time.Instant;

/** Rows for tests; hashes are made-up but well-formed. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  private Fixtures() {}

  static String hex64(int n) {
    return String.format("%064x", n);
  }

  static ModelEntry model() {
    return new ModelEntry(
        "atelier-tiny@1",
        "atelier-tiny",
        "1",
        "builtin",
        hex64(1),
        hex64(2),
        "CC0-1.0",
        "/models/atelier-tiny",
        T0);
  }

  static Generation generation(String prompt, int variants) {
    return new Generation(
        0,
        "atelier-tiny@1",
        prompt,
        "",
        42,
        "ddim",
        20,
        4.5,
        64,
        64,
        variants,
        Generation.Status.RUNNING,
        T0,
        null);
  }

  static Asset variant(long generationId, int index) {
    return new Asset(
        0,
        generationId,
        index,
        42 + index,
        64,
        64,
        hex64(100 + index),
        null,
        null,
        false,
        null,
        T0);
  }

  static License cc0() {
    return new License(
        "CC0-1.0",
        "Creative Commons Zero",
        hex64(7),
        "No rights reserved.",
        true,
        true,
        false,
        false,
        true,
        "Public domain.",
        true);
  }

  static CollectionEntry collection() {
    return new CollectionEntry(
        0, 31337, "0x" + "ab".repeat(20), "Atelier", "ATL", "0x" + "cd".repeat(20), null, T0);
  }
}
