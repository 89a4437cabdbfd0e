package dev.atelier.c2pa;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * COSE_Sign1 (RFC 9052) as C2PA uses it for claim signatures: tagged (18), the algorithm and the
 * signer's X.509 chain ({@code x5chain}, RFC 9360) in the protected header, a detached payload (the
 * claim's CBOR, given separately when verifying) and an ECDSA signature as {@code r || s}.
 */
final class Cose {

  static final long TAG_SIGN1 = 18;
  static final long HEADER_ALG = 1;
  static final long HEADER_X5CHAIN = 33;
  static final long ES256 = -7;
  static final long ES384 = -35;
  static final long ES512 = -36;

  /** What verifying a COSE_Sign1 found. */
  record Verification(
      X509Certificate certificate, List<X509Certificate> chain, String algorithm, boolean valid) {}

  private Cose() {}

  /**
   * A tagged COSE_Sign1 over {@code payload}, detached, with ES256 and {@code certificateDer} as
   * the one-certificate x5chain. {@code signer} turns the to-be-signed bytes into an ES256
   * signature in IEEE P1363 form ({@code r || s}, 64 bytes).
   */
  static byte[] signEs256(byte[] payload, byte[] certificateDer, UnaryOperator<byte[]> signer) {
    Map<Object, Object> header = new LinkedHashMap<>();
    header.put(HEADER_ALG, ES256);
    header.put(HEADER_X5CHAIN, certificateDer);
    byte[] protectedHeader = Cbor.encode(header);
    byte[] signature = signer.apply(toBeSigned(protectedHeader, payload));
    if (signature.length != 64) {
      throw new IllegalStateException("An ES256 signature has 64 bytes, not " + signature.length);
    }
    List<Object> sign1 = new ArrayList<>();
    sign1.add(protectedHeader);
    sign1.add(Map.of());
    sign1.add(null);
    sign1.add(signature);
    return Cbor.encode(new Cbor.Tagged(TAG_SIGN1, sign1));
  }

  /** The Sig_structure of RFC 9052 §4.4 for a COSE_Sign1 with no external data. */
  static byte[] toBeSigned(byte[] protectedHeader, byte[] payload) {
    List<Object> structure = new ArrayList<>();
    structure.add("Signature1");
    structure.add(protectedHeader);
    structure.add(new byte[0]);
    structure.add(payload);
    return Cbor.encode(structure);
  }

  /**
   * Verifies a tagged COSE_Sign1 over the detached {@code payload} with the key of the first
   * certificate in its x5chain. Says nothing about whether that certificate is trusted.
   *
   * @throws C2paException if it is not a well-formed COSE_Sign1 with a supported algorithm and a
   *     parseable certificate
   */
  static Verification verify(byte[] cose, byte[] payload) {
    String what = "the claim signature (COSE_Sign1)";
    if (!(Cbor.decode(cose, what) instanceof Cbor.Tagged tagged) || tagged.tag() != TAG_SIGN1) {
      throw new C2paException("The claim signature is not a tagged COSE_Sign1 (CBOR tag 18)");
    }
    if (!(tagged.value() instanceof List<?> parts) || parts.size() != 4) {
      throw new C2paException("The claim signature is not a COSE_Sign1 array of four items");
    }
    if (!(parts.get(0) instanceof byte[] protectedHeader)) {
      throw new C2paException("The claim signature's protected header is not a byte string");
    }
    Map<?, ?> protectedMap =
        protectedHeader.length == 0
            ? Map.of()
            : Cbor.map(
                Cbor.decode(protectedHeader, "the claim signature's protected header"),
                "The claim signature's protected header");
    Map<?, ?> unprotected = Cbor.map(parts.get(1), "The claim signature's unprotected header");
    if (parts.get(2) != null && !(parts.get(2) instanceof byte[])) {
      throw new C2paException("The claim signature's payload is neither nil nor a byte string");
    }
    if (parts.get(2) instanceof byte[] embedded && !java.util.Arrays.equals(embedded, payload)) {
      throw new C2paException("The claim signature carries a payload other than the claim");
    }
    if (!(parts.get(3) instanceof byte[] signature)) {
      throw new C2paException("The claim signature's signature is not a byte string");
    }
    Object alg = protectedMap.get(HEADER_ALG);
    String jca =
        alg instanceof Long a
            ? switch (a.intValue()) {
              case (int) ES256 -> "SHA256withECDSAinP1363Format";
              case (int) ES384 -> "SHA384withECDSAinP1363Format";
              case (int) ES512 -> "SHA512withECDSAinP1363Format";
              default -> null;
            }
            : null;
    if (jca == null) {
      throw new C2paException(
          "The claim signature uses COSE algorithm "
              + alg
              + "; Atelier reads ES256, ES384 and ES512");
    }
    List<X509Certificate> chain = chain(protectedMap, unprotected);
    X509Certificate certificate = chain.getFirst();
    boolean valid;
    try {
      Signature verifier = Signature.getInstance(jca);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(toBeSigned(protectedHeader, payload));
      valid = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // A key that does not fit the algorithm, or a signature of the wrong size: it does not
      // verify.
      valid = false;
    }
    String name = alg.equals(ES256) ? "ES256" : alg.equals(ES384) ? "ES384" : "ES512";
    return new Verification(certificate, chain, name, valid);
  }

  private static List<X509Certificate> chain(Map<?, ?> protectedMap, Map<?, ?> unprotected) {
    Object x5chain = protectedMap.get(HEADER_X5CHAIN);
    if (x5chain == null) {
      x5chain = protectedMap.get("x5chain");
    }
    if (x5chain == null) {
      // C2PA 1.x allowed the chain in the unprotected header.
      x5chain = unprotected.get(HEADER_X5CHAIN);
      if (x5chain == null) {
        x5chain = unprotected.get("x5chain");
      }
    }
    List<?> ders;
    if (x5chain instanceof byte[] one) {
      ders = List.of(one);
    } else if (x5chain instanceof List<?> many && !many.isEmpty()) {
      ders = many;
    } else {
      throw new C2paException("The claim signature has no signing certificate (x5chain)");
    }
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Object der : ders) {
        if (!(der instanceof byte[] bytes)) {
          throw new C2paException(
              "The claim signature's x5chain holds something not a certificate");
        }
        chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(bytes)));
      }
    } catch (CertificateException e) {
      throw new C2paException(
          "The claim signature's signing certificate is not a valid X.509 certificate", e);
    }
    return List.copyOf(chain);
  }
}
