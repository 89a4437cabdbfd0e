package dev.atelier.c2pa;

import static dev.atelier.c2pa.C2paPng.JUMBF_URI;

import java.security.MessageDigest;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * Checks one C2PA manifest of a PNG for {@link C2paPng#read}: the claim and its signature, every
 * assertion the claim lists against its hash, and the data hash against the file. What fails a
 * check is a problem in the report; what is not well-formed is a {@link C2paException}.
 */
final class C2paManifestReader {
  private final byte[] png;
  private final Jumbf.SuperBox manifest;
  private final String label;
  private final List<String> problems = new ArrayList<>();

  C2paManifestReader(byte[] png, Jumbf.SuperBox manifest) {
    this.png = png;
    this.manifest = manifest;
    this.label = manifest.label();
  }

  /** Checks the manifest: its claim and signature, the assertions, the data hash. */
  C2paReport read() {
    Claim claim = claim();
    Cose.Verification signature = checkSignature(claim);
    X509Certificate certificate = signature.certificate();
    Map<String, Jumbf.SuperBox> signed = new LinkedHashMap<>();
    boolean assertionsValid = checkAssertions(claim, signed);
    boolean dataHashValid = checkDataHash(signed, claim.alg());
    Map<String, byte[]> json = new LinkedHashMap<>();
    signed.forEach(
        (name, box) -> {
          if (box.is(Jumbf.JSON)) {
            json.put(name, box.content("json"));
          }
        });
    C2paActions.Read actions = actions(signed);
    List<C2paReport.Ingredient> ingredients =
        C2paIngredients.read(
            signed, actions, label, manifest.is(Jumbf.MANIFEST), claim.alg(), problems);
    return new C2paReport(
        true,
        label,
        claim.version(),
        Cbor.optionalText(claim.map(), "dc:title"),
        Cbor.text(claim.map(), "instanceID", "The claim"),
        C2paActions.generator(claim.map().get("claim_generator_info")),
        signature.valid(),
        certificate,
        certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
        dataHashValid,
        assertionsValid,
        actions.names(),
        actions.digitalSourceType(),
        actions.softwareAgent(),
        json,
        ingredients,
        problems);
  }

  /**
   * The claim: its version (2 or 1), CBOR bytes as signed, the decoded map, the URI of its
   * signature and its hash algorithm.
   */
  private record Claim(int version, byte[] bytes, Map<?, ?> map, String signatureUri, String alg) {}

  private Claim claim() {
    Jumbf.SuperBox claimBox = manifest.single(Jumbf.CLAIM, "claim");
    int version =
        switch (claimBox.label()) {
          case C2paPng.CLAIM_V2 -> 2;
          case C2paPng.CLAIM_V1 -> 1;
          default ->
              throw new C2paException(
                  "Manifest " + label + " has a claim labelled " + claimBox.label());
        };
    byte[] bytes = claimBox.content("cbor");
    Map<?, ?> claim = Cbor.map(Cbor.decode(bytes, "the claim"), "The claim");
    Cbor.text(claim, "instanceID", "The claim");
    String signatureUri = Cbor.text(claim, "signature", "The claim");
    String alg = claim.containsKey("alg") ? Cbor.text(claim, "alg", "The claim") : C2paPng.ALG;
    return new Claim(version, bytes, claim, signatureUri, alg);
  }

  /** The claim signature, its place and its certificate's dates; failures become problems. */
  private Cose.Verification checkSignature(Claim claim) {
    String signatureUri = claim.signatureUri();
    Jumbf.SuperBox signatureBox = manifest.single(Jumbf.CLAIM_SIGNATURE, "claim signature");
    if (!signatureBox.label().equals(C2paPng.SIGNATURE)) {
      throw new C2paException(
          "Manifest " + label + " has a claim signature labelled " + signatureBox.label());
    }
    Cose.Verification signature = Cose.verify(signatureBox.content("cbor"), claim.bytes());
    if (!signature.valid()) {
      problems.add(
          "The claim signature does not verify: the claim was changed after signing, or not"
              + " signed with the key of its certificate");
    }
    if (!signatureUri.equals(JUMBF_URI + "/c2pa/" + label + "/" + C2paPng.SIGNATURE)
        && !signatureUri.equals(JUMBF_URI + C2paPng.SIGNATURE)) {
      problems.add("The claim points to another signature than its own: " + signatureUri);
    }
    X509Certificate certificate = signature.certificate();
    try {
      certificate.checkValidity();
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      problems.add(
          "The signing certificate is valid only from "
              + certificate.getNotBefore().toInstant()
              + " to "
              + certificate.getNotAfter().toInstant());
    }
    return signature;
  }

  /**
   * Checks every assertion the claim lists against its hash, putting each one found into {@code
   * signed}; an assertion the claim does not list is a problem too.
   *
   * @return whether every listed assertion is present and unaltered
   */
  private boolean checkAssertions(Claim claim, Map<String, Jumbf.SuperBox> signed) {
    Map<String, Jumbf.SuperBox> store = assertionStore();
    boolean assertionsValid = true;
    for (Object ref : assertionReferences(claim)) {
      Map<?, ?> uri = Cbor.map(ref, "An assertion reference in the claim");
      String url = Cbor.text(uri, "url", "An assertion reference in the claim");
      byte[] expected = Cbor.bytes(uri, "hash", "Assertion reference " + url);
      String uriAlg = uri.containsKey("alg") ? Cbor.text(uri, "alg", url) : claim.alg();
      String assertion = assertionLabel(url, label);
      Jumbf.SuperBox box = assertion == null ? null : store.get(assertion);
      if (box == null) {
        problems.add("The claim lists an assertion the manifest does not have: " + url);
        assertionsValid = false;
        continue;
      }
      byte[] actual = C2paDigests.digest(uriAlg, box.payload(), 0, box.payload().length);
      if (actual == null) {
        problems.add("Assertion " + assertion + " is hashed with unsupported " + uriAlg);
        assertionsValid = false;
      } else if (!MessageDigest.isEqual(actual, expected)) {
        problems.add(
            "Assertion " + assertion + " was changed after signing: its hash does not match");
        assertionsValid = false;
      }
      signed.put(assertion, box);
    }
    for (String unlisted : store.keySet()) {
      if (!signed.containsKey(unlisted)) {
        problems.add("Assertion " + unlisted + " is not listed in the claim, so not signed");
      }
    }
    return assertionsValid;
  }

  /** The hashed URIs of the assertions the claim lists (created and gathered ones for v2). */
  private static List<Object> assertionReferences(Claim claim) {
    List<Object> refs = new ArrayList<>();
    if (claim.version() == 2) {
      refs.addAll(Cbor.list(claim.map(), "created_assertions", "The claim"));
      if (claim.map().containsKey("gathered_assertions")) {
        refs.addAll(Cbor.list(claim.map(), "gathered_assertions", "The claim"));
      }
    } else {
      refs.addAll(Cbor.list(claim.map(), "assertions", "The claim"));
    }
    return refs;
  }

  private Map<String, Jumbf.SuperBox> assertionStore() {
    Map<String, Jumbf.SuperBox> store = new LinkedHashMap<>();
    Jumbf.SuperBox assertions = manifest.single(Jumbf.ASSERTION_STORE, "assertion store");
    if (!assertions.label().equals(C2paPng.ASSERTIONS)) {
      throw new C2paException(
          "Manifest " + label + " has an assertion store labelled " + assertions.label());
    }
    for (Jumbf.SuperBox a : assertions.superBoxes()) {
      if (store.put(a.label(), a) != null) {
        throw new C2paException("Manifest " + label + " has two assertions labelled " + a.label());
      }
    }
    return store;
  }

  /** The assertion label a JUMBF URI points to in manifest {@code label}, or null. */
  static String assertionLabel(String url, String label) {
    if (url == null || !url.startsWith(JUMBF_URI)) {
      return null;
    }
    String path = url.substring(JUMBF_URI.length());
    for (String prefix :
        List.of(C2paPng.ASSERTIONS + "/", "/c2pa/" + label + "/" + C2paPng.ASSERTIONS + "/")) {
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        return path.substring(prefix.length());
      }
    }
    return null;
  }

  private boolean checkDataHash(Map<String, Jumbf.SuperBox> signed, String claimAlg) {
    List<Jumbf.SuperBox> bindings =
        signed.entrySet().stream()
            .filter(
                e ->
                    e.getKey().equals(C2paPng.DATA_HASH)
                        || e.getKey().startsWith(C2paPng.DATA_HASH + "__"))
            .map(Map.Entry::getValue)
            .toList();
    if (bindings.size() != 1) {
      problems.add(
          bindings.isEmpty()
              ? "The manifest has no data hash (c2pa.hash.data) binding it to the image"
              : "The manifest has " + bindings.size() + " data hashes; C2PA allows one");
      return false;
    }
    try {
      Map<?, ?> dh =
          Cbor.map(
              Cbor.decode(bindings.getFirst().content("cbor"), "the data hash"), "The data hash");
      String alg = dh.containsKey("alg") ? Cbor.text(dh, "alg", "The data hash") : claimAlg;
      byte[] expected = Cbor.bytes(dh, "hash", "The data hash");
      List<long[]> ranges = new ArrayList<>();
      if (dh.containsKey("exclusions")) {
        for (Object o : Cbor.list(dh, "exclusions", "The data hash")) {
          Map<?, ?> r = Cbor.map(o, "A data hash exclusion");
          long start = Cbor.integer(r, "start", "A data hash exclusion");
          long length = Cbor.integer(r, "length", "A data hash exclusion");
          if (start < 0 || length < 0 || start > png.length - length) {
            problems.add(
                "The data hash excludes bytes "
                    + start
                    + " to "
                    + (start + length)
                    + ", beyond the end of the file ("
                    + png.length
                    + " bytes)");
            return false;
          }
          ranges.add(new long[] {start, start + length});
        }
      }
      byte[] actual = digestExcluding(alg, ranges);
      if (actual == null) {
        problems.add("The data hash uses unsupported algorithm " + alg);
        return false;
      }
      if (!MessageDigest.isEqual(actual, expected)) {
        problems.add(
            "The image was changed after signing: its data hash does not match (pixels or other"
                + " chunks differ, or the manifest was made for another image)");
        return false;
      }
      return true;
    } catch (C2paException e) {
      problems.add("The data hash cannot be read: " + e.getMessage());
      return false;
    }
  }

  private byte[] digestExcluding(String alg, List<long[]> exclusions) {
    MessageDigest md = C2paDigests.messageDigest(alg);
    if (md == null) {
      return null;
    }
    exclusions.sort(Comparator.comparingLong(r -> r[0]));
    long p = 0;
    for (long[] r : exclusions) {
      if (r[0] > p) {
        md.update(png, (int) p, (int) (r[0] - p));
      }
      p = Math.max(p, r[1]);
    }
    md.update(png, (int) p, png.length - (int) p);
    return md.digest();
  }

  private C2paActions.Read actions(Map<String, Jumbf.SuperBox> signed) {
    Jumbf.SuperBox box =
        signed.containsKey(C2paPng.ACTIONS_V2)
            ? signed.get(C2paPng.ACTIONS_V2)
            : signed.get(C2paPng.ACTIONS_V1);
    if (box == null) {
      return C2paActions.Read.NONE;
    }
    try {
      return C2paActions.read(
          Cbor.map(Cbor.decode(box.content("cbor"), "the actions"), "The actions"), problems);
    } catch (C2paException e) {
      problems.add("The actions cannot be read: " + e.getMessage());
      return C2paActions.Read.NONE;
    }
  }
}
