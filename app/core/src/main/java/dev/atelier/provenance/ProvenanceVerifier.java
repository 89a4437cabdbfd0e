package dev.atelier.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.c2pa.C2paException;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paReport;
import dev.atelier.catalog.License;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.Failures;
import dev.atelier.license.Licenses;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * Checks an image's provenance from the file alone, as anyone receiving it would: no catalog, no
 * wallet. Each check is independent, so a report says exactly what holds:
 *
 * <ul>
 *   <li>the C2PA manifest: present, claim signature valid, assertions unaltered, data hash matching
 *       the file ({@link C2paPng#read});
 *   <li>the provenance record inside it and its EIP-712 signature: who signed it, for which chain,
 *       and whether that is the record's creator;
 *   <li>the manifest's C2PA ingredients: the record's inputs, in order, each with its file hash and
 *       relationship ({@link InputIngredients});
 *   <li>the pixels: the decoded image has the pixel hash the record names, and the file without its
 *       manifest has the file hash the record names;
 *   <li>the license: for a license Atelier ships, whether the record's terms hash is that text's.
 * </ul>
 *
 * A one-pixel change breaks the data hash and the pixel hash; a manifest moved from another image
 * breaks both as well; a stripped manifest leaves nothing to check. Trust in the self-signed C2PA
 * certificate is not judged: the creator is proven by the EIP-712 signature over the record, which
 * covers the pixel hash.
 */
public final class ProvenanceVerifier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProvenanceVerifier() {}

  /** The one-word outcome for a file, in the order a reader cares about. */
  public enum Verdict {
    /** Every check holds. */
    VERIFIED,
    /** The file carries provenance (or is a damaged PNG) and at least one check fails. */
    NOT_VERIFIED,
    /** A readable PNG with no C2PA manifest: nothing to check. */
    NOT_SIGNED,
    /** The bytes are not a PNG at all (empty, or another format such as JPEG). */
    NOT_A_PNG
  }

  /**
   * The outcome for one file.
   *
   * @param c2pa what the C2PA reader found; null when the file is not a readable PNG
   * @param record the signed record; null when there is none or it cannot be read
   * @param chainId the chain the EIP-712 signature is for; null without a record
   * @param signature the EIP-712 check; null without a record
   * @param pixelsMatch whether the decoded pixels have the record's pixel hash; null without one
   * @param fileMatches whether the file without its manifest has the record's file hash
   * @param licenseTerms the shipped license the record's license id names, when its terms hash
   *     matches; empty for other licenses or a mismatch (see {@code problems})
   * @param problems what failed, in plain words; empty when the file verifies
   * @param png whether the bytes are a PNG at all (start with the PNG signature)
   */
  public record Report(
      C2paReport c2pa,
      ProvenanceRecord record,
      Long chainId,
      ProvenanceSignatures.Verification signature,
      Boolean pixelsMatch,
      Boolean fileMatches,
      Optional<License> licenseTerms,
      List<String> problems,
      boolean png) {

    public Report {
      problems = List.copyOf(problems);
    }

    /** Everything checks out. */
    public boolean valid() {
      return problems.isEmpty();
    }

    /** Whether the file carries any manifest at all. */
    public boolean signed() {
      return c2pa != null && c2pa.manifestPresent();
    }

    /** The outcome in one word. */
    public Verdict verdict() {
      if (!png) {
        return Verdict.NOT_A_PNG;
      }
      if (valid()) {
        return Verdict.VERIFIED;
      }
      return c2pa != null && !c2pa.manifestPresent() ? Verdict.NOT_SIGNED : Verdict.NOT_VERIFIED;
    }

    /**
     * Whether the creator's signature covers this very file: the EIP-712 signature is theirs and
     * both the pixels and the file are the ones in the record.
     */
    public boolean signatureCoversFile() {
      return signature != null
          && signature.matches()
          && Boolean.TRUE.equals(pixelsMatch)
          && Boolean.TRUE.equals(fileMatches);
    }
  }

  /** The signed part of the provenance assertion: the record and its EIP-712 signature. */
  private record SignedRecord(ProvenanceRecord record, long chainId, String signature) {}

  /** Checks {@code png}. Never throws for bad content: every failure is a problem in the report. */
  public static Report verify(byte[] png) {
    List<String> problems = new ArrayList<>();
    C2paReport c2pa;
    try {
      c2pa = C2paPng.read(png);
    } catch (C2paException e) {
      problems.add(e.getMessage());
      boolean isPng = e.reason() != C2paException.Reason.NOT_PNG;
      return new Report(null, null, null, null, null, null, Optional.empty(), problems, isPng);
    }
    if (!c2pa.manifestPresent()) {
      problems.add("The image has no provenance: it carries no C2PA manifest");
      return new Report(c2pa, null, null, null, null, null, Optional.empty(), problems, true);
    }
    c2pa.problems().forEach(p -> problems.add("C2PA: " + p));
    SignedRecord signed = signedRecord(c2pa, problems);
    if (signed == null) {
      return new Report(c2pa, null, null, null, null, null, Optional.empty(), problems, true);
    }
    ProvenanceRecord record = signed.record();
    ProvenanceSignatures.Verification signature =
        ProvenanceSignatures.verify(record, signed.chainId(), signed.signature());
    if (!signature.matches()) {
      problems.add(
          "EIP-712: "
              + (signature.problem() != null
                  ? signature.problem()
                  : "signed by " + signature.recoveredSigner() + ", not by " + record.creator()));
    }
    String ingredients = InputIngredients.mismatch(record.inputs(), c2pa.ingredients());
    if (ingredients != null) {
      problems.add("The C2PA ingredients are not the record's inputs: " + ingredients);
    }
    Boolean pixelsMatch = pixelsMatch(png, record, problems);
    boolean fileMatches = Hashes.sha256Hex(C2paPng.strip(png)).equals(record.fileSha256());
    if (!fileMatches) {
      problems.add("The file without its manifest is not the one the record was signed for");
    }
    Optional<License> terms = licenseTerms(record, problems);
    return new Report(
        c2pa, record, signed.chainId(), signature, pixelsMatch, fileMatches, terms, problems, true);
  }

  /** The record and signature in the manifest's Atelier assertion, or null (with a problem). */
  private static SignedRecord signedRecord(C2paReport c2pa, List<String> problems) {
    byte[] assertion = c2pa.jsonAssertions().get(ProvenanceService.ASSERTION_LABEL);
    if (assertion == null) {
      problems.add(
          "The C2PA manifest has no Atelier provenance ("
              + ProvenanceService.ASSERTION_LABEL
              + " assertion)");
      return null;
    }
    try {
      JsonNode root = JSON.readTree(assertion);
      JsonNode eip712 = root.path("eip712");
      if (!eip712.path("chainId").canConvertToLong()
          || eip712.path("chainId").asLong() <= 0
          || !eip712.path("signature").isTextual()) {
        throw new InvalidProvenanceException("eip712: needs a positive chainId and a signature");
      }
      return new SignedRecord(
          ProvenanceRecord.fromJsonLd(root.path("record")),
          eip712.get("chainId").asLong(),
          eip712.get("signature").asText());
    } catch (IOException | IllegalArgumentException e) {
      problems.add("The provenance assertion cannot be read: " + e.getMessage());
      return null;
    }
  }

  /**
   * Whether the decoded pixels are the record's; null (with a problem) when they cannot be read.
   */
  private static Boolean pixelsMatch(byte[] png, ProvenanceRecord record, List<String> problems) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null) {
        problems.add("The image data cannot be decoded");
        return null;
      }
      boolean match = RgbImage.of(image).pixelSha256().equals(record.pixelsSha256());
      if (!match) {
        problems.add("The pixels are not the ones the record was signed for");
      }
      return match;
    } catch (IOException | RuntimeException e) {
      problems.add("The image data cannot be decoded: " + Failures.describe(e));
      return null;
    }
  }

  /** The shipped license the record names, when its terms hash is that text's. */
  private static Optional<License> licenseTerms(ProvenanceRecord record, List<String> problems) {
    Optional<License> shipped = Licenses.builtIn(record.licenseId());
    if (shipped.isPresent() && !shipped.get().termsSha256().equals(record.termsSha256())) {
      problems.add(
          "License "
              + record.licenseId()
              + ": the record's terms hash is not the hash of the terms Atelier ships");
      return Optional.empty();
    }
    return shipped;
  }
}
