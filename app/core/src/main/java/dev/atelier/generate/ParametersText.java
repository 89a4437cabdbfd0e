package dev.atelier.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.sampling.SamplerKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The generation settings as text, in the form Stable Diffusion web UI (A1111) writes into the PNG
 * text chunk {@value #KEYWORD}, which many image tools read and write:
 *
 * <pre>
 * a lighthouse at dusk, oil painting
 * Negative prompt: blurry, text
 * Steps: 20, Sampler: DPM++ 2M Karras, CFG scale: 7.5, Seed: 12345, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly
 * </pre>
 *
 * The prompt takes the first lines, the negative prompt follows its label (the line is left out
 * when there is none), and the last line holds {@code Name: value} pairs separated by commas. A
 * value that holds a comma, a colon or a line break is written as a JSON string. The last line
 * counts as settings only when at least three pairs can be read from it; otherwise it belongs to
 * the prompt (as web UI reads it).
 *
 * <p>Atelier's samplers by web UI's names: DDIM is {@code DDIM}, DDPM is {@code DDIM} with {@code
 * Eta DDIM: 1.0} (the same update with full noise), Euler ancestral is {@code Euler a}, DPM++ 2M on
 * Karras sigmas is {@code DPM++ 2M Karras} (newer web UI writes {@code DPM++ 2M} and {@code
 * Schedule type: Karras}; both are read).
 */
public final class ParametersText {

  /** The PNG text keyword. */
  public static final String KEYWORD = "parameters";

  /** web UI's field for an inpainting mask's seam blur, in pixels. */
  public static final String MASK_BLUR = "Mask blur";

  /** Label of the negative prompt's line. */
  static final String NEGATIVE = "Negative prompt:";

  /** Characters of the weights hash web UI shows as the model hash. */
  public static final int MODEL_HASH_LENGTH = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParametersText() {}

  /** A model as the text names it: its name and the SHA-256 of its weights. */
  public record ModelInfo(String name, String weightsSha256, List<LoraInfo> loras) {

    public ModelInfo {
      loras = List.copyOf(loras);
    }

    /** A model with no LoRA merged. */
    public ModelInfo(String name, String weightsSha256) {
      this(name, weightsSha256, List.of());
    }
  }

  /**
   * A LoRA merged into the model, as web UI names it: its file name without {@code .safetensors}.
   */
  public record LoraInfo(String name, String sha256, double weight) {}

  /** Hex digits of a LoRA's SHA-256 in {@code Lora hashes} (web UI writes 12). */
  static final int LORA_HASH_LENGTH = 12;

  /** What the text holds: the prompts and the settings line's pairs, in order, values unquoted. */
  public record Parsed(String prompt, String negativePrompt, Map<String, String> fields) {
    public Parsed {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public Optional<String> field(String name) {
      return Optional.ofNullable(fields.get(name));
    }
  }

  /** The text for variant {@code index} of {@code request} (each variant has its own seed). */
  public static String format(GenerationRequest request, int index, ModelInfo model) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("Steps", Integer.toString(request.steps()));
    fields.put("Sampler", webUiName(request.sampler()));
    fields.put("CFG scale", Double.toString(request.guidance()));
    fields.put("Seed", Long.toString(request.variantSeed(index)));
    fields.put("Size", request.width() + "x" + request.height());
    String hash = model.weightsSha256();
    if (hash != null && hash.length() >= MODEL_HASH_LENGTH) {
      fields.put("Model hash", hash.substring(0, MODEL_HASH_LENGTH).toLowerCase(Locale.ROOT));
    }
    fields.put("Model", model.name());
    if (request.start() != null) {
      // webui's field for image-to-image; its steps count the same way (steps × strength run).
      fields.put("Denoising strength", Double.toString(request.start().strength()));
    }
    if (request.mask() != null) {
      // webui's inpainting field: its mask blur is the same Gaussian's standard deviation.
      fields.put(MASK_BLUR, Integer.toString(request.mask().blur()));
    }
    if (request.hires() != null) {
      // webui's txt2img hires fields; its "Latent" upscaler is the same bilinear resize.
      fields.put(
          request.start() == null ? "Denoising strength" : "Hires denoising strength",
          Double.toString(request.hires().strength()));
      fields.put("Hires upscale", Double.toString(request.hires().scale()));
      fields.put("Hires upscaler", "Latent");
    }
    if (!model.loras().isEmpty()) {
      StringBuilder hashes = new StringBuilder();
      for (LoraInfo lora : model.loras()) {
        hashes.append(hashes.isEmpty() ? "" : ", ").append(lora.name()).append(": ");
        hashes.append(lora.sha256(), 0, LORA_HASH_LENGTH);
      }
      fields.put("Lora hashes", hashes.toString());
    }
    if (request.sampler() == SamplerKind.DDPM) {
      fields.put("Eta DDIM", "1.0");
    }
    StringBuilder prompt = new StringBuilder(request.prompt());
    for (LoraInfo lora : model.loras()) {
      // webui keeps a generation's LoRAs as tags in its prompt
      prompt.append(" <lora:").append(lora.name()).append(':').append(lora.weight()).append('>');
    }
    return format(prompt.toString(), request.negativePrompt(), fields);
  }

  /** Prompt, negative prompt (left out when empty) and the settings line. */
  public static String format(String prompt, String negativePrompt, Map<String, String> fields) {
    StringBuilder line = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (v != null) {
            line.append(line.isEmpty() ? "" : ", ").append(k).append(": ").append(quote(v));
          }
        });
    String negative =
        negativePrompt == null || negativePrompt.isEmpty()
            ? ""
            : "\n" + NEGATIVE + " " + negativePrompt;
    return (prompt + negative + "\n" + line).strip();
  }

  /** A value as web UI writes it: as a JSON string when it holds a comma, colon or line break. */
  static String quote(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('\n') < 0 && value.indexOf(':') < 0) {
      return value;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Web UI's name of an Atelier sampler (DDPM is DDIM with eta 1, see the class comment). */
  public static String webUiName(SamplerKind kind) {
    return switch (kind) {
      case DDIM, DDPM -> "DDIM";
      case EULER_ANCESTRAL -> "Euler a";
      case DPMPP_2M_KARRAS -> "DPM++ 2M Karras";
      case LCM -> "LCM"; // web UI's own LCM sampler (since 1.7) takes the same steps
    };
  }

  /**
   * The Atelier sampler that the text's {@code Sampler} (with {@code Schedule type} and {@code Eta
   * DDIM}, when given) names, or empty when Atelier has no such sampler.
   */
  public static Optional<SamplerKind> sampler(Parsed parsed) {
    String name = parsed.field("Sampler").map(String::strip).orElse("");
    String schedule = parsed.field("Schedule type").map(String::strip).orElse("Automatic");
    if (name.endsWith(" Karras")) {
      name = name.substring(0, name.length() - " Karras".length());
      schedule = "Karras";
    }
    boolean automatic = schedule.equalsIgnoreCase("Automatic");
    double eta = number(parsed.field("Eta DDIM").orElse("0"));
    return switch (name) {
      case "DDIM" ->
          automatic && eta == 0
              ? Optional.of(SamplerKind.DDIM)
              : automatic && eta == 1 ? Optional.of(SamplerKind.DDPM) : Optional.empty();
      case "DDPM" -> automatic ? Optional.of(SamplerKind.DDPM) : Optional.empty();
      case "Euler a" -> automatic ? Optional.of(SamplerKind.EULER_ANCESTRAL) : Optional.empty();
      case "LCM" -> automatic ? Optional.of(SamplerKind.LCM) : Optional.empty();
      case "DPM++ 2M" ->
          schedule.equalsIgnoreCase("Karras")
              ? Optional.of(SamplerKind.DPMPP_2M_KARRAS)
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * The inpainting mask's seam blur in pixels that the text gives ({@value #MASK_BLUR}), or empty
   * when it gives none or not as a whole number from 0 to {@value
   * GenerationRequest.InpaintMask#MAX_BLUR}. Only the blur: the mask itself is not in the text.
   */
  public static java.util.OptionalInt maskBlur(Parsed parsed) {
    try {
      int blur = Integer.parseInt(parsed.field(MASK_BLUR).orElse("").strip());
      return blur >= 0 && blur <= GenerationRequest.InpaintMask.MAX_BLUR
          ? java.util.OptionalInt.of(blur)
          : java.util.OptionalInt.empty();
    } catch (NumberFormatException e) {
      return java.util.OptionalInt.empty();
    }
  }

  private static double number(String s) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Reads the text as web UI does: lines up to the one starting {@value #NEGATIVE} are the prompt,
   * the lines from there the negative prompt, and the last line the settings when it holds at least
   * three {@code Name: value} pairs. Unknown names are kept; a quoted value is unquoted. Works in
   * time linear in the text's length, whatever it holds.
   */
  public static Parsed parse(String text) {
    String[] lines = text.strip().split("\n", -1);
    String last = stripCr(lines[lines.length - 1]);
    Map<String, String> fields = InfotextLine.pairs(last);
    int promptLines = lines.length;
    if (fields.size() >= 3) {
      promptLines--;
    } else {
      fields = Map.of();
    }
    StringBuilder prompt = new StringBuilder();
    StringBuilder negative = new StringBuilder();
    boolean inNegative = false;
    for (int i = 0; i < promptLines; i++) {
      String line = lines[i].strip();
      if (line.startsWith(NEGATIVE)) {
        inNegative = true;
        line = line.substring(NEGATIVE.length()).strip();
      }
      StringBuilder target = inNegative ? negative : prompt;
      target.append(target.isEmpty() ? "" : "\n").append(line);
    }
    return new Parsed(prompt.toString(), negative.toString(), fields);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Reads {@code "..."} as a JSON string; text that is not one comes back as it is. */
  static String unquote(String value) {
    if (value.length() < 2 || value.charAt(0) != '"' || value.charAt(value.length() - 1) != '"') {
      return value;
    }
    try {
      return JSON.readValue(value, String.class);
    } catch (JsonProcessingException e) {
      return value;
    }
  }
}
