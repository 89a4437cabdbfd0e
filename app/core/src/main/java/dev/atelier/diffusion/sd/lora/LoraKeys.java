package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sorts the keys of a LoRA file by module, before any tensor is read: {@code
 * lora_unet_<module>.lora_down.weight}, {@code .lora_up.weight} and {@code .alpha} (and {@code
 * lora_te_…} for the text encoder) make a module; every other key is set aside with a reason. An
 * SDXL LoRA ({@code lora_te1_}/{@code lora_te2_}, or metadata that says so) or an SD 2.x one is
 * refused as a whole.
 */
final class LoraKeys {

  private static final Pattern KEY =
      Pattern.compile("^lora_(unet|te|te1|te2)_([A-Za-z0-9_]{1,300})\\.([A-Za-z0-9_.]{1,60})$");

  /** The tensors of one module, by kind; any may be null until checked. */
  static final class Group {
    final String name;
    final LoraModule.Part part;
    final String module;
    String down;
    String up;
    String alpha;
    String unsupported;

    Group(String name, LoraModule.Part part, String module) {
      this.name = name;
      this.part = part;
      this.module = module;
    }
  }

  private LoraKeys() {}

  /**
   * Groups {@code shapes}' keys by module, adding the keys that belong to no usable module to
   * {@code ignored}.
   *
   * @throws LoraException {@code OTHER_FAMILY} for an SDXL or SD 2.x LoRA
   */
  static List<Group> group(
      Path file,
      Map<String, Shape> shapes,
      Map<String, String> metadata,
      List<IgnoredKey> ignored) {
    checkFamily(file, shapes, metadata);
    Map<String, Group> groups = new LinkedHashMap<>();
    for (String key : shapes.keySet()) {
      Matcher m = KEY.matcher(key);
      if (!m.matches()) {
        ignored.add(new IgnoredKey(key, "not a kohya-format LoRA key (lora_unet_… or lora_te_…)"));
        continue;
      }
      LoraModule.Part part =
          m.group(1).equals("unet") ? LoraModule.Part.UNET : LoraModule.Part.TEXT_ENCODER;
      String name = "lora_" + m.group(1) + "_" + m.group(2);
      Group g = groups.computeIfAbsent(name, n -> new Group(n, part, m.group(2)));
      switch (m.group(3)) {
        case "lora_down.weight" -> g.down = key;
        case "lora_up.weight" -> g.up = key;
        case "alpha" -> g.alpha = key;
        case "lora_mid.weight" -> g.unsupported = "a LoCon module with a middle (Tucker) tensor";
        case "dora_scale" -> g.unsupported = "a DoRA module, whose merge differs from LoRA's";
        default -> ignored.add(new IgnoredKey(key, kindOf(m.group(3))));
      }
    }
    List<Group> usable = new ArrayList<>();
    for (Group g : groups.values()) {
      if (g.unsupported != null) {
        ignored.add(new IgnoredKey(g.name, "not applied: " + g.unsupported));
      } else if (g.down == null && g.up == null) {
        if (g.alpha != null) {
          ignored.add(new IgnoredKey(g.alpha, "an alpha without lora_down and lora_up weights"));
        }
      } else if (g.down == null || g.up == null) {
        throw LoraException.of(
            LoraException.Reason.INCOMPLETE_MODULE,
            file,
            g.name,
            "it has a "
                + (g.down == null ? "lora_up" : "lora_down")
                + " weight without its "
                + (g.down == null ? "lora_down" : "lora_up")
                + " weight.");
      } else {
        usable.add(g);
      }
    }
    return usable;
  }

  private static String kindOf(String suffix) {
    if (suffix.startsWith("hada_")) {
      return "a LyCORIS LoHa tensor; Atelier applies plain LoRA (lora_down/lora_up) only";
    }
    if (suffix.startsWith("lokr_")) {
      return "a LyCORIS LoKr tensor; Atelier applies plain LoRA (lora_down/lora_up) only";
    }
    return "not a LoRA tensor (." + suffix + "); Atelier applies lora_down, lora_up and alpha";
  }

  private static void checkFamily(
      Path file, Map<String, Shape> shapes, Map<String, String> metadata) {
    String sdxlKey =
        shapes.keySet().stream()
            .filter(k -> k.startsWith("lora_te1_") || k.startsWith("lora_te2_"))
            .findFirst()
            .orElse(null);
    String base = metadata.getOrDefault("ss_base_model_version", "");
    String arch = metadata.getOrDefault("modelspec.architecture", "");
    if (sdxlKey != null || base.startsWith("sdxl") || arch.contains("-xl-")) {
      throw LoraException.of(
          LoraException.Reason.OTHER_FAMILY,
          file,
          sdxlKey,
          "it is a LoRA for Stable Diffusion XL (it has "
              + (sdxlKey != null ? "SDXL's two text encoders" : "SDXL in its metadata")
              + "); it does not fit a Stable Diffusion 1.x model.");
    }
    if ("True".equals(metadata.get("ss_v2")) || base.startsWith("sd_v2")) {
      throw LoraException.of(
          LoraException.Reason.OTHER_FAMILY,
          file,
          null,
          "it is a LoRA for Stable Diffusion 2.x (so its metadata says); it does not fit a Stable"
              + " Diffusion 1.x model.");
    }
  }
}
