package dev.atelier.provenance;

import static dev.atelier.provenance.RecordFields.checksumAddress;
import static dev.atelier.provenance.RecordFields.requireChecksumAddress;
import static dev.atelier.provenance.RecordFields.requirePositive;
import static dev.atelier.provenance.RecordFields.requireSha256;
import static dev.atelier.provenance.RecordFields.requireString;
import static dev.atelier.provenance.RecordFields.requireText;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What Atelier states about one image it generated: which pixels and file, made by whom, with which
 * model and settings, derived from which earlier image, under which license, when, by which build.
 * It is what the creator signs (see {@link ProvenanceSignatures}) and what the C2PA manifest
 * carries.
 *
 * <h2>Serialised form</h2>
 *
 * A JSON-LD node of type {@code schema:ImageObject} whose {@code @context} is {@value #CONTEXT}
 * (the file {@code docs/provenance/v1.jsonld}, also on the class path: {@link #contextDocument()}):
 *
 * <pre>{@code
 * {
 *   "@context": "https://atelier.dev/ns/provenance/v1.jsonld",
 *   "@type": "ImageObject",
 *   "sha256": "<PNG file as generated, before any manifest>",
 *   "pixelsSha256": "<raw RGB bytes, see RgbImage.pixelSha256>",
 *   "width": 64, "height": 64,
 *   "digitalSourceType": "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia",
 *   "creator": "0x<EIP-55 address>",
 *   "dateCreated": "2026-11-26T10:00:00Z",
 *   "license": {"identifier": "CC-BY-4.0", "termsSha256": "<terms hash>"},
 *   "model": {"identifier": "atelier-tiny@2", "weightsSha256": "...", "trainingSetRoot": "..."},
 *   "generation": {"prompt": "...", "negativePrompt": "", "seed": "7", "sampler": "ddim",
 *                  "steps": 20, "guidance": 4.5,
 *                  "inputs": [{"role": "start-image", "sha256": "<file>", "strength": 0.6},
 *                             {"role": "lora", "sha256": "<file>", "weight": 0.8}],
 *                  "hires": {"scale": 1.5, "strength": 0.5}},
 *   "isBasedOn": {"pixelsSha256": "<the parent image's pixels>"},
 *   "generator": {"name": "Atelier", "softwareVersion": "0.1.0"}
 * }
 * }</pre>
 *
 * {@code trainingSetRoot}, {@code isBasedOn}, {@code generation.inputs} and {@code
 * generation.hires} are left out when there is none ({@link GenerationInputsJson}). Hashes are 64
 * lowercase hex digits. The seed is a decimal string, since JSON numbers beyond 2^53 do not survive
 * JavaScript (nor JCS). The time is UTC, whole seconds.
 *
 * <p>{@link #toJson()} is the record in RFC 8785 canonical form ({@link Jcs}), and {@link
 * #recordSha256()} the SHA-256 of its UTF-8 bytes: any JCS implementation gets the same hash from
 * the stored JSON. {@link #parse} is strict (unknown or missing fields, non-canonical numbers and
 * times are refused), so that {@code parse(json).toJson()} is the canonical form of {@code json}.
 */
public record ProvenanceRecord(
    String pixelsSha256,
    String fileSha256,
    int width,
    int height,
    String modelId,
    String weightsSha256,
    String trainingSetRoot,
    String prompt,
    String negativePrompt,
    long seed,
    String sampler,
    int steps,
    double guidance,
    String parentPixelsSha256,
    String creator,
    String licenseId,
    String termsSha256,
    Instant createdAt,
    String appVersion,
    List<GenerationInput> inputs,
    HiresPass hires) {

  /** The IRI of the JSON-LD context; it names the version of this format. */
  public static final String CONTEXT = "https://atelier.dev/ns/provenance/v1.jsonld";

  /** The IRI prefix of Atelier's own terms ({@code atelier:}). */
  public static final String VOCABULARY = "https://atelier.dev/ns/provenance/v1#";

  /** IPTC digital source type of an image Atelier generates (from noise or a start picture). */
  public static final String TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

  /**
   * IPTC digital source type of an inpainted image: generated only inside a mask, the rest the
   * start picture's pixels ("the compositing of trained algorithmic media with some other media,
   * such as with inpainting or outpainting operations", in IPTC's words).
   */
  public static final String COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA =
      "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";

  static final String TYPE = "ImageObject";
  static final String GENERATOR_NAME = "Atelier";
  private static final Pattern LICENSE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /**
   * @param pixelsSha256 SHA-256 of the raw pixels (RGB, row-major, no header)
   * @param fileSha256 SHA-256 of the PNG file as generated, before any manifest went in
   * @param trainingSetRoot Merkle root of the model's training images; null when unknown
   * @param negativePrompt empty when none
   * @param guidance classifier-free guidance scale; {@code -0.0} is stored as {@code 0.0}
   * @param parentPixelsSha256 pixels of the image this one was made from; null for a new image
   * @param creator the creator's address, in EIP-55 checksum form
   * @param createdAt UTC, whole seconds
   * @param inputs what the generation started from besides its prompt (start picture, LoRAs), in
   *     the catalog's order; empty for none
   * @param hires the generation's second, larger pass; null for none
   * @throws IllegalArgumentException naming the first field that is not valid
   */
  public ProvenanceRecord {
    requireSha256("pixelsSha256", pixelsSha256);
    requireSha256("fileSha256", fileSha256);
    requirePositive("width", width);
    requirePositive("height", height);
    requireText("model identifier", modelId);
    requireSha256("weightsSha256", weightsSha256);
    if (trainingSetRoot != null) {
      requireSha256("trainingSetRoot", trainingSetRoot);
    }
    requireString("prompt", prompt);
    requireString("negativePrompt", negativePrompt);
    requireText("sampler", sampler);
    requirePositive("steps", steps);
    if (!Double.isFinite(guidance)) {
      throw new IllegalArgumentException("guidance must be a finite number, not " + guidance);
    }
    guidance = guidance + 0.0; // -0.0 becomes 0.0: JSON (and JCS) cannot tell them apart
    if (parentPixelsSha256 != null) {
      requireSha256("isBasedOn.pixelsSha256", parentPixelsSha256);
    }
    requireChecksumAddress(creator);
    requireText("license identifier", licenseId);
    if (!LICENSE_ID.matcher(licenseId).matches()) {
      throw new IllegalArgumentException(
          "license identifier must be an SPDX-style id (letters, digits, '.', '-', '+'), not \""
              + licenseId
              + "\"");
    }
    requireSha256("license termsSha256", termsSha256);
    if (createdAt == null) {
      throw new IllegalArgumentException("dateCreated is missing");
    }
    if (createdAt.getNano() != 0) {
      throw new IllegalArgumentException("dateCreated must be whole seconds, not " + createdAt);
    }
    requireText("generator softwareVersion", appVersion);
    inputs = GenerationInputsJson.checked(inputs);
    hires = GenerationInputsJson.checked(hires);
  }

  /** A record of a generation from its prompt alone: no inputs, no hires pass. */
  public ProvenanceRecord(
      String pixelsSha256,
      String fileSha256,
      int width,
      int height,
      String modelId,
      String weightsSha256,
      String trainingSetRoot,
      String prompt,
      String negativePrompt,
      long seed,
      String sampler,
      int steps,
      double guidance,
      String parentPixelsSha256,
      String creator,
      String licenseId,
      String termsSha256,
      Instant createdAt,
      String appVersion) {
    this(
        pixelsSha256,
        fileSha256,
        width,
        height,
        modelId,
        weightsSha256,
        trainingSetRoot,
        prompt,
        negativePrompt,
        seed,
        sampler,
        steps,
        guidance,
        parentPixelsSha256,
        creator,
        licenseId,
        termsSha256,
        createdAt,
        appVersion,
        List.of(),
        null);
  }

  /**
   * The IPTC digital source type: {@value #COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA} when the
   * generation was inpainted (it has a mask among its inputs), else {@value
   * #TRAINED_ALGORITHMIC_MEDIA}. The C2PA manifest's action says the same.
   */
  public String digitalSourceType() {
    return inputs.stream().anyMatch(i -> i.role() == GenerationInput.Role.MASK)
        ? COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA
        : TRAINED_ALGORITHMIC_MEDIA;
  }

  /** Starts a record from catalog rows. */
  public static Builder builder() {
    return new Builder();
  }

  /** The record as a JSON-LD tree, members in a readable order (not the canonical one). */
  public ObjectNode toJsonLd() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("@context", CONTEXT);
    root.put("@type", TYPE);
    root.put("sha256", fileSha256);
    root.put("pixelsSha256", pixelsSha256);
    root.put("width", width);
    root.put("height", height);
    root.put("digitalSourceType", digitalSourceType());
    root.put("creator", creator);
    root.put("dateCreated", createdAt.toString());
    ObjectNode license = root.putObject("license");
    license.put("identifier", licenseId);
    license.put("termsSha256", termsSha256);
    ObjectNode model = root.putObject("model");
    model.put("identifier", modelId);
    model.put("weightsSha256", weightsSha256);
    if (trainingSetRoot != null) {
      model.put("trainingSetRoot", trainingSetRoot);
    }
    ObjectNode generation = root.putObject("generation");
    generation.put("prompt", prompt);
    generation.put("negativePrompt", negativePrompt);
    generation.put("seed", Long.toString(seed));
    generation.put("sampler", sampler);
    generation.put("steps", steps);
    generation.put("guidance", guidance);
    GenerationInputsJson.write(generation, inputs, hires);
    if (parentPixelsSha256 != null) {
      root.putObject("isBasedOn").put("pixelsSha256", parentPixelsSha256);
    }
    ObjectNode generator = root.putObject("generator");
    generator.put("name", GENERATOR_NAME);
    generator.put("softwareVersion", appVersion);
    return root;
  }

  /** The record in RFC 8785 canonical form: what is stored, embedded and hashed. */
  public String toJson() {
    return Jcs.canonicalize(toJsonLd());
  }

  /** SHA-256 of the canonical form's UTF-8 bytes, 64 lowercase hex digits. */
  public String recordSha256() {
    return Jcs.sha256(toJsonLd());
  }

  /**
   * Reads a record from JSON (canonical or not: member order and whitespace do not matter).
   *
   * @throws InvalidProvenanceException saying which field is missing or wrong, or that the text is
   *     not JSON
   */
  public static ProvenanceRecord parse(String json) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidProvenanceException(
          "Not a provenance record: the text is not valid JSON (" + e.getOriginalMessage() + ")",
          e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidProvenanceException("Not a provenance record: the text is empty");
    }
    return fromJsonLd(tree);
  }

  /**
   * Reads a record from a JSON tree.
   *
   * @throws InvalidProvenanceException saying which field is missing or wrong
   */
  public static ProvenanceRecord fromJsonLd(JsonNode root) {
    return ProvenanceJsonReader.read(root);
  }

  /** The JSON-LD context document ({@code docs/provenance/v1.jsonld}). */
  public static String contextDocument() {
    try (InputStream in = ProvenanceRecord.class.getResourceAsStream("v1.jsonld")) {
      if (in == null) {
        throw new IllegalStateException(
            "The provenance context v1.jsonld is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills a record from catalog rows; {@link #build()} checks that they belong together. */
  public static final class Builder {
    private Generation generation;
    private Asset asset;
    private ModelEntry model;
    private Asset parent;
    private License license;
    private String creator;
    private String appVersion;
    private Instant createdAt;
    private List<GenerationInput> inputs = List.of();
    private HiresPass hires;

    private Builder() {}

    /** Prompt, negative prompt, sampler, steps and guidance. */
    public Builder generation(Generation generation) {
      this.generation = generation;
      return this;
    }

    /** Pixel and file hashes, seed, size: the kept variant. */
    public Builder asset(Asset asset) {
      this.asset = asset;
      return this;
    }

    /** Model id, weights hash, training-set root. */
    public Builder model(ModelEntry model) {
      this.model = model;
      return this;
    }

    /** The asset this one was made from (required when the asset names a parent). */
    public Builder parent(Asset parent) {
      this.parent = parent;
      return this;
    }

    /** What the generation started from, as the catalog gives it; empty (the default) for none. */
    public Builder inputs(List<GenerationInput> inputs) {
      this.inputs = inputs;
      return this;
    }

    /** The generation's hires pass; null (the default) for none. */
    public Builder hires(HiresPass hires) {
      this.hires = hires;
      return this;
    }

    /** License id and terms hash. */
    public Builder license(License license) {
      this.license = license;
      return this;
    }

    /** The creator's address, in any letter case (a mixed-case one must be a valid checksum). */
    public Builder creator(String address) {
      this.creator = address;
      return this;
    }

    /** The version of Atelier writing the record ({@code AppInfo.version()}). */
    public Builder appVersion(String appVersion) {
      this.appVersion = appVersion;
      return this;
    }

    /** The record's time, cut to whole seconds. */
    public Builder createdAt(Instant time) {
      this.createdAt = time.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /** The record's time: now on {@code clock}, cut to whole seconds. */
    public Builder createdAt(Clock clock) {
      return createdAt(clock.instant());
    }

    /**
     * The record.
     *
     * @throws IllegalArgumentException when something is missing, the rows do not belong together
     *     (asset of another generation, generation of another model, wrong parent) or the asset has
     *     no file yet
     */
    public ProvenanceRecord build() {
      require(generation, "generation");
      require(asset, "asset");
      require(model, "model");
      require(license, "license");
      require(creator, "creator");
      require(appVersion, "app version");
      require(createdAt, "time");
      if (asset.generationId() != generation.id()) {
        throw new IllegalArgumentException(
            "Asset "
                + asset.id()
                + " belongs to generation "
                + asset.generationId()
                + ", not "
                + generation.id());
      }
      if (!generation.modelId().equals(model.id())) {
        throw new IllegalArgumentException(
            "Generation "
                + generation.id()
                + " used model "
                + generation.modelId()
                + ", not "
                + model.id());
      }
      if (asset.fileSha256() == null) {
        throw new IllegalArgumentException(
            "Asset " + asset.id() + " has no file yet: provenance covers a written PNG");
      }
      String parentPixels = null;
      if (asset.parentAssetId() != null) {
        if (parent == null || parent.id() != asset.parentAssetId()) {
          throw new IllegalArgumentException(
              "Asset "
                  + asset.id()
                  + " was made from asset "
                  + asset.parentAssetId()
                  + ": pass that asset as the parent"
                  + (parent == null ? "" : ", not asset " + parent.id()));
        }
        parentPixels = parent.pixelSha256();
      } else if (parent != null) {
        throw new IllegalArgumentException(
            "Asset " + asset.id() + " names no parent, but asset " + parent.id() + " was given");
      }
      return new ProvenanceRecord(
          asset.pixelSha256(),
          asset.fileSha256(),
          asset.width(),
          asset.height(),
          model.id(),
          model.weightsSha256(),
          model.trainingSetRoot(),
          generation.prompt(),
          generation.negativePrompt() == null ? "" : generation.negativePrompt(),
          asset.seed(),
          generation.sampler(),
          generation.steps(),
          generation.guidance(),
          parentPixels,
          checksumAddress(creator),
          license.id(),
          license.termsSha256(),
          createdAt,
          appVersion,
          inputs,
          hires);
    }

    private static void require(Object value, String what) {
      if (value == null) {
        throw new IllegalArgumentException("A provenance record needs the " + what);
      }
    }
  }
}
