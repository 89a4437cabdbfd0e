package dev.atelier.diffusion.sd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atelier.diffusion.FileHashing;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.sd.checkpoint.Checkpoints;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.Layout;
import dev.atelier.diffusion.sd.checkpoint.OpenCheckpoint;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Makes a Stable Diffusion checkpoint the artist already has (a {@code .safetensors} file or a
 * diffusers folder) an Atelier model, without copying it: checks that Atelier can run it, hashes
 * its files with progress, and writes {@code <models>/<name>/model.json} pointing at it. From then
 * on the files are verified against those hashes before every load, and the weights hash that
 * provenance records is the checkpoint file's own SHA-256.
 *
 * <p>The model folder is written to a temporary folder and moved into place, so an interrupted
 * import leaves nothing half-written.
 */
public final class CheckpointImport {

  /** The manifest kind of an imported checkpoint. */
  public static final String KIND = "sd-checkpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  private CheckpointImport() {}

  /** The imported model and what was found. */
  public record Imported(ModelLibrary.Installed model, DetectedCheckpoint detected, long bytes) {

    /** The weights hash provenance records (SHA-256, lower-case hex). */
    public String sha256() {
      return model.manifest().weightsSha256();
    }

    /** The short form model sites show (first ten hex digits, upper-case). */
    public String shortHash() {
      return FileHashing.shortForm(sha256());
    }
  }

  /**
   * Says what a file or folder is, reading only headers.
   *
   * @throws ModelIntegrityException (a {@code CheckpointException} or {@code SafetensorsException})
   *     when it is malformed, a pickle file, or a model Atelier cannot run yet, in words that name
   *     what was found
   */
  public static DetectedCheckpoint inspect(Path source) {
    try (OpenCheckpoint open = Checkpoints.open(source.toAbsolutePath().normalize())) {
      return open.detected();
    }
  }

  /**
   * Imports {@code source} into {@code userModels}.
   *
   * @param name model name; null derives one from the file or folder name. An existing model of
   *     that name from another source gets a numbered name instead; one from the same source is
   *     replaced (a re-import after the file changed).
   * @param license the weights' license as the artist states it; null for "unknown"
   * @throws java.util.concurrent.CancellationException when cancelled while hashing
   * @throws ModelIntegrityException as {@link #inspect}
   */
  public static Imported run(
      Path source,
      Path userModels,
      String name,
      String license,
      FileHashing.Listener listener,
      CancellationToken cancel)
      throws IOException {
    Path absolute = source.toAbsolutePath().normalize();
    DetectedCheckpoint detected = inspect(absolute);
    Path root = detected.layout() == Layout.SINGLE_FILE ? absolute.getParent() : absolute;
    List<Path> files = Checkpoints.files(detected);
    long total = 0;
    for (Path f : files) {
      total += Files.size(f);
    }
    FileHashing hashing = new FileHashing(total, listener, cancel);
    List<ModelManifest.FileEntry> entries = new ArrayList<>();
    for (Path f : files) {
      entries.add(
          new ModelManifest.FileEntry(
              root.relativize(f).toString().replace('\\', '/'), Files.size(f), hashing.sha256(f)));
    }
    Files.createDirectories(userModels);
    String chosen = chooseName(userModels, name == null ? slug(absolute) : slug(name), root);
    ModelManifest manifest =
        new ModelManifest(
            chosen,
            "1",
            KIND,
            detected.description(),
            license == null || license.isBlank() ? "unknown" : license,
            entries,
            architecture(detected),
            GenerationDefaults.STABLE_DIFFUSION.toMap(),
            null,
            root.toString());
    Path dir = writeAtomically(userModels, chosen, manifest);
    return new Imported(new ModelLibrary.Installed(dir, manifest), detected, total);
  }

  private static ObjectNode architecture(DetectedCheckpoint d) {
    ObjectNode a = JSON.createObjectNode();
    a.put("family", d.family().name());
    a.put("layout", d.layout().name());
    a.put("inpainting", d.inpainting());
    a.put("unetInChannels", d.unet().inChannels());
    a.put("contextDim", d.unet().contextDim());
    a.put("vaeScalingFactor", d.vaeScalingFactor());
    return a;
  }

  /** A folder-safe model name: lower case letters, digits, dots, dashes. */
  static String slug(Path source) {
    String file = source.getFileName() == null ? "checkpoint" : source.getFileName().toString();
    return slug(file.replaceFirst("(?i)\\.safetensors$", ""));
  }

  static String slug(String text) {
    String s =
        text.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9.]+", "-")
            .replaceAll("^[-.]+|[-.]+$", "")
            .replaceAll("-{2,}", "-");
    if (s.length() > 64) {
      s = s.substring(0, 64).replaceAll("[-.]+$", "");
    }
    return s.isEmpty() ? "checkpoint" : s;
  }

  private static String chooseName(Path userModels, String base, Path root) {
    for (int i = 1; ; i++) {
      String candidate = i == 1 ? base : base + "-" + i;
      Path dir = userModels.resolve(candidate);
      if (!Files.exists(dir)) {
        return candidate;
      }
      if (sameSource(dir, root)) {
        return candidate;
      }
    }
  }

  private static boolean sameSource(Path dir, Path root) {
    try {
      ModelManifest existing = ModelManifest.read(dir);
      return KIND.equals(existing.kind()) && root.toString().equals(existing.source());
    } catch (ModelIntegrityException e) {
      return false;
    }
  }

  private static Path writeAtomically(Path userModels, String name, ModelManifest manifest)
      throws IOException {
    Path target = userModels.resolve(name);
    Path staging = Files.createTempDirectory(userModels, "." + name + ".importing-");
    try {
      manifest.write(staging);
      if (Files.exists(target)) {
        deleteTree(target); // the same source, imported again
      }
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(staging, target);
      }
      return target;
    } finally {
      if (Files.exists(staging)) {
        deleteTree(staging);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
