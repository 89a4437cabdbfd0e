package dev.atelier.content;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.c2pa.C2paException;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.catalog.License;
import dev.atelier.hashing.Hashes;
import dev.atelier.provenance.Jcs;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceSignatures;

/**
 * The token metadata of one signed image: the JSON an ERC-721 {@code tokenURI} points to, in the
 * shape marketplaces read (OpenSea's metadata standard), with Atelier's license and provenance.
 *
 * <pre>{@code
 * {
 *   "name": "sunset over the sea in ember colours",
 *   "description": "sunset over the sea in ember colours\n\nGenerated with Atelier by 0xf39F…",
 *   "image": "ipfs://bafkrei…",            // CID of the PNG as signed (with its C2PA manifest)
 *   "attributes": [
 *     {"trait_type": "Model", "value": "atelier-tiny@2"},
 *     {"trait_type": "Sampler", "value": "ddim"},
 *     {"display_type": "number", "trait_type": "Steps", "value": 20},
 *     {"display_type": "number", "trait_type": "Guidance", "value": 4.5},
 *     {"trait_type": "Seed", "value": "7"},   // a string: seeds are 64-bit
 *     {"trait_type": "Size", "value": "64x64"},
 *     {"trait_type": "License", "value": "CC-BY-4.0"}
 *   ],
 *   "license": {"id": "CC-BY-4.0", "name": "Creative Commons Attribution 4.0", "termsSha256": "…"},
 *   "provenance": {
 *     "record": { …the JSON-LD provenance record (ProvenanceRecord.toJsonLd())… },
 *     "recordSha256": "…",
 *     "eip712": {"chainId": 31337, "signature": "0x…"}
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #bytes()} is that JSON in RFC 8785 canonical form ({@link Jcs}: members sorted, no
 * whitespace), so the same asset, signature and name always give the same bytes and so the same
 * {@link #cid()}, whoever computes it. Both the image and the metadata are addressed as raw blocks
 * ({@link Cid}).
 *
 * <p>{@link #of} refuses inputs that do not belong together: a signature that is not the creator's
 * on this record and chain, license terms other than the record's, or an image whose bytes (without
 * the manifest) are not the file the record describes.
 *
 * @param name the token's name (by default the prompt's first line, shortened)
 * @param description the token's description, for people
 * @param image the CID of the signed PNG
 * @param record the signed provenance record
 * @param signature the creator's EIP-712 signature of the record, {@code 0x}-prefixed hex
 * @param chainId the chain the signature is for
 * @param licenseId the license's id, as in the record
 * @param licenseName the license's name, for people
 * @param termsSha256 SHA-256 of the license terms, as in the record
 */
public record TokenMetadata(
    String name,
    String description,
    Cid image,
    ProvenanceRecord record,
    String signature,
    long chainId,
    String licenseId,
    String licenseName,
    String termsSha256) {

  /** The longest default name, in characters; longer prompts are cut and end in an ellipsis. */
  public static final int MAX_DEFAULT_NAME = 80;

  public TokenMetadata {
    requireText("name", name);
    requireText("description", description);
    if (image == null || record == null) {
      throw new IllegalArgumentException("The image CID and the provenance record are required");
    }
    requireText("signature", signature);
    requireText("license name", licenseName);
    if (chainId <= 0) {
      throw new IllegalArgumentException("A chain id is a positive number, not " + chainId);
    }
    if (!record.licenseId().equals(licenseId) || !record.termsSha256().equals(termsSha256)) {
      throw new IllegalArgumentException(
          "The license "
              + licenseId
              + " (terms "
              + termsSha256
              + ") is not the one the record was signed with: "
              + record.licenseId()
              + " (terms "
              + record.termsSha256()
              + ")");
    }
  }

  /**
   * The metadata of a signed image, with the default name and description.
   *
   * @param record the provenance record that was signed
   * @param signature the creator's EIP-712 signature of it for {@code chainId}
   * @param chainId the chain the signature is for
   * @param license the license terms the record names
   * @param signedImage the PNG as signed: the generated file with the C2PA manifest in it
   * @throws IllegalArgumentException when the signature does not verify, the license is not the
   *     record's, or the image is not the one the record describes
   */
  public static TokenMetadata of(
      ProvenanceRecord record,
      String signature,
      long chainId,
      License license,
      byte[] signedImage) {
    ProvenanceSignatures.Verification v = ProvenanceSignatures.verify(record, chainId, signature);
    if (!v.matches()) {
      throw new IllegalArgumentException(
          "The EIP-712 signature is not the creator's for this record on chain "
              + chainId
              + ": "
              + v.problem());
    }
    byte[] generated;
    try {
      generated = C2paPng.strip(signedImage);
    } catch (C2paException e) {
      throw new IllegalArgumentException("The image is not a readable PNG: " + e.getMessage(), e);
    }
    if (!Hashes.sha256Hex(generated).equals(record.fileSha256())) {
      throw new IllegalArgumentException(
          "The image is not the one the provenance record describes (without its manifest, its"
              + " SHA-256 is "
              + Hashes.sha256Hex(generated)
              + ", the record says "
              + record.fileSha256()
              + ")");
    }
    return new TokenMetadata(
        defaultName(record.prompt()),
        defaultDescription(record, license.name()),
        Cid.of(signedImage),
        record,
        signature,
        chainId,
        license.id(),
        license.name(),
        license.termsSha256());
  }

  /** The same metadata with another name. */
  public TokenMetadata withName(String newName) {
    return new TokenMetadata(
        newName,
        description,
        image,
        record,
        signature,
        chainId,
        licenseId,
        licenseName,
        termsSha256);
  }

  /** The same metadata with another description. */
  public TokenMetadata withDescription(String newDescription) {
    return new TokenMetadata(
        name,
        newDescription,
        image,
        record,
        signature,
        chainId,
        licenseId,
        licenseName,
        termsSha256);
  }

  /** The metadata as a JSON tree, members in a readable order (not the canonical one). */
  public ObjectNode toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("name", name);
    root.put("description", description);
    root.put("image", image.ipfsUri());
    ArrayNode attributes = root.putArray("attributes");
    attribute(attributes, "Model", record.modelId());
    attribute(attributes, "Sampler", record.sampler());
    attributes
        .addObject()
        .put("display_type", "number")
        .put("trait_type", "Steps")
        .put("value", record.steps());
    attributes
        .addObject()
        .put("display_type", "number")
        .put("trait_type", "Guidance")
        .put("value", record.guidance());
    attribute(attributes, "Seed", Long.toString(record.seed()));
    attribute(attributes, "Size", record.width() + "x" + record.height());
    attribute(attributes, "License", licenseId);
    ObjectNode license = root.putObject("license");
    license.put("id", licenseId);
    license.put("name", licenseName);
    license.put("termsSha256", termsSha256);
    ObjectNode provenance = root.putObject("provenance");
    provenance.set("record", record.toJsonLd());
    provenance.put("recordSha256", record.recordSha256());
    ObjectNode eip712 = provenance.putObject("eip712");
    eip712.put("chainId", chainId);
    eip712.put("signature", signature);
    return root;
  }

  /** The metadata in RFC 8785 canonical form: the text that is stored and addressed. */
  public String toCanonicalJson() {
    return Jcs.canonicalize(toJson());
  }

  /** The canonical form's UTF-8 bytes: the metadata file's content. */
  public byte[] bytes() {
    return Jcs.canonicalBytes(toJson());
  }

  /** The metadata file's CID (raw codec): what {@code tokenURI} points to as {@code ipfs://…}. */
  public Cid cid() {
    return Cid.of(bytes());
  }

  /** The metadata as a raw block, for a CAR file or a pin. */
  public Block block() {
    return Block.of(bytes());
  }

  private static void attribute(ArrayNode attributes, String trait, String value) {
    attributes.addObject().put("trait_type", trait).put("value", value);
  }

  static String defaultName(String prompt) {
    String line = prompt.strip().lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      return "Untitled";
    }
    if (line.codePointCount(0, line.length()) <= MAX_DEFAULT_NAME) {
      return line;
    }
    return line.substring(0, line.offsetByCodePoints(0, MAX_DEFAULT_NAME - 1)).strip() + "…";
  }

  private static String defaultDescription(ProvenanceRecord record, String licenseName) {
    StringBuilder d = new StringBuilder();
    if (!record.prompt().isBlank()) {
      d.append(record.prompt().strip()).append("\n\n");
    }
    d.append("Generated with Atelier by ")
        .append(record.creator())
        .append(" using ")
        .append(record.modelId())
        .append(" (")
        .append(record.sampler())
        .append(", ")
        .append(record.steps())
        .append(" steps, seed ")
        .append(record.seed())
        .append("). License: ")
        .append(licenseName)
        .append(" (")
        .append(record.licenseId())
        .append("). The signed provenance record is in the metadata and in the image's C2PA")
        .append(" manifest.");
    return d.toString();
  }

  private static void requireText(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("The token metadata needs a " + what);
    }
  }
}
