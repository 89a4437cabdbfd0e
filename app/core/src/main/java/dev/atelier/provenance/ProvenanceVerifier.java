package dev.atelier.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.c2pa.C2paException;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paReport;
import dev.atelier.catalog.License;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.hashing.Hashes;
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
   */
  public record Report(
      C2paReport c2pa,
      ProvenanceRecord record,
      Long chainId,
      ProvenanceSignatures.Verification signature,
      Boolean pixelsMatch,
      Boolean fileMatches,
      Optional<License> licenseTerms,
      List<String> problems) {

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
  }

  /** Checks {@code png}. Never throws for bad content: every failure is a problem in the report. */
  public static Report verify(byte[] png) {
    List<String> problems = new ArrayList<>();
    C2paReport c2pa;
    try {
      c2pa = C2paPng.read(png);
    } catch (C2paException e) {
      problems.add(e.getMessage());
      return new Report(null, null, null, null, null, null, Optional.empty(), problems);
    }
    if (!c2pa.manifestPresent()) {
      problems.add("The image has no provenance: it carries no C2PA manifest");
      return new Report(c2pa, null, null, null, null, null, Optional.empty(), problems);
    }
    c2pa.problems().forEach(p -> problems.add("C2PA: " + p));

    byte[] assertion = c2pa.jsonAssertions().get(ProvenanceService.ASSERTION_LABEL);
    if (assertion == null) {
      problems.add(
          "The C2PA manifest has no Atelier provenance ("
              + ProvenanceService.ASSERTION_LABEL
              + " assertion)");
      return new Report(c2pa, null, null, null, null, null, Optional.empty(), problems);
    }
    ProvenanceRecord record;
    long chainId;
    String signatureValue;
    try {
      JsonNode root = JSON.readTree(assertion);
      JsonNode eip712 = root.path("eip712");
      if (!eip712.path("chainId").canConvertToLong()
          || eip712.path("chainId").asLong() <= 0
          || !eip712.path("signature").isTextual()) {
        throw new InvalidProvenanceException("eip712: needs a positive chainId and a signature");
      }
      chainId = eip712.get("chainId").asLong();
      signatureValue = eip712.get("signature").asText();
      record = ProvenanceRecord.fromJsonLd(root.path("record"));
    } catch (IOException | IllegalArgumentException e) {
      problems.add("The provenance assertion cannot be read: " + e.getMessage());
      return new Report(c2pa, null, null, null, null, null, Optional.empty(), problems);
    }

    ProvenanceSignatures.Verification signature =
        ProvenanceSignatures.verify(record, chainId, signatureValue);
    if (!signature.matches()) {
      problems.add(
          "EIP-712: "
              + (signature.problem() != null
                  ? signature.problem()
                  : "signed by " + signature.recoveredSigner() + ", not by " + record.creator()));
    }

    Boolean pixelsMatch = null;
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      if (image == null) {
        problems.add("The image data cannot be decoded");
      } else {
        pixelsMatch = RgbImage.of(image).pixelSha256().equals(record.pixelsSha256());
        if (!pixelsMatch) {
          problems.add("The pixels are not the ones the record was signed for");
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("The image data cannot be decoded: " + e.getMessage());
    }

    boolean fileMatches = Hashes.sha256Hex(C2paPng.strip(png)).equals(record.fileSha256());
    if (!fileMatches) {
      problems.add("The file without its manifest is not the one the record was signed for");
    }

    Optional<License> terms = Optional.empty();
    Optional<License> shipped = Licenses.builtIn(record.licenseId());
    if (shipped.isPresent()) {
      if (shipped.get().termsSha256().equals(record.termsSha256())) {
        terms = shipped;
      } else {
        problems.add(
            "License "
                + record.licenseId()
                + ": the record's terms hash is not the hash of the terms Atelier ships");
      }
    }
    return new Report(c2pa, record, chainId, signature, pixelsMatch, fileMatches, terms, problems);
  }
}
