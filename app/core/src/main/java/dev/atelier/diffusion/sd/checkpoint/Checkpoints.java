package dev.atelier.diffusion.sd.checkpoint;

import static dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint.UNET_PREFIX;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a Stable Diffusion checkpoint, a single {@code .safetensors} file or a diffusers folder,
 * and says what it is. Only headers are read here; weights are read later, tensor by tensor, by the
 * network that loads them.
 */
public final class Checkpoints {

  private Checkpoints() {}

  /**
   * Describes a checkpoint, whether or not Atelier can run it (for "what was found" in an import).
   *
   * @throws CheckpointException when it is not a checkpoint Atelier recognises
   * @throws dev.atelier.diffusion.safetensors.SafetensorsException when a file is malformed or a
   *     pickle checkpoint
   */
  public static DetectedCheckpoint inspect(Path path) {
    try (OpenCheckpoint c = load(path)) {
      return c.detected();
    }
  }

  /**
   * Opens a checkpoint Atelier can run. The caller closes the result.
   *
   * @throws CheckpointException {@code UNSUPPORTED} naming what was found (SD 2.x, SDXL, an unknown
   *     model or variant), {@code MISSING_PART}, or as {@link #inspect}
   */
  public static OpenCheckpoint open(Path path) {
    OpenCheckpoint c = load(path);
    DetectedCheckpoint d = c.detected();
    Optional<String> problem = d.unsupportedReason();
    if (problem.isPresent()) {
      c.close();
      boolean kind = !d.family().supported() || (d.unet().inChannels() != 4 && !d.inpainting());
      throw CheckpointException.of(
          kind ? CheckpointException.Reason.UNSUPPORTED : CheckpointException.Reason.MISSING_PART,
          path,
          d.description(),
          problem.get());
    }
    return c;
  }

  /**
   * The files a checkpoint consists of, the ones its hash covers: the file itself, or a diffusers
   * folder's weights, tokenizer and scheduler files that Atelier reads.
   */
  public static java.util.List<Path> files(DetectedCheckpoint d) {
    if (d.layout() == Layout.SINGLE_FILE) {
      return java.util.List.of(d.path());
    }
    return DiffusersFolder.files(d);
  }

  private static OpenCheckpoint load(Path path) {
    if (Files.isDirectory(path)) {
      return DiffusersFolder.load(path);
    }
    if (!Files.isRegularFile(path)) {
      throw CheckpointException.of(
          CheckpointException.Reason.MISSING_PART, path, "", "there is no such file or folder.");
    }
    SafetensorsFile file = SafetensorsFile.open(path);
    try {
      Map<String, Shape> shapes = file.shapes();
      if (shapes.keySet().stream().noneMatch(k -> k.startsWith(UNET_PREFIX))) {
        throw CheckpointException.of(
            CheckpointException.Reason.UNRECOGNISED, path, "", notAModel(shapes));
      }
      DetectedCheckpoint d =
          ArchitectureDetector.detect(
              path,
              Layout.SINGLE_FILE,
              shapes,
              false,
              new TokenizerSource.BundledClip(),
              Optional.empty());
      return new OpenCheckpoint(d, file);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /** Why a weights file without LDM UNet keys is not a model, as precisely as the keys tell. */
  private static String notAModel(Map<String, Shape> shapes) {
    if (shapes.keySet().stream().anyMatch(k -> k.startsWith("lora_") || k.contains(".lora_"))) {
      return "it is a LoRA (a small add-on to a model), not a full model.";
    }
    if (shapes.keySet().stream()
        .anyMatch(
            k ->
                k.startsWith("down_blocks.")
                    || k.startsWith("encoder.down_blocks.")
                    || k.startsWith("text_model."))) {
      return "it is one part of a diffusers folder; open the whole folder instead (the one with"
          + " unet, vae and text_encoder in it).";
    }
    return "it holds no Stable Diffusion UNet (no " + UNET_PREFIX + "* tensors).";
  }
}
