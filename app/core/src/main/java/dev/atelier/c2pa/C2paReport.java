package dev.atelier.c2pa;

import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link C2paPng#read} found in a PNG: whether it has a C2PA manifest, what the active
 * manifest says, and which of its checks hold.
 *
 * <p>The three checks are independent: {@link #signatureValid()} (the claim is signed by the key of
 * the certificate it names), {@link #assertionHashesValid()} (every assertion the claim lists is
 * there, unchanged), {@link #dataHashValid()} (the image bytes outside the manifest are the ones
 * signed). {@link #problems()} says in words what failed. Whether the certificate is
 * <em>trusted</em> is not judged here: Atelier's certificates are self-signed.
 *
 * <p>Fields other than the flags and lists are {@code null} when the manifest does not have them or
 * there is no manifest.
 *
 * @param manifestPresent whether the PNG has a C2PA manifest store ({@code caBX} chunk)
 * @param activeManifest label of the active (last) manifest, {@code urn:c2pa:…}
 * @param claimVersion {@code 2} for a {@code c2pa.claim.v2}, {@code 1} for a {@code c2pa.claim}
 * @param title the claim's {@code dc:title}
 * @param instanceId the claim's {@code instanceID}
 * @param claimGenerator name and version from the claim's {@code claim_generator_info}
 * @param signatureValid whether the claim signature verifies with the signing certificate's key
 * @param certificate the signing certificate
 * @param certificateSubject its subject, RFC 2253 form ({@code CN=Atelier artist 0x…,O=Atelier})
 * @param dataHashValid whether the hard binding ({@code c2pa.hash.data}) matches the file
 * @param assertionHashesValid whether every assertion the claim lists is present and unaltered
 * @param actions the action names of the actions assertion, in order ({@code c2pa.created}, or
 *     {@code c2pa.opened} and {@code c2pa.edited} for an image made from a start picture)
 * @param digitalSourceType the {@code digitalSourceType} of the created action, or else of the
 *     first action that has one
 * @param softwareAgent name and version of that action's software agent
 * @param jsonAssertions the JSON assertions the claim lists, label to bytes as embedded
 * @param ingredients the ingredient assertions the claim lists, in the claim's order
 * @param problems what failed, in plain words; empty when everything checks out
 */
public record C2paReport(
    boolean manifestPresent,
    String activeManifest,
    Integer claimVersion,
    String title,
    String instanceId,
    String claimGenerator,
    boolean signatureValid,
    X509Certificate certificate,
    String certificateSubject,
    boolean dataHashValid,
    boolean assertionHashesValid,
    List<String> actions,
    String digitalSourceType,
    String softwareAgent,
    Map<String, byte[]> jsonAssertions,
    List<Ingredient> ingredients,
    List<String> problems) {

  /**
   * An ingredient assertion as read. Fields other than the label are {@code null} when the
   * assertion does not have them.
   *
   * @param label the assertion's label, {@code c2pa.ingredient.v3}, {@code c2pa.ingredient.v3__1}…
   * @param title its {@code dc:title}
   * @param format its {@code dc:format}, a media type
   * @param relationship its relationship; {@code null} for a word C2PA does not define (a problem)
   * @param instanceId its {@code instanceID}
   * @param fileSha256 the file's SHA-256 (hex) when the instance id names it as Atelier writes it,
   *     {@code nih:sha-256;<hex>}
   * @param description its {@code description}
   * @param dataTypes the types of its {@code dataTypes}, e.g. {@code c2pa.types.model}
   * @param hasManifest whether it points to a C2PA manifest of its own (which is not checked here)
   */
  public record Ingredient(
      String label,
      String title,
      String format,
      IngredientRelationship relationship,
      String instanceId,
      String fileSha256,
      String description,
      List<String> dataTypes,
      boolean hasManifest) {

    public Ingredient {
      dataTypes = List.copyOf(dataTypes);
    }
  }

  public C2paReport {
    actions = List.copyOf(actions);
    ingredients = List.copyOf(ingredients);
    Map<String, byte[]> copy = new LinkedHashMap<>();
    jsonAssertions.forEach((k, v) -> copy.put(k, v.clone()));
    jsonAssertions = Collections.unmodifiableMap(copy);
    problems = List.copyOf(problems);
  }

  /** The report on a PNG without a manifest. */
  static C2paReport absent() {
    return new C2paReport(
        false,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        false,
        false,
        List.of(),
        null,
        null,
        Map.of(),
        List.of(),
        List.of("The image has no C2PA manifest"));
  }

  /** A manifest is present and all its checks hold (trust in the signer aside). */
  public boolean valid() {
    return manifestPresent
        && signatureValid
        && dataHashValid
        && assertionHashesValid
        && problems.isEmpty();
  }
}
