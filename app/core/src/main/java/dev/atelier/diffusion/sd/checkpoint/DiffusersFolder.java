package dev.atelier.diffusion.sd.checkpoint;

import static dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint.UNET_PREFIX;
import static dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint.VAE_PREFIX;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.safetensors.SafetensorsException;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A diffusers folder: {@code unet/diffusion_pytorch_model.safetensors}, {@code vae/…}, {@code
 * text_encoder/model.safetensors} (each also as {@code .fp16.safetensors}; the full-precision file
 * is preferred), {@code tokenizer/vocab.json} and {@code merges.txt}, {@code
 * scheduler/scheduler_config.json}. Its tensors are handed out under the single-file LDM names
 * ({@link DiffusersNames}), so the network code sees one layout.
 */
final class DiffusersFolder {

  /** The text encoder's names are the LDM ones below this prefix. */
  static final String TEXT_PREFIX = "cond_stage_model.transformer.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private DiffusersFolder() {}

  static OpenCheckpoint load(Path dir) {
    if (!Files.isDirectory(dir.resolve("unet"))
        && !Files.isRegularFile(dir.resolve("model_index.json"))) {
      throw CheckpointException.of(
          CheckpointException.Reason.UNRECOGNISED,
          dir,
          "",
          "the folder is not a diffusers model (it has no unet folder and no model_index.json).");
    }
    Path unetFile = weights(dir, "unet", "diffusion_pytorch_model");
    Path vaeFile = weights(dir, "vae", "diffusion_pytorch_model");
    Path textFile = weights(dir, "text_encoder", "model");
    Optional<ScheduleHints> schedule =
        Files.isRegularFile(dir.resolve("scheduler/scheduler_config.json"))
            ? Optional.of(ScheduleHints.read(dir.resolve("scheduler/scheduler_config.json")))
            : Optional.empty();
    RenamedWeights.Builder b = new RenamedWeights.Builder(dir);
    try {
      addUnet(b, own(b, unetFile));
      addVae(b, own(b, vaeFile));
      SafetensorsFile text = own(b, textFile);
      text.shapes().forEach((k, s) -> b.put(TEXT_PREFIX + k, text, k, s));
      RenamedWeights w = b.build();
      DetectedCheckpoint d =
          ArchitectureDetector.detect(
              dir, Layout.DIFFUSERS_FOLDER, w.shapes(), isXl(dir), tokenizer(dir), schedule);
      return new OpenCheckpoint(d, w);
    } catch (RuntimeException e) {
      b.abandon();
      throw e;
    }
  }

  /** The files of a detected folder that Atelier reads, in a stable order. */
  static List<Path> files(DetectedCheckpoint d) {
    Path dir = d.path();
    List<Path> out = new java.util.ArrayList<>();
    out.add(weights(dir, "unet", "diffusion_pytorch_model"));
    out.add(weights(dir, "vae", "diffusion_pytorch_model"));
    out.add(weights(dir, "text_encoder", "model"));
    if (d.tokenizer() instanceof TokenizerSource.Folder folder) {
      out.add(folder.vocab());
      out.add(folder.merges());
    }
    for (String extra : List.of("scheduler/scheduler_config.json", "model_index.json")) {
      if (Files.isRegularFile(dir.resolve(extra))) {
        out.add(dir.resolve(extra));
      }
    }
    return out;
  }

  private static SafetensorsFile own(RenamedWeights.Builder b, Path file) {
    SafetensorsFile f = SafetensorsFile.open(file);
    b.own(f);
    return f;
  }

  private static void addUnet(RenamedWeights.Builder b, SafetensorsFile unet) {
    DiffusersNames.UnetLayout layout = DiffusersNames.UnetLayout.of(unet.shapes().keySet());
    unet.shapes()
        .forEach(
            (k, s) -> {
              String ldm = DiffusersNames.unet(k, layout);
              b.put(UNET_PREFIX + (ldm == null ? k : ldm), unet, k, s);
            });
  }

  private static void addVae(RenamedWeights.Builder b, SafetensorsFile vae) {
    int upLevels = ArchitectureDetector.count(vae.shapes(), "decoder.up_blocks.");
    vae.shapes()
        .forEach(
            (k, s) -> {
              String ldm = DiffusersNames.vae(k, upLevels);
              Shape shape =
                  DiffusersNames.isVaeAttentionProjection(ldm) && s.dimension() == 2
                      ? new Shape(s.get(0), s.get(1), 1, 1)
                      : s;
              b.put(VAE_PREFIX + ldm, vae, k, shape);
            });
  }

  /**
   * The weights file of one part: {@code stem.safetensors}, else {@code stem.fp16.safetensors}. A
   * part that has only pickle files is refused as such.
   */
  static Path weights(Path dir, String part, String stem) {
    Path folder = dir.resolve(part);
    for (String name : List.of(stem + ".safetensors", stem + ".fp16.safetensors")) {
      if (Files.isRegularFile(folder.resolve(name))) {
        return folder.resolve(name);
      }
    }
    if (Files.isRegularFile(folder.resolve(stem + ".safetensors.index.json"))) {
      throw CheckpointException.of(
          CheckpointException.Reason.UNSUPPORTED,
          dir,
          "",
          "its " + part + " weights are split into several files, which is not supported yet.");
    }
    for (String name : List.of(stem + ".bin", stem + ".fp16.bin", stem + ".ckpt")) {
      if (Files.isRegularFile(folder.resolve(name))) {
        throw SafetensorsException.pickle(folder.resolve(name));
      }
    }
    throw CheckpointException.of(
        CheckpointException.Reason.MISSING_PART,
        dir,
        "",
        "it has no " + part + "/" + stem + ".safetensors.");
  }

  private static TokenizerSource tokenizer(Path dir) {
    Path vocab = dir.resolve("tokenizer/vocab.json");
    Path merges = dir.resolve("tokenizer/merges.txt");
    return Files.isRegularFile(vocab) && Files.isRegularFile(merges)
        ? new TokenizerSource.Folder(vocab, merges)
        : new TokenizerSource.BundledClip();
  }

  /** SDXL folders have a second text encoder, and model_index.json names an XL pipeline. */
  private static boolean isXl(Path dir) {
    if (Files.isDirectory(dir.resolve("text_encoder_2"))) {
      return true;
    }
    Path index = dir.resolve("model_index.json");
    try {
      if (Files.isRegularFile(index) && Files.size(index) < 1 << 20) {
        JsonNode cls = JSON.readTree(Files.readAllBytes(index)).path("_class_name");
        return cls.isTextual() && cls.textValue().contains("XL");
      }
    } catch (IOException e) {
      // only a hint: the weights decide
    }
    return false;
  }
}
