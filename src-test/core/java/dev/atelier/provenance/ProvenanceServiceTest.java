package dev.atelier.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.Studio;
import dev.atelier.c2pa.C2paIdentity;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paRs;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.catalog.HiresPass;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.hashing.Hashes;
import dev.atelier.license.Licenses;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing an asset through the real studio (catalog file, license catalogue, install id, C2PA
 * identity from the wallet key) and verifying the file from its bytes alone, with the tampering an
 * image meets on its way: a changed pixel, a manifest moved from another image, a stripped
 * manifest, a record altered and re-sealed by someone else.
 */
class ProvenanceServiceTest {

  static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path home;
  Studio studio;
  UnlockedAccount artist;

  @BeforeEach
  void open() {
    studio = Studio.start(AppDirs.under(home), Clock.fixed(NOW, ZoneOffset.UTC));
    artist = TestAccounts.unlocked(TestAccounts.KEY_0);
    studio
        .catalog()
        .models()
        .save(
            new ModelEntry(
                "atelier-tiny@2",
                "atelier-tiny",
                "2",
                "builtin",
                "9c".repeat(32),
                "41".repeat(32),
                "CC0-1.0",
                home.resolve("models").toString(),
                NOW));
  }

  @AfterEach
  void close() {
    artist.close();
    studio.close();
  }

  /** A generated variant with its PNG on disk, as GenerationService leaves it. */
  private Asset variant(int seed, String prompt) {
    return GeneratedAssets.variant(studio, home, seed, prompt, "blurry");
  }

  @Test
  void aSignedImageVerifiesFromItsBytesAlone() throws Exception {
    Asset asset = variant(1, "sunset in ember colours");
    byte[] before = Files.readAllBytes(Path.of(asset.filePath()));

    ProvenanceService.Signed signed =
        studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist);

    byte[] after = Files.readAllBytes(signed.file());
    assertThat(C2paPng.strip(after)).as("only the manifest was added").isEqualTo(before);
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(after);
    assertThat(report.problems()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.c2pa().certificateSubject()).contains(artist.address());
    assertThat(report.signature().recoveredSigner()).isEqualTo(artist.address());
    assertThat(report.chainId()).isEqualTo(31337L);
    assertThat(report.pixelsMatch()).isTrue();
    assertThat(report.fileMatches()).isTrue();
    assertThat(report.licenseTerms()).map(l -> l.id()).contains(Licenses.CC_BY);
    ProvenanceRecord r = report.record();
    assertThat(r).isEqualTo(signed.record());
    assertThat(r.prompt()).isEqualTo("sunset in ember colours");
    assertThat(r.negativePrompt()).isEqualTo("blurry");
    assertThat(r.modelId()).isEqualTo("atelier-tiny@2");
    assertThat(r.weightsSha256()).isEqualTo("9c".repeat(32));
    assertThat(r.createdAt()).isEqualTo(NOW);

    ProvenanceEntry row = studio.catalog().provenance().latestFor(asset.id()).orElseThrow();
    assertThat(row).isEqualTo(signed.entry());
    assertThat(row.recordJson()).isEqualTo(r.toJson());
    assertThat(row.recordSha256()).isEqualTo(Hashes.sha256Hex(r.toJson().getBytes("UTF-8")));
    assertThat(row.chainId()).isEqualTo(31337L);
    assertThat(row.signedFileSha256()).isEqualTo(Hashes.sha256Hex(after));
    assertThat(row.c2paManifestSha256())
        .isEqualTo(Hashes.sha256Hex(C2paPng.manifestStore(after).orElseThrow()));
    assertThat(row.eip712Signature()).isEqualTo(sig(after));
    assertThat(studio.catalog().assets().find(asset.id()).orElseThrow().kept()).isTrue();
  }

  private static String sig(byte[] png) throws Exception {
    JsonNode a =
        JSON.readTree(C2paPng.read(png).jsonAssertions().get(ProvenanceService.ASSERTION_LABEL));
    return a.path("eip712").path("signature").asText();
  }

  @Test
  void c2paRsReadsTheSignedImageAndFindsOnlyTheSelfSignedCertificateUntrusted() throws Exception {
    Asset asset = variant(2, "waves in ocean colours");
    Path file = studio.provenance().sign(asset.id(), Licenses.CC0, 31337, artist).file();

    JsonNode result = C2paRs.run(file);
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(C2paRs.codes(result, "success")).contains("assertion.dataHash.match");
    JsonNode manifest =
        result.path("store").path("manifests").path(result.path("activeLabel").asText());
    JsonNode ours = null;
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals(ProvenanceService.ASSERTION_LABEL)) {
        ours = a.path("data");
      }
    }
    assertThat(ours).as("c2pa-rs shows the provenance assertion").isNotNull();
    // What c2pa-rs hands a reader is enough to check the record and its signature independently.
    ProvenanceRecord record = ProvenanceRecord.fromJsonLd(ours.path("record"));
    assertThat(record.prompt()).isEqualTo("waves in ocean colours");
    assertThat(
            ProvenanceSignatures.verify(
                    record,
                    ours.path("eip712").path("chainId").asLong(),
                    ours.path("eip712").path("signature").asText())
                .matches())
        .isTrue();
  }

  private static final List<GenerationInput> INPUTS =
      List.of(
          new GenerationInput(Role.START_IMAGE, "5a".repeat(32), 0.6),
          new GenerationInput(Role.MASK, "6a".repeat(32), 4),
          new GenerationInput(Role.LORA, "10".repeat(32), 0.8));

  @Test
  void anImageMadeFromAStartPictureAMaskAndALoraNamesThemAndC2paRsReadsThem() throws Exception {
    HiresPass hires = new HiresPass(1.5, 0.45);
    Asset asset = GeneratedAssets.variant(studio, home, 9, "harbour at dusk", "", INPUTS, hires);

    ProvenanceService.Signed signed =
        studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, artist);
    assertThat(signed.record().inputs()).isEqualTo(INPUTS);
    assertThat(signed.record().hires()).isEqualTo(hires);

    byte[] after = Files.readAllBytes(signed.file());
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(after);
    assertThat(report.problems()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.record()).isEqualTo(signed.record());
    JsonNode generation =
        JSON.readTree(C2paPng.read(after).jsonAssertions().get(ProvenanceService.ASSERTION_LABEL))
            .path("record")
            .path("generation");
    assertThat(generation.path("inputs").toString())
        .isEqualTo(
            "[{\"role\":\"start-image\",\"sha256\":\""
                + "5a".repeat(32)
                + "\",\"strength\":0.6},{\"blur\":4,\"role\":\"mask\",\"sha256\":\""
                + "6a".repeat(32)
                + "\"},{\"role\":\"lora\",\"sha256\":\""
                + "10".repeat(32)
                + "\",\"weight\":0.8}]");
    assertThat(generation.path("hires").toString()).isEqualTo("{\"scale\":1.5,\"strength\":0.45}");
    assertThat(studio.catalog().provenance().latestFor(asset.id()).orElseThrow().recordJson())
        .isEqualTo(signed.record().toJson());

    // c2pa-rs validates the file and hands over the same record, inputs included.
    JsonNode result = C2paRs.run(signed.file());
    assertThat(C2paRs.codes(result, "failure")).containsExactly("signingCredential.untrusted");
    assertThat(C2paRs.codes(result, "success")).contains("assertion.dataHash.match");
    JsonNode manifest =
        result.path("store").path("manifests").path(result.path("activeLabel").asText());
    JsonNode ours = null;
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals(ProvenanceService.ASSERTION_LABEL)) {
        ours = a.path("data");
      }
    }
    assertThat(ours).as("c2pa-rs shows the provenance assertion").isNotNull();
    ProvenanceRecord record = ProvenanceRecord.fromJsonLd(ours.path("record"));
    assertThat(record).isEqualTo(signed.record());
    assertThat(ProvenanceSignatures.verify(record, 31337, sig(after)).matches()).isTrue();
  }

  @Test
  void anInputChangedInTheSignedImageFailsTheArtistsSignature() throws Exception {
    Asset asset = GeneratedAssets.variant(studio, home, 10, "a", "", INPUTS, null);
    byte[] signed =
        Files.readAllBytes(studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist).file());
    try (UnlockedAccount mallory = TestAccounts.unlocked(TestAccounts.KEY_1)) {
      for (String member : List.of("sha256", "weight")) {
        ObjectNode assertion =
            (ObjectNode)
                JSON.readTree(
                    C2paPng.read(signed).jsonAssertions().get(ProvenanceService.ASSERTION_LABEL));
        ObjectNode lora =
            (ObjectNode) assertion.path("record").path("generation").path("inputs").get(2);
        if (member.equals("sha256")) {
          lora.put("sha256", "11".repeat(32));
        } else {
          lora.put("weight", 1.0);
        }
        byte[] altered =
            C2paPng.embed(
                C2paPng.strip(signed),
                ManifestSpec.of("x")
                    .withJsonAssertion(
                        ProvenanceService.ASSERTION_LABEL, Jcs.canonicalBytes(assertion)),
                C2paIdentity.of(mallory, new byte[16], home.resolve("mallory")));

        ProvenanceVerifier.Report report = ProvenanceVerifier.verify(altered);
        assertThat(report.c2pa().valid()).as(member).isTrue();
        assertThat(report.record().inputs().get(2)).as(member).isNotEqualTo(INPUTS.get(2));
        assertThat(report.signature().matches()).as(member).isFalse();
        assertThat(report.valid()).as(member).isFalse();
        assertThat(report.problems()).as(member).anyMatch(p -> p.startsWith("EIP-712:"));
      }
    }
  }

  @Test
  void oneChangedPixelIsDetected() throws Exception {
    Asset asset = variant(3, "mountains");
    byte[] signed =
        Files.readAllBytes(studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist).file());
    RgbImage image = TestPngs.decode(signed);
    byte[] rgb = image.rgb().clone();
    rgb[3 * (image.width() * 5 + 7) + 1] ^= 0x01; // one channel of one pixel, by one level
    byte[] forged =
        TestPngs.withChunkAfterIhdr(
            new RgbImage(image.width(), image.height(), rgb).toPng(),
            TestPngs.manifestChunkBytes(signed));

    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(forged);
    assertThat(report.valid()).isFalse();
    assertThat(report.pixelsMatch()).isFalse();
    assertThat(report.c2pa().dataHashValid()).isFalse();
    assertThat(report.signature().matches()).as("the record itself is still the artist's").isTrue();
    assertThat(report.problems())
        .anyMatch(p -> p.contains("pixels are not the ones"))
        .anyMatch(p -> p.startsWith("C2PA:"));
  }

  @Test
  void aManifestMovedFromAnotherImageIsDetected() throws Exception {
    byte[] first =
        Files.readAllBytes(
            studio.provenance().sign(variant(4, "a").id(), Licenses.CC0, 1, artist).file());
    Asset other = variant(5, "b");
    byte[] otherPng = Files.readAllBytes(Path.of(other.filePath()));

    byte[] swapped = TestPngs.withChunkAfterIhdr(otherPng, TestPngs.manifestChunkBytes(first));
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(swapped);
    assertThat(report.valid()).isFalse();
    assertThat(report.c2pa().dataHashValid()).isFalse();
    assertThat(report.pixelsMatch()).isFalse();
    assertThat(report.fileMatches()).isFalse();
  }

  @Test
  void aStrippedManifestLeavesAnUnsignedImage() throws Exception {
    Path file = studio.provenance().sign(variant(6, "a").id(), Licenses.CC0, 1, artist).file();
    byte[] stripped = C2paPng.strip(Files.readAllBytes(file));

    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(stripped);
    assertThat(report.signed()).isFalse();
    assertThat(report.valid()).isFalse();
    assertThat(report.record()).isNull();
    assertThat(report.problems())
        .containsExactly("The image has no provenance: it carries no C2PA manifest");
  }

  @Test
  void aRecordAlteredAndResealedBySomeoneElseFailsTheArtistsSignature() throws Exception {
    Path file = studio.provenance().sign(variant(7, "a").id(), Licenses.CC0, 1, artist).file();
    byte[] signed = Files.readAllBytes(file);
    ObjectNode assertion =
        (ObjectNode)
            JSON.readTree(
                C2paPng.read(signed).jsonAssertions().get(ProvenanceService.ASSERTION_LABEL));
    // Someone claims a more permissive license, keeps the artist's EIP-712 signature and re-signs
    // the C2PA manifest with a key of their own: the manifest is valid, the record is not.
    ObjectNode license = (ObjectNode) assertion.path("record").path("license");
    license.put("identifier", Licenses.CC0);
    license.put("termsSha256", Licenses.builtIn(Licenses.CC0).orElseThrow().termsSha256());
    ((ObjectNode) assertion.path("record")).put("creator", artist.address());
    try (UnlockedAccount mallory = TestAccounts.unlocked(TestAccounts.KEY_1)) {
      byte[] resealed =
          C2paPng.embed(
              C2paPng.strip(signed),
              ManifestSpec.of("x")
                  .withJsonAssertion(
                      ProvenanceService.ASSERTION_LABEL, Jcs.canonicalBytes(assertion)),
              C2paIdentity.of(mallory, new byte[16], home.resolve("mallory")));
      // Unchanged license: same record, valid. So change something that matters: the prompt.
      ((ObjectNode) assertion.path("record").path("generation")).put("prompt", "not the artist's");
      byte[] altered =
          C2paPng.embed(
              C2paPng.strip(signed),
              ManifestSpec.of("x")
                  .withJsonAssertion(
                      ProvenanceService.ASSERTION_LABEL, Jcs.canonicalBytes(assertion)),
              C2paIdentity.of(mallory, new byte[16], home.resolve("mallory")));

      assertThat(ProvenanceVerifier.verify(resealed).valid())
          .as("same record, other sealer: still the artist's signed record")
          .isTrue();
      ProvenanceVerifier.Report report = ProvenanceVerifier.verify(altered);
      assertThat(report.c2pa().valid()).as("the new manifest itself is well formed").isTrue();
      assertThat(report.signature().matches()).isFalse();
      assertThat(report.signature().recoveredSigner()).isNotEqualTo(artist.address());
      assertThat(report.problems()).anyMatch(p -> p.startsWith("EIP-712:"));
    }
  }

  @Test
  void signingAgainWithOtherTermsReplacesTheManifestAndKeepsTheImage() throws Exception {
    Asset asset = variant(8, "a");
    byte[] original = Files.readAllBytes(Path.of(asset.filePath()));
    studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist);
    ProvenanceService.Signed second =
        studio.provenance().sign(asset.id(), Licenses.ATELIER_PERSONAL, 8453, artist);

    byte[] now = Files.readAllBytes(second.file());
    assertThat(C2paPng.strip(now)).isEqualTo(original);
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(now);
    assertThat(report.valid()).isTrue();
    assertThat(report.record().licenseId()).isEqualTo(Licenses.ATELIER_PERSONAL);
    assertThat(report.chainId()).isEqualTo(8453L);
    assertThat(studio.catalog().provenance().latestFor(asset.id()).orElseThrow().licenseId())
        .isEqualTo(Licenses.ATELIER_PERSONAL);
  }

  @Test
  void anImageChangedOnDiskIsNotSignedAndIsLeftAsItIs() throws Exception {
    Asset asset = variant(9, "a");
    Path file = Path.of(asset.filePath());
    byte[] edited = TestPngs.png(99);
    Files.write(file, edited);

    assertThatThrownBy(() -> studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist))
        .isInstanceOf(ProvenanceException.class)
        .hasMessageContaining("was changed after Atelier generated it")
        .extracting(e -> ((ProvenanceException) e).reason())
        .isEqualTo(ProvenanceException.Reason.FILE_CHANGED);
    assertThat(Files.readAllBytes(file)).isEqualTo(edited);
    assertThat(studio.catalog().provenance().latestFor(asset.id())).isEmpty();
  }

  @Test
  void aLockedAccountSignsNothingAndChangesNothing() throws Exception {
    Asset asset = variant(10, "a");
    Path file = Path.of(asset.filePath());
    byte[] before = Files.readAllBytes(file);
    artist.close();

    assertThatThrownBy(() -> studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist))
        .isInstanceOf(WalletException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(Files.list(home).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.endsWith(".tmp"));
    assertThat(studio.catalog().provenance().latestFor(asset.id())).isEmpty();
  }

  @Test
  void unknownAssetsLicensesAndMissingFilesGetClearErrors() throws Exception {
    assertThatThrownBy(() -> studio.provenance().sign(12345, Licenses.CC0, 1, artist))
        .isInstanceOf(ProvenanceException.class)
        .hasMessage("No asset 12345");
    Asset asset = variant(11, "a");
    assertThatThrownBy(() -> studio.provenance().sign(asset.id(), "NOT-A-LICENSE", 1, artist))
        .hasMessageContaining("NOT-A-LICENSE");
    Files.delete(Path.of(asset.filePath()));
    assertThatThrownBy(() -> studio.provenance().sign(asset.id(), Licenses.CC0, 1, artist))
        .isInstanceOf(ProvenanceException.class)
        .hasMessageContaining("is missing");
  }

  @Test
  void malformedFilesAreReportedNotThrown() {
    for (byte[] bad :
        List.of(
            new byte[0],
            "not a png".getBytes(),
            HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452"))) {
      ProvenanceVerifier.Report report = ProvenanceVerifier.verify(bad);
      assertThat(report.valid()).isFalse();
      assertThat(report.problems()).hasSize(1);
      assertThat(Set.of(report.problems().getFirst())).allMatch(p -> p.contains("PNG"));
    }
  }
}
