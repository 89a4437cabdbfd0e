package dev.atelier.wallet;

import static dev.atelier.wallet.WalletAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.wallet.WalletException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class SignaturesTest {

  /** The example of the EIP-712 specification, with its published digest and signature. */
  static final String MAIL =
      """
      {
        "types": {
          "EIP712Domain": [
            {"name": "name", "type": "string"},
            {"name": "version", "type": "string"},
            {"name": "chainId", "type": "uint256"},
            {"name": "verifyingContract", "type": "address"}
          ],
          "Person": [
            {"name": "name", "type": "string"},
            {"name": "wallet", "type": "address"}
          ],
          "Mail": [
            {"name": "from", "type": "Person"},
            {"name": "to", "type": "Person"},
            {"name": "contents", "type": "string"}
          ]
        },
        "primaryType": "Mail",
        "domain": {
          "name": "Ether Mail",
          "version": "1",
          "chainId": 1,
          "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"
        },
        "message": {
          "from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
          "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
          "contents": "Hello, Bob!"
        }
      }
      """;

  static final String MAIL_DIGEST =
      "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2";

  static final String MAIL_SIGNATURE =
      "0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
          + "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
          + "1c";

  /** The specification's signer: keccak256("cow"). */
  private static UnlockedAccount cow() {
    byte[] key = Hash.sha3("cow".getBytes(StandardCharsets.UTF_8));
    return new UnlockedAccount(
        KeyAddresses.ofPrivateKey(key), key, Clock.systemUTC(), Duration.ofMinutes(1));
  }

  @Test
  void typedDataMatchesTheEip712SpecificationExample() {
    assertThat(Signatures.typedDataDigest(MAIL)).isEqualTo(MAIL_DIGEST);
    try (UnlockedAccount cow = cow()) {
      assertThat(cow.address()).isEqualTo("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
      Signature signature = cow.signTypedData(MAIL);
      assertThat(signature.digest()).isEqualTo(MAIL_DIGEST);
      assertThat(signature.value()).isEqualTo(MAIL_SIGNATURE);
    }
    assertThat(Signatures.recoverTypedDataSigner(MAIL, MAIL_SIGNATURE))
        .isEqualTo("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  }

  @Test
  void personalMessagesRecoverTheirSignerAndNoOtherMessageDoes() {
    byte[] message = "Atelier: I made this".getBytes(StandardCharsets.UTF_8);
    try (UnlockedAccount cow = cow()) {
      Signature signature = cow.signPersonalMessage(message);
      assertThat(signature.value()).hasSize(2 + 130).endsWith(signature.value().substring(130));
      assertThat(signature.value().substring(130)).isIn("1b", "1c");
      assertThat(signature.digest()).isEqualTo(Signatures.personalMessageDigest(message));
      assertThat(Signatures.recoverPersonalMessageSigner(message, signature.value()))
          .isEqualTo(cow.address());
      byte[] other = "Atelier: I made that".getBytes(StandardCharsets.UTF_8);
      assertThat(Signatures.recoverPersonalMessageSigner(other, signature.value()))
          .isNotEqualTo(cow.address());
    }
  }

  @Test
  void personalMessageDigestIsEip191() {
    // keccak256("\x19Ethereum Signed Message:\n5hello")
    assertThat(Signatures.personalMessageDigest("hello".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(
            "0x"
                + HexFormat.of()
                    .formatHex(
                        Hash.sha3(
                            "\u0019Ethereum Signed Message:\n5hello"
                                .getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void badInputGivesClearErrors() {
    assertFails(() -> Signatures.typedDataDigest("{\"types\": 5}"), Reason.INVALID_TYPED_DATA)
        .startsWith("The typed data is not valid EIP-712 JSON");
    assertFails(() -> Signatures.typedDataDigest("not json"), Reason.INVALID_TYPED_DATA);
    assertFails(
            () -> Signatures.typedDataDigest(MAIL.replace("\"name\": \"Bob\", ", "")),
            Reason.INVALID_TYPED_DATA)
        .endsWith("message.to.name is missing");
    assertFails(
            () -> Signatures.typedDataDigest(MAIL.replace("\"chainId\": 1,", "")),
            Reason.INVALID_TYPED_DATA)
        .endsWith("domain.chainId is missing");
    assertFails(
            () -> Signatures.recoverPersonalMessageSigner(new byte[] {1}, "0x1234"),
            Reason.INVALID_SIGNATURE)
        .startsWith("Not a valid Ethereum signature");
    assertFails(
        () -> Signatures.recoverTypedDataSigner(MAIL, MAIL_SIGNATURE.replaceAll("1c$", "05")),
        Reason.INVALID_SIGNATURE);
  }
}
