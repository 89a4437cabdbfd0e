package dev.atelier.diffusion.sd.checkpoint;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The diffusers key names of a UNet and a VAE, renamed to the single-file LDM names (without the
 * {@code model.diffusion_model.} / {@code first_stage_model.} prefix). The correspondence is the
 * one diffusers documents for converting back to the original layout; the block numbering is
 * computed from the number of residual blocks per level, so it holds for every UNet of this design
 * (SD 1.x, 2.x and SDXL), not only SD 1.x's four levels.
 *
 * <p>The UNet's down path numbers its blocks {@code input_blocks.k}: block 0 is the input
 * convolution, then each level has {@code L} residual blocks (each followed by its spatial
 * transformer as {@code .1}) and a downsampler, so level {@code i}'s block {@code j} is {@code
 * i·(L+1)+j+1} and its downsampler {@code (i+1)·(L+1)}. The up path has {@code L+1} blocks per
 * level: {@code output_blocks.(i·(L+1)+j)}, with the upsampler after the transformer in the level's
 * last block. The VAE decoder numbers its levels in the opposite order to diffusers.
 */
public final class DiffusersNames {

  private static final Map<String, String> UNET_FIXED =
      Map.of(
          "time_embedding.linear_1.", "time_embed.0.",
          "time_embedding.linear_2.", "time_embed.2.",
          "conv_in.", "input_blocks.0.0.",
          "conv_norm_out.", "out.0.",
          "conv_out.", "out.2.",
          "add_embedding.linear_1.", "label_emb.0.0.",
          "add_embedding.linear_2.", "label_emb.0.2.");

  private static final Map<String, String> UNET_RESNET =
      Map.of(
          "norm1", "in_layers.0",
          "conv1", "in_layers.2",
          "norm2", "out_layers.0",
          "conv2", "out_layers.3",
          "time_emb_proj", "emb_layers.1",
          "conv_shortcut", "skip_connection");

  private static final Map<String, String> VAE_ATTENTION =
      Map.of(
          "group_norm", "norm",
          "to_q", "q",
          "query", "q",
          "to_k", "k",
          "key", "k",
          "to_v", "v",
          "value", "v",
          "to_out.0", "proj_out",
          "proj_attn", "proj_out");

  private static final Pattern DOWN =
      Pattern.compile("^down_blocks\\.(\\d{1,3})\\.(resnets|attentions)\\.(\\d{1,3})\\.(.+)$");
  private static final Pattern DOWNSAMPLE =
      Pattern.compile("^down_blocks\\.(\\d{1,3})\\.downsamplers\\.0\\.conv\\.(.+)$");
  private static final Pattern UP =
      Pattern.compile("^up_blocks\\.(\\d{1,3})\\.(resnets|attentions)\\.(\\d{1,3})\\.(.+)$");
  private static final Pattern UPSAMPLE =
      Pattern.compile("^up_blocks\\.(\\d{1,3})\\.upsamplers\\.0\\.(.+)$");
  private static final Pattern MID =
      Pattern.compile("^mid_block\\.(resnets|attentions)\\.(\\d{1,3})\\.(.+)$");

  private static final Pattern VAE_DOWN =
      Pattern.compile(
          "^encoder\\.down_blocks\\.(\\d{1,3})\\.(resnets\\.(\\d{1,3})|downsamplers\\.0)\\.(.+)$");
  private static final Pattern VAE_UP =
      Pattern.compile(
          "^decoder\\.up_blocks\\.(\\d{1,3})\\.(resnets\\.(\\d{1,3})|upsamplers\\.0)\\.(.+)$");
  private static final Pattern VAE_MID_RES =
      Pattern.compile("^(encoder|decoder)\\.mid_block\\.resnets\\.(\\d{1,3})\\.(.+)$");
  private static final Pattern VAE_MID_ATTN =
      Pattern.compile(
          "^(encoder|decoder)\\.mid_block\\.attentions\\.0\\."
              + "(group_norm|to_q|query|to_k|key|to_v|value|to_out\\.0|proj_attn)\\.(.+)$");
  private static final Pattern VAE_NORM_OUT =
      Pattern.compile("^(encoder|decoder)\\.conv_norm_out\\.(.+)$");

  private DiffusersNames() {}

  /** How a diffusers UNet is laid out: residual blocks per level, levels whose up path attends. */
  record UnetLayout(int layersPerBlock, Set<Integer> upLevelsWithAttention) {

    static UnetLayout of(Set<String> keys) {
      int layers = 0;
      Set<Integer> attending = new TreeSet<>();
      for (String k : keys) {
        Matcher m = DOWN.matcher(k);
        if (m.matches() && m.group(1).equals("0") && m.group(2).equals("resnets")) {
          layers = Math.max(layers, Integer.parseInt(m.group(3)) + 1);
        }
        Matcher u = UP.matcher(k);
        if (u.matches() && u.group(2).equals("attentions")) {
          attending.add(Integer.parseInt(u.group(1)));
        }
      }
      return new UnetLayout(layers, attending);
    }
  }

  /**
   * The LDM name (without {@link DetectedCheckpoint#UNET_PREFIX}) of a diffusers UNet key or module
   * path, for a UNet with {@code layersPerBlock} residual blocks per level whose up-path levels
   * {@code upLevelsWithAttention} (diffusers' {@code up_blocks} numbering) have transformers.
   *
   * @return the LDM name, or {@code null} when the key has no known place
   */
  public static String unetToLdm(
      String key, int layersPerBlock, Set<Integer> upLevelsWithAttention) {
    return unet(key, new UnetLayout(layersPerBlock, Set.copyOf(upLevelsWithAttention)));
  }

  /** The LDM name of a diffusers UNet key, or {@code null} when the key has no known place. */
  static String unet(String key, UnetLayout layout) {
    for (Map.Entry<String, String> e : UNET_FIXED.entrySet()) {
      if (key.startsWith(e.getKey())) {
        return e.getValue() + key.substring(e.getKey().length());
      }
    }
    int l = layout.layersPerBlock();
    Matcher m;
    if ((m = DOWN.matcher(key)).matches()) {
      int block = num(m, 1) * (l + 1) + num(m, 3) + 1;
      return part(m.group(2), "input_blocks." + block, m.group(4));
    }
    if ((m = DOWNSAMPLE.matcher(key)).matches()) {
      return "input_blocks." + (num(m, 1) + 1) * (l + 1) + ".0.op." + m.group(2);
    }
    if ((m = UP.matcher(key)).matches()) {
      int block = num(m, 1) * (l + 1) + num(m, 3);
      return part(m.group(2), "output_blocks." + block, m.group(4));
    }
    if ((m = UPSAMPLE.matcher(key)).matches()) {
      int level = num(m, 1);
      int slot = layout.upLevelsWithAttention().contains(level) ? 2 : 1;
      return "output_blocks." + (level * (l + 1) + l) + "." + slot + "." + m.group(2);
    }
    if ((m = MID.matcher(key)).matches()) {
      if (m.group(1).equals("attentions")) {
        return num(m, 2) == 0 ? "middle_block.1." + m.group(3) : null;
      }
      return "middle_block." + 2 * num(m, 2) + "." + resnet(m.group(3), UNET_RESNET);
    }
    return null;
  }

  private static String part(String kind, String block, String rest) {
    return kind.equals("resnets")
        ? block + ".0." + resnet(rest, UNET_RESNET)
        : block + ".1." + rest;
  }

  private static String resnet(String rest, Map<String, String> names) {
    int dot = rest.indexOf('.');
    String head = dot < 0 ? rest : rest.substring(0, dot);
    String renamed = names.get(head);
    return renamed == null ? rest : renamed + rest.substring(head.length());
  }

  /** Whether an LDM VAE name is a mid-block attention projection stored as a 1×1 convolution. */
  static boolean isVaeAttentionProjection(String ldmName) {
    return ldmName.matches("^(encoder|decoder)\\.mid\\.attn_1\\.(q|k|v|proj_out)\\.weight$");
  }

  /** The LDM name of a diffusers VAE key; keys named alike in both layouts pass unchanged. */
  static String vae(String key, int upLevels) {
    Matcher m;
    if ((m = VAE_DOWN.matcher(key)).matches()) {
      String level = "encoder.down." + m.group(1);
      return m.group(3) != null
          ? level + ".block." + m.group(3) + "." + vaeResnet(m.group(4))
          : level + ".downsample." + m.group(4);
    }
    if ((m = VAE_UP.matcher(key)).matches()) {
      String level = "decoder.up." + (upLevels - 1 - num(m, 1));
      return m.group(3) != null
          ? level + ".block." + m.group(3) + "." + vaeResnet(m.group(4))
          : level + ".upsample." + m.group(4);
    }
    if ((m = VAE_MID_RES.matcher(key)).matches()) {
      return m.group(1) + ".mid.block_" + (num(m, 2) + 1) + "." + vaeResnet(m.group(3));
    }
    if ((m = VAE_MID_ATTN.matcher(key)).matches()) {
      return m.group(1) + ".mid.attn_1." + VAE_ATTENTION.get(m.group(2)) + "." + m.group(3);
    }
    if ((m = VAE_NORM_OUT.matcher(key)).matches()) {
      return m.group(1) + ".norm_out." + m.group(2);
    }
    return key;
  }

  private static String vaeResnet(String rest) {
    return resnet(rest, Map.of("conv_shortcut", "nin_shortcut"));
  }

  private static int num(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
