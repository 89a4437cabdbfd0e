package dev.atelier.imagesettings;

import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.ParametersText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Settings from a {@link ParametersText}: each known setting read, each problem a note. */
final class InfotextSettings {

  static final String LORA_HASHES = "Lora hashes";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,6})x(\\d{1,6})");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{8,64}");

  private InfotextSettings() {}

  static ImageSettings from(ParametersText.Parsed p, boolean madeByAtelier, List<String> notes) {
    List<String> out = new ArrayList<>(notes);
    if (p.fields().isEmpty()) {
      out.add("The parameters text has no settings line; only the prompt was read");
    }
    LoraTags.Split split =
        LoraTags.split(p.prompt(), LoraTags.hashes(p.field(LORA_HASHES).orElse(null)));
    Long seed = whole(p, "Seed", out);
    Integer steps = positive(whole(p, "Steps", out), "Steps", out);
    Double guidance = decimal(p, "CFG scale", out);
    Integer width = null;
    Integer height = null;
    Optional<String> size = p.field("Size").map(String::strip);
    if (size.isPresent()) {
      Matcher m = SIZE.matcher(size.get());
      if (m.matches()) {
        width = Integer.parseInt(m.group(1));
        height = Integer.parseInt(m.group(2));
      } else {
        out.add("Size \"" + size.get() + "\" is not WIDTHxHEIGHT");
      }
    } else if (!p.fields().isEmpty()) {
      out.add("The image gives no size");
    }
    String samplerName = p.field("Sampler").map(String::strip).orElse(null);
    SamplerKind sampler = ParametersText.sampler(p).orElse(null);
    if (samplerName != null && sampler == null) {
      String schedule = p.field("Schedule type").map(s -> ", schedule " + s.strip()).orElse("");
      out.add("Sampler \"" + samplerName + schedule + "\" is not one Atelier has");
    } else if (samplerName == null && !p.fields().isEmpty()) {
      out.add("The image gives no sampler");
    }
    String hash = p.field("Model hash").map(String::strip).orElse(null);
    if (hash != null && !HEX.matcher(hash).matches()) {
      out.add("Model hash \"" + hash + "\" is not a hexadecimal hash");
      hash = null;
    }
    String model = p.field("Model").map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    ImageSettings.Hires hires = InfotextPasses.hires(p, width, height, out);
    Double startStrength = InfotextPasses.startStrength(p, out);
    return new ImageSettings(
        ImageSettings.Source.PARAMETERS_TEXT,
        split.prompt(),
        p.negativePrompt(),
        seed,
        sampler,
        samplerName,
        steps,
        guidance,
        width,
        height,
        model,
        hash == null ? null : hash.toLowerCase(Locale.ROOT),
        split.loras(),
        hires,
        startStrength,
        madeByAtelier,
        out);
  }

  private static Long whole(ParametersText.Parsed p, String name, List<String> notes) {
    Optional<String> v = p.field(name).map(String::strip);
    if (v.isEmpty()) {
      if (!p.fields().isEmpty()) {
        notes.add("The image gives no " + name.toLowerCase(Locale.ROOT));
      }
      return null;
    }
    try {
      return Long.parseLong(v.get());
    } catch (NumberFormatException e) {
      notes.add(name + " \"" + v.get() + "\" is not a whole number");
      return null;
    }
  }

  private static Integer positive(Long value, String name, List<String> notes) {
    if (value == null) {
      return null;
    }
    if (value < 1 || value > Integer.MAX_VALUE) {
      notes.add(name + " " + value + " is out of range");
      return null;
    }
    return value.intValue();
  }

  private static Double decimal(ParametersText.Parsed p, String name, List<String> notes) {
    Optional<String> v = p.field(name).map(String::strip);
    if (v.isEmpty()) {
      if (!p.fields().isEmpty()) {
        notes.add("The image gives no guidance (" + name + ")");
      }
      return null;
    }
    try {
      double d = Double.parseDouble(v.get());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    notes.add(name + " \"" + v.get() + "\" is not a number");
    return null;
  }
}
