package dev.atelier.provenance;

import static dev.atelier.provenance.ProvenanceFixtures.ADDRESS_0;
import static dev.atelier.provenance.ProvenanceFixtures.KEY_0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.chain.Devnet;
import dev.atelier.provenance.ProvenanceFixtures.TestWallet;
import dev.atelier.provenance.ProvenanceSignatures.Verification;
import dev.atelier.testing.NodeScript;
import dev.atelier.wallet.Signature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance records checked by an independent implementation (tools/js/provenance-check.mjs): npm
 * canonicalize hashes the record, and ethers builds the EIP-712 struct from the record's JSON
 * alone, then signs and verifies both ways.
 */
class ProvenanceCrossCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final NodeScript NODE = NodeScript.provenanceCheck();

  @TempDir Path dir;

  @Test
  void theRecordHashIsTheSameInJavaScript() throws Exception {
    for (ProvenanceRecord r :
        List.of(
            ProvenanceFixtures.record(),
            ProvenanceFixtures.minimal(),
            ProvenanceFixtures.withInputs())) {
      Path file = write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.toJsonLd()));
      JsonNode node = NODE.run("jcs", file.toString());
      assertThat(node.path("canonical").asText()).isEqualTo(r.toJson());
      assertThat(node.path("sha256").asText()).isEqualTo(r.recordSha256());
    }
  }

  @Test
  void ethersRecoversTheCreatorFromAtelierSignatures() throws Exception {
    try (TestWallet wallet = new TestWallet(dir)) {
      for (ProvenanceRecord r :
          List.of(
              ProvenanceFixtures.record(),
              ProvenanceFixtures.minimal(),
              ProvenanceFixtures.withInputs())) {
        for (long chainId : new long[] {Devnet.CHAIN_ID, 1, 8453}) {
          Signature s = ProvenanceSignatures.sign(r, chainId, wallet.unlock(ADDRESS_0));
          Path file = write(r.toJson());
          JsonNode node =
              NODE.run("verify-record", file.toString(), Long.toString(chainId), s.value());
          assertThat(node.path("address").asText()).isEqualTo(ADDRESS_0);
          assertThat(node.path("digest").asText()).isEqualTo(s.digest());
          assertThat(node.path("recordSha256").asText()).isEqualTo(r.recordSha256());
        }
      }
    }
  }

  @Test
  void ethersSignaturesVerifyInAtelier() throws Exception {
    try (TestWallet wallet = new TestWallet(dir)) {
      for (ProvenanceRecord r :
          List.of(ProvenanceFixtures.record(), ProvenanceFixtures.withInputs())) {
        ethersSignatureVerifies(wallet, r);
      }
    }
  }

  private void ethersSignatureVerifies(TestWallet wallet, ProvenanceRecord r) throws Exception {
    Path file = write(r.toJson());
    JsonNode node = NODE.run("sign-record", "0x" + KEY_0, file.toString(), "31337");
    String signature = node.path("signature").asText();
    Verification v = ProvenanceSignatures.verify(r, 31337, signature);
    assertThat(v.matches()).as(v.problem()).isTrue();
    assertThat(v.recoveredSigner()).isEqualTo(ADDRESS_0);
    assertThat(v.digest()).isEqualTo(node.path("digest").asText());
    // Both sides use deterministic nonces (RFC 6979): the very same signature.
    assertThat(signature)
        .isEqualTo(ProvenanceSignatures.sign(r, 31337, wallet.unlock(ADDRESS_0)).value());
    // A changed prompt: ethers' signature no longer verifies for the record.
    ProvenanceRecord changed =
        ProvenanceRecordTest.withGeneration(r, g -> g.put("prompt", "something else"));
    assertThat(ProvenanceSignatures.verify(changed, 31337, signature).matches()).isFalse();
  }

  private Path write(String json) throws Exception {
    Path file = Files.createTempFile(dir, "record", ".json");
    Files.writeString(file, json);
    return file;
  }
}
