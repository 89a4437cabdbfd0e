package dev.atelier.imagesettings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.AppInfo;
import dev.atelier.c2pa.C2paException;
import dev.atelier.c2pa.C2paPng;
import dev.atelier.c2pa.C2paReport;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.imagesettings.ImageSettingsException.Reason;
import dev.atelier.png.PngFormatException;
import dev.atelier.png.PngText;
import dev.atelier.provenance.ProvenanceRecord;
import dev.atelier.provenance.ProvenanceService;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the settings an image was made with, from the most exact source it carries:
 *
 * <ol>
 *   <li>Atelier's provenance record in the C2PA manifest (the {@value
 *       ProvenanceService#ASSERTION_LABEL} assertion): Atelier's own sampler id, the model's id and
 *       full weights hash. Whether the signature holds does not matter for reuse; {@code atelier
 *       verify} judges that. The record names each LoRA by its file's whole hash and the start
 *       picture's strength; the parameters text gives the LoRAs their names (and names them when
 *       the record names none). A hires pass made the picture larger than the size asked for: the
 *       size read is the one asked for.
 *   <li>The {@value ParametersText#KEYWORD} text chunk that Atelier, Stable Diffusion web UI and
 *       many other tools write ({@link ParametersText}): unknown settings are passed over, a
 *       setting that cannot be used is reported in {@link ImageSettings#notes()}.
 * </ol>
 *
 * The input is untrusted: a damaged PNG, an over-long or badly encoded text, or a file of any size
 * ends in an {@link ImageSettingsException} with a plain message, never in anything else.
 */
public final class ImageSettingsReader {

  /** The largest file read: 256 MiB, far beyond any image Atelier or web UI makes. */
  public static final long MAX_FILE_BYTES = 256L << 20;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})");

  private ImageSettingsReader() {}

  /**
   * The settings in the PNG {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws ImageSettingsException when it is no readable PNG, is too large, or carries no settings
   */
  public static ImageSettings read(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new ImageSettingsException(
          Reason.TOO_LARGE,
          file.getFileName()
              + " is "
              + (Files.size(file) >> 20)
              + " MiB; settings are read from"
              + " images of at most "
              + (MAX_FILE_BYTES >> 20)
              + " MiB");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in.readNBytes((int) MAX_FILE_BYTES + 1));
    }
  }

  /**
   * The settings in {@code png}.
   *
   * @throws ImageSettingsException when the bytes are no readable PNG or carry no settings
   */
  public static ImageSettings read(byte[] png) {
    if (png.length > MAX_FILE_BYTES) {
      throw new ImageSettingsException(
          Reason.TOO_LARGE, "The file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
    }
    List<String> notes = new ArrayList<>();
    Optional<String> parameters = parametersText(png, notes);
    Optional<ProvenanceRecord> record = record(png, notes);
    ParametersText.Parsed parsed = parameters.map(ParametersText::parse).orElse(null);
    if (record.isPresent()) {
      return fromRecord(record.get(), parsed, notes);
    }
    if (parsed != null) {
      return InfotextSettings.from(parsed, madeByAtelier(png), notes);
    }
    throw new ImageSettingsException(
        Reason.NO_SETTINGS,
        "This image carries no generation settings: it has neither an Atelier provenance record"
            + " nor a \""
            + ParametersText.KEYWORD
            + "\" text"
            + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
  }

  /**
   * The parameters text; a damaged PNG ends the reading, an unreadable text only becomes a note.
   */
  private static Optional<String> parametersText(byte[] png, List<String> notes) {
    try {
      return PngText.find(png, ParametersText.KEYWORD);
    } catch (PngFormatException e) {
      switch (e.reason()) {
        case NOT_PNG -> throw new ImageSettingsException(Reason.NOT_PNG, e.getMessage(), e);
        case DAMAGED -> throw new ImageSettingsException(Reason.DAMAGED, e.getMessage(), e);
        default -> {
          notes.add(e.getMessage());
          return Optional.empty();
        }
      }
    }
  }

  /** Atelier's record, or empty (with a note when a manifest is there but cannot be read). */
  private static Optional<ProvenanceRecord> record(byte[] png, List<String> notes) {
    C2paReport c2pa;
    try {
      c2pa = C2paPng.read(png);
    } catch (C2paException e) {
      notes.add("The C2PA manifest cannot be read: " + e.getMessage());
      return Optional.empty();
    }
    byte[] assertion = c2pa.jsonAssertions().get(ProvenanceService.ASSERTION_LABEL);
    if (assertion == null) {
      return Optional.empty();
    }
    try {
      JsonNode root = JSON.readTree(assertion);
      return Optional.of(ProvenanceRecord.fromJsonLd(root.path("record")));
    } catch (IOException | IllegalArgumentException e) {
      notes.add("The Atelier provenance record cannot be read: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean madeByAtelier(byte[] png) {
    try {
      return PngText.find(png, GenerationService.SOFTWARE)
          .map(s -> s.startsWith(AppInfo.NAME + " "))
          .orElse(false);
    } catch (PngFormatException e) {
      return false;
    }
  }

  private static ImageSettings fromRecord(
      ProvenanceRecord r, ParametersText.Parsed parsed, List<String> notes) {
    SamplerKind sampler = null;
    try {
      sampler = SamplerKind.fromId(r.sampler());
    } catch (IllegalArgumentException e) {
      notes.add("Sampler \"" + r.sampler() + "\" is not one this Atelier has");
    }
    List<ImageSettings.Lora> named = List.of();
    if (parsed != null) {
      Map<String, String> hashes =
          LoraTags.hashes(parsed.field(InfotextSettings.LORA_HASHES).orElse(null));
      named = LoraTags.split(parsed.prompt(), hashes).loras();
    }
    List<ImageSettings.Lora> loras = new ArrayList<>();
    Double startStrength = null;
    for (GenerationInput in : r.inputs()) {
      if (in.role() == GenerationInput.Role.START_IMAGE) {
        startStrength = in.amount();
      } else if (in.role() == GenerationInput.Role.LORA) {
        loras.add(new ImageSettings.Lora(nameOf(in.sha256(), named), in.sha256(), in.amount()));
      }
    }
    if (loras.isEmpty()) {
      loras.addAll(named); // a record that names no LoRA: the parameters text may
    }
    ImageSettings.Hires hires =
        r.hires() == null ? null : new ImageSettings.Hires(r.hires().scale(), r.hires().strength());
    int[] size = baseSize(r, hires, parsed);
    return new ImageSettings(
        ImageSettings.Source.PROVENANCE_RECORD,
        r.prompt(),
        r.negativePrompt(),
        r.seed(),
        sampler,
        r.sampler(),
        r.steps(),
        r.guidance(),
        size[0],
        size[1],
        r.modelId(),
        r.weightsSha256(),
        loras,
        hires,
        startStrength,
        true,
        notes);
  }

  /** The name the parameters text gives the LoRA whose file hash is {@code sha256}, or null. */
  private static String nameOf(String sha256, List<ImageSettings.Lora> named) {
    for (ImageSettings.Lora l : named) {
      if (l.hash() != null && !l.hash().isEmpty() && sha256.startsWith(l.hash())) {
        return l.name();
      }
    }
    return null;
  }

  /**
   * The size the generation was asked for: the record names the picture's, which a hires pass made
   * larger; the parameters text names the first pass's, otherwise it is worked back from the scale.
   */
  private static int[] baseSize(
      ProvenanceRecord r, ImageSettings.Hires hires, ParametersText.Parsed parsed) {
    if (hires == null) {
      return new int[] {r.width(), r.height()};
    }
    if (parsed != null) {
      Matcher m = SIZE.matcher(parsed.field("Size").map(String::strip).orElse(""));
      if (m.matches()) {
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
      }
    }
    return new int[] {base(r.width(), hires), base(r.height(), hires)};
  }

  /** The side that a hires pass of {@code hires} makes {@code side} from. */
  private static int base(int side, ImageSettings.Hires hires) {
    GenerationRequest.Hires pass = new GenerationRequest.Hires(hires.scale(), hires.strength());
    int guess = (int) Math.round(side / hires.scale());
    for (int d = 0; d <= 8; d++) {
      for (int b : new int[] {guess - d, guess + d}) {
        if (b > 0 && pass.side(b) == side) {
          return b;
        }
      }
    }
    return guess;
  }
}
