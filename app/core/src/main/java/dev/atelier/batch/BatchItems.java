package dev.atelier.batch;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.diffusion.sd.lora.LoraFile;
import dev.atelier.generate.CreativeOptions;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.Failures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a batch file's lines into {@link BatchItem}s: empty fields take the defaults, and every
 * value is checked before anything runs, by the rules {@code generate} follows ({@link
 * CreativeOptions} for the creative controls). Each file is read by its reader, within its limits:
 * start pictures and masks are decoded (and let go again), LoRAs read as LoRAs, and each is kept as
 * its path and SHA-256. A value that is one field's fault is reported with its line and column.
 */
final class BatchItems {

  /** The batch file's names for the creative controls: its column names. */
  static final CreativeOptions.Names COLUMNS =
      control ->
          switch (control) {
            case INIT_IMAGE -> "init_image";
            case STRENGTH -> "strength";
            case MASK -> "mask";
            case MASK_BLUR -> "mask_blur";
            case INVERT_MASK -> "invert_mask";
            case LORA -> BatchFile.LORAS;
            case HIRES -> "hires";
            case HIRES_STRENGTH -> "hires_strength";
          };

  /** A value that one column of a line cannot take. */
  static final class ColumnException extends IllegalArgumentException {
    final String column;

    ColumnException(String column, String message) {
      super(message);
      this.column = column;
    }
  }

  private BatchItems() {}

  /**
   * The items of {@code file}, each also passed to {@code check}.
   *
   * @throws IllegalArgumentException listing every bad line; nothing has run yet
   */
  static List<BatchItem> resolve(
      BatchFile file, GenerationDefaults defaults, int defaultVariants, Consumer<BatchItem> check) {
    Path folder = file.path().toAbsolutePath().getParent();
    Map<Path, String> loraHashes = new HashMap<>();
    List<BatchItem> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < file.entries().size(); i++) {
      BatchFile.Entry e = file.entries().get(i);
      try {
        GenerationRequest settings = settings(e, i, file.sha256(), defaults, defaultVariants);
        BatchItem item = inputs(e, settings, folder, loraHashes);
        check.accept(item);
        out.add(item);
      } catch (CreativeOptions.OptionException ex) {
        errors.add(where(e, COLUMNS.of(ex.control())) + ex.getMessage());
      } catch (ColumnException ex) {
        errors.add(where(e, ex.column) + ex.getMessage());
      } catch (IllegalArgumentException ex) {
        errors.add("line " + e.line() + ": " + ex.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          file.path() + " has errors (nothing was generated):\n  " + String.join("\n  ", errors));
    }
    return out;
  }

  private static String where(BatchFile.Entry e, String column) {
    return "line " + e.line() + ", column " + column + ": ";
  }

  /** The settings without files: the line's values, else the defaults. */
  private static GenerationRequest settings(
      BatchFile.Entry e, int index, String fileSha, GenerationDefaults d, int defaultVariants) {
    int width = d.width();
    int height = d.height();
    String size = e.get("size");
    if (size != null) {
      String[] parts = size.toLowerCase(Locale.ROOT).split("x");
      width = number(parts[0], "size");
      height = parts.length > 1 ? number(parts[1], "size") : width;
    }
    String seed = e.get("seed");
    SamplerKind sampler;
    try {
      sampler = SamplerKind.fromId(e.get("sampler") != null ? e.get("sampler") : d.sampler());
    } catch (IllegalArgumentException ex) {
      throw new ColumnException("sampler", ex.getMessage());
    }
    return new GenerationRequest(
        e.get("prompt"),
        e.get("negative"),
        seed != null ? longNumber(seed, "seed") : derivedSeed(fileSha, index),
        sampler,
        e.get("steps") != null ? number(e.get("steps"), "steps") : d.steps(),
        e.get("cfg") != null ? decimal(e.get("cfg"), "cfg") : d.guidance(),
        width,
        height,
        e.get("variants") != null ? number(e.get("variants"), "variants") : defaultVariants,
        0);
  }

  /**
   * The item: {@code settings} with the line's creative controls, each file read and checked as
   * {@code generate} reads it, then kept as its path and hash.
   */
  private static BatchItem inputs(
      BatchFile.Entry e, GenerationRequest settings, Path folder, Map<Path, String> loraHashes) {
    Double hires = optionalDecimal(e, "hires");
    CreativeOptions options =
        new CreativeOptions(
            path(e, "init_image", folder),
            optionalDecimal(e, "strength"),
            path(e, "mask", folder),
            e.get("mask_blur") == null ? null : number(e.get("mask_blur"), "mask_blur"),
            yes(e, "invert_mask"),
            hires,
            optionalDecimal(e, "hires_strength"));
    GenerationRequest.Hires pass = options.hiresPass(COLUMNS);
    List<GenerationRequest.LoraChoice> loras = new ArrayList<>();
    for (String value : e.loras()) {
      loras.add(CreativeOptions.lora(value, folder));
    }
    GenerationRequest.StartImage start =
        options.startImage(COLUMNS, GenerationRequest.StartImage.DEFAULT_STRENGTH);
    GenerationRequest.InpaintMask read = options.inpaintMask(COLUMNS);
    // The whole request, built once to check that its parts fit together, then let go.
    GenerationRequest whole = options.apply(settings, start, read, pass, loras);
    List<BatchItem.LoraFile> loraFiles = new ArrayList<>();
    for (GenerationRequest.LoraChoice l : loras) {
      loraFiles.add(new BatchItem.LoraFile(l.file(), loraSha256(l.file(), loraHashes), l.weight()));
    }
    return new BatchItem(
        e.line(),
        settings.withHires(pass),
        start == null
            ? null
            : new BatchItem.StartFile(options.initImage(), start.sha256(), start.strength()),
        read == null
            ? null
            : new BatchItem.MaskFile(
                options.mask(), read.sha256(), whole.mask().blur(), options.invertMask()),
        loraFiles);
  }

  /**
   * The SHA-256 of a LoRA file, which is read as a LoRA (once per file) so that one that is not is
   * refused now.
   *
   * @throws CreativeOptions.OptionException naming the file and what is wrong with it
   */
  private static String loraSha256(Path file, Map<Path, String> known) {
    Path key = file.toAbsolutePath().normalize();
    String sha = known.get(key);
    if (sha != null) {
      return sha;
    }
    if (!Files.isRegularFile(key)) {
      throw new CreativeOptions.OptionException(
          CreativeOptions.Control.LORA, "No such LoRA file: " + file);
    }
    try (LoraFile lora = LoraFile.read(key)) {
      known.put(key, lora.sha256());
      return lora.sha256();
    } catch (RuntimeException ex) {
      throw new CreativeOptions.OptionException(
          CreativeOptions.Control.LORA, Failures.describe(ex));
    }
  }

  /** A seed in [0, 2^48) from the file hash and the item position. */
  static long derivedSeed(String fileSha, int index) {
    byte[] h = Hashes.sha256((fileSha + ":" + index).getBytes(StandardCharsets.UTF_8));
    long seed = 0;
    for (int i = 0; i < 6; i++) {
      seed = seed << 8 | (h[i] & 0xff);
    }
    return seed;
  }

  private static Path path(BatchFile.Entry e, String column, Path folder) {
    String value = e.get(column);
    if (value == null) {
      return null;
    }
    try {
      return folder.resolve(value).normalize();
    } catch (InvalidPathException ex) {
      throw new ColumnException(column, "not a file name: \"" + value + "\"");
    }
  }

  private static boolean yes(BatchFile.Entry e, String column) {
    String value = e.get(column);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new ColumnException(
              column, column + " must be true or false (yes/no, 1/0), not \"" + value + "\"");
    };
  }

  private static Double optionalDecimal(BatchFile.Entry e, String column) {
    return e.get(column) == null ? null : decimal(e.get(column), column);
  }

  private static int number(String s, String field) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new ColumnException(field, field + " must be a whole number, not \"" + s + "\"");
    }
  }

  private static long longNumber(String s, String field) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new ColumnException(field, field + " must be a whole number, not \"" + s + "\"");
    }
  }

  private static double decimal(String s, String field) {
    try {
      double value = Double.parseDouble(s.strip());
      if (!Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ColumnException(field, field + " must be a number, not \"" + s + "\"");
    }
  }
}
