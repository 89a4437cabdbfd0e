package dev.atelier.chain;

import java.math.BigInteger;

/**
 * A transaction simulated and priced, ready to sign and send: what the user sees and confirms
 * before anything leaves the machine.
 *
 * @param chainId the chain it is for
 * @param from the sender
 * @param to the contract called; null for a deployment
 * @param data the call data (or creation code), {@code 0x}-prefixed hex
 * @param value wei sent along
 * @param gasEstimate {@code eth_estimateGas}
 * @param gasLimit the estimate with a safety margin: the most gas it may use
 * @param baseFeePerGas the next block's base fee when priced
 * @param maxPriorityFeePerGas the tip per gas offered to the block builder
 * @param maxFeePerGas the most paid per gas (base fee headroom plus tip)
 */
public record PreparedTransaction(
    long chainId,
    String from,
    String to,
    String data,
    BigInteger value,
    BigInteger gasEstimate,
    BigInteger gasLimit,
    BigInteger baseFeePerGas,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas) {

  /** The most this transaction can cost: gas limit × max fee + value, in wei. */
  public BigInteger maxCost() {
    return gasLimit.multiply(maxFeePerGas).add(value);
  }

  /** The likely cost at today's base fee: estimate × (base fee + tip) + value, in wei. */
  public BigInteger expectedCost() {
    return gasEstimate.multiply(baseFeePerGas.add(maxPriorityFeePerGas)).add(value);
  }

  /** True for a contract deployment. */
  public boolean isDeployment() {
    return to == null;
  }
}
