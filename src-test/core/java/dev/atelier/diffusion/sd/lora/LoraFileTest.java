package dev.atelier.diffusion.sd.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.clip.ClipTextEncoder;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.unet.UNetShapes;
import dev.atelier.hashing.Hashes;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A LoRA file is untrusted input: it is read with its hash, its keys sorted into modules and the
 * rest reported, and every malformed or foreign file is refused with a reason, never a crash. The
 * kohya module names of a real SD 1.5 layout all find their weight.
 */
class LoraFileTest {

  @TempDir Path dir;

  private static final String Q =
      "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q";

  @Test
  void readsModulesAlphaDefaultsAndHashAndReportsOtherKeys() throws Exception {
    Path file =
        new LoraFixtures(1)
            .dtype(Dtype.F16)
            .linear(Q, 32, 32, 4, 2f, 0.1)
            .module(
                "lora_unet_down_blocks_0_resnets_0_conv1",
                new Shape(2, 32, 3, 3),
                new Shape(32, 2, 1, 1),
                null,
                0.1)
            .tensor("lora_unet_mid_block_attentions_0_proj_in.hada_w1_a", new Shape(4, 4), 0.1)
            .tensor("text_encoder.something.lora_A.weight", new Shape(2, 2), 0.1)
            .write(dir.resolve("style.safetensors"));
    try (LoraFile lora = LoraFile.read(file)) {
      assertThat(lora.sha256()).isEqualTo(Hashes.sha256Hex(Files.readAllBytes(file)));
      assertThat(lora.modules())
          .extracting(LoraModule::name)
          .containsExactly(Q, "lora_unet_down_blocks_0_resnets_0_conv1");
      LoraModule q = lora.modules().getFirst();
      assertThat(q.part()).isEqualTo(LoraModule.Part.UNET);
      assertThat(q.rank()).isEqualTo(4);
      assertThat(q.scale()).isEqualTo(0.5);
      assertThat(lora.modules().get(1).alpha()).as("alpha defaults to the rank").isEqualTo(2);
      assertThat(lora.ignored())
          .extracting(IgnoredKey::key)
          .containsExactly(
              "lora_unet_mid_block_attentions_0_proj_in.hada_w1_a",
              "text_encoder.something.lora_A.weight");
      assertThat(lora.ignored().getFirst().reason()).contains("LoHa");
    }
  }

  @Test
  void hostileFilesAreRefusedWithAReason() throws Exception {
    refused(
        f -> f.module(Q, new Shape(4, 32), new Shape(32, 3), 4f, 1),
        LoraException.Reason.BAD_SHAPE,
        "rank");
    refused(
        f -> f.module(Q, new Shape(4, 32, 3), new Shape(32, 4), 4f, 1),
        LoraException.Reason.BAD_SHAPE,
        "lora_down");
    refused(
        f -> f.module(Q, new Shape(4, 32), new Shape(32, 4, 3, 3), 4f, 1),
        LoraException.Reason.BAD_SHAPE,
        "lora_up");
    refused(
        f -> f.linear(Q, 32, 32, 4, null, 1).tensor(Q + ".alpha", new Shape(4), 1),
        LoraException.Reason.BAD_ALPHA,
        "one number");
    refused(f -> f.linear(Q, 32, 32, 4, Float.NaN, 1), LoraException.Reason.BAD_ALPHA, "NaN");
    refused(
        f -> f.linear(Q, 32, 32, 4, Float.POSITIVE_INFINITY, 1),
        LoraException.Reason.BAD_ALPHA,
        "Infinity");
    refused(
        f ->
            f.tensor(Q + ".lora_down.weight", new Shape(4, 32), 1)
                .tensor(Q + ".lora_up.weight", new Shape(32, 4), new float[128])
                .tensor("lora_unet_x.lora_down.weight", new Shape(1, 2), new float[] {1, Float.NaN})
                .tensor("lora_unet_x.lora_up.weight", new Shape(2, 1), 1),
        LoraException.Reason.NOT_FINITE,
        "NaN");
    refused(
        f -> f.tensor(Q + ".lora_down.weight", new Shape(4, 32), 1),
        LoraException.Reason.INCOMPLETE_MODULE,
        "without its lora_up");
    refused(
        f ->
            f.linear(Q, 32, 32, 4, 4f, 1)
                .linear("lora_te1_text_model_encoder_layers_0_mlp_fc1", 8, 8, 2, 2f, 1),
        LoraException.Reason.OTHER_FAMILY,
        "Stable Diffusion XL");
    refused(
        f -> f.linear(Q, 32, 32, 4, 4f, 1).metadata("ss_base_model_version", "sdxl_base_v1-0"),
        LoraException.Reason.OTHER_FAMILY,
        "XL");
    refused(
        f -> f.linear(Q, 32, 32, 4, 4f, 1).metadata("ss_v2", "True"),
        LoraException.Reason.OTHER_FAMILY,
        "2.x");
    refused(
        f -> f.tensor("unet.up.weight", new Shape(2, 2), 1).tensor("alpha", new Shape(), 1),
        LoraException.Reason.NO_USABLE_KEYS,
        "none of its 2 keys");
    refused(f -> {}, LoraException.Reason.NO_USABLE_KEYS, "no tensors");
  }

  @Test
  void truncatedMissingAndNonSafetensorsFilesAreUnreadable() throws Exception {
    Path file =
        new LoraFixtures(2).linear(Q, 32, 32, 4, 4f, 1).write(dir.resolve("cut.safetensors"));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    assertThatThrownBy(() -> LoraFile.read(file))
        .isInstanceOfSatisfying(
            LoraException.class,
            e -> assertThat(e.reason()).isEqualTo(LoraException.Reason.UNREADABLE))
        .hasMessageContaining("cut.safetensors");
    assertThatThrownBy(() -> LoraFile.read(dir.resolve("absent.safetensors")))
        .isInstanceOfSatisfying(
            LoraException.class,
            e -> assertThat(e.reason()).isEqualTo(LoraException.Reason.UNREADABLE));
    Path text = Files.writeString(dir.resolve("notes.safetensors"), "hello, not a LoRA at all");
    assertThatThrownBy(() -> LoraFile.read(text))
        .isInstanceOfSatisfying(
            LoraException.class,
            e -> assertThat(e.reason()).isEqualTo(LoraException.Reason.UNREADABLE));
  }

  /**
   * In SD 1.5's real layout, kohya's LoRA names every transformer's proj_in, proj_out, the four
   * projections of both attentions and the two feed-forward layers (16 transformers, 192 modules)
   * and the text encoder's q, k, v, out, fc1, fc2 (12 layers, 72 modules); LoCon adds the residual
   * blocks' convolutions and the resamplers. Each must find a weight, and each weight one name.
   */
  @Test
  void kohyaNamesOfSd15AllFindTheirWeight() {
    UNetConfig unet = UNetConfig.sd15();
    LoraTargets t =
        new LoraTargets(
            UNetShapes.shapes(unet),
            unet,
            DetectedCheckpoint.UNET_PREFIX,
            ClipTextEncoder.shapes(ClipTextConfig.sd15()),
            ClipTextEncoder.LDM_PREFIX);
    Set<String> diffusers = new TreeSet<>();
    for (String path : LoraTargets.diffusersModules(unet)) {
      String name = "lora_unet_" + path.replace('.', '_');
      if (t.find(name) != null) {
        diffusers.add(name);
      }
    }
    assertThat(diffusers.stream().filter(n -> n.contains("attentions"))).hasSize(192);
    assertThat(diffusers.stream().filter(n -> n.contains("resnets")))
        .as("conv1, conv2, time_emb_proj of 22 resnets; shortcuts of 2 down and all 12 up ones")
        .hasSize(22 * 3 + 14);
    assertThat(diffusers.stream().filter(n -> n.contains("samplers"))).hasSize(6);
    assertThat(t.names().stream().filter(n -> n.startsWith("lora_te_"))).hasSize(72);
    assertThat(
            t.find("lora_unet_down_blocks_1_attentions_1_transformer_blocks_0_attn2_to_out_0")
                .key())
        .isEqualTo(
            "model.diffusion_model.input_blocks.5.1.transformer_blocks.0.attn2.to_out.0.weight");
    assertThat(
            t.find("lora_unet_up_blocks_3_attentions_2_transformer_blocks_0_ff_net_0_proj").key())
        .isEqualTo(
            "model.diffusion_model.output_blocks.11.1.transformer_blocks.0.ff.net.0.proj.weight");
    assertThat(t.find("lora_unet_up_blocks_2_upsamplers_0_conv").key())
        .isEqualTo("model.diffusion_model.output_blocks.8.2.conv.weight");
    assertThat(t.find("lora_unet_up_blocks_0_upsamplers_0_conv").key())
        .isEqualTo("model.diffusion_model.output_blocks.2.1.conv.weight");
    assertThat(t.find("lora_unet_down_blocks_2_downsamplers_0_conv").key())
        .isEqualTo("model.diffusion_model.input_blocks.9.0.op.weight");
    assertThat(t.find("lora_unet_mid_block_resnets_1_time_emb_proj").key())
        .isEqualTo("model.diffusion_model.middle_block.2.emb_layers.1.weight");
    assertThat(t.find("lora_unet_input_blocks_1_1_transformer_blocks_0_attn1_to_q").key())
        .isEqualTo("model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn1.to_q.weight");
    assertThat(t.find("lora_te_text_model_encoder_layers_11_mlp_fc2").key())
        .isEqualTo("cond_stage_model.transformer.text_model.encoder.layers.11.mlp.fc2.weight");
    assertThat(t.find("lora_te_text_model_embeddings_token_embedding")).isNull();
  }

  private void refused(Consumer<LoraFixtures> build, LoraException.Reason reason, String words)
      throws Exception {
    LoraFixtures f = new LoraFixtures(3);
    build.accept(f);
    Path file = f.write(Files.createTempFile(dir, "hostile", ".safetensors"));
    assertThatThrownBy(() -> LoraFile.read(file).close())
        .as(reason.name() + " " + words)
        .isInstanceOfSatisfying(LoraException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(file.getFileName().toString())
        .hasMessageContaining(words);
  }
}
