package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.License;
import dev.atelier.config.AppDirs;
import dev.atelier.license.LicenseService;
import dev.atelier.license.Licenses;
import dev.atelier.license.Permissions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseCommandTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @Test
  void listShowsTheBuiltInsWithTheirPermissions() {
    CliRun r = run("license", "list");
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).startsWith("ID").contains("COMMERCIAL", "AI TRAINING", "NAME");
    assertThat(r.out())
        .contains(
            "CC0-1.0",
            "CC-BY-NC-4.0",
            "CC-BY-SA-4.0",
            "LicenseRef-Atelier-Commercial-1.0",
            "LicenseRef-Atelier-Personal-1.0")
        .contains("6 license(s)");
    assertThat(line(r.out(), "CC-BY-NC-4.0 "))
        .matches("CC-BY-NC-4\\.0 +no +yes +required +no +allowed +Creative Commons .*");
    assertThat(line(r.out(), "LicenseRef-Atelier-Commercial-1.0"))
        .matches("LicenseRef-Atelier-Commercial-1\\.0 +yes +yes +no +no +no +Atelier .*");
  }

  @Test
  void showGivesPermissionsSummaryAndHashAndTheTextOnRequest() {
    License cc = Licenses.builtIn("CC-BY-4.0").orElseThrow();
    CliRun r = run("license", "show", "CC-BY-4.0");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .startsWith("CC-BY-4.0  Creative Commons Attribution 4.0 International\n")
        .contains("Commercial use:  yes", "Attribution:     required", "AI training:     allowed")
        .contains("Terms SHA-256:   " + cc.termsSha256())
        .contains("  Anyone may copy, share, adapt and use the work")
        .doesNotContain("Section 1");
    assertThat(r.out().lines().filter(l -> l.length() > 80 && !l.contains("SHA-256"))).isEmpty();

    CliRun full = run("license", "show", "CC-BY-4.0", "--text");
    assertThat(full.code()).as(full.err()).isZero();
    assertThat(full.out()).startsWith(r.out()).endsWith("\n" + cc.termsText() + "\n");
  }

  @Test
  void anUnknownIdIsNotFound() {
    CliRun r = run("license", "show", "MIT");
    assertThat(r.code()).isEqualTo(ExitCodes.NOT_FOUND).isEqualTo(4);
    assertThat(r.err())
        .startsWith("atelier: No license MIT in the catalog; known: CC-BY-4.0, ")
        .doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void customTermsAreListedAndShown() {
    License custom;
    try (Catalog catalog = Catalog.open(AppDirs.under(home).ensureExist().catalogFile())) {
      custom =
          new LicenseService(catalog.licenses())
              .addCustom(
                  "Gallery terms",
                  "Display only, with credit.",
                  new Permissions(false, false, true, false, false),
                  "");
    }
    assertThat(run("license", "list").out()).contains(custom.id()).contains("7 license(s)");
    CliRun r = run("license", "show", custom.id(), "--text");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Kind:            custom")
        .contains("Custom terms set by the creator")
        .endsWith("\nDisplay only, with credit.\n");
  }

  @Test
  void aStoredTextThatNoLongerMatchesItsHashIsACatalogError() {
    License custom;
    try (Catalog catalog = Catalog.open(AppDirs.under(home).ensureExist().catalogFile())) {
      custom =
          new LicenseService(catalog.licenses())
              .addCustom(
                  "Terms", "Original text.", new Permissions(true, true, true, false, true), "");
      catalog
          .licenses()
          .save(
              new License(
                  custom.id(),
                  custom.name(),
                  custom.termsSha256(),
                  "Edited text.",
                  true,
                  true,
                  true,
                  false,
                  true,
                  custom.summary(),
                  false));
    }
    CliRun r = run("license", "show", custom.id());
    assertThat(r.code()).isEqualTo(ExitCodes.CATALOG);
    assertThat(r.err()).contains("does not match its terms hash " + custom.termsSha256());
  }

  @Test
  void wrapKeepsWordsWhole() {
    assertThat(LicenseCommand.wrap("aa bb cc dd", 5)).containsExactly("aa bb", "cc dd");
    assertThat(LicenseCommand.wrap("  one  ", 2)).containsExactly("one");
  }

  private static String line(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
