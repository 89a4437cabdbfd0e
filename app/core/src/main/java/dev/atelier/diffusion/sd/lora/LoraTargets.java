package dev.atelier.diffusion.sd.lora;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.sd.checkpoint.DiffusersNames;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which weight of a loaded Stable Diffusion 1.x model each kohya module name stands for.
 *
 * <p>kohya writes a module's path with '.' as '_', which cannot be split back (module names hold
 * '_' themselves), so the names are matched against the model's own modules instead: every linear
 * and convolution weight of the UNet under its diffusers path ({@code
 * down_blocks_0_attentions_0_transformer_blocks_0_attn1_to_q}, renamed to the model's LDM key by
 * {@link DiffusersNames}) and under its LDM path ({@code
 * input_blocks_1_1_transformer_blocks_0_attn1_to_q}), and every linear weight of the text encoder
 * under its transformers path ({@code text_model_encoder_layers_0_self_attn_q_proj}). A name two
 * different weights would answer to is kept out.
 */
final class LoraTargets {

  /** A weight a module changes: its key in the model (LDM name) and its shape. */
  record Target(String key, Shape shape) {}

  private static final List<String> ATTENTIONS = List.of("attn1", "attn2");
  private static final List<String> PROJECTIONS = List.of("to_q", "to_k", "to_v", "to_out.0");

  private final Map<String, Target> byName = new HashMap<>();
  private final Set<String> ambiguous = new HashSet<>();

  /**
   * @param unet the UNet's weight shapes by key without {@code unetPrefix}
   * @param unetPrefix the prefix of the UNet's keys in the checkpoint
   * @param text the text encoder's weight shapes by key below its text model ({@code
   *     encoder.layers.0.mlp.fc1.weight})
   * @param textPrefix the prefix of those keys in the checkpoint
   */
  LoraTargets(
      Map<String, Shape> unet,
      UNetConfig config,
      String unetPrefix,
      Map<String, Shape> text,
      String textPrefix) {
    Set<Integer> upAttention = new HashSet<>();
    int levels = config.channelMult().size();
    for (int u = 0; u < levels; u++) {
      if (config.attentionLevels().contains(levels - 1 - u)) {
        upAttention.add(u);
      }
    }
    for (String path : diffusersModules(config)) {
      String ldm = DiffusersNames.unetToLdm(path + ".weight", config.resBlocks(), upAttention);
      Shape p = ldm == null ? null : unet.get(ldm);
      if (p != null) {
        add("lora_unet_" + underscored(path), new Target(unetPrefix + ldm, p));
      }
    }
    unet.forEach(
        (key, p) -> {
          if (key.endsWith(".weight") && isMatrixOrKernel(p)) {
            String module = key.substring(0, key.length() - ".weight".length());
            add("lora_unet_" + underscored(module), new Target(unetPrefix + key, p));
          }
        });
    text.forEach(
        (key, p) -> {
          if (key.endsWith(".weight") && !key.contains("embedding") && isMatrixOrKernel(p)) {
            String module = "text_model." + key.substring(0, key.length() - ".weight".length());
            add("lora_te_" + underscored(module), new Target(textPrefix + key, p));
          }
        });
  }

  private static boolean isMatrixOrKernel(Shape p) {
    int dims = p.dimension();
    return dims == 2 || dims == 4;
  }

  private void add(String name, Target t) {
    Target old = byName.putIfAbsent(name, t);
    if (old != null && !old.key().equals(t.key())) {
      ambiguous.add(name);
    }
  }

  /** The weight a module name stands for, or null when none (or more than one) does. */
  Target find(String name) {
    return ambiguous.contains(name) ? null : byName.get(name);
  }

  /** Every module name that stands for one weight, for checks. */
  Set<String> names() {
    Set<String> names = new HashSet<>(byName.keySet());
    names.removeAll(ambiguous);
    return names;
  }

  private static String underscored(String path) {
    return path.replace('.', '_');
  }

  /**
   * The diffusers paths of a UNet's linear and convolution modules that kohya's LoRA and LoCon
   * networks adapt, plus the few outside them (input and output convolutions, time embedding).
   */
  static List<String> diffusersModules(UNetConfig c) {
    List<String> out = new ArrayList<>(List.of("conv_in", "conv_out"));
    out.addAll(List.of("time_embedding.linear_1", "time_embedding.linear_2"));
    int levels = c.channelMult().size();
    for (int i = 0; i < levels; i++) {
      for (int j = 0; j < c.resBlocks(); j++) {
        resnet(out, "down_blocks." + i + ".resnets." + j);
        if (c.attentionLevels().contains(i)) {
          transformer(out, "down_blocks." + i + ".attentions." + j, c.transformerDepth());
        }
      }
      if (i < levels - 1) {
        out.add("down_blocks." + i + ".downsamplers.0.conv");
      }
    }
    resnet(out, "mid_block.resnets.0");
    resnet(out, "mid_block.resnets.1");
    transformer(out, "mid_block.attentions.0", c.transformerDepth());
    for (int u = 0; u < levels; u++) {
      for (int j = 0; j <= c.resBlocks(); j++) {
        resnet(out, "up_blocks." + u + ".resnets." + j);
        if (c.attentionLevels().contains(levels - 1 - u)) {
          transformer(out, "up_blocks." + u + ".attentions." + j, c.transformerDepth());
        }
      }
      if (u < levels - 1) {
        out.add("up_blocks." + u + ".upsamplers.0.conv");
      }
    }
    return out;
  }

  private static void resnet(List<String> out, String block) {
    for (String conv : List.of("conv1", "conv2", "time_emb_proj", "conv_shortcut")) {
      out.add(block + "." + conv);
    }
  }

  private static void transformer(List<String> out, String block, int depth) {
    out.add(block + ".proj_in");
    out.add(block + ".proj_out");
    for (int t = 0; t < depth; t++) {
      String tb = block + ".transformer_blocks." + t + ".";
      for (String attention : ATTENTIONS) {
        for (String projection : PROJECTIONS) {
          out.add(tb + attention + "." + projection);
        }
      }
      out.add(tb + "ff.net.0.proj");
      out.add(tb + "ff.net.2");
    }
  }
}
