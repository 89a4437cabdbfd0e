package dev.atelier.catalog;

import java.time.Instant;

/** A model known to the catalog. {@code id} is {@code name@version}. */
public record ModelEntry(
    String id,
    String name,
    String version,
    String kind,
    String weightsSha256,
    String trainingSetRoot,
    String license,
    String location,
    Instant addedAt) {

  public static String idOf(String name, String version) {
    return name + "@" + version;
  }
}
