package dev.atelier.diffusion.sd.checkpoint;

import static dev.atelier.diffusion.sd.checkpoint.SyntheticCheckpoints.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.safetensors.SafetensorsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout and architecture detection on small files in the real key layouts. */
class CheckpointDetectionTest {

  @TempDir Path dir;

  private static final UnetShape SD1_TINY =
      new UnetShape(4, 4, 8, List.of(1, 2, 4, 4), 2, List.of(1, 1, 1, 0), 768, 0);

  private CheckpointException refused(Path p, CheckpointException.Reason reason) {
    var thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            CheckpointException.class, () -> Checkpoints.open(p).close());
    assertEquals(reason, thrown.reason(), thrown.getMessage());
    assertThat(thrown.getMessage()).contains(p.getFileName().toString());
    return thrown;
  }

  @Test
  void singleFileSd1IsDescribedFromItsShapes() throws IOException {
    Path p = write(dir.resolve("dreamy.safetensors"), sd1(4));
    try (OpenCheckpoint c = Checkpoints.open(p)) {
      DetectedCheckpoint d = c.detected();
      assertEquals(Layout.SINGLE_FILE, d.layout());
      assertEquals(Family.SD1, d.family());
      assertEquals(SD1_TINY, d.unet());
      assertThat(d.inpainting()).isFalse();
      assertEquals(new VaeShape(4, 4, List.of(1, 2, 4, 4), true), d.vae().orElseThrow());
      assertThat(d.textEncoders())
          .containsExactly(
              new TextEncoderSpec(
                  "cond_stage_model.transformer.text_model.",
                  TextEncoderSpec.Kind.CLIP,
                  768,
                  12,
                  5,
                  77));
      assertEquals(new TokenizerSource.BundledClip(), d.tokenizer());
      assertThat(d.schedule()).isEmpty();
      assertEquals(ScheduleHints.sd1(), d.scheduleOrDefault());
      assertEquals(0.18215, d.vaeScalingFactor());
      assertEquals("Stable Diffusion 1.x, single file", d.description());
      assertEquals(sd1(4).keySet(), c.weights().shapes().keySet());
    }
  }

  @Test
  void inpaintingHasNineInputChannelsAndOtherVariantsAreRefused() throws IOException {
    try (OpenCheckpoint c = Checkpoints.open(write(dir.resolve("inpaint.safetensors"), sd1(9)))) {
      assertThat(c.detected().inpainting()).isTrue();
      assertEquals(9, c.detected().unet().inChannels());
      assertEquals("Stable Diffusion 1.x inpainting, single file", c.detected().description());
    }
    var e =
        refused(
            write(dir.resolve("pix2pix.safetensors"), sd1(8)),
            CheckpointException.Reason.UNSUPPORTED);
    assertThat(e.getMessage()).contains("8 input channels").contains("not supported yet");
  }

  @Test
  void sd2IsRecognisedAndRefused() throws IOException {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.putAll(ldmUnet(4, 8, List.of(1, 2, 4, 4), List.of(1, 1, 1, 0), 1024, 0));
    m.putAll(ldmVae(4, List.of(1, 2, 4, 4), true));
    m.putAll(openClip("cond_stage_model.model.", 5, 1024, 23));
    Path p = write(dir.resolve("v2-1_768.safetensors"), m);
    DetectedCheckpoint d = Checkpoints.inspect(p);
    assertEquals(Family.SD2, d.family());
    assertEquals(1024, d.unet().contextDim());
    assertThat(d.textEncoders())
        .containsExactly(
            new TextEncoderSpec(
                "cond_stage_model.model.", TextEncoderSpec.Kind.OPEN_CLIP, 1024, 23, 5, 77));
    var e = refused(p, CheckpointException.Reason.UNSUPPORTED);
    assertThat(e.getMessage()).contains("Stable Diffusion 2.x").contains("not supported yet");
    assertEquals("Stable Diffusion 2.x, single file", e.found());
  }

  @Test
  void sdxlIsRecognisedWithBothTextEncodersAndRefused() throws IOException {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.putAll(ldmUnet(4, 8, List.of(1, 2, 4), List.of(0, 2, 10), 2048, 2816));
    m.putAll(ldmVae(4, List.of(1, 2, 4, 4), true));
    m.putAll(clip("conditioner.embedders.0.transformer.text_model.", 5, 768, 12));
    m.putAll(openClip("conditioner.embedders.1.model.", 5, 1280, 32));
    Path p = write(dir.resolve("sd_xl_base_1.0.safetensors"), m);
    DetectedCheckpoint d = Checkpoints.inspect(p);
    assertEquals(Family.SDXL, d.family());
    assertEquals(
        new UnetShape(4, 4, 8, List.of(1, 2, 4), 2, List.of(0, 2, 10), 2048, 2816), d.unet());
    assertThat(d.textEncoders()).extracting(TextEncoderSpec::width).containsExactly(768, 1280);
    assertEquals(0.13025, d.vaeScalingFactor());
    var e = refused(p, CheckpointException.Reason.UNSUPPORTED);
    assertThat(e.getMessage()).contains("Stable Diffusion XL").contains("not supported yet");
  }

  @Test
  void anUnknownModelIsRefusedNamingWhatWasFound() throws IOException {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.putAll(ldmUnet(4, 8, List.of(1, 2), List.of(1, 1), 512, 0));
    m.putAll(ldmVae(4, List.of(1, 2), true));
    var e =
        refused(write(dir.resolve("odd.safetensors"), m), CheckpointException.Reason.UNSUPPORTED);
    assertThat(e.getMessage()).contains("unrecognised").contains("width 512");
  }

  @Test
  void missingPartsAndFilesThatAreNotModels() throws IOException {
    Map<String, Shape> noVae = new LinkedHashMap<>(sd1(4));
    noVae.keySet().removeIf(k -> k.startsWith(V));
    var e =
        refused(
            write(dir.resolve("unet-only.safetensors"), noVae),
            CheckpointException.Reason.MISSING_PART);
    assertThat(e.getMessage()).contains("no VAE");
    var part =
        refused(
            write(dir.resolve("diffusion_pytorch_model.safetensors"), diffusersUnet(4, 8, 768)),
            CheckpointException.Reason.UNRECOGNISED);
    assertThat(part.getMessage()).contains("part of a diffusers folder");
    var lora =
        refused(
            write(
                dir.resolve("style.safetensors"),
                Map.of(
                    "lora_unet_down_blocks_0_attentions_0_proj_in.lora_down.weight",
                    new Shape(4, 8))),
            CheckpointException.Reason.UNRECOGNISED);
    assertThat(lora.getMessage()).contains("LoRA");
    Files.createDirectories(dir.resolve("photos"));
    refused(dir.resolve("photos"), CheckpointException.Reason.UNRECOGNISED);
    refused(dir.resolve("absent.safetensors"), CheckpointException.Reason.MISSING_PART);
  }

  @Test
  void pickleCheckpointsAreRefusedAsFilesAndInsideFolders() throws IOException {
    Path ckpt = dir.resolve("v1-5-pruned.ckpt");
    Files.write(ckpt, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0});
    assertThatThrownBy(() -> Checkpoints.inspect(ckpt))
        .isInstanceOfSatisfying(
            SafetensorsException.class,
            e -> assertEquals(SafetensorsException.Reason.PICKLE, e.reason()))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("run any code");
    Path folder = diffusersFolder(dir.resolve("old"), 4);
    Files.delete(folder.resolve("unet/diffusion_pytorch_model.safetensors"));
    Files.write(folder.resolve("unet/diffusion_pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
    assertThatThrownBy(() -> Checkpoints.open(folder))
        .isInstanceOfSatisfying(
            SafetensorsException.class,
            e -> {
              assertEquals(SafetensorsException.Reason.PICKLE, e.reason());
              assertThat(e.file().getFileName().toString())
                  .isEqualTo("diffusion_pytorch_model.bin");
            });
  }

  @Test
  void diffusersFolderIsDescribedLikeTheSingleFile() throws IOException {
    Path folder = diffusersFolder(dir.resolve("sd15"), 4);
    try (OpenCheckpoint c = Checkpoints.open(folder)) {
      DetectedCheckpoint d = c.detected();
      assertEquals(Layout.DIFFUSERS_FOLDER, d.layout());
      assertEquals(Family.SD1, d.family());
      assertEquals(SD1_TINY, d.unet());
      assertEquals(List.of(1, 1, 1, 1), d.vae().orElseThrow().channelMult());
      assertThat(d.vae().orElseThrow().hasEncoder()).isTrue();
      assertEquals(
          new TokenizerSource.Folder(
              folder.resolve("tokenizer/vocab.json"), folder.resolve("tokenizer/merges.txt")),
          d.tokenizer());
      assertEquals(ScheduleHints.sd1(), d.schedule().orElseThrow());
      assertEquals("Stable Diffusion 1.x, diffusers folder", d.description());
    }
  }

  @Test
  void diffusersVariantsInpaintingAndXl() throws IOException {
    Path fp16 = diffusersFolder(dir.resolve("fp16"), 9);
    Path unet = fp16.resolve("unet/diffusion_pytorch_model.safetensors");
    Files.move(unet, unet.resolveSibling("diffusion_pytorch_model.fp16.safetensors"));
    Files.delete(fp16.resolve("tokenizer/merges.txt"));
    try (OpenCheckpoint c = Checkpoints.open(fp16)) {
      assertThat(c.detected().inpainting()).isTrue();
      assertEquals(new TokenizerSource.BundledClip(), c.detected().tokenizer());
    }
    Path xl = diffusersFolder(dir.resolve("xl"), 4);
    Files.createDirectories(xl.resolve("text_encoder_2"));
    assertEquals(Family.SDXL, Checkpoints.inspect(xl).family());
    var e = refused(xl, CheckpointException.Reason.UNSUPPORTED);
    assertThat(e.getMessage()).contains("Stable Diffusion XL, diffusers folder");
    // SD 2.x as diffusers ships it: a CLIP-layout text encoder 1024 wide, cross-attention over 1024
    Path v2 = diffusersFolder(dir.resolve("v2"), 4);
    write(v2.resolve("unet/diffusion_pytorch_model.safetensors"), diffusersUnet(4, 8, 1024));
    write(v2.resolve("text_encoder/model.safetensors"), clip("text_model.", 5, 1024, 23));
    DetectedCheckpoint d2 = Checkpoints.inspect(v2);
    assertEquals(Family.SD2, d2.family());
    assertEquals(1024, d2.textEncoders().get(0).width());
    assertThat(refused(v2, CheckpointException.Reason.UNSUPPORTED).getMessage())
        .contains("Stable Diffusion 2.x, diffusers folder");
    Path noVae = diffusersFolder(dir.resolve("novae"), 4);
    Files.delete(noVae.resolve("vae/diffusion_pytorch_model.safetensors"));
    assertThat(refused(noVae, CheckpointException.Reason.MISSING_PART).getMessage())
        .contains("vae/diffusion_pytorch_model.safetensors");
  }

  @Test
  void schedulerConfigurationIsCheckedAsInput() throws IOException {
    Path folder = diffusersFolder(dir.resolve("sched"), 4);
    Path cfg = folder.resolve("scheduler/scheduler_config.json");
    Files.writeString(
        cfg,
        "{\"beta_start\":0.001,\"beta_end\":0.02,\"beta_schedule\":\"linear\","
            + "\"num_train_timesteps\":500,\"prediction_type\":\"v_prediction\"}");
    assertEquals(
        new ScheduleHints(0.001, 0.02, "linear", 500, "v_prediction"),
        Checkpoints.inspect(folder).schedule().orElseThrow());
    for (String bad :
        List.of(
            "{\"beta_start\":0.02,\"beta_end\":0.01}",
            "[1]",
            "{\"beta_start\":\"x\"}",
            "{\"num_train_timesteps\":0}",
            "{\"beta_schedule\":\"cubic\"}",
            "{oops")) {
      Files.writeString(cfg, bad);
      var e =
          org.junit.jupiter.api.Assertions.assertThrows(
              CheckpointException.class, () -> Checkpoints.inspect(folder), bad);
      assertEquals(CheckpointException.Reason.BAD_CONFIG, e.reason(), bad);
    }
  }
}
