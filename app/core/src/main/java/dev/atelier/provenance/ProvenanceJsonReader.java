package dev.atelier.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link ProvenanceRecord} from its JSON-LD tree, strictly: unknown or missing members,
 * wrong types, non-canonical numbers and times are refused, each error naming the member by its
 * path ({@code generation.seed}).
 */
final class ProvenanceJsonReader {

  private ProvenanceJsonReader() {}

  /**
   * The record in {@code root}.
   *
   * @throws InvalidProvenanceException saying which field is missing or wrong
   */
  static ProvenanceRecord read(JsonNode root) {
    try {
      Reader r = header(root);
      Reader license = r.object("license");
      license.only("identifier", "termsSha256");
      Reader model = r.object("model");
      model.only("identifier", "weightsSha256", "trainingSetRoot");
      Reader generation = r.object("generation");
      generation.only(
          "prompt", "negativePrompt", "seed", "sampler", "steps", "guidance", "inputs", "hires");
      String parent = null;
      if (r.has("isBasedOn")) {
        Reader isBasedOn = r.object("isBasedOn");
        isBasedOn.only("pixelsSha256");
        parent = isBasedOn.string("pixelsSha256");
      }
      Reader generator = r.object("generator");
      generator.only("name", "softwareVersion");
      if (!generator.string("name").equals(ProvenanceRecord.GENERATOR_NAME)) {
        throw generator.invalid("name", "must be \"" + ProvenanceRecord.GENERATOR_NAME + "\"");
      }
      ProvenanceRecord record =
          new ProvenanceRecord(
              r.string("pixelsSha256"),
              r.string("sha256"),
              r.integer("width"),
              r.integer("height"),
              model.string("identifier"),
              model.string("weightsSha256"),
              model.has("trainingSetRoot") ? model.string("trainingSetRoot") : null,
              generation.string("prompt"),
              generation.string("negativePrompt"),
              generation.seed("seed"),
              generation.string("sampler"),
              generation.integer("steps"),
              generation.number("guidance"),
              parent,
              r.string("creator"),
              license.string("identifier"),
              license.string("termsSha256"),
              r.time("dateCreated"),
              generator.string("softwareVersion"),
              GenerationInputsJson.readInputs(generation),
              GenerationInputsJson.readHires(generation));
      // What the inputs make the picture: generated, or generated into another (inpainting).
      if (!r.string("digitalSourceType").equals(record.digitalSourceType())) {
        throw r.invalid("digitalSourceType", "must be " + record.digitalSourceType());
      }
      return record;
    } catch (InvalidProvenanceException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidProvenanceException("Invalid provenance record: " + e.getMessage(), e);
    }
  }

  /** The root's members, checked: only the known ones, this version's context, the type. */
  private static Reader header(JsonNode root) {
    Reader r = new Reader(root, "");
    r.only(
        "@context",
        "@type",
        "sha256",
        "pixelsSha256",
        "width",
        "height",
        "digitalSourceType",
        "creator",
        "dateCreated",
        "license",
        "model",
        "generation",
        "isBasedOn",
        "generator");
    String context = r.string("@context");
    if (!context.equals(ProvenanceRecord.CONTEXT)) {
      throw r.invalid(
          "@context",
          "must be \""
              + ProvenanceRecord.CONTEXT
              + "\" (this build reads version 1), not "
              + context);
    }
    if (!r.string("@type").equals(ProvenanceRecord.TYPE)) {
      throw r.invalid("@type", "must be \"" + ProvenanceRecord.TYPE + "\"");
    }
    return r;
  }

  /** Reads the members of one JSON object, naming them by path in errors. */
  static final class Reader {
    private final JsonNode node;
    private final String path;

    Reader(JsonNode node, String path) {
      if (!node.isObject()) {
        throw new InvalidProvenanceException(
            "Invalid provenance record: "
                + (path.isEmpty() ? "it" : path)
                + " must be a JSON object, not "
                + kind(node));
      }
      this.node = node;
      this.path = path;
    }

    void only(String... names) {
      Set<String> allowed = Set.of(names);
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          unknown.add(path + name);
        }
      }
      if (!unknown.isEmpty()) {
        throw new InvalidProvenanceException(
            "Invalid provenance record: unknown field"
                + (unknown.size() > 1 ? "s " : " ")
                + String.join(", ", unknown));
      }
    }

    boolean has(String name) {
      return node.has(name);
    }

    JsonNode get(String name) {
      JsonNode value = node.get(name);
      if (value == null || value.isNull()) {
        throw new InvalidProvenanceException(
            "Invalid provenance record: " + path + name + " is missing");
      }
      return value;
    }

    Reader object(String name) {
      return new Reader(get(name), path + name + ".");
    }

    /** The elements of array {@code name}, each a JSON object, named {@code name[i]}. */
    List<Reader> objects(String name) {
      JsonNode value = get(name);
      if (!value.isArray()) {
        throw invalid(name, "must be an array, not " + kind(value));
      }
      List<Reader> elements = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        elements.add(new Reader(value.get(i), path + name + "[" + i + "]."));
      }
      return elements;
    }

    String string(String name) {
      JsonNode value = get(name);
      if (!value.isTextual()) {
        throw invalid(name, "must be a string, not " + kind(value));
      }
      return value.textValue();
    }

    int integer(String name) {
      JsonNode value = get(name);
      if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
        throw invalid(name, "must be a whole number, not " + value);
      }
      return value.intValue();
    }

    double number(String name) {
      JsonNode value = get(name);
      if (!value.isNumber()) {
        throw invalid(name, "must be a number, not " + kind(value));
      }
      return value.doubleValue();
    }

    long seed(String name) {
      String text = string(name);
      long seed;
      try {
        seed = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw invalid(name, "must be a whole number as a decimal string, not \"" + text + "\"");
      }
      if (!Long.toString(seed).equals(text)) {
        throw invalid(name, "must be written \"" + seed + "\", not \"" + text + "\"");
      }
      return seed;
    }

    Instant time(String name) {
      String text = string(name);
      Instant time;
      try {
        time = Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid(name, "must be an ISO-8601 UTC time like 2026-11-26T10:00:00Z, not " + text);
      }
      if (!time.toString().equals(text)) {
        throw invalid(
            name,
            "must be UTC in whole seconds (like "
                + time.truncatedTo(ChronoUnit.SECONDS)
                + "), not "
                + text);
      }
      return time;
    }

    InvalidProvenanceException invalid(String name, String problem) {
      return new InvalidProvenanceException(
          "Invalid provenance record: " + path + name + " " + problem);
    }

    private static String kind(JsonNode value) {
      return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
