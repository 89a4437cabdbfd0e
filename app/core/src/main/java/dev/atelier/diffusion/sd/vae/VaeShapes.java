package dev.atelier.diffusion.sd.vae;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of the VAE by its single-file checkpoint key (without the {@code
 * first_stage_model.} prefix) and shape, as the architecture defines them for a configuration. The
 * network's {@link dev.atelier.diffusion.nn.BlockKeys} must equal these keys; a checkpoint must
 * hold exactly these shapes.
 */
public final class VaeShapes {

  /** The prefix of the VAE's tensors in a single-file SD 1.x checkpoint. */
  public static final String PREFIX = "first_stage_model.";

  private VaeShapes() {}

  /** The whole VAE: encoder, quant_conv, post_quant_conv, decoder. */
  public static Map<String, Shape> of(VaeConfig c) {
    Map<String, Shape> out = new LinkedHashMap<>(encoder(c));
    out.putAll(decoder(c));
    return out;
  }

  /** The part that turns images into latent distributions: encoder.* and quant_conv.*. */
  public static Map<String, Shape> encoder(VaeConfig c) {
    Map<String, Shape> t = new LinkedHashMap<>();
    conv(t, "encoder.conv_in", 3, c.channels(0), 3);
    int in = c.channels(0);
    for (int level = 0; level < c.levels(); level++) {
      int out = c.channels(level);
      for (int j = 0; j < c.resBlocks(); j++) {
        resBlock(t, "encoder.down." + level + ".block." + j, in, out);
        in = out;
      }
      if (level != c.levels() - 1) {
        conv(t, "encoder.down." + level + ".downsample.conv", in, in, 3);
      }
    }
    middle(t, "encoder.mid", in);
    norm(t, "encoder.norm_out", in);
    conv(t, "encoder.conv_out", in, 2 * c.latentChannels(), 3);
    conv(t, "quant_conv", 2 * c.latentChannels(), 2 * c.latentChannels(), 1);
    return t;
  }

  /** The part that turns latents into images: post_quant_conv.* and decoder.*. */
  public static Map<String, Shape> decoder(VaeConfig c) {
    Map<String, Shape> t = new LinkedHashMap<>();
    conv(t, "post_quant_conv", c.latentChannels(), c.latentChannels(), 1);
    int in = c.channels(c.levels() - 1);
    conv(t, "decoder.conv_in", c.latentChannels(), in, 3);
    middle(t, "decoder.mid", in);
    for (int level = c.levels() - 1; level >= 0; level--) {
      int out = c.channels(level);
      for (int j = 0; j <= c.resBlocks(); j++) {
        resBlock(t, "decoder.up." + level + ".block." + j, in, out);
        in = out;
      }
      if (level != 0) {
        conv(t, "decoder.up." + level + ".upsample.conv", in, in, 3);
      }
    }
    norm(t, "decoder.norm_out", in);
    conv(t, "decoder.conv_out", in, 3, 3);
    return t;
  }

  private static void middle(Map<String, Shape> t, String key, int ch) {
    resBlock(t, key + ".block_1", ch, ch);
    norm(t, key + ".attn_1.norm", ch);
    for (String p : new String[] {"q", "k", "v", "proj_out"}) {
      conv(t, key + ".attn_1." + p, ch, ch, 1);
    }
    resBlock(t, key + ".block_2", ch, ch);
  }

  private static void resBlock(Map<String, Shape> t, String key, int in, int out) {
    norm(t, key + ".norm1", in);
    conv(t, key + ".conv1", in, out, 3);
    norm(t, key + ".norm2", out);
    conv(t, key + ".conv2", out, out, 3);
    if (in != out) {
      conv(t, key + ".nin_shortcut", in, out, 1);
    }
  }

  private static void norm(Map<String, Shape> t, String key, int ch) {
    t.put(key + ".weight", new Shape(ch));
    t.put(key + ".bias", new Shape(ch));
  }

  private static void conv(Map<String, Shape> t, String key, int in, int out, int kernel) {
    t.put(key + ".weight", new Shape(out, in, kernel, kernel));
    t.put(key + ".bias", new Shape(out));
  }
}
