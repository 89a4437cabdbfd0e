package dev.atelier.diffusion;

import dev.atelier.hashing.Hashes;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * SHA-256 of model files with progress and cancel: a Stable Diffusion checkpoint is 2–7 GB, which
 * takes seconds to hash, so the artist sees how far it has got and may stop it. One instance hashes
 * the files of one model and counts bytes across them.
 */
public final class FileHashing {

  /** Bytes hashed so far, of the model's total. Called from the hashing thread. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (done, total) -> {};

    void onProgress(long done, long total);
  }

  private static final int BUFFER = 1 << 20;

  private final long total;
  private final Listener listener;
  private final CancellationToken cancel;
  private long done;

  /**
   * @param total bytes of all files to be hashed, for the progress fraction
   * @param cancel polled once per megabyte; null for none
   */
  public FileHashing(long total, Listener listener, CancellationToken cancel) {
    this.total = total;
    this.listener = listener == null ? Listener.NONE : listener;
    this.cancel = cancel == null ? CancellationToken.NONE : cancel;
  }

  /**
   * The file's SHA-256 as lower-case hex.
   *
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public String sha256(Path file) throws IOException {
    MessageDigest digest = Hashes.sha256Digest();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        cancel.throwIfCancelled();
        digest.update(buffer, 0, n);
        done += n;
        listener.onProgress(done, total);
      }
    }
    return Hashes.hex(digest.digest());
  }

  /**
   * The short form model sites show beside a checkpoint (Civitai's "AutoV2"): the first ten hex
   * digits of the file's SHA-256, upper-case.
   */
  public static String shortForm(String sha256Hex) {
    return sha256Hex.substring(0, 10).toUpperCase(Locale.ROOT);
  }
}
