package dev.atelier.generate;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.LoraFileEntry;
import dev.atelier.diffusion.safetensors.SafetensorsException;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The LoRA files this computer has, to find again the ones an image names: the files generations
 * used before (the catalog remembers their paths and hashes) and the {@code .safetensors} LoRAs in
 * the LoRA folder and in the folders of those files (and their subfolders, a few levels down).
 *
 * <p>A file is hashed once ({@link LoraHashes}: the whole file and its tensor data) and the hashes
 * kept in the catalog with its size and modification time; a file that changed is hashed again, one
 * that is gone is forgotten. Files in the folders are hashed only when a hash cannot be found among
 * those known, and only when their header holds kohya-format LoRA keys, so a checkpoint lying next
 * to them is never read through. Blocking: call it off the screen thread.
 */
public final class LoraLibrary {

  /** How deep below a folder LoRA files are looked for. */
  static final int MAX_DEPTH = 4;

  /** The fewest hex digits a hash is looked up by (web UI writes 12). */
  public static final int MIN_HASH_DIGITS = 8;

  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{" + MIN_HASH_DIGITS + ",64}");
  private static final String SUFFIX = ".safetensors";

  /**
   * A LoRA file found, with its hashes.
   *
   * @param file where it is
   * @param sha256 SHA-256 of the file
   * @param dataSha256 SHA-256 of its tensor data ({@link LoraHashes}); null when not worked out
   */
  public record Found(Path file, String sha256, String dataSha256) {

    /** The name image tools give it: its file name without {@code .safetensors}. */
    public String name() {
      return stem(file);
    }

    /** Whether {@code hexPrefix} begins its file hash or its data hash. */
    public boolean matches(String hexPrefix) {
      String p = hexPrefix.toLowerCase(Locale.ROOT);
      return sha256.startsWith(p) || (dataSha256 != null && dataSha256.startsWith(p));
    }
  }

  private final Catalog catalog;
  private final Path folder;
  private final Clock clock;

  /**
   * @param folder the LoRA folder; null for none (only files used before are known)
   */
  public LoraLibrary(Catalog catalog, Path folder, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog);
    this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock);
  }

  /** The LoRA folder, when there is one. */
  public Optional<Path> folder() {
    return Optional.ofNullable(folder);
  }

  /** Whether {@code hex} can be looked up: 8 to 64 hex digits. */
  public static boolean isHash(String hex) {
    return hex != null && HEX.matcher(hex).matches();
  }

  /**
   * The folders looked through: the LoRA folder, then the folders of the files used before, the
   * most recently used first.
   */
  public List<Path> folders() {
    Set<Path> out = new LinkedHashSet<>();
    if (folder != null) {
      out.add(folder);
    }
    for (LoraFileEntry e : catalog.loraFiles().all()) {
      if (e.usedAt() != null) {
        Path parent = Path.of(e.path()).getParent();
        if (parent != null) {
          out.add(parent);
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The file whose hash or data hash begins with {@code hexPrefix}: among the files known first
   * (the most recently used first), then among the LoRA files in the {@link #folders()} not hashed
   * yet, which are hashed and remembered on the way.
   *
   * @throws IllegalArgumentException when {@code hexPrefix} is not 8 to 64 hex digits
   */
  public Optional<Found> withHash(String hexPrefix) {
    if (!isHash(hexPrefix)) {
      throw new IllegalArgumentException("Not a hash of 8 to 64 hex digits: " + hexPrefix);
    }
    List<Found> known = new ArrayList<>();
    for (LoraFileEntry e : catalog.loraFiles().all()) {
      current(e).ifPresent(known::add);
    }
    for (Found f : known) {
      if (f.matches(hexPrefix)) {
        return Optional.of(f);
      }
    }
    for (Found f : known) {
      if (f.dataSha256() == null) {
        Found full = hashed(f.file(), null);
        if (full.matches(hexPrefix)) {
          return Optional.of(full);
        }
      }
    }
    for (Path file : candidates()) {
      if (catalog.loraFiles().find(file.toString()).isEmpty() && isLora(file)) {
        Found f = hashed(file, null);
        if (f.matches(hexPrefix)) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The LoRA files in the {@link #folders()} named {@code name} (its file name without {@code
   * .safetensors}, any case), hashed, those in the LoRA folder first.
   */
  public List<Found> named(String name) {
    List<Found> out = new ArrayList<>();
    for (Path file : candidates()) {
      if (stem(file).equalsIgnoreCase(name) && isLora(file)) {
        out.add(
            catalog
                .loraFiles()
                .find(file.toString())
                .flatMap(this::current)
                .orElseGet(() -> hashed(file, null)));
      }
    }
    return out;
  }

  /**
   * Remembers that a generation used {@code file}, whose SHA-256 was {@code sha256} when it was
   * read, so that it is found again by its hash and its folder is looked through.
   */
  public void used(Path file, String sha256) {
    Path path = file.toAbsolutePath().normalize();
    Instant now = clock.instant();
    Optional<LoraFileEntry> known = catalog.loraFiles().find(path.toString());
    try {
      long size = Files.size(path);
      long modified = Files.getLastModifiedTime(path).toMillis();
      if (known.isPresent()
          && known.get().sha256().equals(sha256)
          && known.get().size() == size
          && known.get().modifiedMillis() == modified) {
        catalog.loraFiles().save(known.get().usedAt(now));
      } else {
        catalog
            .loraFiles()
            .save(new LoraFileEntry(path.toString(), sha256, null, size, modified, now));
      }
    } catch (IOException e) {
      // Gone since it was read: nothing to find it by later.
      catalog.loraFiles().remove(path.toString());
    }
  }

  /**
   * {@code e} as it is now: hashed again when the file changed, empty (and forgotten) when gone.
   */
  private Optional<Found> current(LoraFileEntry e) {
    Path file = Path.of(e.path());
    try {
      if (!Files.isRegularFile(file)) {
        catalog.loraFiles().remove(e.path());
        return Optional.empty();
      }
      if (Files.size(file) == e.size()
          && Files.getLastModifiedTime(file).toMillis() == e.modifiedMillis()) {
        return Optional.of(new Found(file, e.sha256(), e.dataSha256()));
      }
    } catch (IOException ex) {
      return Optional.empty();
    }
    return Optional.of(hashed(file, e.usedAt()));
  }

  /** Hashes {@code file} and remembers it. */
  private Found hashed(Path file, Instant usedAt) {
    try {
      LoraHashes h = LoraHashes.of(file);
      Instant used =
          usedAt != null
              ? usedAt
              : catalog
                  .loraFiles()
                  .find(file.toString())
                  .filter(e -> e.sha256().equals(h.sha256()))
                  .map(LoraFileEntry::usedAt)
                  .orElse(null);
      catalog
          .loraFiles()
          .save(
              new LoraFileEntry(
                  file.toString(), h.sha256(), h.dataSha256(), h.size(), h.modifiedMillis(), used));
      return new Found(file, h.sha256(), h.dataSha256());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the LoRA file " + file, e);
    }
  }

  /** The {@code .safetensors} files in the folders, in folder order, each once. */
  private List<Path> candidates() {
    Set<Path> out = new LinkedHashSet<>();
    for (Path dir : folders()) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir, MAX_DEPTH)) {
        files
            .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(SUFFIX))
            .filter(Files::isRegularFile)
            .sorted()
            .forEach(f -> out.add(f.toAbsolutePath().normalize()));
      } catch (IOException | UncheckedIOException e) {
        // A folder that cannot be listed (gone, no permission) holds nothing to find.
      }
    }
    return List.copyOf(out);
  }

  /** Whether {@code file}'s header holds kohya-format LoRA keys (only the header is read). */
  static boolean isLora(Path file) {
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      return st.tensors().keySet().stream().anyMatch(k -> k.startsWith("lora_"));
    } catch (SafetensorsException e) {
      return false;
    }
  }

  static String stem(Path file) {
    String name = file.getFileName().toString();
    return name.toLowerCase(Locale.ROOT).endsWith(SUFFIX)
        ? name.substring(0, name.length() - SUFFIX.length())
        : name;
  }
}
