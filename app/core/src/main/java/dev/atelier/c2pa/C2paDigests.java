package dev.atelier.c2pa;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash algorithms C2PA names ({@code sha256}, {@code sha384}, {@code sha512}). */
final class C2paDigests {

  private C2paDigests() {}

  /** A digest for the C2PA algorithm name {@code alg}, or null if it is not one Atelier knows. */
  static MessageDigest messageDigest(String alg) {
    String jca =
        switch (alg) {
          case "sha256" -> "SHA-256";
          case "sha384" -> "SHA-384";
          case "sha512" -> "SHA-512";
          default -> null;
        };
    if (jca == null) {
      return null;
    }
    try {
      return MessageDigest.getInstance(jca);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jca + " is missing from this Java runtime", e);
    }
  }

  /** The digest with C2PA algorithm name {@code alg}, or null if it is not one Atelier knows. */
  static byte[] digest(String alg, byte[] data, int offset, int length) {
    MessageDigest md = messageDigest(alg);
    if (md == null) {
      return null;
    }
    md.update(data, offset, length);
    return md.digest();
  }
}
