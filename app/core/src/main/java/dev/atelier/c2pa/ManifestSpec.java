package dev.atelier.c2pa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.AppInfo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What goes into the C2PA manifest of one PNG besides what {@link C2paPng#embed} adds itself (the
 * actions, the data hash, the claim generator, the signature).
 *
 * <p>The asset's format is always {@code image/png}; a version 2 claim does not record it.
 *
 * @param title the asset's title ({@code dc:title} of the claim)
 * @param instanceId the asset's XMP instance id, {@code xmp:iid:<uuid>}
 * @param softwareAgent the software that made the image, on the action that made it
 * @param digitalSourceType the IPTC digital source type of the image, on the action that made it
 *     ({@link C2paPng#TRAINED_ALGORITHMIC_MEDIA} unless said otherwise)
 * @param jsonAssertions further assertions, label to JSON (UTF-8), embedded byte for byte, in this
 *     order, e.g. {@code dev.atelier.provenance}
 * @param ingredients what the image was made from besides its prompt, in this order: at most one
 *     {@link IngredientRelationship#PARENT_OF parentOf} (the picture it started from) and any
 *     number of {@link IngredientRelationship#INPUT_TO inputTo} (LoRAs, a mask); empty for an image
 *     made from its prompt alone, whose manifest is then exactly what it was before ingredients
 *     existed
 */
public record ManifestSpec(
    String title,
    String instanceId,
    SoftwareAgent softwareAgent,
    String digitalSourceType,
    Map<String, byte[]> jsonAssertions,
    List<Ingredient> ingredients) {

  /** A C2PA generator-info map: name and version of a piece of software. */
  public record SoftwareAgent(String name, String version) {
    public SoftwareAgent {
      requireText(name, "software agent name");
      requireText(version, "software agent version");
    }

    /** This build of Atelier. */
    public static SoftwareAgent atelier() {
      return new SoftwareAgent(AppInfo.NAME, AppInfo.version());
    }
  }

  /**
   * An ingredient that has no C2PA manifest of its own (a picture file, a LoRA), named by the
   * SHA-256 of its file's bytes. The manifest writes it as a {@code c2pa.ingredient.v3} assertion
   * whose {@code instanceID} is that hash as an RFC 6920 name, {@code nih:sha-256;<hex>}: C2PA
   * leaves the identifier of an asset without a manifest or XMP to the claim generator, and the
   * ingredient assertion is covered by the claim signature, so the hash is signed with the rest.
   *
   * @param title a human-readable name ({@code dc:title})
   * @param format the IANA media type ({@code dc:format}), or null when it is not known
   * @param relationship {@link IngredientRelationship#PARENT_OF} or {@link
   *     IngredientRelationship#INPUT_TO}
   * @param fileSha256 the SHA-256 of the file, 64 lowercase hex digits
   * @param description what the ingredient is or was used for, or null
   * @param dataTypes C2PA asset types ({@code dataTypes}), e.g. {@code c2pa.types.model}; may be
   *     empty
   */
  public record Ingredient(
      String title,
      String format,
      IngredientRelationship relationship,
      String fileSha256,
      String description,
      List<String> dataTypes) {

    /** The media type grammar of C2PA's {@code format-string}. */
    private static final Pattern FORMAT = Pattern.compile("\\w+/[-+.\\w]+");

    /** C2PA's asset type grammar ({@code $type-choice}). */
    private static final Pattern TYPE = Pattern.compile("([\\da-zA-Z_-]+\\.)+[\\da-zA-Z_-]+");

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Ingredient {
      requireText(title, "ingredient title");
      if (format != null && !FORMAT.matcher(format).matches()) {
        throw new IllegalArgumentException(
            "Ingredient " + title + ": \"" + format + "\" is not a media type (e.g. image/png)");
      }
      Objects.requireNonNull(relationship, "relationship");
      if (relationship == IngredientRelationship.COMPONENT_OF) {
        throw new IllegalArgumentException(
            "Ingredient "
                + title
                + ": a componentOf ingredient needs a c2pa.placed action, which Atelier does not"
                + " write; use parentOf or inputTo");
      }
      if (fileSha256 == null || !SHA256.matcher(fileSha256).matches()) {
        throw new IllegalArgumentException(
            "Ingredient "
                + title
                + ": the file's SHA-256 must be 64 lowercase hex digits, not "
                + fileSha256);
      }
      if (description != null && description.isBlank()) {
        throw new IllegalArgumentException("Ingredient " + title + ": the description is blank");
      }
      for (String type : dataTypes) {
        if (type == null || !TYPE.matcher(type).matches()) {
          throw new IllegalArgumentException(
              "Ingredient " + title + ": \"" + type + "\" is not a C2PA asset type");
        }
      }
      dataTypes = List.copyOf(dataTypes);
    }

    /** The {@code instanceID} written for the ingredient: {@code nih:sha-256;<hex>}. */
    public String instanceId() {
      return C2paIngredients.NIH_SHA256 + fileSha256;
    }
  }

  /**
   * Labels of custom assertions: dot-separated parts of letters, digits, {@code _} and {@code -},
   * the first starting with a letter (the C2PA label grammar; the labels of standard C2PA
   * assertions, {@code c2pa.*}, are reserved).
   */
  private static final Pattern LABEL =
      Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+");

  private static final ObjectMapper JSON = new ObjectMapper();

  public ManifestSpec {
    requireText(title, "title");
    requireText(instanceId, "instance id");
    Objects.requireNonNull(softwareAgent, "softwareAgent");
    requireAbsoluteUri(digitalSourceType, "digital source type");
    Map<String, byte[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : jsonAssertions.entrySet()) {
      String label = e.getKey();
      if (label == null || !LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "Assertion label \""
                + label
                + "\" is not a C2PA label (dot-separated words, e.g. dev.atelier.provenance)");
      }
      if (label.startsWith("c2pa.") || label.startsWith("cawg.")) {
        throw new IllegalArgumentException(
            "Assertion label " + label + " is reserved for standard C2PA assertions");
      }
      copy.put(label, requireJson(label, e.getValue()).clone());
    }
    jsonAssertions = Collections.unmodifiableMap(copy);
    ingredients = checkedIngredients(ingredients);
  }

  /** A spec with digital source type "trained algorithmic media" and no ingredients. */
  public ManifestSpec(
      String title,
      String instanceId,
      SoftwareAgent softwareAgent,
      Map<String, byte[]> jsonAssertions) {
    this(
        title,
        instanceId,
        softwareAgent,
        C2paPng.TRAINED_ALGORITHMIC_MEDIA,
        jsonAssertions,
        List.of());
  }

  /**
   * A spec for a new asset: a fresh instance id, this build of Atelier as software agent, no custom
   * assertions.
   */
  public static ManifestSpec of(String title) {
    return new ManifestSpec(
        title, "xmp:iid:" + UUID.randomUUID(), SoftwareAgent.atelier(), Map.of());
  }

  /** This spec with one more JSON assertion (replacing one with the same label). */
  public ManifestSpec withJsonAssertion(String label, byte[] json) {
    Map<String, byte[]> more = new LinkedHashMap<>(jsonAssertions);
    more.put(label, json);
    return new ManifestSpec(title, instanceId, softwareAgent, digitalSourceType, more, ingredients);
  }

  /** This spec with another software agent. */
  public ManifestSpec withSoftwareAgent(SoftwareAgent agent) {
    return new ManifestSpec(
        title, instanceId, agent, digitalSourceType, jsonAssertions, ingredients);
  }

  /** This spec with another IPTC digital source type (an absolute URI). */
  public ManifestSpec withDigitalSourceType(String type) {
    return new ManifestSpec(title, instanceId, softwareAgent, type, jsonAssertions, ingredients);
  }

  /** This spec with these ingredients, in this order, instead of its own. */
  public ManifestSpec withIngredients(List<Ingredient> list) {
    return new ManifestSpec(
        title, instanceId, softwareAgent, digitalSourceType, jsonAssertions, list);
  }

  /** The parentOf ingredient, if there is one. */
  public Optional<Ingredient> parent() {
    return ingredients.stream()
        .filter(i -> i.relationship() == IngredientRelationship.PARENT_OF)
        .findFirst();
  }

  private static List<Ingredient> checkedIngredients(List<Ingredient> ingredients) {
    List<Ingredient> copy = new ArrayList<>(ingredients.size());
    int parents = 0;
    for (Ingredient in : ingredients) {
      Objects.requireNonNull(in, "ingredient");
      if (in.relationship() == IngredientRelationship.PARENT_OF) {
        parents++;
      }
      copy.add(in);
    }
    if (parents > 1) {
      throw new IllegalArgumentException(
          "A C2PA manifest has at most one parentOf ingredient, not " + parents);
    }
    return List.copyOf(copy);
  }

  private static void requireAbsoluteUri(String value, String what) {
    requireText(value, what);
    try {
      if (!new URI(value).isAbsolute()) {
        throw new IllegalArgumentException("The " + what + " is not an absolute URI: " + value);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("The " + what + " is not a URI: " + value, e);
    }
  }

  private static byte[] requireJson(String label, byte[] json) {
    if (json == null || json.length == 0) {
      throw new IllegalArgumentException("Assertion " + label + " is empty");
    }
    try (var parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("Assertion " + label + " is not a JSON object");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(
            "Assertion " + label + " holds more than one JSON value");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Assertion " + label + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Assertion " + label + " cannot be read as JSON", e);
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("A C2PA manifest needs a " + what);
    }
  }
}
