package dev.atelier.hashing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers shared by the model code (dataset and weight fingerprints). */
public final class Hashes {

  private Hashes() {}

  /** A fresh SHA-256 digest; every Java runtime is required to provide one. */
  public static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The 32-byte SHA-256 of {@code data}. */
  public static byte[] sha256(byte[] data) {
    return sha256Digest().digest(data);
  }

  /** The SHA-256 of {@code data} as 64 lowercase hex digits. */
  public static String sha256Hex(byte[] data) {
    return hex(sha256(data));
  }

  /** {@code bytes} as lowercase hex, two digits a byte. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
