package dev.atelier.wallet;

import java.math.BigInteger;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

/**
 * The address that belongs to a key, always in EIP-55 mixed-case checksum form (checking an address
 * typed by a person is {@link dev.atelier.ethereum.Address}).
 */
final class KeyAddresses {

  private KeyAddresses() {}

  /** The address of a 32-byte private key. */
  static String ofPrivateKey(byte[] privateKey) {
    return ofPublicKey(Sign.publicKeyFromPrivate(new BigInteger(1, privateKey)));
  }

  /** The address of an uncompressed secp256k1 public key (64 bytes as a number). */
  static String ofPublicKey(BigInteger publicKey) {
    return Keys.toChecksumAddress(Keys.getAddress(publicKey));
  }

  /** True for a usable secp256k1 private key: 32 bytes, 0 < k < n. */
  static boolean isValidPrivateKey(byte[] privateKey) {
    if (privateKey.length != 32) {
      return false;
    }
    BigInteger k = new BigInteger(1, privateKey);
    return k.signum() > 0 && k.compareTo(Sign.CURVE_PARAMS.getN()) < 0;
  }
}
