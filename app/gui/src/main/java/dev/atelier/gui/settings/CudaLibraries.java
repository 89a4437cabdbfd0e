package dev.atelier.gui.settings;

import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * DJL's published CUDA libraries for the engine, downloaded once with the artist's consent. The
 * Device settings call it in the background.
 */
public interface CudaLibraries {

  /** Hears how far a download has come. */
  @FunctionalInterface
  interface Progress {
    /**
     * @param done bytes downloaded so far
     * @param total bytes in all
     */
    void bytes(long done, long total);
  }

  /**
   * How many bytes a download takes.
   *
   * @throws IOException when the size cannot be known (offline, say)
   */
  long downloadBytes() throws IOException;

  /** The folder with the libraries when they were downloaded before, complete. */
  Optional<Path> installed();

  /**
   * Downloads the libraries, telling {@code progress} on the way and stopping when {@code cancel}
   * says so.
   *
   * @return the folder with {@code libtorch.so}
   * @throws IOException with a sentence for the artist when the download fails
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  Path download(Progress progress, CancellationToken cancel) throws IOException;
}
