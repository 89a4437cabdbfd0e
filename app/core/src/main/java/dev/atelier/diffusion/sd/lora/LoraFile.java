package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.SafetensorsException;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.engine.EngineInfo;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A kohya-format LoRA read from a {@code .safetensors} file: its modules with their tensors in
 * memory (float32), the keys that are not applied and why, and the SHA-256 of the file's bytes for
 * provenance. A LoRA file is untrusted input: everything is checked that can be checked without a
 * model (key forms, the family, projection shapes and ranks, scalar finite alphas, finite values),
 * and each refusal is a {@link LoraException} with a reason. Whether the modules fit a model is
 * checked when they are merged into it.
 *
 * <p>The tensors stay valid until {@link #close}; the file itself is closed once read.
 */
public final class LoraFile implements AutoCloseable {

  /** The most float32 values a LoRA may hold (2 GiB); SD 1.x LoRAs hold a small fraction. */
  static final long MAX_VALUES = 1L << 29;

  private final Path path;
  private final String sha256;
  private final Map<String, String> metadata;
  private final List<LoraModule> modules;
  private final List<IgnoredKey> ignored;
  private final NDManager manager;
  private volatile boolean closed;

  private LoraFile(
      Path path,
      String sha256,
      Map<String, String> metadata,
      List<LoraModule> modules,
      List<IgnoredKey> ignored,
      NDManager manager) {
    this.path = path;
    this.sha256 = sha256;
    this.metadata = metadata;
    this.modules = modules;
    this.ignored = ignored;
    this.manager = manager;
  }

  /**
   * Hashes and reads {@code file}. A file whose size or modification time changes meanwhile is
   * refused, so the hash is the one of the bytes whose tensors are used.
   *
   * @throws LoraException when the file cannot be read, is not a usable kohya-format LoRA for
   *     Stable Diffusion 1.x, or its tensors do not fit together
   */
  public static LoraFile read(Path file) {
    String stamp = stamp(file);
    String sha256 = sha256(file);
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      List<IgnoredKey> ignored = new ArrayList<>();
      List<LoraKeys.Group> groups = LoraKeys.group(file, st.shapes(), st.metadata(), ignored);
      if (groups.isEmpty()) {
        throw noUsableKeys(file, ignored);
      }
      checkSize(file, st.shapes(), groups);
      NDManager manager = EngineInfo.newManager();
      try {
        List<LoraModule> modules = new ArrayList<>();
        for (LoraKeys.Group g : groups) {
          modules.add(LoraTensors.read(file, st, g, manager));
        }
        if (!stamp.equals(stamp(file))) {
          throw LoraException.of(
              LoraException.Reason.UNREADABLE,
              file,
              null,
              "it changed while it was read; its hash would not be the one of the weights used.");
        }
        return new LoraFile(
            file, sha256, st.metadata(), List.copyOf(modules), List.copyOf(ignored), manager);
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
    } catch (SafetensorsException e) {
      throw LoraException.of(
          LoraException.Reason.UNREADABLE,
          file,
          e.tensor().orElse(null),
          "it is not a readable .safetensors file (" + e.getMessage() + ").",
          e);
    }
  }

  /** Size and modification time, to tell that the hashed bytes are the ones read. */
  private static String stamp(Path file) {
    try {
      return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw LoraException.of(
          LoraException.Reason.UNREADABLE, file, null, "it could not be read (" + e + ").", e);
    }
  }

  private static String sha256(Path file) {
    MessageDigest digest = Hashes.sha256Digest();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw LoraException.of(
          LoraException.Reason.UNREADABLE, file, null, "it could not be read (" + e + ").", e);
    }
    return Hashes.hex(digest.digest());
  }

  private static LoraException noUsableKeys(Path file, List<IgnoredKey> ignored) {
    String example =
        ignored.isEmpty()
            ? "it holds no tensors."
            : "none of its "
                + ignored.size()
                + " keys is a kohya-format LoRA weight; e.g. \""
                + ignored.getFirst().key()
                + "\" is "
                + ignored.getFirst().reason()
                + ".";
    return LoraException.of(LoraException.Reason.NO_USABLE_KEYS, file, null, example);
  }

  private static void checkSize(Path file, Map<String, Shape> shapes, List<LoraKeys.Group> gs) {
    long total = 0;
    for (LoraKeys.Group g : gs) {
      total += shapes.get(g.down).size() + shapes.get(g.up).size();
    }
    if (total > MAX_VALUES) {
      throw LoraException.of(
          LoraException.Reason.TOO_LARGE,
          file,
          null,
          "its projections hold " + total + " values, more than the " + MAX_VALUES + " allowed.");
    }
  }

  /** The file it was read from. */
  public Path path() {
    return path;
  }

  /** The SHA-256 of the file's bytes, 64 lowercase hex digits. */
  public String sha256() {
    return sha256;
  }

  /** The file's {@code __metadata__} (kohya's {@code ss_…} training notes); may be empty. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The modules it changes, in file order. */
  public List<LoraModule> modules() {
    return modules;
  }

  /** The keys that are not applied whatever the model, and why. */
  public List<IgnoredKey> ignored() {
    return ignored;
  }

  /** Frees the tensors. A model the LoRA is merged into keeps its merged weights. */
  @Override
  public void close() {
    closed = true;
    manager.close();
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public String toString() {
    return path.getFileName() + " (" + modules.size() + " modules)";
  }
}
