package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.chain.ChainException.Reason;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** Read-only calls ({@code eth_call}) to one contract, their results decoded by its ABI. */
final class ContractCalls {

  private final Transactions txs;
  private final String address;
  private final JsonNode abi;

  ContractCalls(Transactions txs, String address, JsonNode abi) {
    this.txs = txs;
    this.address = address;
    this.abi = abi;
  }

  /**
   * Calls {@code name(inputs)} and decodes its outputs.
   *
   * @throws ChainException {@link Reason#REVERTED} with the decoded reason, {@link
   *     Reason#RPC_ERROR} when no contract answers at the address
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  List<Type> read(String name, List<Type> inputs, TypeReference<?>... outputs) {
    Function f = new Function(name, inputs, List.of(outputs));
    byte[] result = txs.call(address, Numeric.hexStringToByteArray(FunctionEncoder.encode(f)), abi);
    if (result.length == 0) {
      throw new ChainException(
          Reason.RPC_ERROR,
          "No contract answers at " + address + " on chain " + txs.chainId() + " (" + name + ")");
    }
    return FunctionReturnDecoder.decode(
        Numeric.toHexString(result), (List) f.getOutputParameters());
  }

  BigInteger uint(String name, Type<?>... inputs) {
    return (BigInteger)
        read(name, List.of(inputs), new TypeReference<Uint256>() {}).get(0).getValue();
  }

  String string(String name, Type<?>... inputs) {
    return (String)
        read(name, List.of(inputs), new TypeReference<Utf8String>() {}).get(0).getValue();
  }

  String address(String name, Type<?>... inputs) {
    return Keys.toChecksumAddress(
        read(name, List.of(inputs), new TypeReference<Address>() {}).get(0).toString());
  }

  byte[] bytes32(String name, Type<?>... inputs) {
    return (byte[]) read(name, List.of(inputs), new TypeReference<Bytes32>() {}).get(0).getValue();
  }
}
