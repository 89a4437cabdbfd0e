package dev.atelier.mint;

import dev.atelier.chain.ProvenanceProof;
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
 * The {@link ProvenanceProof} of a signed {@link ProvenanceRecord}: the record's fields in the
 * order of the EIP-712 {@code Provenance} struct, ABI-encoded as {@code aigcData}, with the
 * creator's signature as {@code proof} and, if wanted, the canonical record as {@code prompt}.
 */
public final class ProvenanceProofs {

  private ProvenanceProofs() {}

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
