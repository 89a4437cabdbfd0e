package dev.atelier.generate;

import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.CatalogException;
import dev.atelier.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeping a variant, the artist's "this one": its catalog row becomes a kept asset. A variant the
 * studio wrote into its variants folder also moves into the images folder: the file is copied
 * there, the catalog records the new place, then the old file goes, so a crash leaves a file where
 * the catalog says. A file anywhere else (a folder the artist chose) stays where it is. The
 * studio's Keep and signing (which keeps what it signs) both keep through here.
 */
public final class KeepService {

  private final Catalog catalog;
  private final Path variantsDir;
  private final Path imagesDir;

  /**
   * @param variantsDir where the studio writes variants before they are kept
   * @param imagesDir where kept variants from {@code variantsDir} go
   */
  public KeepService(Catalog catalog, Path variantsDir, Path imagesDir) {
    this.catalog = catalog;
    this.variantsDir = variantsDir.toAbsolutePath().normalize();
    this.imagesDir = imagesDir.toAbsolutePath().normalize();
  }

  /** The folder kept variants from the studio go to. */
  public Path imagesDir() {
    return imagesDir;
  }

  /** Where the studio writes variants before they are kept. */
  public Path variantsDir() {
    return variantsDir;
  }

  /**
   * Keeps the asset (again, harmlessly, when it is kept already) and returns its file as it is now.
   *
   * @throws CatalogException when there is no such asset
   */
  public Path keep(long assetId) {
    Asset asset =
        catalog
            .assets()
            .find(assetId)
            .orElseThrow(() -> new CatalogException("No asset with id " + assetId));
    return keep(asset);
  }

  /** As {@link #keep(long)} for an asset already read. */
  public Path keep(Asset asset) {
    if (asset.filePath() == null) {
      catalog.assets().keep(asset.id(), null, asset.fileSha256());
      return null;
    }
    Path from = Path.of(asset.filePath()).toAbsolutePath().normalize();
    Path to = destination(from);
    if (!to.equals(from)) {
      copy(from, to);
    }
    catalog.assets().keep(asset.id(), to.toString(), asset.fileSha256());
    if (!to.equals(from)) {
      try {
        Files.deleteIfExists(from);
      } catch (IOException e) {
        throw new UncheckedIOException("Kept " + to + " but cannot remove " + from, e);
      }
    }
    return to;
  }

  /** The images folder for a studio variant; the file itself for any other. */
  private Path destination(Path file) {
    return file.startsWith(variantsDir) ? imagesDir.resolve(file.getFileName()) : file;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      AtomicFiles.write(to, Files.readAllBytes(from));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep " + from + " in " + to.getParent(), e);
    }
  }
}
