package dev.atelier.diffusion.sd.checkpoint;

import static dev.atelier.diffusion.sd.checkpoint.SyntheticCheckpoints.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.SafetensorsFile;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diffusers folder's tensors appear under the single-file LDM names. The expected names are
 * written out here as the published conversion table gives them, one sample per kind of block.
 */
class DiffusersRenamingTest {

  @TempDir Path dir;

  /** diffusers name → LDM name, for SD 1.x's design (4 levels, 2 residual blocks each). */
  static final Map<String, String> UNET = new LinkedHashMap<>();

  static final Map<String, String> VAE = new LinkedHashMap<>();

  static {
    UNET.put("time_embedding.linear_1.weight", "time_embed.0.weight");
    UNET.put("conv_in.weight", "input_blocks.0.0.weight");
    UNET.put("down_blocks.0.resnets.1.norm1.weight", "input_blocks.2.0.in_layers.0.weight");
    UNET.put("down_blocks.1.resnets.0.conv2.weight", "input_blocks.4.0.out_layers.3.weight");
    UNET.put(
        "down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight",
        "input_blocks.4.1.transformer_blocks.0.attn2.to_k.weight");
    UNET.put("down_blocks.0.downsamplers.0.conv.weight", "input_blocks.3.0.op.weight");
    UNET.put("down_blocks.2.downsamplers.0.conv.weight", "input_blocks.9.0.op.weight");
    UNET.put("down_blocks.3.resnets.1.conv2.weight", "input_blocks.11.0.out_layers.3.weight");
    UNET.put("mid_block.resnets.0.time_emb_proj.weight", "middle_block.0.emb_layers.1.weight");
    UNET.put("mid_block.resnets.1.conv2.weight", "middle_block.2.out_layers.3.weight");
    UNET.put("mid_block.attentions.0.proj_in.weight", "middle_block.1.proj_in.weight");
    UNET.put("up_blocks.0.resnets.2.conv1.weight", "output_blocks.2.0.in_layers.2.weight");
    UNET.put("up_blocks.0.upsamplers.0.conv.weight", "output_blocks.2.1.conv.weight");
    UNET.put("up_blocks.1.upsamplers.0.conv.weight", "output_blocks.5.2.conv.weight");
    UNET.put("up_blocks.2.upsamplers.0.conv.weight", "output_blocks.8.2.conv.weight");
    UNET.put("up_blocks.3.attentions.2.proj_in.weight", "output_blocks.11.1.proj_in.weight");
    UNET.put("conv_norm_out.weight", "out.0.weight");
    UNET.put("conv_out.weight", "out.2.weight");

    VAE.put("encoder.conv_in.weight", "encoder.conv_in.weight");
    VAE.put("encoder.down_blocks.0.resnets.1.conv1.weight", "encoder.down.0.block.1.conv1.weight");
    VAE.put(
        "encoder.down_blocks.1.resnets.0.conv_shortcut.weight",
        "encoder.down.1.block.0.nin_shortcut.weight");
    VAE.put(
        "encoder.down_blocks.2.downsamplers.0.conv.weight",
        "encoder.down.2.downsample.conv.weight");
    VAE.put("encoder.mid_block.resnets.1.conv2.weight", "encoder.mid.block_2.conv2.weight");
    VAE.put("encoder.mid_block.attentions.0.group_norm.weight", "encoder.mid.attn_1.norm.weight");
    VAE.put("encoder.conv_norm_out.weight", "encoder.norm_out.weight");
    VAE.put("decoder.up_blocks.0.resnets.2.norm2.bias", "decoder.up.3.block.2.norm2.bias");
    VAE.put("decoder.up_blocks.3.resnets.0.conv2.weight", "decoder.up.0.block.0.conv2.weight");
    VAE.put("decoder.up_blocks.1.upsamplers.0.conv.weight", "decoder.up.2.upsample.conv.weight");
    VAE.put("decoder.mid_block.attentions.0.to_q.weight", "decoder.mid.attn_1.q.weight");
    VAE.put("decoder.mid_block.attentions.0.to_k.weight", "decoder.mid.attn_1.k.weight");
    VAE.put("decoder.mid_block.attentions.0.to_v.bias", "decoder.mid.attn_1.v.bias");
    VAE.put("decoder.mid_block.attentions.0.to_out.0.weight", "decoder.mid.attn_1.proj_out.weight");
    VAE.put("decoder.conv_norm_out.weight", "decoder.norm_out.weight");
    VAE.put("post_quant_conv.weight", "post_quant_conv.weight");
  }

  @Test
  void everySubModelsKeysGetTheirLdmNamesAndValues() throws IOException {
    Path folder = diffusersFolder(dir.resolve("sd15"), 4);
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        OpenCheckpoint c = Checkpoints.open(folder);
        SafetensorsFile unet =
            SafetensorsFile.open(folder.resolve("unet/diffusion_pytorch_model.safetensors"));
        SafetensorsFile vae =
            SafetensorsFile.open(folder.resolve("vae/diffusion_pytorch_model.safetensors"));
        SafetensorsFile text =
            SafetensorsFile.open(folder.resolve("text_encoder/model.safetensors"))) {
      Map<String, Shape> ldm = c.weights().shapes();
      assertEquals(unet.shapes().size() + vae.shapes().size() + text.shapes().size(), ldm.size());
      UNET.forEach((from, to) -> sameTensor(m, unet, from, c, U + to));
      VAE.forEach((from, to) -> sameTensor(m, vae, from, c, V + to));
      sameTensor(
          m,
          text,
          "text_model.encoder.layers.11.layer_norm1.weight",
          c,
          "cond_stage_model.transformer.text_model.encoder.layers.11.layer_norm1.weight");
      sameTensor(
          m,
          text,
          "text_model.embeddings.token_embedding.weight",
          c,
          "cond_stage_model.transformer.text_model.embeddings.token_embedding.weight");
      assertThat(ldm.keySet())
          .allMatch(
              k ->
                  k.startsWith(U)
                      || k.startsWith(V)
                      || k.startsWith("cond_stage_model.transformer.text_model."));
    }
  }

  /** Same values under the new name; VAE attention projections gain two unit dimensions. */
  private static void sameTensor(
      NDManager m, SafetensorsFile source, String from, OpenCheckpoint c, String to) {
    assertThat(c.weights().shapes()).as(from).containsKey(to);
    NDArray original = source.read(from, m);
    NDArray renamed = c.weights().read(to, m);
    Shape expected = original.getShape();
    if (to.matches(".*mid\\.attn_1\\.(q|k|v|proj_out)\\.weight$")) {
      assertEquals(2, expected.dimension(), from);
      expected = new Shape(expected.get(0), expected.get(1), 1, 1);
    }
    assertEquals(expected, renamed.getShape(), to);
    assertEquals(expected, c.weights().shapes().get(to), to);
    assertArrayEquals(original.toFloatArray(), renamed.toFloatArray(), to);
  }

  @Test
  void olderVaeAttentionNamesAreRenamedTooAndTwoNamesForOneTensorAreRefused() throws IOException {
    Path folder = diffusersFolder(dir.resolve("old"), 4);
    Map<String, Shape> vae = new LinkedHashMap<>(diffusersVae(4));
    vae.remove("decoder.mid_block.attentions.0.to_q.weight");
    vae.put("decoder.mid_block.attentions.0.query.weight", new Shape(4, 4));
    vae.put("encoder.mid_block.attentions.0.proj_attn.weight", new Shape(4, 4));
    Path file = folder.resolve("vae/diffusion_pytorch_model.safetensors");
    write(file, vae);
    try (OpenCheckpoint c = Checkpoints.open(folder)) {
      assertEquals(
          new Shape(4, 4, 1, 1), c.weights().shapes().get(V + "decoder.mid.attn_1.q.weight"));
      assertEquals(
          new Shape(4, 4, 1, 1),
          c.weights().shapes().get(V + "encoder.mid.attn_1.proj_out.weight"));
    }
    vae.put("decoder.mid_block.attentions.0.to_q.weight", new Shape(4, 4));
    Files.delete(file);
    write(file, vae);
    var e =
        org.junit.jupiter.api.Assertions.assertThrows(
            CheckpointException.class, () -> Checkpoints.open(folder));
    assertEquals(CheckpointException.Reason.CONFLICTING_KEYS, e.reason());
    assertThat(e.getMessage()).contains("decoder.mid.attn_1.q.weight");
  }
}
