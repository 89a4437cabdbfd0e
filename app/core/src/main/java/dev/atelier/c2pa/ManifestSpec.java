package dev.atelier.c2pa;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.AppInfo;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What goes into the C2PA manifest of one PNG besides what {@link C2paPng#embed} adds itself (the
 * {@code c2pa.created} action with digital source type "trained algorithmic media", the data hash,
 * the claim generator, the signature).
 *
 * <p>The asset's format is always {@code image/png}; a version 2 claim does not record it.
 *
 * @param title the asset's title ({@code dc:title} of the claim)
 * @param instanceId the asset's XMP instance id, {@code xmp:iid:<uuid>}
 * @param softwareAgent the software that made the image, on the {@code c2pa.created} action
 * @param jsonAssertions further assertions, label to JSON (UTF-8), embedded byte for byte, in this
 *     order, e.g. {@code dev.atelier.provenance}
 */
public record ManifestSpec(
    String title,
    String instanceId,
    SoftwareAgent softwareAgent,
    Map<String, byte[]> jsonAssertions) {

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
    return new ManifestSpec(title, instanceId, softwareAgent, more);
  }

  /** This spec with another software agent. */
  public ManifestSpec withSoftwareAgent(SoftwareAgent agent) {
    return new ManifestSpec(title, instanceId, agent, jsonAssertions);
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
