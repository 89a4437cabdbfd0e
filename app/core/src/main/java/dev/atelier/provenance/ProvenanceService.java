package dev.atelier.provenance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.AppInfo;
import dev.atelier.c2pa.C2paException;
import dev.atelier.c2pa.C2paIdentity;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.ManifestSpec;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.License;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.generate.KeepService;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.AtomicFiles;
import dev.atelier.license.LicenseService;
import dev.atelier.provenance.ProvenanceException.Reason;
import dev.atelier.wallet.Signature;
import dev.atelier.wallet.UnlockedAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Signs an asset's provenance and embeds it in its image, in one action.
 *
 * <p>For an asset and the license the artist chose: the {@link ProvenanceRecord} is built from the
 * catalog, signed with EIP-712 by the artist's unlocked wallet account ({@link
 * ProvenanceSignatures}, for the chain the artist will mint on), and written into the PNG as a C2PA
 * manifest signed by the install's key derived from the same account ({@link C2paIdentity}). The
 * manifest carries the record and the EIP-712 signature as the JSON assertion {@value
 * #ASSERTION_LABEL}:
 *
 * <pre>{@code
 * {"eip712": {"chainId": 31337, "signature": "0x…"}, "record": { …the JSON-LD record… }}
 * }</pre>
 *
 * <p>The record's inputs (start picture, LoRAs) are also C2PA ingredients of the manifest, named by
 * their files' hashes ({@link InputIngredients}).
 *
 * <p>The image file is replaced atomically (a crash leaves the old file or the new one, never a
 * mix), the asset is kept ({@link KeepService}: a studio variant moves into the images folder),
 * then the catalog gets a provenance row. Only the image Atelier generated is signed: its bytes,
 * without any earlier manifest, must still have the SHA-256 the catalog recorded, so signing again
 * (another license, another chain) replaces the manifest and the record's file hash stays the same.
 * {@link ProvenanceVerifier} checks a file without the catalog.
 */
public final class ProvenanceService {

  /** Label of the C2PA assertion holding the record and its EIP-712 signature. */
  public static final String ASSERTION_LABEL = "dev.atelier.provenance";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Catalog catalog;
  private final LicenseService licenses;
  private final KeepService keeping;
  private final Path certificateDir;
  private final byte[] installId;
  private final Clock clock;

  public ProvenanceService(
      Catalog catalog,
      LicenseService licenses,
      KeepService keeping,
      Path certificateDir,
      byte[] installId,
      Clock clock) {
    this.catalog = catalog;
    this.licenses = licenses;
    this.keeping = keeping;
    this.certificateDir = certificateDir;
    this.installId = installId.clone();
    this.clock = clock;
  }

  /**
   * What signing wrote.
   *
   * @param entry the catalog row
   * @param record the signed record
   * @param file the image, now with the manifest in it
   */
  public record Signed(ProvenanceEntry entry, ProvenanceRecord record, Path file) {}

  /**
   * Signs asset {@code assetId} under license {@code licenseId} for chain {@code chainId} with
   * {@code account}, which becomes the record's creator.
   *
   * @throws ProvenanceException when the asset, its file or its catalog rows are missing, or the
   *     file is not the image Atelier generated
   * @throws dev.atelier.license.LicenseNotFoundException for an unknown license id
   * @throws dev.atelier.wallet.WalletException when the account is locked
   */
  public Signed sign(long assetId, String licenseId, long chainId, UnlockedAccount account) {
    if (chainId <= 0) {
      throw new IllegalArgumentException("A chain id is a positive number, not " + chainId);
    }
    Asset asset =
        catalog
            .assets()
            .find(assetId)
            .orElseThrow(() -> new ProvenanceException(Reason.NOT_FOUND, "No asset " + assetId));
    if (asset.filePath() == null || asset.fileSha256() == null) {
      throw new ProvenanceException(
          Reason.NOT_FOUND, "Asset " + assetId + " has no image file to sign (it was not saved)");
    }
    Path file = Path.of(asset.filePath());
    byte[] original = generatedImage(asset, file);
    License license = licenses.require(licenseId);
    ProvenanceRecord record = record(asset, license, account.address());

    Signature eip712 = ProvenanceSignatures.sign(record, chainId, account);
    byte[] assertion = assertion(record, chainId, eip712.value());
    ManifestSpec spec =
        ManifestSpec.of(file.getFileName().toString())
            .withDigitalSourceType(record.digitalSourceType())
            .withIngredients(InputIngredients.of(record.inputs()))
            .withJsonAssertion(ASSERTION_LABEL, assertion);
    byte[] signed =
        C2paPng.embed(original, spec, C2paIdentity.of(account, installId, certificateDir));
    String manifestSha =
        Hashes.sha256Hex(
            C2paPng.manifestStore(signed)
                .orElseThrow(() -> new IllegalStateException("The manifest was not embedded")));

    replace(file, signed);
    Path kept = keeping.keep(asset);
    ProvenanceEntry entry =
        catalog
            .provenance()
            .insert(
                new ProvenanceEntry(
                    0,
                    asset.id(),
                    record.toJson(),
                    record.recordSha256(),
                    record.creator(),
                    license.id(),
                    eip712.value(),
                    manifestSha,
                    record.createdAt(),
                    chainId,
                    Hashes.sha256Hex(signed)));
    return new Signed(entry, record, kept);
  }

  /** The assertion's bytes: canonical JSON of the record and the EIP-712 signature. */
  static byte[] assertion(ProvenanceRecord record, long chainId, String signature) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode eip712 = root.putObject("eip712");
    eip712.put("chainId", chainId);
    eip712.put("signature", signature);
    root.set("record", record.toJsonLd());
    return Jcs.canonicalBytes(root);
  }

  /** The asset's PNG as generated: the file without any manifest, checked against the catalog. */
  private static byte[] generatedImage(Asset asset, Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ProvenanceException(
          Reason.NOT_FOUND, "The image of asset " + asset.id() + " is missing: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    byte[] original;
    try {
      original = C2paPng.strip(bytes);
    } catch (C2paException e) {
      throw new ProvenanceException(
          Reason.FILE_CHANGED, file + " is not a readable PNG any more: " + e.getMessage(), e);
    }
    if (!Hashes.sha256Hex(original).equals(asset.fileSha256())) {
      throw new ProvenanceException(
          Reason.FILE_CHANGED,
          file
              + " was changed after Atelier generated it (its SHA-256 no longer matches the"
              + " catalog); only the generated image can be signed");
    }
    return original;
  }

  private ProvenanceRecord record(Asset asset, License license, String creator) {
    Generation generation =
        catalog
            .generations()
            .find(asset.generationId())
            .orElseThrow(
                () ->
                    new ProvenanceException(
                        Reason.CATALOG,
                        "Asset " + asset.id() + " names generation " + asset.generationId()));
    ModelEntry model =
        catalog
            .models()
            .find(generation.modelId())
            .orElseThrow(
                () ->
                    new ProvenanceException(
                        Reason.CATALOG, "The catalog has no model " + generation.modelId()));
    Asset parent =
        asset.parentAssetId() == null
            ? null
            : catalog
                .assets()
                .find(asset.parentAssetId())
                .orElseThrow(
                    () ->
                        new ProvenanceException(
                            Reason.CATALOG,
                            "Asset " + asset.id() + " names parent " + asset.parentAssetId()));
    try {
      return ProvenanceRecord.builder()
          .generation(generation)
          .asset(asset)
          .model(model)
          .parent(parent)
          .inputs(catalog.generations().inputs(generation.id()))
          .hires(catalog.generations().hires(generation.id()).orElse(null))
          .license(license)
          .creator(creator)
          .appVersion(AppInfo.version())
          .createdAt(clock)
          .build();
    } catch (IllegalArgumentException e) {
      throw new ProvenanceException(Reason.CATALOG, e.getMessage(), e);
    }
  }

  /** Replaces the image in one rename: a crash leaves the unsigned image or the signed one. */
  private static void replace(Path file, byte[] bytes) {
    try {
      AtomicFiles.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the signed image to " + file, e);
    }
  }
}
