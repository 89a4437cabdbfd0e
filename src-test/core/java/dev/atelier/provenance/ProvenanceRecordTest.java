package dev.atelier.provenance;

import static dev.atelier.provenance.ProvenanceFixtures.ADDRESS_0;
import static dev.atelier.provenance.ProvenanceFixtures.T0;
import static dev.atelier.provenance.ProvenanceFixtures.hex64;
import static dev.atelier.provenance.ProvenanceFixtures.minimal;
import static dev.atelier.provenance.ProvenanceFixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.hashing.Hashes;
import dev.atelier.license.Licenses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProvenanceRecordTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The fixture record in canonical form: pins the published format. */
  static final String CANONICAL =
      "{\"@context\":\"https://atelier.dev/ns/provenance/v1.jsonld\",\"@type\":\"ImageObject\","
          + "\"creator\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\","
          + "\"dateCreated\":\"2026-11-26T10:00:00Z\","
          + "\"digitalSourceType\":"
          + "\"http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia\","
          + "\"generation\":{\"guidance\":7.5,\"negativePrompt\":\"blurry\","
          + "\"prompt\":\"sunset über dem Meer ✨ in \\\"ember\\\" colours\\nsecond line 😀\","
          + "\"sampler\":\"dpmpp-2m-karras\",\"seed\":\"-9007199254740993\",\"steps\":20},"
          + "\"generator\":{\"name\":\"Atelier\",\"softwareVersion\":\"0.1.0-SNAPSHOT\"},"
          + "\"height\":48,"
          + "\"isBasedOn\":{\"pixelsSha256\":"
          + "\"000000000000000000000000000000000000000000000000000000000000beef\"},"
          + "\"license\":{\"identifier\":\"CC-BY-4.0\",\"termsSha256\":"
          + "\"4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46\"},"
          + "\"model\":{\"identifier\":\"atelier-tiny@2\",\"trainingSetRoot\":"
          + "\"414247280e502ef3865c0bdf3227f7c0395e43a8205f4186f3c5fbbacd0e4841\","
          + "\"weightsSha256\":"
          + "\"9c7cffb235a289a2105b6e70bd6624d980ff6636fe5fe6a18256ccd024ba3b10\"},"
          + "\"pixelsSha256\":"
          + "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
          + "\"sha256\":\"000000000000000000000000000000000000000000000000000000000000f11e\","
          + "\"width\":64}";

  // ---- building from catalog rows

  private static final ModelEntry MODEL =
      new ModelEntry(
          "atelier-tiny@2",
          "atelier-tiny",
          "2",
          "builtin",
          hex64(1),
          hex64(2),
          "CC0-1.0",
          "/models/atelier-tiny",
          T0);

  private static final Generation GENERATION =
      new Generation(
          12,
          "atelier-tiny@2",
          "waves in ocean colours",
          "",
          100,
          "ddim",
          25,
          3.5,
          64,
          64,
          4,
          Generation.Status.DONE,
          T0,
          T0);

  private static Asset asset(long id, int variant, Long parent) {
    return new Asset(
        id,
        12,
        variant,
        100 + variant,
        64,
        64,
        hex64(300 + variant),
        "/out/x.png",
        hex64(400 + variant),
        true,
        parent,
        T0);
  }

  private static ProvenanceRecord.Builder builder() {
    return ProvenanceRecord.builder()
        .generation(GENERATION)
        .asset(asset(31, 2, null))
        .model(MODEL)
        .license(Licenses.builtIn("CC-BY-SA-4.0").orElseThrow())
        .creator(ADDRESS_0.toLowerCase())
        .appVersion("1.2.3")
        .createdAt(Clock.fixed(Instant.parse("2026-11-26T10:00:00.987Z"), ZoneOffset.UTC));
  }

  @Test
  void builtFromCatalogRows() {
    ProvenanceRecord r = builder().build();
    License sa = Licenses.builtIn("CC-BY-SA-4.0").orElseThrow();
    assertThat(r)
        .isEqualTo(
            new ProvenanceRecord(
                hex64(302),
                hex64(402),
                64,
                64,
                "atelier-tiny@2",
                hex64(1),
                hex64(2),
                "waves in ocean colours",
                "",
                102, // the variant's own seed, not the generation's first one
                "ddim",
                25,
                3.5,
                null,
                ADDRESS_0, // EIP-55 form
                "CC-BY-SA-4.0",
                sa.termsSha256(),
                T0, // whole seconds
                "1.2.3"));
    assertThat(r.digitalSourceType())
        .isEqualTo("http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
  }

  @Test
  void anEditNamesItsParentByPixels() {
    Asset parent = asset(30, 0, null);
    ProvenanceRecord r = builder().asset(asset(31, 2, 30L)).parent(parent).build();
    assertThat(r.parentPixelsSha256()).isEqualTo(parent.pixelSha256());
    assertThat(r.toJsonLd().path("isBasedOn").path("pixelsSha256").asText()).isEqualTo(hex64(300));
  }

  @Test
  void rowsThatDoNotBelongTogetherAreRefused() {
    assertFails(
        builder().asset(new Asset(31, 13, 0, 1, 64, 64, hex64(1), "/f", hex64(2), true, null, T0)),
        "Asset 31 belongs to generation 13, not 12");
    assertFails(
        builder()
            .model(
                new ModelEntry(
                    "sd15@1", "sd15", "1", "torchscript-sd", hex64(1), null, "x", "/m", T0)),
        "Generation 12 used model atelier-tiny@2, not sd15@1");
    assertFails(
        builder().asset(new Asset(31, 12, 0, 1, 64, 64, hex64(1), null, null, false, null, T0)),
        "Asset 31 has no file yet: provenance covers a written PNG");
    assertFails(
        builder().asset(asset(31, 2, 30L)),
        "Asset 31 was made from asset 30: pass that asset as the parent");
    assertFails(
        builder().asset(asset(31, 2, 30L)).parent(asset(29, 0, null)),
        "Asset 31 was made from asset 30: pass that asset as the parent, not asset 29");
    assertFails(
        builder().parent(asset(29, 0, null)), "Asset 31 names no parent, but asset 29 was given");
    assertFails(builder().license(null), "A provenance record needs the license");
    assertFails(
        builder().creator("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
        "creator 0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266 has a wrong EIP-55 checksum (a typo?);"
            + " expected 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    assertFails(
        builder().creator("0x1234"),
        "creator must be an Ethereum address (0x and 40 hex digits), not 0x1234");
  }

  private static void assertFails(ProvenanceRecord.Builder b, String message) {
    assertThatThrownBy(b::build).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  // ---- the serialised form

  @Test
  void canonicalJsonIsTheDocumentedShape() {
    assertThat(record().toJson()).isEqualTo(CANONICAL);
    assertThat(record().recordSha256())
        .isEqualTo(Hashes.sha256Hex(CANONICAL.getBytes(StandardCharsets.UTF_8)));
    JsonNode ld = record().toJsonLd();
    assertThat(ld.path("@context").asText()).isEqualTo(ProvenanceRecord.CONTEXT);
    assertThat(ld.path("@context").asText())
        .isEqualTo("https://atelier.dev/ns/provenance/v1.jsonld");
    assertThat(ld.path("generation").path("seed").isTextual()).isTrue();
    assertThat(minimal().toJsonLd().has("isBasedOn")).isFalse();
    assertThat(minimal().toJsonLd().path("model").has("trainingSetRoot")).isFalse();
    assertThat(minimal().toJson()).contains("\"guidance\":4,");
  }

  @Test
  void parsingGivesBackTheSameRecordWhateverTheLayout() throws Exception {
    for (ProvenanceRecord r : List.of(record(), minimal())) {
      assertThat(ProvenanceRecord.parse(r.toJson())).isEqualTo(r);
      String pretty = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r.toJsonLd());
      assertThat(pretty).isNotEqualTo(r.toJson());
      ProvenanceRecord back = ProvenanceRecord.parse(pretty);
      assertThat(back).isEqualTo(r);
      assertThat(back.toJson()).isEqualTo(r.toJson());
      assertThat(back.recordSha256()).isEqualTo(r.recordSha256());
      assertThat(Jcs.sha256(JSON.readTree(pretty))).isEqualTo(r.recordSha256());
    }
    // JSON that differs only in number spelling is the same record with the same hash.
    String spelled = record().toJson().replace("\"width\":64", "\"width\":6.4e1");
    assertThat(ProvenanceRecord.parse(spelled)).isEqualTo(record());
  }

  @Test
  void negativeZeroGuidanceIsZero() {
    ProvenanceRecord r = withGeneration(record(), g -> g.put("guidance", -0.0));
    assertThat(Double.doubleToRawLongBits(r.guidance())).isZero();
    assertThat(ProvenanceRecord.parse(r.toJson())).isEqualTo(r);
  }

  @Test
  void everyFieldIsPartOfTheHash() {
    ProvenanceRecord r = record();
    List<ProvenanceRecord> changed = new ArrayList<>();
    changed.add(withRoot(r, o -> o.put("sha256", hex64(1))));
    changed.add(withRoot(r, o -> o.put("pixelsSha256", hex64(2))));
    changed.add(withRoot(r, o -> o.put("width", 65)));
    changed.add(withRoot(r, o -> o.put("height", 49)));
    changed.add(withRoot(r, o -> o.put("creator", ProvenanceFixtures.ADDRESS_1)));
    changed.add(withRoot(r, o -> o.put("dateCreated", "2026-11-26T10:00:01Z")));
    changed.add(withRoot(r, o -> o.with("license").put("identifier", "CC0-1.0")));
    changed.add(withRoot(r, o -> o.with("license").put("termsSha256", hex64(3))));
    changed.add(withRoot(r, o -> o.with("model").put("identifier", "atelier-tiny@1")));
    changed.add(withRoot(r, o -> o.with("model").put("weightsSha256", hex64(4))));
    changed.add(withRoot(r, o -> o.with("model").put("trainingSetRoot", hex64(5))));
    changed.add(withRoot(r, o -> o.with("model").remove("trainingSetRoot")));
    changed.add(withGeneration(r, g -> g.put("prompt", r.prompt() + " ")));
    changed.add(withGeneration(r, g -> g.put("negativePrompt", "")));
    changed.add(withGeneration(r, g -> g.put("seed", "-9007199254740992")));
    changed.add(withGeneration(r, g -> g.put("sampler", "ddim")));
    changed.add(withGeneration(r, g -> g.put("steps", 21)));
    changed.add(withGeneration(r, g -> g.put("guidance", 7.500000000000001)));
    changed.add(withRoot(r, o -> o.with("isBasedOn").put("pixelsSha256", hex64(6))));
    changed.add(withRoot(r, o -> o.remove("isBasedOn")));
    changed.add(withRoot(r, o -> o.with("generator").put("softwareVersion", "0.1.1")));
    Set<String> hashes = new HashSet<>();
    hashes.add(r.recordSha256());
    for (ProvenanceRecord c : changed) {
      assertThat(c).isNotEqualTo(r);
      assertThat(hashes.add(c.recordSha256())).as(c.toJson()).isTrue();
    }
  }

  // ---- parse errors

  @Test
  void missingFieldsAreNamed() {
    assertInvalid(o -> o.remove("sha256"), "Invalid provenance record: sha256 is missing");
    assertInvalid(
        o -> o.with("generation").remove("seed"),
        "Invalid provenance record: generation.seed is missing");
    assertInvalid(o -> o.remove("license"), "Invalid provenance record: license is missing");
    assertInvalid(
        o -> o.with("model").putNull("weightsSha256"),
        "Invalid provenance record: model.weightsSha256 is missing");
    assertInvalid(o -> o.remove("@context"), "Invalid provenance record: @context is missing");
  }

  @Test
  void wrongValuesAreNamed() {
    assertInvalid(
        o -> o.put("pixelsSha256", "ABC"),
        "Invalid provenance record: pixelsSha256 must be a SHA-256 as 64 lowercase hex digits,"
            + " not \"ABC\"");
    assertInvalid(
        o -> o.put("pixelsSha256", hex64(0xabc).toUpperCase()),
        "Invalid provenance record: pixelsSha256 must be a SHA-256 as 64 lowercase hex digits,"
            + " not \""
            + hex64(0xabc).toUpperCase()
            + "\"");
    assertInvalid(
        o -> o.put("width", "64"),
        "Invalid provenance record: width must be a whole number, not \"64\"");
    assertInvalid(
        o -> o.put("width", 64.5),
        "Invalid provenance record: width must be a whole number, not 64.5");
    assertInvalid(
        o -> o.put("height", 0), "Invalid provenance record: height must be at least 1, not 0");
    assertInvalid(
        o -> o.put("width", 4294967360L),
        "Invalid provenance record: width must be a whole number, not 4294967360");
    assertInvalid(
        o -> o.with("generation").put("seed", 7),
        "Invalid provenance record: generation.seed must be a string, not number");
    assertInvalid(
        o -> o.with("generation").put("seed", "007"),
        "Invalid provenance record: generation.seed must be written \"7\", not \"007\"");
    assertInvalid(
        o -> o.with("generation").put("seed", "18446744073709551617"),
        "Invalid provenance record: generation.seed must be a whole number as a decimal string,"
            + " not \"18446744073709551617\"");
    assertInvalid(
        o -> o.with("generation").put("guidance", "7.5"),
        "Invalid provenance record: generation.guidance must be a number, not string");
    assertInvalid(
        o -> o.put("dateCreated", "2026-11-26T10:00:00.5Z"),
        "Invalid provenance record: dateCreated must be UTC in whole seconds (like"
            + " 2026-11-26T10:00:00Z), not 2026-11-26T10:00:00.5Z");
    assertInvalid(
        o -> o.put("dateCreated", "2026-11-26T11:00:00+01:00"),
        "Invalid provenance record: dateCreated must be UTC in whole seconds (like"
            + " 2026-11-26T10:00:00Z), not 2026-11-26T11:00:00+01:00");
    assertInvalid(
        o -> o.put("dateCreated", "yesterday"),
        "Invalid provenance record: dateCreated must be an ISO-8601 UTC time like"
            + " 2026-11-26T10:00:00Z, not yesterday");
    assertInvalid(
        o -> o.put("creator", ADDRESS_0.toLowerCase()),
        "Invalid provenance record: creator must be in EIP-55 checksum form: "
            + ADDRESS_0
            + ", not "
            + ADDRESS_0.toLowerCase());
    assertInvalid(
        o -> o.with("license").put("identifier", "CC BY 4.0"),
        "Invalid provenance record: license identifier must be an SPDX-style id (letters, digits,"
            + " '.', '-', '+'), not \"CC BY 4.0\"");
    assertInvalid(
        o -> o.put("license", "CC-BY-4.0"),
        "Invalid provenance record: license. must be a JSON object, not string");
  }

  @Test
  void otherFormatsAndExtraFieldsAreRefused() {
    assertInvalid(
        o -> o.put("@context", "https://atelier.dev/ns/provenance/v2.jsonld"),
        "Invalid provenance record: @context must be \"https://atelier.dev/ns/provenance/v1.jsonld\""
            + " (this build reads version 1), not https://atelier.dev/ns/provenance/v2.jsonld");
    assertInvalid(
        o -> o.put("@type", "Photograph"),
        "Invalid provenance record: @type must be \"ImageObject\"");
    assertInvalid(
        o ->
            o.put(
                "digitalSourceType",
                "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"),
        "Invalid provenance record: digitalSourceType must be"
            + " http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
    assertInvalid(
        o -> {
          o.put("comment", "x");
          o.with("generation").put("scheduler", "y");
        },
        "Invalid provenance record: unknown field comment");
    assertInvalid(
        o -> o.with("generation").put("scheduler", "y"),
        "Invalid provenance record: unknown field generation.scheduler");
    assertInvalid(
        o -> o.with("generator").put("name", "Other"),
        "Invalid provenance record: generator.name must be \"Atelier\"");
    assertThatThrownBy(() -> ProvenanceRecord.parse("not json"))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessageStartingWith("Not a provenance record: the text is not valid JSON");
    assertThatThrownBy(() -> ProvenanceRecord.parse(""))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessage("Not a provenance record: the text is empty");
    assertThatThrownBy(() -> ProvenanceRecord.parse("[1]"))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessage("Invalid provenance record: it must be a JSON object, not array");
    String duplicate = record().toJson().replaceFirst("\\{", "{\"width\":65,");
    assertThatThrownBy(() -> ProvenanceRecord.parse(duplicate))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessageContaining("Duplicate field 'width'");
  }

  // ---- the published context

  @Test
  void theContextDefinesEveryTermARecordUses() throws Exception {
    JsonNode context = JSON.readTree(ProvenanceRecord.contextDocument()).path("@context");
    assertThat(context.path("atelier").asText()).isEqualTo(ProvenanceRecord.VOCABULARY);
    assertThat(context.path("schema").asText()).isEqualTo("https://schema.org/");
    assertThat(context.path("@protected").asBoolean()).isTrue();
    Set<String> used = new HashSet<>();
    collectKeys(record().toJsonLd(), used);
    collectKeys(ProvenanceFixtures.withInputs().toJsonLd(), used);
    used.add(record().toJsonLd().path("@type").asText());
    used.removeIf(k -> k.startsWith("@"));
    for (String term : used) {
      JsonNode definition = context.path(term);
      assertThat(definition.isMissingNode()).as("term " + term).isFalse();
      String iri = definition.isTextual() ? definition.asText() : definition.path("@id").asText();
      assertThat(iri).as(term).matches("(atelier|schema|Iptc4xmpExt):[A-Za-z0-9]+");
    }
    // Nothing defined that no record uses.
    Set<String> defined = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = context.fields(); it.hasNext(); ) {
      String key = it.next().getKey();
      if (!key.startsWith("@")
          && !Set.of("atelier", "schema", "Iptc4xmpExt", "xsd").contains(key)) {
        defined.add(key);
      }
    }
    assertThat(defined).isEqualTo(used);
    assertThat(context.path("digitalSourceType").path("@id").asText())
        .isEqualTo("Iptc4xmpExt:DigitalSourceType");
    assertThat(context.path("creator").asText()).isEqualTo("schema:creator");
    assertThat(context.path("license").asText()).isEqualTo("schema:license");
    assertThat(context.path("dateCreated").path("@id").asText()).isEqualTo("schema:dateCreated");
  }

  @Test
  void theClassPathContextIsThePublishedFile() throws Exception {
    Path published =
        Path.of(System.getProperty("atelier.tools"))
            .resolve("../../docs/provenance/v1.jsonld")
            .normalize();
    assertThat(ProvenanceRecord.contextDocument()).isEqualTo(Files.readString(published));
  }

  private static void collectKeys(JsonNode node, Set<String> keys) {
    if (node.isArray()) {
      node.forEach(element -> collectKeys(element, keys));
    } else if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                keys.add(e.getKey());
                collectKeys(e.getValue(), keys);
              });
    }
  }

  // ---- helpers

  private static void assertInvalid(Consumer<ObjectNode> change, String message) {
    ObjectNode tree = record().toJsonLd();
    change.accept(tree);
    String json = tree.toString();
    assertThatThrownBy(() -> ProvenanceRecord.parse(json))
        .isInstanceOf(InvalidProvenanceException.class)
        .hasMessage(message);
  }

  static ProvenanceRecord withRoot(ProvenanceRecord r, Consumer<ObjectNode> change) {
    ObjectNode tree = r.toJsonLd();
    change.accept(tree);
    return ProvenanceRecord.fromJsonLd(tree);
  }

  static ProvenanceRecord withGeneration(ProvenanceRecord r, Consumer<ObjectNode> change) {
    return withRoot(r, o -> change.accept(o.with("generation")));
  }
}
