package dev.atelier.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.catalog.ProvenanceEntry;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LicenseServiceTest {

  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dir;
  private Catalog catalog;
  private LicenseService service;

  @BeforeEach
  void open() {
    catalog = Catalog.open(dir.resolve("catalog.db"));
    service = new LicenseService(catalog.licenses());
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void seedingAddsTheBuiltInsOnceAndThenChangesNothing() {
    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(6, 0, 0));
    assertThat(service.list()).containsExactlyInAnyOrderElementsOf(Licenses.builtIns());
    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(0, 0, 6));
    assertThat(service.list()).hasSize(6);
    // A fresh catalog object on the same file reads back exactly the same rows.
    catalog.close();
    catalog = Catalog.open(dir.resolve("catalog.db"));
    service = new LicenseService(catalog.licenses());
    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(0, 0, 6));
    assertThat(service.require("CC-BY-SA-4.0"))
        .isEqualTo(Licenses.builtIn("CC-BY-SA-4.0").orElseThrow());
  }

  @Test
  void aStoredBuiltInWithAnotherTextIsReplacedEvenWhenRecordsNameIt() {
    service.seedBuiltIns();
    License real = Licenses.builtIn("CC-BY-4.0").orElseThrow();
    String forged = real.termsText().replace("Attribution", "Atribution");
    catalog
        .licenses()
        .save(
            new License(
                real.id(),
                real.name(),
                Licenses.termsSha256(forged),
                forged,
                real.commercialUse(),
                real.derivatives(),
                real.attributionRequired(),
                real.shareAlike(),
                real.aiTraining(),
                real.summary(),
                true));
    referenceFromAProvenanceRecord(real.id());

    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(0, 1, 5));
    assertThat(service.require(real.id())).isEqualTo(real);
  }

  @Test
  void aStoredBuiltInWithOtherPermissionsOrSummaryIsBroughtUpToDate() {
    service.seedBuiltIns();
    License real = Licenses.builtIn("LicenseRef-Atelier-Personal-1.0").orElseThrow();
    catalog
        .licenses()
        .save(
            new License(
                real.id(),
                real.name(),
                real.termsSha256(),
                real.termsText(),
                true,
                real.derivatives(),
                real.attributionRequired(),
                real.shareAlike(),
                true,
                "old summary",
                true));
    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(0, 1, 5));
    assertThat(service.require(real.id())).isEqualTo(real);
  }

  @Test
  void customLicensesRoundTripThroughTheCatalogAndSurviveSeeding() {
    service.seedBuiltIns();
    Permissions p = new Permissions(true, false, true, false, false);
    License custom =
        service.addCustom("Studio terms", "Use it,\r\nbut do not change it.", p, "Use, no edits.");
    assertThat(custom.id()).startsWith("LicenseRef-Custom-");
    assertThat(service.require(custom.id())).isEqualTo(custom);
    assertThat(Licenses.verify(service.require(custom.id()), "Use it,\nbut do not change it."))
        .isTrue();
    assertThat(Permissions.of(service.require(custom.id()))).isEqualTo(p);

    assertThat(
            service.addCustom(
                "Studio terms", "Use it,\nbut do not change it.", p, "Use, no edits."))
        .isEqualTo(custom);
    assertThatThrownBy(
            () ->
                service.addCustom(
                    "Studio terms",
                    "Use it,\nbut do not change it.",
                    new Permissions(false, false, true, false, false),
                    "Use, no edits."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already saved as " + custom.id())
        .hasMessageContaining("cannot have two sets of permissions");

    assertThat(service.seedBuiltIns()).isEqualTo(new LicenseService.SeedResult(0, 0, 6));
    assertThat(service.list()).hasSize(7).contains(custom);
  }

  @Test
  void anUnknownIdIsNotFoundAndTheMessageListsTheKnownOnes() {
    service.seedBuiltIns();
    assertThat(service.find("MIT")).isEmpty();
    assertThatThrownBy(() -> service.require("MIT"))
        .isInstanceOf(LicenseNotFoundException.class)
        .hasMessageStartingWith("No license MIT in the catalog; known: ")
        .hasMessageContaining("CC0-1.0")
        .hasMessageContaining("LicenseRef-Atelier-Personal-1.0")
        .satisfies(e -> assertThat(((LicenseNotFoundException) e).id()).isEqualTo("MIT"));
  }

  private void referenceFromAProvenanceRecord(String licenseId) {
    catalog
        .models()
        .save(
            new ModelEntry("m@1", "m", "1", "builtin", "1".repeat(64), null, "CC0-1.0", "/m", T0));
    Generation g =
        catalog
            .generations()
            .insert(
                new Generation(
                    0,
                    "m@1",
                    "p",
                    "",
                    1,
                    "ddim",
                    10,
                    4,
                    64,
                    64,
                    1,
                    Generation.Status.DONE,
                    T0,
                    T0));
    Asset a =
        catalog
            .assets()
            .insert(new Asset(0, g.id(), 0, 1, 64, 64, "2".repeat(64), null, null, true, null, T0));
    catalog
        .provenance()
        .insert(
            new ProvenanceEntry(
                0,
                a.id(),
                "{}",
                "3".repeat(64),
                "0x" + "ab".repeat(20),
                licenseId,
                null,
                null,
                T0,
                null,
                null));
  }
}
