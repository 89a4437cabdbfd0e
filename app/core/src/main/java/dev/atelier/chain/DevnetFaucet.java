package dev.atelier.chain;

import dev.atelier.chain.ChainException.Reason;
import dev.atelier.ethereum.Address;
import dev.atelier.ethereum.Ether;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Test ether on a devnet: reads and sets balances through Anvil's {@code anvil_setBalance}. Only a
 * development node answers that call; a real network refuses it ({@link Reason#RPC_ERROR}).
 */
public final class DevnetFaucet {

  /** How many ether {@link #fund(String)} adds. */
  public static final int DEFAULT_FUNDING_ETHER = 100;

  /** What {@link #fund(String)} adds: {@value #DEFAULT_FUNDING_ETHER} ETH, in wei. */
  public static final BigInteger DEFAULT_FUNDING = Ether.of(DEFAULT_FUNDING_ETHER);

  private final JsonRpc rpc;

  /** The faucet of the devnet that {@code rpc} talks to. */
  public DevnetFaucet(JsonRpc rpc) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
  }

  /**
   * Adds {@link #DEFAULT_FUNDING} to an address's balance.
   *
   * @return the new balance in wei
   */
  public BigInteger fund(String address) {
    return fund(address, DEFAULT_FUNDING);
  }

  /**
   * Adds {@code wei} to an address's balance (sets it to the old balance plus {@code wei}).
   *
   * @return the new balance in wei
   * @throws IllegalArgumentException when the address is not {@code 0x} and 40 hex digits, or the
   *     amount is not positive
   */
  public BigInteger fund(String address, BigInteger wei) {
    String checked = checkAddress(address);
    if (wei.signum() <= 0) {
      throw new IllegalArgumentException("The amount to fund must be positive");
    }
    BigInteger target = balance(checked).add(wei);
    rpc.call("anvil_setBalance", checked, JsonRpc.quantity(target));
    return balance(checked);
  }

  /**
   * Sets an address's balance to {@code wei}, whatever it was.
   *
   * @throws IllegalArgumentException when the address is not {@code 0x} and 40 hex digits, or the
   *     amount is negative
   */
  public void setBalance(String address, BigInteger wei) {
    String checked = checkAddress(address);
    if (wei.signum() < 0) {
      throw new IllegalArgumentException("A balance cannot be negative");
    }
    rpc.call("anvil_setBalance", checked, JsonRpc.quantity(wei));
  }

  /** An address's balance, in wei. */
  public BigInteger balance(String address) {
    return JsonRpc.quantity(rpc.call("eth_getBalance", checkAddress(address), "latest"));
  }

  private static String checkAddress(String address) {
    return Address.requireWellFormed(address == null ? "" : address.strip());
  }
}
