package dev.atelier.diffusion.sd.checkpoint;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.safetensors.Dtype;
import dev.atelier.diffusion.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small key sets in the real layouts (a subset of each model's keys, with the shapes that carry its
 * geometry), and files holding them. Tensor {@code n} of a file holds {@code n + i/1000} at element
 * {@code i}, so a renamed read can be traced to its source.
 */
public final class SyntheticCheckpoints {

  static final String U = "model.diffusion_model.";
  static final String V = "first_stage_model.";

  private SyntheticCheckpoints() {}

  /** An LDM UNet with {@code mult.size()} levels of 2 residual blocks. */
  public static Map<String, Shape> ldmUnet(
      int in, int mc, List<Integer> mult, List<Integer> depth, int ctx, int adm) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put(U + "input_blocks.0.0.weight", new Shape(mc, in, 3, 3));
    m.put(U + "input_blocks.0.0.bias", new Shape(mc));
    m.put(U + "time_embed.0.weight", new Shape(4 * mc, mc));
    int k = 1;
    for (int i = 0; i < mult.size(); i++) {
      int ch = mc * mult.get(i);
      for (int j = 0; j < 2; j++, k++) {
        m.put(U + "input_blocks." + k + ".0.out_layers.3.weight", new Shape(ch, ch, 3, 3));
        for (int t = 0; t < depth.get(i); t++) {
          m.put(
              U + "input_blocks." + k + ".1.transformer_blocks." + t + ".attn2.to_k.weight",
              new Shape(ch, ctx));
        }
      }
      if (i < mult.size() - 1) {
        m.put(U + "input_blocks." + k++ + ".0.op.weight", new Shape(ch, ch, 3, 3));
      }
    }
    m.put(U + "out.2.weight", new Shape(4, mc, 3, 3));
    if (adm > 0) {
      m.put(U + "label_emb.0.0.weight", new Shape(4 * mc, adm));
    }
    return m;
  }

  public static Map<String, Shape> ldmVae(int base, List<Integer> mult, boolean encoder) {
    Map<String, Shape> m = new LinkedHashMap<>();
    if (encoder) {
      m.put(V + "encoder.conv_in.weight", new Shape(base, 3, 3, 3));
      m.put(V + "quant_conv.weight", new Shape(8, 8, 1, 1));
    }
    m.put(V + "post_quant_conv.weight", new Shape(4, 4, 1, 1));
    for (int i = 0; i < mult.size(); i++) {
      int ch = base * mult.get(i);
      m.put(V + "decoder.up." + i + ".block.0.conv2.weight", new Shape(ch, ch, 3, 3));
    }
    m.put(V + "decoder.conv_out.weight", new Shape(3, base, 3, 3));
    return m;
  }

  /** A Hugging Face CLIP text model's keys under {@code prefix} (ending in "text_model."). */
  static Map<String, Shape> clip(String prefix, int vocab, int width, int layers) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put(prefix + "embeddings.token_embedding.weight", new Shape(vocab, width));
    m.put(prefix + "embeddings.position_embedding.weight", new Shape(77, width));
    for (int l = 0; l < layers; l++) {
      m.put(prefix + "encoder.layers." + l + ".layer_norm1.weight", new Shape(width));
    }
    m.put(prefix + "final_layer_norm.weight", new Shape(width));
    return m;
  }

  public static Map<String, Shape> openClip(String prefix, int vocab, int width, int layers) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put(prefix + "token_embedding.weight", new Shape(vocab, width));
    m.put(prefix + "positional_embedding", new Shape(77, width));
    for (int l = 0; l < layers; l++) {
      m.put(prefix + "transformer.resblocks." + l + ".attn.in_proj_weight", new Shape(3 * 4, 4));
    }
    return m;
  }

  /** SD 1.x's geometry with 8 model channels: a single file with UNet, VAE and CLIP. */
  public static Map<String, Shape> sd1(int inChannels) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.putAll(ldmUnet(inChannels, 8, List.of(1, 2, 4, 4), List.of(1, 1, 1, 0), 768, 0));
    m.putAll(ldmVae(4, List.of(1, 2, 4, 4), true));
    m.putAll(clip("cond_stage_model.transformer.text_model.", 5, 768, 12));
    return m;
  }

  /** A diffusers UNet of SD 1.x's design: 4 levels of 2 residual blocks, attention on 3. */
  static Map<String, Shape> diffusersUnet(int in, int mc, int ctx) {
    Map<String, Shape> m = new LinkedHashMap<>();
    int[] mult = {1, 2, 4, 4};
    m.put("conv_in.weight", new Shape(mc, in, 3, 3));
    m.put("time_embedding.linear_1.weight", new Shape(4 * mc, mc));
    for (int i = 0; i < 4; i++) {
      int ch = mc * mult[i];
      for (int j = 0; j < 2; j++) {
        String r = "down_blocks." + i + ".resnets." + j + ".";
        m.put(r + "norm1.weight", new Shape(ch));
        m.put(r + "conv2.weight", new Shape(ch, ch, 3, 3));
        if (i < 3) {
          m.put(
              "down_blocks." + i + ".attentions." + j + ".transformer_blocks.0.attn2.to_k.weight",
              new Shape(ch, ctx));
        }
      }
      if (i < 3) {
        m.put("down_blocks." + i + ".downsamplers.0.conv.weight", new Shape(ch, ch, 3, 3));
        m.put("up_blocks." + i + ".upsamplers.0.conv.weight", new Shape(ch, ch, 3, 3));
      }
      for (int j = 0; j < 3; j++) {
        m.put("up_blocks." + i + ".resnets." + j + ".conv1.weight", new Shape(ch, ch, 3, 3));
        if (i > 0) {
          m.put("up_blocks." + i + ".attentions." + j + ".proj_in.weight", new Shape(ch, ch));
        }
      }
    }
    m.put("mid_block.resnets.0.time_emb_proj.weight", new Shape(4 * mc, 4 * mc));
    m.put("mid_block.resnets.1.conv2.weight", new Shape(4 * mc, 4 * mc, 3, 3));
    m.put("mid_block.attentions.0.proj_in.weight", new Shape(4 * mc, 4 * mc));
    m.put("conv_norm_out.weight", new Shape(mc));
    m.put("conv_out.weight", new Shape(4, mc, 3, 3));
    return m;
  }

  /** A diffusers VAE with 4 levels; mid attention in the current (to_q …) names. */
  static Map<String, Shape> diffusersVae(int c) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put("encoder.conv_in.weight", new Shape(c, 3, 3, 3));
    m.put("encoder.down_blocks.0.resnets.1.conv1.weight", new Shape(c, c, 3, 3));
    m.put("encoder.down_blocks.1.resnets.0.conv_shortcut.weight", new Shape(2 * c, c, 1, 1));
    m.put("encoder.down_blocks.2.downsamplers.0.conv.weight", new Shape(c, c, 3, 3));
    m.put("encoder.mid_block.resnets.1.conv2.weight", new Shape(c, c, 3, 3));
    m.put("encoder.mid_block.attentions.0.group_norm.weight", new Shape(c));
    m.put("encoder.conv_norm_out.weight", new Shape(c));
    m.put("quant_conv.weight", new Shape(8, 8, 1, 1));
    m.put("post_quant_conv.weight", new Shape(4, 4, 1, 1));
    for (int i = 0; i < 4; i++) {
      m.put("decoder.up_blocks." + i + ".resnets.0.conv2.weight", new Shape(c, c, 3, 3));
    }
    m.put("decoder.up_blocks.0.resnets.2.norm2.bias", new Shape(c));
    m.put("decoder.up_blocks.1.upsamplers.0.conv.weight", new Shape(c, c, 3, 3));
    for (String p : List.of("to_q", "to_k", "to_v", "to_out.0")) {
      m.put("decoder.mid_block.attentions.0." + p + ".weight", new Shape(c, c));
      m.put("decoder.mid_block.attentions.0." + p + ".bias", new Shape(c));
    }
    m.put("decoder.conv_norm_out.weight", new Shape(c));
    m.put("decoder.conv_out.weight", new Shape(3, c, 3, 3));
    return m;
  }

  /** Writes {@code shapes} as F32. */
  public static Path write(Path file, Map<String, Shape> shapes) throws IOException {
    Files.createDirectories(file.getParent());
    List<SafetensorsWriter.Entry> entries = new ArrayList<>();
    int n = 0;
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      float base = n++;
      entries.add(
          SafetensorsWriter.floats(
              e.getKey(),
              Dtype.F32,
              e.getValue(),
              (first, v, count) -> {
                for (int i = 0; i < count; i++) {
                  v[i] = base + (first + i) / 1000f;
                }
              }));
    }
    SafetensorsWriter.write(file, entries, Map.of());
    return file;
  }

  /** A diffusers folder of SD 1.x's design with a tokenizer and a scheduler configuration. */
  public static Path diffusersFolder(Path dir, int in) throws IOException {
    write(dir.resolve("unet/diffusion_pytorch_model.safetensors"), diffusersUnet(in, 8, 768));
    write(dir.resolve("vae/diffusion_pytorch_model.safetensors"), diffusersVae(4));
    write(dir.resolve("text_encoder/model.safetensors"), clip("text_model.", 5, 768, 12));
    Files.createDirectories(dir.resolve("tokenizer"));
    Files.writeString(dir.resolve("tokenizer/vocab.json"), "{\"a</w>\": 0}");
    Files.writeString(dir.resolve("tokenizer/merges.txt"), "#version: 0.2\n");
    Files.createDirectories(dir.resolve("scheduler"));
    Files.writeString(
        dir.resolve("scheduler/scheduler_config.json"),
        "{\"_class_name\":\"PNDMScheduler\",\"beta_start\":0.00085,\"beta_end\":0.012,"
            + "\"beta_schedule\":\"scaled_linear\",\"num_train_timesteps\":1000,"
            + "\"steps_offset\":1}");
    return dir;
  }
}
