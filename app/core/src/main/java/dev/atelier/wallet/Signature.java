package dev.atelier.wallet;

import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * An Ethereum signature as wallets and {@code ecrecover} use it.
 *
 * @param digest the 32-byte hash that was signed, {@code 0x}-prefixed hex (the EIP-191 message hash
 *     or the EIP-712 typed-data hash)
 * @param value {@code r ‖ s ‖ v}, 65 bytes as {@code 0x}-prefixed hex, {@code v} being 27 or 28
 */
public record Signature(String digest, String value) {

  static Signature of(byte[] digest, Sign.SignatureData data) {
    byte[] bytes = new byte[65];
    System.arraycopy(data.getR(), 0, bytes, 0, 32);
    System.arraycopy(data.getS(), 0, bytes, 32, 32);
    bytes[64] = data.getV()[0];
    return new Signature(Numeric.toHexString(digest), Numeric.toHexString(bytes));
  }

  @Override
  public String toString() {
    return value;
  }
}
