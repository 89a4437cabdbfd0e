package dev.atelier.chain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.wallet.Signatures;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The owner's EIP-712 signature that lets an {@code AtelierCollectionV2} mint a batch: {@code
 * MintBatch(bytes32 root,address to,uint256 count,bytes32 licenseHash)} under the domain {name
 * "Atelier", version "2", chainId, verifyingContract}, so a signature is good for one batch, one
 * recipient, one license, one chain and one contract.
 *
 * <p>{@code licenseHash = keccak256(abi.encode(keccak256(bytes(licenseId)), termsHash))}.
 */
public final class BatchSignatures {

  /** The EIP-712 type of the signed struct. */
  public static final String TYPE =
      "MintBatch(bytes32 root,address to,uint256 count,bytes32 licenseHash)";

  public static final String DOMAIN_NAME = "Atelier";
  public static final String DOMAIN_VERSION = "2";

  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchSignatures() {}

  /**
   * What the owner signs for a batch.
   *
   * @param root the batch's Merkle root ({@link BatchTree#root()})
   * @param to who receives the tokens
   * @param count how many tokens
   * @param licenseHash {@link #licenseHash}
   */
  public record Batch(byte[] root, String to, int count, byte[] licenseHash) {

    public Batch {
      if (root.length != 32 || licenseHash.length != 32) {
        throw new IllegalArgumentException("The root and the license hash have 32 bytes each");
      }
      if (count < 1) {
        throw new IllegalArgumentException("A batch has at least one token, not " + count);
      }
      root = root.clone();
      licenseHash = licenseHash.clone();
      to = dev.atelier.ethereum.Address.checksummed(to);
    }

    /** The batch of a tree, minted to {@code to} under a license. */
    public static Batch of(BatchTree tree, String to, String licenseId, String termsSha256) {
      return new Batch(
          tree.root(), to, tree.size(), BatchSignatures.licenseHash(licenseId, termsSha256));
    }

    @Override
    public byte[] root() {
      return root.clone();
    }

    @Override
    public byte[] licenseHash() {
      return licenseHash.clone();
    }
  }

  /** {@code keccak256(abi.encode(keccak256(bytes(licenseId)), termsHash))}. */
  public static byte[] licenseHash(String licenseId, String termsSha256) {
    byte[] terms = HexFormat.of().parseHex(termsSha256);
    if (terms.length != 32) {
      throw new IllegalArgumentException(
          "A terms hash (SHA-256) has 32 bytes, not " + terms.length);
    }
    byte[] id = Hash.sha3(licenseId.getBytes(StandardCharsets.UTF_8));
    return Hash.sha3(BatchToken.concat(id, terms));
  }

  /** The typed data of a batch as {@code eth_signTypedData_v4} JSON: what a wallet shows. */
  public static String typedData(Batch batch, long chainId, String contract) {
    if (chainId < 1) {
      throw new IllegalArgumentException("The chain id must be positive, not " + chainId);
    }
    ObjectNode root = JSON.createObjectNode();
    ObjectNode types = root.putObject("types");
    ArrayNode domainType = types.putArray("EIP712Domain");
    field(domainType, "name", "string");
    field(domainType, "version", "string");
    field(domainType, "chainId", "uint256");
    field(domainType, "verifyingContract", "address");
    ArrayNode mint = types.putArray("MintBatch");
    field(mint, "root", "bytes32");
    field(mint, "to", "address");
    field(mint, "count", "uint256");
    field(mint, "licenseHash", "bytes32");
    root.put("primaryType", "MintBatch");
    ObjectNode domain = root.putObject("domain");
    domain.put("name", DOMAIN_NAME);
    domain.put("version", DOMAIN_VERSION);
    domain.put("chainId", chainId);
    domain.put("verifyingContract", dev.atelier.ethereum.Address.checksummed(contract));
    ObjectNode message = root.putObject("message");
    message.put("root", Numeric.toHexString(batch.root()));
    message.put("to", batch.to());
    message.put("count", batch.count());
    message.put("licenseHash", Numeric.toHexString(batch.licenseHash()));
    return root.toString();
  }

  /** The EIP-712 digest of a batch, {@code 0x}-prefixed hex. */
  public static String digest(Batch batch, long chainId, String contract) {
    return Signatures.typedDataDigest(typedData(batch, chainId, contract));
  }

  /**
   * Signs a batch with the collection owner's unlocked account.
   *
   * @return the 65-byte signature {@code r ‖ s ‖ v}
   */
  public static byte[] sign(Batch batch, long chainId, String contract, UnlockedAccount owner) {
    return Numeric.hexStringToByteArray(
        owner.signTypedData(typedData(batch, chainId, contract)).value());
  }

  private static void field(ArrayNode fields, String name, String type) {
    fields.addObject().put("name", name).put("type", type);
  }
}
