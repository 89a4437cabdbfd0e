package dev.atelier.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.wallet.Signature;
import dev.atelier.wallet.Signatures;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import java.math.BigInteger;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The creator's EIP-712 signature over a {@link ProvenanceRecord}.
 *
 * <h2>What is signed</h2>
 *
 * Domain {@code EIP712Domain(string name,string version,uint256 chainId)} with {@code name =
 * "Atelier"}, {@code version = "1"} and the chain id of the network the artist will mint on
 * ({@value dev.atelier.chain.Devnet#CHAIN_ID} for the local devnet). There is no {@code
 * verifyingContract}: a record is signed before any contract exists, and one signature holds for
 * every contract on that chain.
 *
 * <p>Primary type {@value #TYPE}:
 *
 * <ul>
 *   <li>{@code recordHash}: {@link ProvenanceRecord#recordSha256()}, SHA-256 of the record's RFC
 *       8785 canonical JSON; covers every field of the record (prompt, seed, model, parent...);
 *   <li>{@code pixelsHash}: SHA-256 of the raw RGB pixels, the image's identity;
 *   <li>{@code weightsHash}: SHA-256 of the model weights;
 *   <li>{@code creator}: the creator's address, who must be the signer;
 *   <li>{@code licenseId}: the license id, e.g. {@code CC-BY-4.0};
 *   <li>{@code termsHash}: SHA-256 of the license text (see {@code dev.atelier.license.Licenses});
 *   <li>{@code timestamp}: the record's {@code dateCreated}, seconds since 1970-01-01 UTC.
 * </ul>
 *
 * The fields besides {@code recordHash} repeat what a contract needs to check without the JSON.
 *
 * <h2>Checking it in Solidity</h2>
 *
 * <pre>{@code
 * bytes32 constant DOMAIN_TYPEHASH =
 *     keccak256("EIP712Domain(string name,string version,uint256 chainId)");
 * bytes32 constant PROVENANCE_TYPEHASH = keccak256(
 *     "Provenance(bytes32 recordHash,bytes32 pixelsHash,bytes32 weightsHash,address creator,"
 *     "string licenseId,bytes32 termsHash,uint64 timestamp)");
 *
 * bytes32 domainSeparator = keccak256(abi.encode(
 *     DOMAIN_TYPEHASH, keccak256("Atelier"), keccak256("1"), block.chainid));
 * bytes32 structHash = keccak256(abi.encode(
 *     PROVENANCE_TYPEHASH, recordHash, pixelsHash, weightsHash, creator,
 *     keccak256(bytes(licenseId)), termsHash, timestamp));
 * bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash));
 * require(ECDSA.recover(digest, signature) == creator);   // or ecrecover(digest, v, r, s)
 * }</pre>
 *
 * OpenZeppelin's {@code EIP712} base contract puts {@code verifyingContract} into its domain, so
 * such a contract must build this domain separator itself, as above. Signatures are 65 bytes {@code
 * r ‖ s ‖ v} with {@code v} 27 or 28 and a low {@code s}, as {@code ECDSA.recover} wants.
 */
public final class ProvenanceSignatures {

  /** The EIP-712 type of the signed struct, as its type hash is computed. */
  public static final String TYPE =
      "Provenance(bytes32 recordHash,bytes32 pixelsHash,bytes32 weightsHash,address creator,"
          + "string licenseId,bytes32 termsHash,uint64 timestamp)";

  /** The EIP-712 domain type. */
  public static final String DOMAIN_TYPE =
      "EIP712Domain(string name,string version,uint256 chainId)";

  public static final String DOMAIN_NAME = "Atelier";
  public static final String DOMAIN_VERSION = "1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger HALF_N = Sign.CURVE_PARAMS.getN().shiftRight(1);

  /**
   * The outcome of checking a signature.
   *
   * @param matches true when the signature recovers to the record's creator
   * @param recoveredSigner who signed this record on this chain; null when the signature cannot be
   *     read
   * @param expectedSigner the record's creator
   * @param digest the EIP-712 digest that was checked, {@code 0x}-prefixed hex
   * @param problem why it does not match, for people; null when it matches
   */
  public record Verification(
      boolean matches,
      String recoveredSigner,
      String expectedSigner,
      String digest,
      String problem) {}

  private ProvenanceSignatures() {}

  /**
   * The typed data of a record as {@code eth_signTypedData_v4} JSON: what a wallet shows and signs.
   *
   * @param chainId the network the artist will mint on (positive)
   */
  public static String typedData(ProvenanceRecord record, long chainId) {
    if (chainId < 1) {
      throw new IllegalArgumentException("The chain id must be positive, not " + chainId);
    }
    ObjectNode root = JSON.createObjectNode();
    ObjectNode types = root.putObject("types");
    ArrayNode domainType = types.putArray("EIP712Domain");
    field(domainType, "name", "string");
    field(domainType, "version", "string");
    field(domainType, "chainId", "uint256");
    ArrayNode provenance = types.putArray("Provenance");
    field(provenance, "recordHash", "bytes32");
    field(provenance, "pixelsHash", "bytes32");
    field(provenance, "weightsHash", "bytes32");
    field(provenance, "creator", "address");
    field(provenance, "licenseId", "string");
    field(provenance, "termsHash", "bytes32");
    field(provenance, "timestamp", "uint64");
    root.put("primaryType", "Provenance");
    ObjectNode domain = root.putObject("domain");
    domain.put("name", DOMAIN_NAME);
    domain.put("version", DOMAIN_VERSION);
    domain.put("chainId", chainId);
    ObjectNode message = root.putObject("message");
    message.put("recordHash", "0x" + record.recordSha256());
    message.put("pixelsHash", "0x" + record.pixelsSha256());
    message.put("weightsHash", "0x" + record.weightsSha256());
    message.put("creator", record.creator());
    message.put("licenseId", record.licenseId());
    message.put("termsHash", "0x" + record.termsSha256());
    message.put("timestamp", record.createdAt().getEpochSecond());
    return root.toString();
  }

  /** The EIP-712 digest of a record on a chain, {@code 0x}-prefixed hex. */
  public static String digest(ProvenanceRecord record, long chainId) {
    return Signatures.typedDataDigest(typedData(record, chainId));
  }

  /**
   * Signs a record with its creator's unlocked account.
   *
   * @throws IllegalArgumentException when the account is not the record's creator
   * @throws WalletException when the account is locked
   */
  public static Signature sign(ProvenanceRecord record, long chainId, UnlockedAccount account) {
    if (!account.address().equalsIgnoreCase(record.creator())) {
      throw new IllegalArgumentException(
          "The record names "
              + record.creator()
              + " as its creator; account "
              + account.address()
              + " cannot sign it");
    }
    return account.signTypedData(typedData(record, chainId));
  }

  /**
   * Checks that {@code signature} is the record's creator signing this record for this chain. A
   * changed record (any field), another chain id or another signer all fail. Never throws for a bad
   * signature: the result says what is wrong.
   */
  public static Verification verify(ProvenanceRecord record, long chainId, String signature) {
    String typedData = typedData(record, chainId);
    String digest = Signatures.typedDataDigest(typedData);
    String expected = record.creator();
    if (signature == null || signature.isBlank()) {
      return new Verification(false, null, expected, digest, "There is no signature.");
    }
    String recovered;
    try {
      recovered = Signatures.recoverTypedDataSigner(typedData, signature.strip());
    } catch (WalletException e) {
      return new Verification(false, null, expected, digest, e.getMessage());
    }
    byte[] bytes = Numeric.hexStringToByteArray(signature.strip());
    if (bytes.length == 65 && new BigInteger(1, slice(bytes, 32, 64)).compareTo(HALF_N) > 0) {
      return new Verification(
          false,
          recovered,
          expected,
          digest,
          "The signature has a high s value (malleable form); contracts refuse it.");
    }
    if (!recovered.equalsIgnoreCase(expected)) {
      return new Verification(
          false,
          recovered,
          expected,
          digest,
          "The signature recovers to "
              + recovered
              + ", not the record's creator "
              + expected
              + ": the record, the chain id ("
              + chainId
              + ") or the signature is not the one that was signed.");
    }
    return new Verification(true, recovered, expected, digest, null);
  }

  private static void field(ArrayNode fields, String name, String type) {
    fields.addObject().put("name", name).put("type", type);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    byte[] out = new byte[to - from];
    System.arraycopy(bytes, from, out, 0, out.length);
    return out;
  }
}
