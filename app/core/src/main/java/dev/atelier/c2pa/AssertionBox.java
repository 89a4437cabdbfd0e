package dev.atelier.c2pa;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An assertion to write into a manifest: its label, whether its content is JSON (else CBOR), the
 * content, and the random salt of its description box.
 */
record AssertionBox(String label, boolean json, byte[] content, byte[] salt) {

  private static final SecureRandom RANDOM = new SecureRandom();

  static AssertionBox cbor(String label, Object value) {
    return new AssertionBox(label, false, Cbor.encode(value), newSalt());
  }

  static AssertionBox json(String label, byte[] json) {
    return new AssertionBox(label, true, json, newSalt());
  }

  AssertionBox withContent(byte[] cbor) {
    return new AssertionBox(label, json, cbor, salt);
  }

  /** The superbox content (description and content box), which the hashed URI hashes. */
  byte[] superBoxPayload() {
    return Jumbf.superBoxPayload(
        json ? Jumbf.JSON : Jumbf.CBOR, label, salt, Jumbf.box(json ? "json" : "cbor", content));
  }

  /**
   * A hashed URI to this assertion, relative to its manifest: {@code url}, {@code alg} when not
   * null (it may be left to an enclosing structure, such as the claim), {@code hash}.
   */
  Map<String, Object> hashedUri(String alg) {
    byte[] payload = superBoxPayload();
    Map<String, Object> uri = new LinkedHashMap<>();
    uri.put("url", C2paPng.JUMBF_URI + C2paPng.ASSERTIONS + "/" + label);
    if (alg != null) {
      uri.put("alg", alg);
    }
    uri.put(
        "hash", C2paDigests.digest(alg != null ? alg : C2paPng.ALG, payload, 0, payload.length));
    return uri;
  }

  private static byte[] newSalt() {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return salt;
  }
}
