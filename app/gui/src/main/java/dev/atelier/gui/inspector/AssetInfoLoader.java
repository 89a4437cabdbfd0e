package dev.atelier.gui.inspector;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.MintJob;
import dev.atelier.gui.inspector.AssetInfo.Field;
import dev.atelier.gui.inspector.AssetInfo.SignatureState;
import dev.atelier.io.Failures;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reads an asset's catalog rows and verifies its file: blocking, off the JavaFX thread. */
final class AssetInfoLoader {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  private AssetInfoLoader() {}

  static AssetInfo load(Studio studio, long assetId, boolean keepImage) {
    Asset asset =
        studio
            .catalog()
            .assets()
            .find(assetId)
            .orElseThrow(
                () -> new IllegalArgumentException("Asset " + assetId + " is not in the catalog"));
    Generation g = studio.catalog().generations().find(asset.generationId()).orElse(null);
    Path file = asset.filePath() == null ? null : Path.of(asset.filePath());
    List<String> problems = new ArrayList<>();
    byte[] png = read(file, problems);
    ProvenanceVerifier.Report report = png == null ? null : ProvenanceVerifier.verify(png);
    Signature signature = Signature.of(report, problems);
    ProvenanceRecord r = report == null ? null : report.record();
    List<Field> fields = r != null ? recordFields(r, signature.chainId()) : catalogFields(asset, g);
    fields.add(new Field("Minted", minted(studio, assetId)));
    fields.add(new Field("File", file == null ? "—" : file.toString()));
    return new AssetInfo(
        assetId,
        file == null ? null : file.toString(),
        fields,
        InputFields.of(studio.catalog(), asset, g),
        signature.state(),
        signature.signer(),
        signature.chainId(),
        signature.licenseId(),
        signature.checks(),
        problems,
        keepImage ? png : null);
  }

  /** The image file's bytes; null, with the problem added, when there are none to verify. */
  private static byte[] read(Path file, List<String> problems) {
    if (file == null) {
      problems.add("This variant was not kept: it has no image file");
    } else if (!Files.isRegularFile(file)) {
      problems.add("Could not read the image file: it is missing (" + file + ")");
    } else {
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        problems.add("Could not read the image file: " + Failures.describe(e));
      }
    }
    return null;
  }

  /** What the file's signature says, and the checks behind it in words. */
  private record Signature(
      SignatureState state, String signer, Long chainId, String licenseId, List<String> checks) {

    /** Adds the report's problems to {@code problems}. */
    static Signature of(ProvenanceVerifier.Report report, List<String> problems) {
      if (report == null || !report.signed()) {
        return new Signature(SignatureState.NOT_SIGNED, null, null, null, List.of());
      }
      problems.addAll(report.problems());
      ProvenanceRecord r = report.record();
      return new Signature(
          report.valid() ? SignatureState.VALID : SignatureState.INVALID,
          r == null ? null : r.creator(),
          report.chainId(),
          r == null ? null : r.licenseId(),
          checks(report, r));
    }

    private static List<String> checks(ProvenanceVerifier.Report report, ProvenanceRecord r) {
      List<String> checks = new ArrayList<>();
      checks.add(
          report.c2pa() != null && report.c2pa().valid()
              ? "C2PA manifest valid"
              : "C2PA manifest does not hold");
      if (report.pixelsMatch() != null) {
        checks.add(
            report.pixelsMatch()
                ? "Pixels are the signed ones"
                : "Pixels changed since they were signed");
      }
      if (r != null) {
        checks.add(
            report.licenseTerms().isPresent()
                ? "License terms are the ones Atelier ships"
                : "License terms are not Atelier's text of " + r.licenseId());
      }
      if (report.signature() != null
          && !report.signature().matches()
          && report.signature().recoveredSigner() != null) {
        checks.add("Signature recovers " + report.signature().recoveredSigner());
      }
      return checks;
    }
  }

  /** The fields of a file with a provenance record: what the record says. */
  private static List<Field> recordFields(ProvenanceRecord r, Long chainId) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Creator", r.creator()));
    fields.add(new Field("Model", r.modelId()));
    fields.add(new Field("Prompt", r.prompt()));
    fields.add(new Field("Negative prompt", blankDash(r.negativePrompt())));
    fields.add(new Field("Seed", Long.toString(r.seed())));
    fields.add(new Field("Sampler", r.sampler()));
    fields.add(new Field("Steps", Integer.toString(r.steps())));
    fields.add(new Field("Guidance", format(r.guidance())));
    fields.add(new Field("Size", r.width() + " × " + r.height()));
    fields.add(Field.hash("Parent image", r.parentPixelsSha256()));
    fields.add(new Field("License", r.licenseId()));
    fields.add(Field.hash("Terms hash", r.termsSha256()));
    fields.add(new Field("Source", r.digitalSourceType().replaceAll(".*/", "")));
    fields.add(Field.hash("Weights", r.weightsSha256()));
    fields.add(Field.hash("Training set", r.trainingSetRoot()));
    fields.add(Field.hash("Pixels hash", r.pixelsSha256()));
    fields.add(Field.hash("Record hash", r.recordSha256()));
    fields.add(new Field("Chain", chainId == null ? "—" : chainId.toString()));
    fields.add(new Field("Signed at", TIME.format(r.createdAt())));
    fields.add(new Field("Atelier", r.appVersion()));
    return fields;
  }

  /** The fields of an asset without a record: what the catalog knows of its generation. */
  private static List<Field> catalogFields(Asset asset, Generation g) {
    List<Field> fields = new ArrayList<>();
    fields.add(new Field("Creator", "—"));
    if (g != null) {
      fields.add(new Field("Model", g.modelId()));
      fields.add(new Field("Prompt", g.prompt()));
      fields.add(new Field("Negative prompt", blankDash(g.negativePrompt())));
    }
    fields.add(new Field("Seed", Long.toString(asset.seed())));
    if (g != null) {
      fields.add(new Field("Sampler", g.sampler()));
      fields.add(new Field("Steps", Integer.toString(g.steps())));
      fields.add(new Field("Guidance", format(g.guidance())));
    }
    fields.add(new Field("Size", asset.width() + " × " + asset.height()));
    fields.add(new Field("License", "—"));
    fields.add(Field.hash("Pixels hash", asset.pixelSha256()));
    fields.add(new Field("Created", TIME.format(asset.createdAt())));
    return fields;
  }

  private static String minted(Studio studio, long assetId) {
    List<String> tokens = new ArrayList<>();
    for (MintJob j : studio.catalog().mintJobs().ofAsset(assetId)) {
      String symbol =
          studio
              .catalog()
              .collections()
              .find(j.collectionId())
              .map(CollectionEntry::symbol)
              .orElse("#" + j.collectionId());
      switch (j.state()) {
        case CONFIRMED -> tokens.add(symbol + " #" + j.tokenId());
        case FAILED -> {}
        default -> tokens.add(symbol + ": " + j.state().name().toLowerCase(Locale.ROOT));
      }
    }
    return tokens.isEmpty() ? "Not minted" : String.join(", ", tokens);
  }

  private static String blankDash(String s) {
    return s == null || s.isBlank() ? "—" : s;
  }

  private static String format(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
