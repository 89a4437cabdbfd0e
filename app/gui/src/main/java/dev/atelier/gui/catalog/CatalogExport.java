package dev.atelier.gui.catalog;

import dev.atelier.Studio;
import dev.atelier.content.AssetExport;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the Catalog screen does with the selected images' files: shows one in the file manager,
 * copies the PNGs to a folder, or writes a CAR file. The work runs in the background; the outcome
 * is a notice.
 */
final class CatalogExport {

  private final Studio studio;
  private final BackgroundRunner runner;
  private final Notices notices;
  private final FileLocations files;

  CatalogExport(Studio studio, BackgroundRunner runner, Notices notices, FileLocations files) {
    this.studio = studio;
    this.runner = runner;
    this.notices = notices;
    this.files = files;
  }

  /** Opens the folder of the first selected image in the file manager. */
  void openFileLocation(List<Long> ids) {
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> {
          String path =
              studio.catalog().assets().find(ids.getFirst()).map(a -> a.filePath()).orElse(null);
          if (path == null || !Files.exists(Path.of(path))) {
            throw new IOException("The image file is missing" + (path == null ? "" : ": " + path));
          }
          files.reveal(Path.of(path));
          return path;
        },
        path -> {},
        failure -> notices.error("Could not open the file location", failure));
  }

  /** Copies the selected images' PNG files into {@code folder}, never over an existing file. */
  void exportFiles(List<Long> ids, Path folder) {
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> copy(ids, folder),
        copied -> {
          int missing = ids.size() - copied;
          if (copied > 0) {
            notices.info(
                "Exported " + CatalogViewModel.images(copied),
                "Copied to " + folder + (missing > 0 ? "; " + missing + " had no file" : ""));
          } else {
            notices.error("Nothing was exported", "The selected images have no files on disk.");
          }
        },
        failure -> notices.error("Could not export the images", failure));
  }

  private int copy(List<Long> ids, Path folder) throws IOException {
    Files.createDirectories(folder);
    int copied = 0;
    for (long id : ids) {
      String path = studio.catalog().assets().find(id).map(a -> a.filePath()).orElse(null);
      if (path == null || !Files.isRegularFile(Path.of(path))) {
        continue;
      }
      Path source = Path.of(path);
      Files.copy(source, freeName(folder, source.getFileName().toString()));
      copied++;
    }
    return copied;
  }

  private static Path freeName(Path folder, String name) {
    Path target = folder.resolve(name);
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String ext = dot > 0 ? name.substring(dot) : "";
    for (int i = 2; Files.exists(target); i++) {
      target = folder.resolve(stem + "-" + i + ext);
    }
    return target;
  }

  /** Writes the selected (signed) images and their token metadata to a CAR file. */
  void exportCar(List<Long> ids, Path file) {
    if (ids.isEmpty()) {
      return;
    }
    runner.run(
        () -> new AssetExport(studio.catalog(), studio.licenses()).writeCar(ids, file).size(),
        written ->
            notices.info(
                "Exported " + CatalogViewModel.images(written) + " as a CAR file", file.toString()),
        failure -> notices.error("Could not write the CAR file", failure));
  }
}
