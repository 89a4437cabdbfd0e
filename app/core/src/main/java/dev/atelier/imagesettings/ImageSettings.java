package dev.atelier.imagesettings;

import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings read from an image. Each setting is null when the image does not give it or gives it
 * in a form Atelier cannot use; {@link #notes()} then says so in words.
 *
 * @param source where the settings came from
 * @param prompt the prompt, without web UI's {@code <lora:…>} tags (those are in {@code loras})
 * @param negativePrompt the negative prompt; empty when none
 * @param seed the seed of this very image
 * @param sampler the Atelier sampler; null when the image names one Atelier does not have
 * @param samplerName the sampler as the image names it (an Atelier id or a web UI name)
 * @param steps sampling steps
 * @param guidance classifier-free guidance scale
 * @param width image width the settings name
 * @param height image height the settings name
 * @param modelName the model as the image names it: an Atelier id ({@code name@version}) or another
 *     tool's model name
 * @param modelHash the model's weights SHA-256 (64 hex digits from Atelier's record) or its first
 *     hex digits (web UI's {@code Model hash}, 10 digits; 8 for web UI's old hash); lowercase
 * @param loras the LoRAs the image names, in order
 * @param hires the second, larger pass the image was made with (hires fix); null for none
 * @param startStrength the strength of the picture image-to-image started from; null when it did
 *     not start from one (the picture itself is not in the image)
 * @param madeByAtelier whether Atelier made the image, so that the same seed and settings give the
 *     same picture again (other tools draw their noise differently)
 * @param notes what could not be read or used, in plain words
 */
public record ImageSettings(
    Source source,
    String prompt,
    String negativePrompt,
    Long seed,
    SamplerKind sampler,
    String samplerName,
    Integer steps,
    Double guidance,
    Integer width,
    Integer height,
    String modelName,
    String modelHash,
    List<Lora> loras,
    Hires hires,
    Double startStrength,
    boolean madeByAtelier,
    List<String> notes) {

  /** Where the settings came from, the most exact first. */
  public enum Source {
    /** Atelier's provenance record in the C2PA manifest. */
    PROVENANCE_RECORD,
    /** The {@code parameters} text chunk (Atelier's or another tool's). */
    PARAMETERS_TEXT,
    /** The catalog's rows of a picture Atelier made here. */
    CATALOG
  }

  /**
   * A LoRA the image names.
   *
   * @param name its name as written (a file name without {@code .safetensors}); null when the image
   *     gives only its hash
   * @param hash the hash the image gives for it, lowercase: the whole SHA-256 of the file from
   *     Atelier's record, or the first hex digits of the file's SHA-256 (Atelier's parameters text)
   *     or of its tensor data's (web UI's {@code Lora hashes}); null when none
   * @param weight its weight; null when the image names the LoRA without one
   */
  public record Lora(String name, String hash, Double weight) {

    /** Hex digits of a hash shown in words. */
    static final int SHORT_HASH = 12;

    /** The LoRA in words: "'ink' (hash 3f2a9c1b0d4e)", as far as known. */
    public String description() {
      String h = hash == null ? null : hash.substring(0, Math.min(SHORT_HASH, hash.length()));
      if (name != null && h != null) {
        return "'" + name + "' (hash " + h + ")";
      }
      return name != null ? "'" + name + "'" : "with hash " + h;
    }
  }

  /**
   * A second, larger pass: each side scaled by {@code scale}, refined at {@code strength}.
   *
   * @param scale as the image gives it (Atelier makes passes of more than 1 and at most 2)
   * @param strength how much of the schedule the pass ran (above 0, at most 1)
   */
  public record Hires(double scale, double strength) {}

  public ImageSettings {
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    loras = List.copyOf(loras);
    notes = List.copyOf(notes);
  }

  /** Settings without a hires pass or a start picture. */
  public ImageSettings(
      Source source,
      String prompt,
      String negativePrompt,
      Long seed,
      SamplerKind sampler,
      String samplerName,
      Integer steps,
      Double guidance,
      Integer width,
      Integer height,
      String modelName,
      String modelHash,
      List<Lora> loras,
      boolean madeByAtelier,
      List<String> notes) {
    this(
        source,
        prompt,
        negativePrompt,
        seed,
        sampler,
        samplerName,
        steps,
        guidance,
        width,
        height,
        modelName,
        modelHash,
        loras,
        null,
        null,
        madeByAtelier,
        notes);
  }

  /**
   * The installed model these settings name: by weights hash first (the full hash, or the short
   * hash as a prefix; web UI's old 8-digit hash is no SHA-256 prefix and is not used), then by
   * Atelier id, then by name.
   */
  public Optional<ModelLibrary.Installed> model(List<ModelLibrary.Installed> installed) {
    if (modelHash != null && modelHash.length() >= 10) {
      for (ModelLibrary.Installed m : installed) {
        if (m.manifest().weightsSha256().toLowerCase(Locale.ROOT).startsWith(modelHash)) {
          return Optional.of(m);
        }
      }
    }
    if (modelName != null) {
      for (ModelLibrary.Installed m : installed) {
        if (m.id().equals(modelName)) {
          return Optional.of(m);
        }
      }
      for (ModelLibrary.Installed m : installed) {
        if (m.manifest().name().equalsIgnoreCase(modelName)) {
          return Optional.of(m);
        }
      }
    }
    return Optional.empty();
  }

  /** The model in words, for a message: its name and short hash, as far as known. */
  public String modelDescription() {
    String hash =
        modelHash == null ? null : modelHash.substring(0, Math.min(10, modelHash.length()));
    if (modelName != null && hash != null) {
      return modelName + " (hash " + hash + ")";
    }
    if (modelName != null) {
      return modelName;
    }
    return hash != null ? "hash " + hash : "an unnamed model";
  }
}
