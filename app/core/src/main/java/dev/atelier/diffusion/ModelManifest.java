package dev.atelier.diffusion;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
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
    JsonNode training) {

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
    for (FileEntry f : files) {
      Path file = dir.resolve(f.path()).normalize();
      if (!file.startsWith(dir.normalize())) {
        throw new ModelIntegrityException("Model file " + f.path() + " points outside " + dir);
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
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(f.sha256())) {
          throw new ModelIntegrityException(
              "Model file " + file + " is corrupt: SHA-256 " + actual + ", expected " + f.sha256());
        }
      } catch (NoSuchFileException e) {
        throw new ModelIntegrityException("Model file " + file + " is missing", e);
      } catch (IOException e) {
        throw new ModelIntegrityException("Cannot read model file " + file, e);
      }
    }
  }

  /** Combined hash of the weights: SHA-256 over the sorted "path:sha256" lines of all files. */
  public String weightsSha256() {
    StringBuilder lines = new StringBuilder();
    files.stream()
        .sorted(java.util.Comparator.comparing(FileEntry::path))
        .forEach(f -> lines.append(f.path()).append(':').append(f.sha256()).append('\n'));
    return Hashes.sha256Hex(lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String sha256(Path file) throws IOException {
    MessageDigest d = Hashes.sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return Hashes.hex(d.digest());
  }
}
