package dev.atelier.chain;

import dev.atelier.provenance.ProvenanceRecord;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * The three ERC-7007 arguments ({@code prompt}, {@code aigcData}, {@code proof}) that carry an
 * asset's provenance to an {@code AtelierCollection}:
 *
 * <ul>
 *   <li>{@code aigcData} = {@code abi.encode(bytes32 recordHash, bytes32 pixelsHash, bytes32
 *       weightsHash, address creator, string licenseId, bytes32 termsHash, uint64 timestamp)}: the
 *       fields of the EIP-712 {@code Provenance} struct of {@code ProvenanceSignatures}, in order;
 *   <li>{@code proof} = the creator's 65-byte EIP-712 signature of that struct ({@code r ‖ s ‖ v});
 *   <li>{@code prompt} = the UTF-8 bytes of the record's canonical JSON, whose SHA-256 is {@code
 *       recordHash} (the contract checks it), or empty to keep the record off-chain.
 * </ul>
 *
 * The arrays are copied in and out; this record's {@code equals} compares array identity, not
 * content.
 */
public record ProvenanceProof(byte[] prompt, byte[] aigcData, byte[] proof) {

  public ProvenanceProof {
    prompt = prompt.clone();
    aigcData = aigcData.clone();
    proof = proof.clone();
  }

  /** A copy of the {@code prompt} bytes. */
  @Override
  public byte[] prompt() {
    return prompt.clone();
  }

  /** A copy of the {@code aigcData} bytes. */
  @Override
  public byte[] aigcData() {
    return aigcData.clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] proof() {
    return proof.clone();
  }

  /**
   * The proof of a record signed for some chain.
   *
   * @param signature the creator's EIP-712 signature, {@code 0x}-prefixed hex
   * @param withRecord true to put the canonical record on-chain as {@code prompt}
   */
  public static ProvenanceProof of(ProvenanceRecord record, String signature, boolean withRecord) {
    byte[] prompt = withRecord ? record.toJson().getBytes(StandardCharsets.UTF_8) : new byte[0];
    return new ProvenanceProof(
        prompt, aigcData(record), Numeric.hexStringToByteArray(signature.strip()));
  }

  /** {@code aigcData} of a record, as above. */
  public static byte[] aigcData(ProvenanceRecord record) {
    List<Type> fields =
        List.of(
            bytes32(record.recordSha256()),
            bytes32(record.pixelsSha256()),
            bytes32(record.weightsSha256()),
            new Address(record.creator()),
            new Utf8String(record.licenseId()),
            bytes32(record.termsSha256()),
            new Uint64(record.createdAt().getEpochSecond()));
    return Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(fields));
  }

  private static Bytes32 bytes32(String hex) {
    return new Bytes32(HexFormat.of().parseHex(hex));
  }
}
