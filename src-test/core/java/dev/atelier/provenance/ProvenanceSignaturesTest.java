package dev.atelier.provenance;

import static dev.atelier.provenance.ProvenanceFixtures.ADDRESS_0;
import static dev.atelier.provenance.ProvenanceFixtures.ADDRESS_1;
import static dev.atelier.provenance.ProvenanceFixtures.hex64;
import static dev.atelier.provenance.ProvenanceFixtures.record;
import static dev.atelier.provenance.ProvenanceRecordTest.withGeneration;
import static dev.atelier.provenance.ProvenanceRecordTest.withRoot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.chain.Devnet;
import dev.atelier.provenance.ProvenanceFixtures.TestWallet;
import dev.atelier.provenance.ProvenanceSignatures.Verification;
import dev.atelier.wallet.Signature;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;

class ProvenanceSignaturesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private TestWallet wallet;
  private UnlockedAccount creator;

  @BeforeEach
  void unlock() {
    wallet = new TestWallet(dir);
    creator = wallet.unlock(ADDRESS_0);
  }

  @AfterEach
  void close() {
    wallet.close();
  }

  @Test
  void aSignedRecordVerifiesAsItsCreators() {
    ProvenanceRecord r = record();
    Signature signature = ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator);
    assertThat(signature.digest()).isEqualTo(ProvenanceSignatures.digest(r, Devnet.CHAIN_ID));
    assertThat(signature.value()).matches("0x[0-9a-f]{128}(1b|1c)");
    Verification v = ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, signature.value());
    assertThat(v).isEqualTo(new Verification(true, ADDRESS_0, ADDRESS_0, signature.digest(), null));
    // The record as stored and read back verifies the same.
    assertThat(
            ProvenanceSignatures.verify(
                    ProvenanceRecord.parse(r.toJson()), 31337, signature.value())
                .matches())
        .isTrue();
  }

  @Test
  void anyChangeToTheRecordOrChainBreaksTheSignature() {
    ProvenanceRecord r = record();
    String signature = ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator).value();
    Map<String, ProvenanceRecord> tampered =
        Map.of(
            "prompt",
                withGeneration(r, g -> g.put("prompt", r.prompt().replace("ember", "embers"))),
            "seed", withGeneration(r, g -> g.put("seed", "1")),
            "pixels", withRoot(r, o -> o.put("pixelsSha256", hex64(1))),
            "file", withRoot(r, o -> o.put("sha256", hex64(2))),
            "license", withRoot(r, o -> o.with("license").put("identifier", "CC0-1.0")),
            "terms", withRoot(r, o -> o.with("license").put("termsSha256", hex64(3))),
            "weights", withRoot(r, o -> o.with("model").put("weightsSha256", hex64(4))),
            "time", withRoot(r, o -> o.put("dateCreated", "2026-11-26T10:00:01Z")),
            "parent", withRoot(r, o -> o.remove("isBasedOn")));
    tampered.forEach(
        (what, changed) -> {
          Verification v = ProvenanceSignatures.verify(changed, Devnet.CHAIN_ID, signature);
          assertThat(v.matches()).as(what).isFalse();
          assertThat(v.recoveredSigner()).as(what).isNotNull().isNotEqualTo(ADDRESS_0);
          assertThat(v.problem())
              .as(what)
              .startsWith("The signature recovers to " + v.recoveredSigner())
              .contains("not the record's creator " + ADDRESS_0);
        });
    Verification otherChain = ProvenanceSignatures.verify(r, 1, signature);
    assertThat(otherChain.matches()).isFalse();
    assertThat(otherChain.recoveredSigner()).isNotEqualTo(ADDRESS_0);
    assertThat(otherChain.problem()).contains("the chain id (1)");
  }

  @Test
  void aSignatureByAnotherAccountDoesNotCount() {
    ProvenanceRecord r = record();
    // A record naming account 1 as creator, signed by account 1, then presented as account 0's.
    ProvenanceRecord byOne = withRoot(r, o -> o.put("creator", ADDRESS_1));
    String signature =
        ProvenanceSignatures.sign(byOne, Devnet.CHAIN_ID, wallet.unlock(ADDRESS_1)).value();
    assertThat(ProvenanceSignatures.verify(byOne, Devnet.CHAIN_ID, signature).matches()).isTrue();
    Verification v = ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, signature);
    assertThat(v.matches()).isFalse();
    assertThat(v.recoveredSigner()).isNotEqualTo(ADDRESS_0);
  }

  @Test
  void onlyTheCreatorsUnlockedAccountSigns() {
    ProvenanceRecord r = record();
    UnlockedAccount other = wallet.unlock(ADDRESS_1);
    assertThatThrownBy(() -> ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The record names "
                + ADDRESS_0
                + " as its creator; account "
                + ADDRESS_1
                + " cannot sign it");
    creator.close();
    assertThatThrownBy(() -> ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("is locked");
    assertThatThrownBy(() -> ProvenanceSignatures.typedData(r, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("The chain id must be positive, not 0");
  }

  @Test
  void unreadableAndMalleableSignaturesAreReportedNotThrown() {
    ProvenanceRecord r = record();
    String signature = ProvenanceSignatures.sign(r, Devnet.CHAIN_ID, creator).value();

    Verification none = ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, " ");
    assertThat(none.matches()).isFalse();
    assertThat(none.problem()).isEqualTo("There is no signature.");

    Verification garbage = ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, "0x1234");
    assertThat(garbage.matches()).isFalse();
    assertThat(garbage.recoveredSigner()).isNull();
    assertThat(garbage.problem()).startsWith("Not a valid Ethereum signature");

    // The same signature with s replaced by n - s (and v flipped) still recovers the creator,
    // but contracts refuse that form, so Atelier does too.
    byte[] bytes = HEX.parseHex(signature.substring(2));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(bytes, 32, 64));
    byte[] highS = Sign.CURVE_PARAMS.getN().subtract(s).toByteArray();
    byte[] flipped = bytes.clone();
    System.arraycopy(highS, highS.length - 32, flipped, 32, 32);
    flipped[64] = (byte) (bytes[64] == 27 ? 28 : 27);
    Verification malleable =
        ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, "0x" + HEX.formatHex(flipped));
    assertThat(malleable.recoveredSigner()).isEqualTo(ADDRESS_0);
    assertThat(malleable.matches()).isFalse();
    assertThat(malleable.problem()).contains("high s value");

    // One flipped bit in r: another signer, or no signer at all.
    byte[] bitFlip = bytes.clone();
    bitFlip[5] ^= 1;
    Verification broken =
        ProvenanceSignatures.verify(r, Devnet.CHAIN_ID, "0x" + HEX.formatHex(bitFlip));
    assertThat(broken.matches()).isFalse();
    assertThat(broken.recoveredSigner()).isNotEqualTo(ADDRESS_0);
  }

  @Test
  void typedDataIsTheDocumentedStruct() throws Exception {
    ProvenanceRecord r = record();
    JsonNode typed = JSON.readTree(ProvenanceSignatures.typedData(r, 8453));
    assertThat(typed.path("primaryType").asText()).isEqualTo("Provenance");
    assertThat(typed.path("domain").toString())
        .isEqualTo("{\"name\":\"Atelier\",\"version\":\"1\",\"chainId\":8453}");
    assertThat(typeString("EIP712Domain", typed.path("types").path("EIP712Domain")))
        .isEqualTo(ProvenanceSignatures.DOMAIN_TYPE);
    assertThat(typeString("Provenance", typed.path("types").path("Provenance")))
        .isEqualTo(ProvenanceSignatures.TYPE)
        .isEqualTo(
            "Provenance(bytes32 recordHash,bytes32 pixelsHash,bytes32 weightsHash,address creator,"
                + "string licenseId,bytes32 termsHash,uint64 timestamp)");
    JsonNode m = typed.path("message");
    assertThat(m.path("recordHash").asText()).isEqualTo("0x" + r.recordSha256());
    assertThat(m.path("pixelsHash").asText()).isEqualTo("0x" + r.pixelsSha256());
    assertThat(m.path("weightsHash").asText()).isEqualTo("0x" + r.weightsSha256());
    assertThat(m.path("creator").asText()).isEqualTo(ADDRESS_0);
    assertThat(m.path("licenseId").asText()).isEqualTo("CC-BY-4.0");
    assertThat(m.path("termsHash").asText()).isEqualTo("0x" + r.termsSha256());
    assertThat(m.path("timestamp").asLong()).isEqualTo(1795687200L);
  }

  /**
   * The digest as the Solidity recipe in the class notes computes it (abi.encode by hand), so a
   * contract written from those notes recovers the same signer.
   */
  @Test
  void theDigestIsWhatTheDocumentedSolidityComputes() {
    ProvenanceRecord r = record();
    long chainId = 8453;
    byte[] domainSeparator =
        keccak(
            keccak(ProvenanceSignatures.DOMAIN_TYPE),
            keccak("Atelier"),
            keccak("1"),
            uint(BigInteger.valueOf(chainId)));
    byte[] structHash =
        keccak(
            keccak(ProvenanceSignatures.TYPE),
            HEX.parseHex(r.recordSha256()),
            HEX.parseHex(r.pixelsSha256()),
            HEX.parseHex(r.weightsSha256()),
            uint(new BigInteger(r.creator().substring(2), 16)),
            keccak(r.licenseId()),
            HEX.parseHex(r.termsSha256()),
            uint(BigInteger.valueOf(r.createdAt().getEpochSecond())));
    byte[] digest = keccak(new byte[] {0x19, 0x01}, domainSeparator, structHash);
    assertThat(ProvenanceSignatures.digest(r, chainId)).isEqualTo("0x" + HEX.formatHex(digest));
  }

  private static String typeString(String name, JsonNode fields) {
    StringBuilder s = new StringBuilder(name).append('(');
    for (int i = 0; i < fields.size(); i++) {
      s.append(i > 0 ? "," : "")
          .append(fields.get(i).path("type").asText())
          .append(' ')
          .append(fields.get(i).path("name").asText());
    }
    return s.append(')').toString();
  }

  private static byte[] keccak(String text) {
    return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] keccak(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return Hash.sha3(out.toByteArray());
  }

  /** A 32-byte big-endian word. */
  private static byte[] uint(BigInteger value) {
    byte[] word = new byte[32];
    byte[] raw = value.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, word, 32 - n, n);
    return word;
  }
}
