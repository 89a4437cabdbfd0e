package dev.atelier.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.c2pa.C2paIdentity;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.License;
import dev.atelier.chain.Devnet;
import dev.atelier.hashing.Hashes;
import dev.atelier.license.Licenses;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;
import dev.atelier.testing.NodeScript;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token metadata of a really signed image: a PNG with a C2PA manifest, a provenance record whose
 * file hash is the PNG as generated, and the creator's EIP-712 signature.
 */
class TokenMetadataTest {

  static final String ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final long CHAIN = Devnet.CHAIN_ID;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private UnlockedAccount account;
  private byte[] generated;
  private byte[] signedImage;
  private ProvenanceRecord record;
  private String signature;
  private License license;

  @BeforeEach
  void sign() {
    account = TestAccounts.unlocked(TestAccounts.KEY_0);
    generated = TestPngs.png(11);
    license = Licenses.builtIn(Licenses.CC_BY).orElseThrow();
    record =
        new ProvenanceRecord(
            Hashes.sha256Hex("pixels".getBytes(StandardCharsets.UTF_8)),
            Hashes.sha256Hex(generated),
            64,
            64,
            "atelier-tiny@2",
            "9c7cffb235a289a2105b6e70bd6624d980ff6636fe5fe6a18256ccd024ba3b10",
            null,
            "waves in ocean colours",
            "",
            9007199254740993L, // beyond 2^53: must stay a string
            "ddim",
            20,
            4.5,
            null,
            ADDRESS_0,
            license.id(),
            license.termsSha256(),
            Instant.parse("2026-11-26T10:00:00Z"),
            "0.1.0-SNAPSHOT");
    signature = ProvenanceSignatures.sign(record, CHAIN, account).value();
    byte[] install = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    signedImage =
        C2paPng.embed(
            generated,
            ManifestSpec.of("waves.png")
                .withJsonAssertion(
                    "dev.atelier.provenance", record.toJson().getBytes(StandardCharsets.UTF_8)),
            C2paIdentity.of(account, install, dir.resolve("c2pa")));
  }

  @AfterEach
  void lock() {
    account.close();
  }

  @Test
  void metadataDescribesTheSignedImage() throws Exception {
    TokenMetadata m = TokenMetadata.of(record, signature, CHAIN, license, signedImage);
    JsonNode json = JSON.readTree(m.bytes());

    assertThat(json.path("name").asText()).isEqualTo("waves in ocean colours");
    assertThat(json.path("description").asText())
        .contains("waves in ocean colours", ADDRESS_0, "atelier-tiny@2", license.name());
    assertThat(json.path("image").asText()).isEqualTo("ipfs://" + Cid.of(signedImage));
    assertThat(m.image().verify(signedImage)).isTrue();
    assertThat(m.image().verify(generated)).as("the signed file, not the generated one").isFalse();

    JsonNode attributes = json.path("attributes");
    assertThat(attributes).hasSize(7);
    assertThat(trait(attributes, "Model").path("value").asText()).isEqualTo("atelier-tiny@2");
    assertThat(trait(attributes, "Sampler").path("value").asText()).isEqualTo("ddim");
    assertThat(trait(attributes, "Steps").path("value").asInt()).isEqualTo(20);
    assertThat(trait(attributes, "Steps").path("display_type").asText()).isEqualTo("number");
    assertThat(trait(attributes, "Guidance").path("value").asDouble()).isEqualTo(4.5);
    assertThat(trait(attributes, "Seed").path("value").isTextual()).isTrue();
    assertThat(trait(attributes, "Seed").path("value").asText()).isEqualTo("9007199254740993");
    assertThat(trait(attributes, "Size").path("value").asText()).isEqualTo("64x64");
    assertThat(trait(attributes, "License").path("value").asText()).isEqualTo("CC-BY-4.0");

    assertThat(json.path("license").path("id").asText()).isEqualTo("CC-BY-4.0");
    assertThat(json.path("license").path("name").asText()).isEqualTo(license.name());
    assertThat(json.path("license").path("termsSha256").asText()).isEqualTo(license.termsSha256());

    JsonNode provenance = json.path("provenance");
    ProvenanceRecord embedded = ProvenanceRecord.fromJsonLd(provenance.path("record"));
    assertThat(embedded).isEqualTo(record);
    assertThat(provenance.path("recordSha256").asText()).isEqualTo(record.recordSha256());
    assertThat(provenance.path("eip712").path("chainId").asLong()).isEqualTo(CHAIN);
    String s = provenance.path("eip712").path("signature").asText();
    assertThat(ProvenanceSignatures.verify(embedded, CHAIN, s).matches()).isTrue();
  }

  @Test
  void theBytesAreCanonicalSoTheCidIsReproducible() throws Exception {
    TokenMetadata m = TokenMetadata.of(record, signature, CHAIN, license, signedImage);
    TokenMetadata again = TokenMetadata.of(record, signature, CHAIN, license, signedImage.clone());
    assertThat(again.bytes()).isEqualTo(m.bytes());
    assertThat(m.cid()).isEqualTo(again.cid()).isEqualTo(Cid.of(m.bytes()));
    assertThat(m.block().cid()).isEqualTo(m.cid());
    assertThat(new String(m.bytes(), StandardCharsets.UTF_8)).isEqualTo(m.toCanonicalJson());

    // npm canonicalize (RFC 8785) turns the readable form into exactly our bytes.
    Path file = dir.resolve("metadata.json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m.toJson()));
    JsonNode node = NodeScript.provenanceCheck().run("jcs", file.toString());
    assertThat(node.path("canonical").asText()).isEqualTo(m.toCanonicalJson());

    TokenMetadata renamed = m.withName("Waves #1").withDescription("A calm sea.");
    assertThat(renamed.cid()).isNotEqualTo(m.cid());
    assertThat(JSON.readTree(renamed.bytes()).path("name").asText()).isEqualTo("Waves #1");
    assertThat(JSON.readTree(renamed.bytes()).path("description").asText())
        .isEqualTo("A calm sea.");
  }

  @Test
  void refusesAnImageThatIsNotTheRecordedOne() {
    assertThatThrownBy(() -> TokenMetadata.of(record, signature, CHAIN, license, TestPngs.png(12)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the one the provenance record describes");
    assertThatThrownBy(
            () ->
                TokenMetadata.of(
                    record,
                    signature,
                    CHAIN,
                    license,
                    "not a png".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("not a readable PNG");
    // The generated file without the manifest is the recorded one: accepted, but another CID.
    assertThat(TokenMetadata.of(record, signature, CHAIN, license, generated).image())
        .isEqualTo(Cid.of(generated))
        .isNotEqualTo(Cid.of(signedImage));
  }

  @Test
  void refusesASignatureThatIsNotTheCreatorsForThisRecordAndChain() {
    assertThatThrownBy(() -> TokenMetadata.of(record, signature, 1, license, signedImage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the creator's for this record on chain 1");
    // The creator's real signature, but of another record (one more step).
    ProvenanceRecord otherRecord =
        ProvenanceRecord.parse(record.toJson().replace("\"steps\":20", "\"steps\":21"));
    assertThat(otherRecord.steps()).isEqualTo(21);
    String other = ProvenanceSignatures.sign(otherRecord, CHAIN, account).value();
    assertThatThrownBy(() -> TokenMetadata.of(record, other, CHAIN, license, signedImage))
        .hasMessageContaining("not the creator's");
    char[] flipped = signature.toCharArray();
    flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
    assertThatThrownBy(
            () -> TokenMetadata.of(record, new String(flipped), CHAIN, license, signedImage))
        .hasMessageContaining("not the creator's");
  }

  @Test
  void refusesOtherLicenseTerms() {
    License nc = Licenses.builtIn(Licenses.CC_BY_NC).orElseThrow();
    assertThatThrownBy(() -> TokenMetadata.of(record, signature, CHAIN, nc, signedImage))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CC-BY-NC-4.0")
        .hasMessageContaining("is not the one the record was signed with: CC-BY-4.0");
  }

  @Test
  void defaultNamesAreTheFirstLineOfThePromptShortened() {
    assertThat(TokenMetadata.defaultName("  a lighthouse \nsecond line")).isEqualTo("a lighthouse");
    assertThat(TokenMetadata.defaultName("")).isEqualTo("Untitled");
    String longPrompt = "✨".repeat(100);
    String name = TokenMetadata.defaultName(longPrompt);
    assertThat(name.codePointCount(0, name.length())).isEqualTo(TokenMetadata.MAX_DEFAULT_NAME);
    assertThat(name).endsWith("…");
  }

  private static JsonNode trait(JsonNode attributes, String trait) {
    for (JsonNode a : attributes) {
      if (a.path("trait_type").asText().equals(trait)) {
        return a;
      }
    }
    throw new AssertionError("no attribute " + trait + " in " + attributes);
  }
}
