package dev.atelier.diffusion.sd.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a checkpoint is, read from its layout, keys and shapes without reading any weights:
 * everything the network code needs to build the matching architecture. Key prefixes are always the
 * single-file LDM ones ({@link #UNET_PREFIX}, {@link #VAE_PREFIX}, each text encoder's {@link
 * TextEncoderSpec#prefix()}), whatever the layout on disk.
 *
 * @param path the file or folder
 * @param layout how its files are laid out
 * @param family the model family
 * @param unet the UNet's geometry
 * @param vae the VAE's geometry, empty when the checkpoint has no VAE
 * @param textEncoders the text encoders in the order the family uses them (SD 1.x: one)
 * @param tokenizer where the tokenizer comes from
 * @param schedule the training schedule when the checkpoint states one (diffusers folders)
 */
public record DetectedCheckpoint(
    Path path,
    Layout layout,
    Family family,
    UnetShape unet,
    Optional<VaeShape> vae,
    List<TextEncoderSpec> textEncoders,
    TokenizerSource tokenizer,
    Optional<ScheduleHints> schedule) {

  /** Key prefix of the UNet's tensors. */
  public static final String UNET_PREFIX = "model.diffusion_model.";

  /** Key prefix of the VAE's tensors. */
  public static final String VAE_PREFIX = "first_stage_model.";

  public DetectedCheckpoint {
    textEncoders = List.copyOf(textEncoders);
  }

  /** Whether the UNet is an inpainting one (9 input channels: latent, mask, masked image). */
  public boolean inpainting() {
    return unet.inChannels() == 9;
  }

  /** The stated schedule, or the family's (SD 1.x's scaled-linear one). */
  public ScheduleHints scheduleOrDefault() {
    return schedule.orElseGet(ScheduleHints::sd1);
  }

  /** Latent scale factor of the family's VAE (0.18215 for SD 1.x). */
  public double vaeScalingFactor() {
    return family.vaeScalingFactor();
  }

  /** What was found, in words: "Stable Diffusion 1.x inpainting, single file". */
  public String description() {
    StringBuilder s = new StringBuilder(family.displayName());
    if (family == Family.SD1 && inpainting()) {
      s.append(" inpainting");
    } else if (unet.inChannels() != 4 && unet.inChannels() != 9) {
      s.append(" with ").append(unet.inChannels()).append(" input channels");
    }
    s.append(", ").append(layout.words());
    if (family == Family.UNKNOWN && unet.contextDim() > 0) {
      s.append(", text conditioning of width ").append(unet.contextDim());
    }
    return s.toString();
  }

  /** Why Atelier cannot run this checkpoint yet, or empty when it can. */
  public Optional<String> unsupportedReason() {
    if (!family.supported()) {
      return Optional.of(
          "it is "
              + description()
              + ". Atelier runs Stable Diffusion 1.x models so far; this kind is not supported yet.");
    }
    if (unet.inChannels() != 4 && unet.inChannels() != 9) {
      return Optional.of(
          "it is "
              + description()
              + ", a variant that is not supported yet (Atelier runs text-to-image and inpainting"
              + " models).");
    }
    if (vae.isEmpty()) {
      return Optional.of(
          "it has no VAE weights (" + VAE_PREFIX + "*), so images cannot be decoded.");
    }
    if (textEncoders.isEmpty()) {
      return Optional.of("it has no text encoder weights, so prompts cannot be read.");
    }
    return Optional.empty();
  }
}
