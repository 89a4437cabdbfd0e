package dev.atelier.diffusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model's {@code model.json}: what it is, how to run it, and the SHA-256 of every file it needs.
 * {@link #verify} checks the files before anything is loaded, so a corrupt or truncated download is
 * reported by name instead of failing somewhere inside the engine.
 *
 * @param name model name, e.g. {@code atelier-tiny}
 * @param version model version
 * @param kind {@code builtin} (Atelier's own network) or {@code torchscript-sd}
 * @param description one line for people
 * @param license SPDX id of the weights' license
 * @param files every file of the model, relative to the folder holding {@code model.json}
 * @param architecture model-specific network settings
 * @param defaults sampler defaults: sampler, steps, guidance, size
 * @param training how the weights were made (settings, dataset hash, Merkle root of the set)
 * @param source for a model whose weights stay where the artist keeps them (an imported
 *     checkpoint): the absolute folder the {@code files} are relative to; null when the files lie
 *     beside {@code model.json}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    String name,
    String version,
    String kind,
    String description,
    String license,
    List<FileEntry> files,
    JsonNode architecture,
    Map<String, Object> defaults,
    JsonNode training,
    String source) {

  public static final String FILE_NAME = "model.json";

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One file of a model. */
  public record FileEntry(String path, long bytes, String sha256) {}

  public ModelManifest {
    files = List.copyOf(files);
  }

  /** A model whose files lie beside its {@code model.json}. */
  public ModelManifest(
      String name,
      String version,
      String kind,
      String description,
      String license,
      List<FileEntry> files,
      JsonNode architecture,
      Map<String, Object> defaults,
      JsonNode training) {
    this(name, version, kind, description, license, files, architecture, defaults, training, null);
  }

  /** The folder the files are relative to: {@link #source} when set, else {@code dir}. */
  public Path filesRoot(Path dir) {
    return source == null ? dir : Path.of(source);
  }

  /** Total size of the model's files in bytes, as recorded. */
  public long totalBytes() {
    return files.stream().mapToLong(FileEntry::bytes).sum();
  }

  /** {@code name@version}, the id the catalog uses. */
  public String id() {
    return name + "@" + version;
  }

  /** Reads {@code dir/model.json}. */
  public static ModelManifest read(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    try {
      ModelManifest m = JSON.readValue(file.toFile(), ModelManifest.class);
      if (m.name() == null || m.version() == null || m.kind() == null || m.files() == null) {
        throw new ModelIntegrityException(file + " lacks name, version, kind or files");
      }
      return m;
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ModelIntegrityException("No " + FILE_NAME + " in " + dir, e);
    } catch (IOException e) {
      throw new ModelIntegrityException(
          file + " is not a valid model manifest: " + e.getMessage(), e);
    }
  }

  /** Writes {@code dir/model.json}. */
  public void write(Path dir) throws IOException {
    JSON.writeValue(dir.resolve(FILE_NAME).toFile(), this);
  }

  /** An entry for a file on disk, hashing it now. */
  public static FileEntry describe(Path dir, String relative) throws IOException {
    Path file = dir.resolve(relative);
    return new FileEntry(relative, Files.size(file), sha256(file));
  }

  /**
   * Checks every file: present, of the stated size, with the stated SHA-256.
   *
   * @throws ModelIntegrityException naming the first file that does not match
   */
  public void verify(Path dir) {
    verify(dir, FileHashing.Listener.NONE, dev.atelier.task.CancellationToken.NONE);
  }

  /**
   * {@link #verify(Path)}, reporting bytes hashed so far (a 4 GB checkpoint takes seconds) and
   * stopping when cancelled.
   *
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public void verify(
      Path dir, FileHashing.Listener listener, dev.atelier.task.CancellationToken cancel) {
    Path root = filesRoot(dir).normalize();
    FileHashing hashing = new FileHashing(totalBytes(), listener, cancel);
    for (FileEntry f : files) {
      Path file = root.resolve(f.path()).normalize();
      if (!file.startsWith(root)) {
        throw new ModelIntegrityException("Model file " + f.path() + " points outside " + root);
      }
      try {
        long size = Files.size(file);
        if (size != f.bytes()) {
          throw new ModelIntegrityException(
              "Model file "
                  + file
                  + " is "
                  + size
                  + " bytes, expected "
                  + f.bytes()
                  + (size < f.bytes() ? " (truncated download?)" : ""));
        }
        String actual = hashing.sha256(file);
        if (!actual.equalsIgnoreCase(f.sha256())) {
          throw new ModelIntegrityException(
              "Model file " + file + " is corrupt: SHA-256 " + actual + ", expected " + f.sha256());
        }
      } catch (NoSuchFileException e) {
        throw new ModelIntegrityException(
            "Model file "
                + file
                + " is missing"
                + (source != null ? " (moved or deleted since it was imported?)" : ""),
            e);
      } catch (IOException e) {
        throw new ModelIntegrityException("Cannot read model file " + file, e);
      }
    }
  }

  /**
   * The hash provenance records for the weights. For an imported single-file checkpoint, the file's
   * own SHA-256, the hash model sites publish; otherwise SHA-256 over the sorted "path:sha256"
   * lines of all files.
   */
  public String weightsSha256() {
    if (source != null && files.size() == 1) {
      return files.getFirst().sha256().toLowerCase(java.util.Locale.ROOT);
    }
    StringBuilder lines = new StringBuilder();
    files.stream()
        .sorted(java.util.Comparator.comparing(FileEntry::path))
        .forEach(f -> lines.append(f.path()).append(':').append(f.sha256()).append('\n'));
    return Hashes.sha256Hex(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String sha256(Path file) throws IOException {
    return new FileHashing(Files.size(file), FileHashing.Listener.NONE, null).sha256(file);
  }
}
