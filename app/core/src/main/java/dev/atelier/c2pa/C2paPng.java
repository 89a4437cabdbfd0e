package dev.atelier.c2pa;

import dev.atelier.AppInfo;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Writes and reads a C2PA manifest embedded in a PNG (C2PA specification 2.x).
 *
 * <h2>What {@link #embed} writes</h2>
 *
 * One manifest store in a {@code caBX} chunk right after {@code IHDR}, replacing any the PNG had:
 *
 * <pre>
 * jumb  c2pa                         manifest store
 *   jumb  c2ma  urn:c2pa:&lt;uuid&gt;      the manifest
 *     jumb  c2as  c2pa.assertions
 *       jumb  cbor  c2pa.ingredient.v3 each ingredient of the spec (c2pa.ingredient.v3__1, …),
 *                                      only when it has any
 *       jumb  cbor  c2pa.actions.v2    c2pa.created, digitalSourceType trainedAlgorithmicMedia,
 *                                      softwareAgent (with ingredients, see C2paActions)
 *       jumb  json  &lt;label&gt;           each custom JSON assertion of the spec
 *       jumb  cbor  c2pa.hash.data     SHA-256 of the file without the caBX chunk
 *     jumb  c2cl  c2pa.claim.v2        CBOR claim: instanceID, claim_generator_info, signature,
 *                                      created_assertions (hashed URIs), dc:title, alg
 *     jumb  c2cs  c2pa.signature       COSE_Sign1 (ES256, x5chain) over the claim, detached
 * </pre>
 *
 * Every assertion's description box carries a random 16-byte salt; its hashed URI is the SHA-256 of
 * its superbox content (description box and content box, without the superbox header). The data
 * hash excludes the whole {@code caBX} chunk, from its length field through its CRC, as one range:
 * the hash is then the same as that of the PNG without the chunk, whatever the manifest's size.
 *
 * <h2>What {@link #read} checks</h2>
 *
 * The claim signature against the certificate in it, every assertion hash the claim lists, the data
 * hash against the file, and the ingredients against the actions ({@link C2paIngredients}); see
 * {@link C2paReport}. Trust in the certificate is not judged. The checks of one manifest are in
 * {@link C2paManifestReader}.
 */
public final class C2paPng {

  static final String CLAIM_V2 = "c2pa.claim.v2";
  static final String CLAIM_V1 = "c2pa.claim";
  static final String SIGNATURE = "c2pa.signature";
  static final String ASSERTIONS = "c2pa.assertions";
  static final String ACTIONS_V2 = "c2pa.actions.v2";
  static final String ACTIONS_V1 = "c2pa.actions";
  static final String DATA_HASH = "c2pa.hash.data";
  static final String CREATED = "c2pa.created";

  /** IPTC digital source type of media made by a trained model. */
  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  static final String JUMBF_URI = "self#jumbf=";
  static final String ALG = "sha256";

  private C2paPng() {}

  // ---- writing

  /**
   * {@code png} with a new signed C2PA manifest in it, replacing any it had.
   *
   * @throws C2paException if {@code png} is not a well-formed PNG
   * @throws dev.atelier.wallet.WalletException if the signer's account has been locked
   */
  public static byte[] embed(byte[] png, ManifestSpec spec, C2paIdentity signer) {
    List<Png.Chunk> old =
        Png.chunks(png).stream().filter(c -> c.type().equals(Png.C2PA_CHUNK)).toList();
    byte[] base = Png.without(png, old);
    int at = Png.chunks(base).getFirst().end(); // just after IHDR
    byte[] hash = C2paDigests.digest(ALG, base, 0, base.length);
    byte[] certificate;
    try {
      certificate = signer.certificate().getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("Cannot encode the signing certificate", e);
    }

    String label = "urn:c2pa:" + UUID.randomUUID();
    List<AssertionBox> assertions = new ArrayList<>(C2paIngredients.assertions(spec));
    List<Map<String, Object>> ingredientUris =
        assertions.stream().map(a -> a.hashedUri(ALG)).toList();
    assertions.add(AssertionBox.cbor(ACTIONS_V2, C2paActions.of(spec, ingredientUris)));
    spec.jsonAssertions().forEach((l, json) -> assertions.add(AssertionBox.json(l, json)));
    AssertionBox dataHashSlot = AssertionBox.cbor(DATA_HASH, dataHash(at, 0, hash));
    assertions.add(dataHashSlot);

    // The data hash records the chunk's length, which depends on the data hash's own size; the
    // size of everything else is fixed (an ES256 signature is always 64 bytes). Settle the length
    // with a stand-in signature, then sign once.
    UnaryOperator<byte[]> standIn = tbs -> new byte[64];
    long chunkLength = 0;
    byte[] store = null;
    for (int round = 0; round < 8; round++) {
      assertions.set(
          assertions.size() - 1,
          dataHashSlot.withContent(Cbor.encode(dataHash(at, chunkLength, hash))));
      store = manifestStore(label, spec, assertions, certificate, standIn);
      if (12L + store.length == chunkLength) {
        break;
      }
      chunkLength = 12L + store.length;
      store = null;
    }
    if (store == null) {
      throw new IllegalStateException("The manifest size did not settle");
    }
    byte[] signed = manifestStore(label, spec, assertions, certificate, signer::signEs256);
    if (signed.length != store.length) {
      throw new IllegalStateException("The signed manifest changed size");
    }
    return Png.insert(base, at, Png.chunk(Png.C2PA_CHUNK, signed));
  }

  private static Map<String, Object> dataHash(int start, long length, byte[] hash) {
    Map<String, Object> exclusion = new LinkedHashMap<>();
    exclusion.put("start", (long) start);
    exclusion.put("length", length);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exclusions", List.of(exclusion));
    m.put("name", "jumbf manifest");
    m.put("alg", ALG);
    m.put("hash", hash);
    m.put("pad", new byte[0]);
    return m;
  }

  private static byte[] manifestStore(
      String label,
      ManifestSpec spec,
      List<AssertionBox> assertions,
      byte[] certificate,
      UnaryOperator<byte[]> signer) {
    List<byte[]> assertionBoxes = new ArrayList<>();
    List<Object> hashedUris = new ArrayList<>();
    for (AssertionBox a : assertions) {
      assertionBoxes.add(Jumbf.box("jumb", a.superBoxPayload()));
      hashedUris.add(a.hashedUri(null));
    }
    Map<String, Object> generator = new LinkedHashMap<>();
    generator.put("name", AppInfo.NAME);
    generator.put("version", AppInfo.version());
    Map<String, Object> claim = new LinkedHashMap<>();
    claim.put("instanceID", spec.instanceId());
    claim.put("claim_generator_info", generator);
    claim.put("signature", JUMBF_URI + "/c2pa/" + label + "/" + SIGNATURE);
    claim.put("created_assertions", hashedUris);
    claim.put("dc:title", spec.title());
    claim.put("alg", ALG);
    byte[] claimCbor = Cbor.encode(claim);
    byte[] cose = Cose.signEs256(claimCbor, certificate, signer);

    byte[] assertionStore =
        Jumbf.superBox(
            Jumbf.ASSERTION_STORE, ASSERTIONS, null, assertionBoxes.toArray(byte[][]::new));
    byte[] claimBox = Jumbf.superBox(Jumbf.CLAIM, CLAIM_V2, null, Jumbf.box("cbor", claimCbor));
    byte[] signatureBox =
        Jumbf.superBox(Jumbf.CLAIM_SIGNATURE, SIGNATURE, null, Jumbf.box("cbor", cose));
    byte[] manifest =
        Jumbf.superBox(Jumbf.MANIFEST, label, null, assertionStore, claimBox, signatureBox);
    // The store's JUMBF superbox is the chunk's whole content.
    return Jumbf.superBox(Jumbf.MANIFEST_STORE, "c2pa", null, manifest);
  }

  // ---- reading

  /**
   * {@code png} without its C2PA manifest store: for a file {@link #embed} wrote, exactly the bytes
   * it was given. A PNG without a manifest comes back unchanged.
   *
   * @throws C2paException if {@code png} is not a well-formed PNG
   */
  public static byte[] strip(byte[] png) {
    return Png.without(
        png, Png.chunks(png).stream().filter(c -> c.type().equals(Png.C2PA_CHUNK)).toList());
  }

  /**
   * The manifest store's bytes (the {@code caBX} chunk's data, a JUMBF superbox), or empty when the
   * PNG has none.
   *
   * @throws C2paException if {@code png} is not a well-formed PNG
   */
  public static Optional<byte[]> manifestStore(byte[] png) {
    return Png.chunks(png).stream()
        .filter(c -> c.type().equals(Png.C2PA_CHUNK))
        .findFirst()
        .map(c -> Arrays.copyOfRange(png, c.dataOffset(), c.dataOffset() + c.length()));
  }

  /**
   * Reads and checks the C2PA manifest of {@code png}.
   *
   * @return a report; for a PNG without a manifest, one with {@code manifestPresent} false
   * @throws C2paException if the PNG or its manifest store is malformed (bad signature, truncated
   *     chunk, wrong CRC, more than one manifest store, damaged JUMBF or CBOR, a required part
   *     missing)
   */
  public static C2paReport read(byte[] png) {
    List<Png.Chunk> stores =
        Png.chunks(png).stream().filter(c -> c.type().equals(Png.C2PA_CHUNK)).toList();
    if (stores.isEmpty()) {
      return C2paReport.absent();
    }
    if (stores.size() > 1) {
      throw new C2paException(
          "The PNG has " + stores.size() + " C2PA manifest stores (caBX chunks); C2PA allows one");
    }
    Png.Chunk chunk = stores.getFirst();
    Jumbf.SuperBox store =
        Jumbf.parse(
            Arrays.copyOfRange(png, chunk.dataOffset(), chunk.dataOffset() + chunk.length()));
    if (!store.is(Jumbf.MANIFEST_STORE) || !store.label().equals("c2pa")) {
      throw new C2paException(
          "The caBX chunk does not hold a C2PA manifest store (its box type is "
              + store.typeName()
              + ", its label "
              + store.label()
              + ")");
    }
    List<Jumbf.SuperBox> manifests =
        store.superBoxes().stream()
            .filter(b -> b.is(Jumbf.MANIFEST) || b.is(Jumbf.UPDATE_MANIFEST))
            .toList();
    if (manifests.isEmpty()) {
      throw new C2paException("The C2PA manifest store holds no manifest");
    }
    return new C2paManifestReader(png, manifests.getLast()).read();
  }
}
