package dev.atelier.wallet;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869): extract a pseudorandom key from input keying material and a
 * salt, then expand it with an {@code info} string into as many bytes as asked for.
 *
 * <p>Every intermediate array is cleared before returning. The JCE copies the HMAC key into its own
 * {@link SecretKeySpec} and MAC state for the length of one call (see the package notes).
 */
final class Hkdf {

  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /**
   * {@code HKDF-Expand(HKDF-Extract(salt, ikm), info, length)}. An empty salt stands for {@code
   * HashLen} zero bytes, as RFC 5869 says.
   *
   * @throws IllegalArgumentException if {@code length} is not in {@code 1..255*32}
   */
  static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF-SHA256 gives 1 to 8160 bytes, not " + length);
    }
    byte[] prk = hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    byte[] out = new byte[length];
    byte[] block = new byte[0];
    byte[] input = null;
    try {
      for (int i = 1, done = 0; done < length; i++) {
        input = new byte[block.length + info.length + 1];
        System.arraycopy(block, 0, input, 0, block.length);
        System.arraycopy(info, 0, input, block.length, info.length);
        input[input.length - 1] = (byte) i;
        Secrets.wipe(block);
        block = hmac(prk, input);
        Secrets.wipe(input);
        int n = Math.min(HASH_LEN, length - done);
        System.arraycopy(block, 0, out, done, n);
        done += n;
      }
      return out;
    } finally {
      Secrets.wipe(prk, block, input);
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
    }
  }
}
