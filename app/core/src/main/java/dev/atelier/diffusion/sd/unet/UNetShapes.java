package dev.atelier.diffusion.sd.unet;

import ai.djl.ndarray.types.Shape;
import dev.atelier.diffusion.sd.unet.UNetLayout.Down;
import dev.atelier.diffusion.sd.unet.UNetLayout.InConv;
import dev.atelier.diffusion.sd.unet.UNetLayout.Layer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Res;
import dev.atelier.diffusion.sd.unet.UNetLayout.Transformer;
import dev.atelier.diffusion.sd.unet.UNetLayout.Up;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of a Stable Diffusion 1.x UNet with its shape, keyed as the single-file checkpoint
 * names it below {@code model.diffusion_model.} (for example {@code
 * input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight}). Checkpoint loading checks a file
 * against it, and a random checkpoint of the architecture is written from it.
 */
public final class UNetShapes {

  /** Where the UNet's tensors sit in a single-file checkpoint. */
  public static final String CHECKPOINT_PREFIX = "model.diffusion_model.";

  private final UNetConfig config;
  private final Map<String, Shape> out = new LinkedHashMap<>();

  private UNetShapes(UNetConfig config) {
    this.config = config;
  }

  /** The table for {@code config}, in checkpoint order; unmodifiable. */
  public static Map<String, Shape> shapes(UNetConfig config) {
    UNetShapes t = new UNetShapes(config);
    t.build(UNetLayout.of(config));
    return Collections.unmodifiableMap(t.out);
  }

  private void build(UNetLayout layout) {
    int mc = config.modelChannels();
    int emb = config.timeEmbedDim();
    linear("time_embed.0", emb, mc, true);
    linear("time_embed.2", emb, emb, true);
    stages("input_blocks.", layout.input());
    stage("middle_block.", layout.middle());
    stages("output_blocks.", layout.output());
    norm("out.0", mc);
    conv("out.2", config.outChannels(), mc, 3);
  }

  private void stages(String prefix, List<List<Layer>> stages) {
    for (int n = 0; n < stages.size(); n++) {
      stage(prefix + n + ".", stages.get(n));
    }
  }

  private void stage(String prefix, List<Layer> layers) {
    for (int m = 0; m < layers.size(); m++) {
      String p = prefix + m;
      switch (layers.get(m)) {
        case InConv c -> conv(p, c.out(), c.in(), 3);
        case Res r -> res(p, r.in(), r.out());
        case Transformer t -> transformer(p, t.channels());
        case Down d -> conv(p + ".op", d.channels(), d.channels(), 3);
        case Up u -> conv(p + ".conv", u.channels(), u.channels(), 3);
      }
    }
  }

  private void res(String p, int in, int outChannels) {
    norm(p + ".in_layers.0", in);
    conv(p + ".in_layers.2", outChannels, in, 3);
    linear(p + ".emb_layers.1", outChannels, config.timeEmbedDim(), true);
    norm(p + ".out_layers.0", outChannels);
    conv(p + ".out_layers.3", outChannels, outChannels, 3);
    if (in != outChannels) {
      conv(p + ".skip_connection", outChannels, in, 1);
    }
  }

  private void transformer(String p, int ch) {
    norm(p + ".norm", ch);
    conv(p + ".proj_in", ch, ch, 1);
    for (int d = 0; d < config.transformerDepth(); d++) {
      String b = p + ".transformer_blocks." + d;
      attention(b + ".attn1", ch, ch);
      linear(b + ".ff.net.0.proj", 8 * ch, ch, true);
      linear(b + ".ff.net.2", ch, 4 * ch, true);
      attention(b + ".attn2", ch, config.contextDim());
      norm(b + ".norm1", ch);
      norm(b + ".norm2", ch);
      norm(b + ".norm3", ch);
    }
    conv(p + ".proj_out", ch, ch, 1);
  }

  private void attention(String p, int ch, int contextDim) {
    linear(p + ".to_q", ch, ch, false);
    linear(p + ".to_k", ch, contextDim, false);
    linear(p + ".to_v", ch, contextDim, false);
    linear(p + ".to_out.0", ch, ch, true);
  }

  private void conv(String p, int outChannels, int in, int k) {
    out.put(p + ".weight", new Shape(outChannels, in, k, k));
    out.put(p + ".bias", new Shape(outChannels));
  }

  private void linear(String p, int outFeatures, int in, boolean bias) {
    out.put(p + ".weight", new Shape(outFeatures, in));
    if (bias) {
      out.put(p + ".bias", new Shape(outFeatures));
    }
  }

  private void norm(String p, int channels) {
    out.put(p + ".weight", new Shape(channels));
    out.put(p + ".bias", new Shape(channels));
  }
}
