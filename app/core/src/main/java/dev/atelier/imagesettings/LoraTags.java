package dev.atelier.imagesettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Web UI's LoRA syntax: {@code <lora:name:weight>} tags in the prompt (a second weight, or named
 * ones such as {@code te=0.5}, may follow; the first weight is read), and the {@code Lora hashes}
 * setting, {@code "name: hash, name: hash"}.
 */
final class LoraTags {

  private static final Pattern TAG = Pattern.compile("<lora:([^<>]{1,1000})>");
  private static final Pattern LEFTOVER_COMMAS = Pattern.compile("\\s*,(\\s*,)+");

  private LoraTags() {}

  /** A prompt with its LoRA tags taken out, and the LoRAs they named. */
  record Split(String prompt, List<ImageSettings.Lora> loras) {}

  /**
   * Takes the tags out of {@code prompt} and tidies the commas they leave; {@code hashes} (name to
   * hash, from {@code Lora hashes}) supplies each LoRA's hash, and a LoRA only listed there is
   * added without a weight.
   */
  static Split split(String prompt, Map<String, String> hashes) {
    List<ImageSettings.Lora> loras = new ArrayList<>();
    Map<String, String> unused = new LinkedHashMap<>(hashes);
    Matcher m = TAG.matcher(prompt);
    StringBuilder rest = new StringBuilder();
    boolean found = false;
    while (m.find()) {
      found = true;
      String[] parts = m.group(1).split(":", -1);
      String name = parts[0].strip();
      Double weight = parts.length > 1 ? number(parts[1]) : 1.0;
      loras.add(new ImageSettings.Lora(name, hashes.get(name), weight));
      unused.remove(name);
      m.appendReplacement(rest, "");
    }
    m.appendTail(rest);
    unused.forEach((name, hash) -> loras.add(new ImageSettings.Lora(name, hash, null)));
    String text = prompt;
    if (found) {
      text = LEFTOVER_COMMAS.matcher(rest.toString()).replaceAll(",").strip();
      while (text.endsWith(",")) {
        text = text.substring(0, text.length() - 1).strip();
      }
      while (text.startsWith(",")) {
        text = text.substring(1).strip();
      }
    }
    return new Split(text, loras);
  }

  /** {@code "name: hash, name: hash"} as name to hash; pairs without a colon are skipped. */
  static Map<String, String> hashes(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    for (String pair : value.split(",")) {
      int colon = pair.lastIndexOf(':');
      if (colon > 0) {
        String name = pair.substring(0, colon).strip();
        String hash = pair.substring(colon + 1).strip().toLowerCase(java.util.Locale.ROOT);
        if (!name.isEmpty() && !hash.isEmpty()) {
          out.put(name, hash);
        }
      }
    }
    return out;
  }

  private static Double number(String s) {
    try {
      double d = Double.parseDouble(s.strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
