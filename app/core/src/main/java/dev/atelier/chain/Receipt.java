package dev.atelier.chain;

import java.math.BigInteger;
import java.util.List;

/**
 * A mined transaction's receipt.
 *
 * @param transactionHash its hash
 * @param success false when it reverted
 * @param blockNumber the block it is in
 * @param gasUsed gas it used
 * @param effectiveGasPrice what each unit of gas cost, in wei
 * @param contractAddress the deployed contract; null unless a deployment
 * @param logs the events it emitted, in order
 */
public record Receipt(
    String transactionHash,
    boolean success,
    long blockNumber,
    BigInteger gasUsed,
    BigInteger effectiveGasPrice,
    String contractAddress,
    List<Log> logs) {

  /**
   * One event.
   *
   * @param address the emitting contract
   * @param topics topic 0 (the event's signature hash) and the indexed arguments, hex
   * @param data the other arguments, ABI-encoded hex
   */
  public record Log(String address, List<String> topics, String data) {}
}
