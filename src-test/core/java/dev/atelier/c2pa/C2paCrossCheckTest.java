package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Atelier embeds, read by c2pa-rs, the C2PA reference implementation (through {@code
 * tools/js/c2pa-check.mjs}, default settings: signatures, hashes and the certificate profile are
 * checked, and the signer against c2pa-rs's trust list, which is empty).
 */
class C2paCrossCheckTest {

  /**
   * The only failure c2pa-rs may report on a good file: the self-signed certificate is on no trust
   * list. Everything else (profile, signature, hashes) must pass.
   */
  static final Set<String> ACCEPTED_FAILURES = Set.of("signingCredential.untrusted");

  /**
   * Informational codes c2pa-rs may add: the certificate names no OCSP responder to ask about
   * revocation, and c2pa-rs does not fetch one unless told to.
   */
  static final Set<String> ACCEPTED_INFORMATIONAL = Set.of("signingCredential.ocsp.skipped");

  private static final byte[] INSTALL = HexFormat.of().parseHex("f0e1d2c3b4a5968778695a4b3c2d1e0f");
  private static final String PROVENANCE = "dev.atelier.provenance";
  private static final String RECORD =
      "{\"@context\":\"https://schema.org\",\"@type\":\"CreativeWork\",\"creator\":\"alice\"}";

  @TempDir Path dir;

  private UnlockedAccount account;
  private C2paIdentity signer;

  @BeforeEach
  void unlock() {
    account = TestAccounts.unlocked(TestAccounts.KEY_1);
    signer = C2paIdentity.of(account, INSTALL, dir.resolve("c2pa"));
  }

  @AfterEach
  void lock() {
    account.close();
  }

  private byte[] signed(int seed, String title) {
    ManifestSpec spec =
        ManifestSpec.of(title)
            .withJsonAssertion(PROVENANCE, RECORD.getBytes(StandardCharsets.UTF_8));
    return C2paPng.embed(TestPngs.png(seed), spec, signer);
  }

  private static JsonNode manifest(JsonNode result) {
    String label = result.path("activeLabel").asText();
    return result.path("store").path("manifests").path(label);
  }

  @Test
  void c2paRsValidatesAGoodFileAndReadsItsAssertions() throws Exception {
    byte[] png = signed(1, "Waves in ocean colours");
    C2paReport ours = C2paPng.read(png);
    JsonNode result = C2paRs.read(png, dir);

    assertThat(result.path("manifest").asBoolean()).as(result.toString()).isTrue();
    assertThat(result.path("activeLabel").asText()).isEqualTo(ours.activeManifest());
    JsonNode m = manifest(result);
    assertThat(m.path("claim_version").asInt()).isEqualTo(2);
    assertThat(m.path("title").asText()).isEqualTo("Waves in ocean colours");
    assertThat(m.path("instance_id").asText()).isEqualTo(ours.instanceId());
    assertThat(m.path("claim_generator_info").path(0).path("name").asText()).isEqualTo("Atelier");
    assertThat(m.path("signature_info").path("alg").asText()).isEqualTo("Es256");
    assertThat(m.path("signature_info").path("common_name").asText())
        .isEqualTo("Atelier artist " + account.address());
    assertThat(m.path("signature_info").path("issuer").asText()).isEqualTo("Atelier");

    JsonNode actions = assertion(m, "c2pa.actions.v2").path("data").path("actions");
    assertThat(actions).hasSize(1);
    assertThat(actions.path(0).path("action").asText()).isEqualTo("c2pa.created");
    assertThat(actions.path(0).path("digitalSourceType").asText())
        .isEqualTo(C2paPng.TRAINED_ALGORITHMIC_MEDIA);
    assertThat(actions.path(0).path("softwareAgent").path("name").asText()).isEqualTo("Atelier");
    JsonNode custom = assertion(m, PROVENANCE);
    assertThat(custom.path("data")).isEqualTo(new ObjectMapper().readTree(RECORD));

    assertThat(C2paRs.codes(result, "failure")).containsOnlyElementsOf(ACCEPTED_FAILURES);
    assertThat(C2paRs.codes(result, "informational")).isSubsetOf(ACCEPTED_INFORMATIONAL);
    List<String> success = C2paRs.codes(result, "success");
    assertThat(success)
        .contains(
            "claimSignature.validated",
            "claimSignature.insideValidity",
            "assertion.dataHash.match");
    // One hashed-URI match per assertion: actions, the custom one, the data hash.
    assertThat(success).filteredOn("assertion.hashedURI.match"::equals).hasSize(3);
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Valid");
  }

  private static JsonNode assertion(JsonNode manifest, String label) {
    for (JsonNode a : manifest.path("assertions")) {
      if (a.path("label").asText().equals(label)) {
        return a;
      }
    }
    throw new AssertionError("c2pa-rs shows no assertion " + label + " in " + manifest);
  }

  @Test
  void c2paRsSeesAChangedPixel() {
    byte[] png = signed(2, "x");
    RgbImage image = TestPngs.decode(png);
    byte[] rgb = image.rgb().clone();
    rgb[0] ^= 1;
    byte[] forged =
        TestPngs.withChunkAfterIhdr(
            new RgbImage(image.width(), image.height(), rgb).toPng(),
            TestPngs.manifestChunkBytes(png));

    JsonNode result = C2paRs.read(forged, dir);
    assertThat(C2paRs.codes(result, "failure")).contains("assertion.dataHash.mismatch");
    assertThat(C2paRs.codes(result, "success"))
        .doesNotContain("assertion.dataHash.match")
        .contains("claimSignature.validated");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Invalid");
  }

  @Test
  void c2paRsSeesAManifestMovedFromAnotherImage() {
    byte[] a = signed(6, "a");
    byte[] b = signed(7, "b");
    byte[] forged = TestPngs.withChunkAfterIhdr(TestPngs.strip(a), TestPngs.manifestChunkBytes(b));
    JsonNode result = C2paRs.read(forged, dir);
    assertThat(C2paRs.codes(result, "failure")).contains("assertion.dataHash.mismatch");
    assertThat(C2paRs.codes(result, "success")).contains("claimSignature.validated");
  }

  @Test
  void c2paRsSeesAnAlteredClaim() {
    JsonNode result =
        C2paRs.read(TestPngs.editManifest(signed(3, "Sunset"), "Sunset", "Sunsex"), dir);
    assertThat(C2paRs.codes(result, "failure")).contains("claimSignature.mismatch");
    assertThat(C2paRs.codes(result, "success")).doesNotContain("claimSignature.validated");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Invalid");
  }

  @Test
  void c2paRsSeesAnAlteredAssertion() {
    JsonNode result =
        C2paRs.read(TestPngs.editManifest(signed(4, "x"), "\"alice\"", "\"mally\""), dir);
    assertThat(C2paRs.codes(result, "failure")).contains("assertion.hashedURI.mismatch");
    assertThat(result.path("store").path("validation_state").asText()).isEqualTo("Invalid");
  }

  @Test
  void c2paRsReadsAReplacedManifestAndNoStrippedOne() {
    byte[] twice = C2paPng.embed(signed(5, "first"), ManifestSpec.of("second"), signer);
    JsonNode result = C2paRs.read(twice, dir);
    assertThat(manifest(result).path("title").asText()).isEqualTo("second");
    assertThat(result.path("store").path("manifests")).hasSize(1);
    assertThat(C2paRs.codes(result, "failure")).containsOnlyElementsOf(ACCEPTED_FAILURES);
    assertThat(C2paRs.codes(result, "success")).contains("assertion.dataHash.match");

    JsonNode stripped = C2paRs.read(TestPngs.strip(twice), dir);
    assertThat(stripped.path("manifest").asBoolean()).isFalse();
    assertThat(stripped.path("error").asText()).contains("JumbfNotFound");
  }
}
