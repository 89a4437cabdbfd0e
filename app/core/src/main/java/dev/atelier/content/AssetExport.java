package dev.atelier.content;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.ProvenanceEntry;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.AtomicFiles;
import dev.atelier.license.LicenseService;
import dev.atelier.provenance.InvalidProvenanceException;
import dev.atelier.provenance.ProvenanceException;
import dev.atelier.provenance.ProvenanceException.Reason;
import dev.atelier.provenance.ProvenanceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Content-addresses signed assets from the catalog: the signed PNG and its {@link TokenMetadata},
 * as raw blocks, and writes them to a CAR file for any IPFS pinning service.
 *
 * <p>An asset can be published once it is signed: its newest provenance row must have an EIP-712
 * signature and a chain id ({@code atelier sign}), and its image file must still be the file that
 * was signed (the row's {@code signed_file_sha256}). Otherwise nothing is written and the error
 * says why.
 */
public final class AssetExport {

  private final Catalog catalog;
  private final LicenseService licenses;

  public AssetExport(Catalog catalog, LicenseService licenses) {
    this.catalog = catalog;
    this.licenses = licenses;
  }

  /**
   * One asset ready to publish.
   *
   * @param image the signed PNG as a raw block
   * @param metadata its token metadata; {@code metadata.block()} is the metadata file
   */
  public record Publishable(long assetId, Block image, TokenMetadata metadata) {
    /** The metadata file's CID: what {@code tokenURI} points to. */
    public Cid metadataCid() {
      return metadata.cid();
    }
  }

  /** An asset's image and metadata, checked as described above. */
  public Publishable prepare(long assetId) {
    Asset asset =
        catalog
            .assets()
            .find(assetId)
            .orElseThrow(() -> new ProvenanceException(Reason.NOT_FOUND, "No asset " + assetId));
    ProvenanceEntry entry =
        catalog
            .provenance()
            .latestFor(assetId)
            .filter(e -> e.eip712Signature() != null && e.chainId() != null)
            .orElseThrow(() -> new AssetNotSignedException(assetId));
    if (asset.filePath() == null) {
      throw new ProvenanceException(Reason.NOT_FOUND, "Asset " + assetId + " has no image file");
    }
    Path file = Path.of(asset.filePath());
    byte[] image;
    try {
      image = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ProvenanceException(
          Reason.NOT_FOUND, "The image of asset " + assetId + " is missing: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (entry.signedFileSha256() != null
        && !Hashes.sha256Hex(image).equals(entry.signedFileSha256())) {
      throw new ProvenanceException(
          Reason.FILE_CHANGED,
          file
              + " was changed after it was signed (its SHA-256 no longer matches the catalog);"
              + " sign asset "
              + assetId
              + " again");
    }
    ProvenanceRecord record;
    try {
      record = ProvenanceRecord.parse(entry.recordJson());
    } catch (InvalidProvenanceException e) {
      throw new ProvenanceException(
          Reason.CATALOG,
          "The catalog's provenance record of asset " + assetId + " is damaged: " + e.getMessage(),
          e);
    }
    if (!record.recordSha256().equals(entry.recordSha256())) {
      throw new ProvenanceException(
          Reason.CATALOG,
          "The catalog's provenance record of asset "
              + assetId
              + " does not match its stored hash");
    }
    TokenMetadata metadata;
    try {
      metadata =
          TokenMetadata.of(
              record,
              entry.eip712Signature(),
              entry.chainId(),
              licenses.require(entry.licenseId()),
              image);
    } catch (IllegalArgumentException e) {
      throw new ProvenanceException(
          Reason.FILE_CHANGED, "Asset " + assetId + " cannot be published: " + e.getMessage(), e);
    }
    return new Publishable(assetId, Block.of(image), metadata);
  }

  /**
   * Writes the images and metadata of {@code assetIds} to the CAR file {@code out}, the metadata
   * CIDs as its roots (in the order given). Every asset is checked before anything is written; the
   * file is written next to {@code out} and moved over it.
   *
   * @return what was written, one entry an asset
   */
  public List<Publishable> writeCar(List<Long> assetIds, Path out) {
    if (assetIds.isEmpty()) {
      throw new IllegalArgumentException("Name at least one asset to export");
    }
    List<Publishable> assets = new ArrayList<>();
    for (long id : assetIds) {
      assets.add(prepare(id));
    }
    List<Cid> roots = new ArrayList<>();
    List<Block> blocks = new ArrayList<>();
    for (Publishable p : assets) {
      roots.add(p.metadataCid());
      blocks.add(p.image());
      blocks.add(p.metadata().block());
    }
    try {
      AtomicFiles.write(out, stream -> CarWriter.write(roots, blocks, stream));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + out, e);
    }
    return assets;
  }

  /** The asset has no signed provenance record yet (no EIP-712 signature and chain id). */
  public static final class AssetNotSignedException extends IllegalArgumentException {
    private final long assetId;

    public AssetNotSignedException(long assetId) {
      super(
          "Asset "
              + assetId
              + " is not signed yet: it needs a provenance record with an EIP-712 signature and a"
              + " chain id before it can be published");
      this.assetId = assetId;
    }

    public long assetId() {
      return assetId;
    }
  }
}
