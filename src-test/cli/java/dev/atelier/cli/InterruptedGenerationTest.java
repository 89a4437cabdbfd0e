package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.config.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation a killed process left running (a batch item, say, later done again) reads as
 * INTERRUPTED in the catalog listing, next to its finished twin, not as a bare FAILED.
 */
class InterruptedGenerationTest {

  @TempDir Path home;

  private static Generation generation(String prompt, Generation.Status status, Instant t) {
    return new Generation(
        0, "atelier-tiny@1", prompt, "", 1, "ddim", 20, 4, 64, 64, 1, status, t, null);
  }

  @Test
  void aGenerationLeftRunningIsListedAsInterruptedNextToItsDoneTwin() throws Exception {
    Files.createDirectories(AppDirs.under(home).data());
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      catalog
          .models()
          .save(
              new ModelEntry(
                  "atelier-tiny@1",
                  "atelier-tiny",
                  "1",
                  "builtin",
                  "0".repeat(64),
                  null,
                  "CC0-1.0",
                  "/m",
                  t));
      catalog.generations().insert(generation("mountains", Generation.Status.RUNNING, t));
      catalog.generations().insert(generation("mountains", Generation.Status.DONE, t));
    }

    CliRun r = CliRun.of(home, "", "catalog", "list");

    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[1]).contains("DONE", "mountains");
    assertThat(lines[2]).contains("INTERRUPTED", "mountains");
    assertThat(r.out()).doesNotContain("FAILED");
  }
}
