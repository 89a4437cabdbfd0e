package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.ADDRESS_0;
import static dev.atelier.wallet.TestKeys.FAST;
import static dev.atelier.wallet.TestKeys.KEY_0;
import static dev.atelier.wallet.TestKeys.TEST_PHRASE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallet checked against an independent implementation, ethers v6 (through {@code
 * tools/js/wallet-check.mjs}): key derivation, keystores both ways, EIP-191 and EIP-712 signatures
 * both ways.
 */
class EthersCrossCheckTest {

  private static final HexFormat HEX = HexFormat.of();

  /** A provenance record as Atelier signs it, on the local devnet's chain id. */
  static final String PROVENANCE =
      """
      {
        "types": {
          "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"}
          ],
          "Provenance": [
            {"name": "contentHash", "type": "bytes32"},
            {"name": "recordHash", "type": "bytes32"},
            {"name": "creator", "type": "address"},
            {"name": "model", "type": "string"},
            {"name": "prompt", "type": "string"},
            {"name": "seed", "type": "uint256"},
            {"name": "license", "type": "string"},
            {"name": "createdAt", "type": "uint256"}
          ]
        },
        "primaryType": "Provenance",
        "domain": {
          "name": "Atelier",
          "version": "1",
          "chainId": 31337,
          "verifyingContract": "0x5FbDB2315678afecb367f032d93F642f64180aa3"
        },
        "message": {
          "contentHash": "0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          "recordHash": "0x0000000000000000000000000000000000000000000000000000000000000001",
          "creator": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
          "model": "atelier-tiny@1",
          "prompt": "sunset über dem Meer ✨ in ember colours",
          "seed": "18446744073709551617",
          "license": "CC-BY-4.0",
          "createdAt": 1795000000
        }
      }
      """;

  /** The same record in a domain without a verifying contract (signed before any deployment). */
  static final String PROVENANCE_NO_CONTRACT =
      PROVENANCE
          .replace(",\n      {\"name\": \"verifyingContract\", \"type\": \"address\"}", "")
          .replace(
              ",\n    \"verifyingContract\": \"0x5FbDB2315678afecb367f032d93F642f64180aa3\"", "");

  @TempDir Path dir;

  private static UnlockedAccount unlocked(byte[] key) {
    return new UnlockedAccount(
        KeyAddresses.ofPrivateKey(key), key, Clock.systemUTC(), Duration.ofMinutes(5));
  }

  private Keystores keystores() {
    return new Keystores(dir.resolve("keystore"), FAST, new SecureRandom(), Clock.systemUTC());
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    do {
      new SecureRandom().nextBytes(key);
    } while (!KeyAddresses.isValidPrivateKey(key));
    return key;
  }

  @Test
  void theTestPhraseDerivesTheKnownAddressInBothImplementations() {
    JsonNode ethers = Ethers.run("derive", TEST_PHRASE, "", "0");
    assertThat(ethers.path("address").asText()).isEqualTo(ADDRESS_0);
    assertThat(ethers.path("privateKey").asText()).isEqualTo("0x" + KEY_0);
    try (Mnemonic m = Mnemonic.parse(TEST_PHRASE.toCharArray())) {
      byte[] key = new HdPath(0).derivePrivateKey(m.seed(new char[0]));
      assertThat(KeyAddresses.ofPrivateKey(key)).isEqualTo(ADDRESS_0);
    }
  }

  @Test
  void newPhrasesWithAPassphraseDeriveTheSameSeedAndAccounts() {
    String passphrase = "Grüße ✓ 25th word";
    try (Mnemonic m = Mnemonic.generate(24, new SecureRandom())) {
      String phrase = new String(m.phrase());
      JsonNode ethers = Ethers.run("derive", phrase, passphrase, "3");
      byte[] seed = m.seed(passphrase.toCharArray());
      assertThat(ethers.path("seed").asText()).isEqualTo("0x" + HEX.formatHex(seed));
      byte[] key = new HdPath(3).derivePrivateKey(seed);
      assertThat(ethers.path("privateKey").asText()).isEqualTo("0x" + HEX.formatHex(key));
      assertThat(ethers.path("address").asText()).isEqualTo(KeyAddresses.ofPrivateKey(key));
    }
  }

  @Test
  void ethersDecryptsOurKeystore() {
    byte[] key = randomKey();
    // Composed umlauts here, decomposed ones for ethers: both sides normalise to NFKC.
    Path file = keystores().create(key, "Grüße aus Köln 1".toCharArray());
    JsonNode ethers = Ethers.run("decrypt", file.toString(), "Gru\u0308ße aus Ko\u0308ln 1");
    assertThat(ethers.path("privateKey").asText()).isEqualTo("0x" + HEX.formatHex(key));
    assertThat(ethers.path("address").asText()).isEqualTo(KeyAddresses.ofPrivateKey(key));
  }

  @Test
  void weDecryptAKeystoreEthersWrote() {
    byte[] key = randomKey();
    Path file = dir.resolve("from-ethers.json");
    String password = "ethers wrote this 9";
    JsonNode ethers =
        Ethers.run("encrypt", "0x" + HEX.formatHex(key), password, "4096", file.toString());

    Keystores ks = keystores();
    assertThat(ks.decrypt(file, password.toCharArray())).isEqualTo(key);
    assertThat(ks.address(file))
        .isEqualTo(ethers.path("address").asText())
        .isEqualTo(KeyAddresses.ofPrivateKey(key));
  }

  @Test
  void personalMessageSignaturesVerifyBothWaysAndAreIdentical() {
    byte[] message = "Atelier ✓ I made this\n\u0000".getBytes(StandardCharsets.UTF_8);
    String hex = "0x" + HEX.formatHex(message);
    byte[] key = randomKey();
    try (UnlockedAccount account = unlocked(key.clone())) {
      Signature ours = account.signPersonalMessage(message);
      JsonNode verified = Ethers.run("verify-message", hex, ours.value());
      assertThat(verified.path("address").asText()).isEqualTo(account.address());
      assertThat(verified.path("digest").asText()).isEqualTo(ours.digest());

      String theirs =
          Ethers.run("sign-message", "0x" + HEX.formatHex(key), hex).path("signature").asText();
      assertThat(Signatures.recoverPersonalMessageSigner(message, theirs))
          .isEqualTo(account.address());
      // Both sign deterministically (RFC 6979) with low s: the very same bytes.
      assertThat(theirs).isEqualTo(ours.value());
    }
  }

  @Test
  void typedDataSignaturesVerifyBothWaysAndDigestsMatch() throws IOException {
    assertThat(PROVENANCE_NO_CONTRACT).doesNotContain("verifyingContract");
    for (String typedData : new String[] {PROVENANCE, PROVENANCE_NO_CONTRACT}) {
      Path file = Files.writeString(Files.createTempFile(dir, "typed", ".json"), typedData);
      byte[] key = randomKey();
      try (UnlockedAccount account = unlocked(key.clone())) {
        Signature ours = account.signTypedData(typedData);
        JsonNode verified = Ethers.run("verify-typed", file.toString(), ours.value());
        assertThat(verified.path("digest").asText()).isEqualTo(ours.digest());
        assertThat(verified.path("address").asText()).isEqualTo(account.address());

        JsonNode theirs = Ethers.run("sign-typed", "0x" + HEX.formatHex(key), file.toString());
        assertThat(theirs.path("digest").asText()).isEqualTo(Signatures.typedDataDigest(typedData));
        String signature = theirs.path("signature").asText();
        assertThat(Signatures.recoverTypedDataSigner(typedData, signature))
            .isEqualTo(account.address());
        assertThat(signature).isEqualTo(ours.value());
      }
    }
    assertThat(Signatures.typedDataDigest(PROVENANCE))
        .isNotEqualTo(Signatures.typedDataDigest(PROVENANCE_NO_CONTRACT));
  }
}
