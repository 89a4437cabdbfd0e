package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.AppInfo;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.config.AppDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtelierCliTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(null, "", args);
  }

  private CliRun runAtHome(String... args) {
    return CliRun.of(home, "", args);
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    CliRun r = run("--help");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("Usage: atelier", "catalog", "license", "--version", "Exit codes:");
  }

  @Test
  void versionIsTheBuildVersion() {
    CliRun r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("atelier " + AppInfo.version());
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun r = run("--frobnicate");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--frobnicate'");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void emptyCatalogSaysSoAndCreatesTheCatalogFile() {
    CliRun r = runAtHome("catalog", "list");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("No generations yet in ");
    assertThat(AppDirs.under(home).catalogFile()).exists();
  }

  @Test
  void listShowsGenerationsNewestFirstWithinTheLimit() {
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      Instant t = Instant.parse("2026-11-25T10:00:00Z");
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
      for (String prompt : new String[] {"waves at dusk", "mountains\nin fog", "starfield"}) {
        catalog
            .generations()
            .insert(
                new Generation(
                    0,
                    "atelier-tiny@1",
                    prompt,
                    "",
                    1,
                    "ddim",
                    20,
                    4,
                    64,
                    64,
                    4,
                    Generation.Status.DONE,
                    t,
                    t));
      }
    }
    CliRun r = runAtHome("catalog", "list", "--limit", "2");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).contains("ID", "MODEL", "PROMPT");
    assertThat(lines[1]).contains("atelier-tiny@1", "DONE", "starfield");
    assertThat(lines[2]).contains("mountains in fog");
    assertThat(r.out()).doesNotContain("waves at dusk").contains("2 of 3 generation(s)");
  }

  @Test
  void badLimitIsBadInput() {
    CliRun r = runAtHome("catalog", "list", "--limit", "0");
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("--limit must be at least 1");
  }

  @Test
  void corruptCatalogGivesACatalogErrorInPlainWordsAndIsNotTouched() throws Exception {
    AppDirs dirs = AppDirs.under(home).ensureExist();
    byte[] junk = "definitely not sqlite ".repeat(100).getBytes();
    Files.write(dirs.catalogFile(), junk);
    CliRun r = runAtHome("catalog", "list");
    assertThat(r.code()).isEqualTo(ExitCodes.CATALOG);
    assertThat(r.err()).contains("not an Atelier catalog").doesNotContain("\tat ");
    assertThat(Files.readAllBytes(dirs.catalogFile())).isEqualTo(junk);
  }

  @Test
  void exitCodeMappingLooksThroughStartupFailures() {
    assertThat(
            ExitCodes.codeFor(
                new dev.atelier.lifecycle.StartupException(
                    "catalog", new dev.atelier.catalog.CatalogException("x"))))
        .isEqualTo(ExitCodes.CATALOG);
    assertThat(ExitCodes.codeFor(new java.nio.file.NoSuchFileException("f")))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ExitCodes.codeFor(new java.util.concurrent.CancellationException()))
        .isEqualTo(ExitCodes.CANCELLED);
    assertThat(ExitCodes.codeFor(new dev.atelier.license.LicenseNotFoundException("MIT", "no MIT")))
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(ExitCodes.codeFor(new IllegalStateException())).isEqualTo(ExitCodes.FAILURE);
  }
}
