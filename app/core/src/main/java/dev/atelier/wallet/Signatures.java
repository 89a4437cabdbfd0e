package dev.atelier.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.wallet.WalletException.Reason;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SignatureException;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * Digests and signer recovery for EIP-191 personal messages and EIP-712 typed data: what a verifier
 * (or an on-chain {@code ecrecover}) computes, with no key involved.
 */
public final class Signatures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Signatures() {}

  /**
   * The EIP-191 (version 0x45) hash of a message: keccak256 of {@code "\x19Ethereum Signed
   * Message:\n" + length + message}, as {@code personal_sign} and ethers' {@code signMessage} hash.
   */
  public static String personalMessageDigest(byte[] message) {
    return Numeric.toHexString(Sign.getEthereumMessageHash(message));
  }

  /**
   * The EIP-712 hash of typed data given as the JSON of {@code eth_signTypedData_v4}: an object
   * with {@code types} (including {@code EIP712Domain}), {@code primaryType}, {@code domain} and
   * {@code message}.
   *
   * @throws WalletException {@link Reason#INVALID_TYPED_DATA} when the JSON is not valid EIP-712
   */
  public static String typedDataDigest(String typedDataJson) {
    return Numeric.toHexString(typedDataHash(typedDataJson));
  }

  /** The address that signed a personal message. */
  public static String recoverPersonalMessageSigner(byte[] message, String signature) {
    try {
      return KeyAddresses.ofPublicKey(
          Sign.signedPrefixedMessageToKey(message, signatureData(signature)));
    } catch (SignatureException | IllegalArgumentException e) {
      throw invalid(e);
    }
  }

  /** The address that signed typed data. */
  public static String recoverTypedDataSigner(String typedDataJson, String signature) {
    byte[] digest = typedDataHash(typedDataJson);
    try {
      BigInteger key = Sign.signedMessageHashToKey(digest, signatureData(signature));
      return KeyAddresses.ofPublicKey(key);
    } catch (SignatureException | IllegalArgumentException e) {
      throw invalid(e);
    }
  }

  static byte[] typedDataHash(String typedDataJson) {
    try {
      requireComplete(JSON.readTree(typedDataJson));
      return new StructuredDataEncoder(typedDataJson).hashStructuredData();
    } catch (IOException | RuntimeException e) {
      throw new WalletException(
          Reason.INVALID_TYPED_DATA,
          "The typed data is not valid EIP-712 JSON: " + e.getMessage(),
          e);
    }
  }

  /**
   * Fails on a struct field without a value. web3j's encoder silently leaves such fields out,
   * giving a digest that no other implementation (nor a contract) computes; EIP-712 requires them.
   */
  private static void requireComplete(JsonNode root) {
    JsonNode types = root.path("types");
    if (!types.isObject() || !root.path("primaryType").isTextual()) {
      throw new IllegalArgumentException("it needs \"types\" and \"primaryType\"");
    }
    requireFields(types, "EIP712Domain", root.path("domain"), "domain");
    requireFields(types, root.path("primaryType").asText(), root.path("message"), "message");
  }

  private static void requireFields(JsonNode types, String type, JsonNode value, String where) {
    if (type.endsWith("]")) {
      if (!value.isArray()) {
        throw new IllegalArgumentException(where + " is not an array");
      }
      String element = type.substring(0, type.lastIndexOf('['));
      for (int i = 0; i < value.size(); i++) {
        requireFields(types, element, value.get(i), where + "[" + i + "]");
      }
      return;
    }
    if (!types.has(type)) {
      return;
    }
    if (!value.isObject()) {
      throw new IllegalArgumentException(where + " is not an object of type " + type);
    }
    for (JsonNode field : types.get(type)) {
      String name = field.path("name").asText();
      JsonNode fieldValue = value.path(name);
      if (fieldValue.isMissingNode() || fieldValue.isNull()) {
        throw new IllegalArgumentException(where + "." + name + " is missing");
      }
      requireFields(types, field.path("type").asText(), fieldValue, where + "." + name);
    }
  }

  /** Reads {@code r ‖ s ‖ v} (65 bytes) or the EIP-2098 compact form (64 bytes). */
  private static Sign.SignatureData signatureData(String signature) throws SignatureException {
    return Sign.signatureDataFromHex(signature);
  }

  private static WalletException invalid(Exception e) {
    return new WalletException(
        Reason.INVALID_SIGNATURE, "Not a valid Ethereum signature: " + e.getMessage(), e);
  }
}
