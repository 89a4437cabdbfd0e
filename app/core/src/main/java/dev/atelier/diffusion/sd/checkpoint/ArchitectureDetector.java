package dev.atelier.diffusion.sd.checkpoint;

import static dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint.UNET_PREFIX;
import static dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint.VAE_PREFIX;

import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's family and geometry from its tensors' LDM names and shapes; no weight is read.
 *
 * <p>Family rules, first match wins: SDXL has {@code conditioner.embedders.*} or a UNet {@code
 * label_emb}; SD 2.x has an OpenCLIP text encoder ({@code cond_stage_model.model.*}) or
 * cross-attention over 1024-wide text; SD 1.x has cross-attention over 768-wide text (CLIP
 * ViT-L/14); anything else is unknown. The geometry (channels, levels, transformer depths, context
 * width) is read from the shapes, so a reduced-width model in the same layout is described exactly.
 */
public final class ArchitectureDetector {

  private static final Pattern INPUT_BLOCK =
      Pattern.compile("^" + Pattern.quote(UNET_PREFIX) + "input_blocks\\.(\\d+)\\.");
  private static final Pattern CONTEXT_KEY =
      Pattern.compile("^" + Pattern.quote(UNET_PREFIX) + ".*\\.attn2\\.to_k\\.weight$");

  /** Text encoder prefixes and their key layout, in the order a family uses them. */
  private static final List<Candidate> TEXT_ENCODERS =
      List.of(
          new Candidate("cond_stage_model.transformer.text_model.", TextEncoderSpec.Kind.CLIP),
          new Candidate("cond_stage_model.model.", TextEncoderSpec.Kind.OPEN_CLIP),
          new Candidate(
              "conditioner.embedders.0.transformer.text_model.", TextEncoderSpec.Kind.CLIP),
          new Candidate("conditioner.embedders.1.model.", TextEncoderSpec.Kind.OPEN_CLIP));

  private record Candidate(String prefix, TextEncoderSpec.Kind kind) {}

  private ArchitectureDetector() {}

  /**
   * Describes the model whose tensors (by LDM name) are {@code shapes}.
   *
   * @param xlHint the layout itself says SDXL (a diffusers folder with a second text encoder)
   * @throws CheckpointException when there is no UNet to describe
   */
  public static DetectedCheckpoint detect(
      Path path,
      Layout layout,
      Map<String, Shape> shapes,
      boolean xlHint,
      TokenizerSource tokenizer,
      Optional<ScheduleHints> schedule) {
    UnetShape unet = unet(path, shapes);
    List<TextEncoderSpec> text = textEncoders(shapes);
    Family family = family(shapes, unet, xlHint);
    return new DetectedCheckpoint(
        path, layout, family, unet, vae(shapes), text, tokenizer, schedule);
  }

  static Family family(Map<String, Shape> shapes, UnetShape unet, boolean xlHint) {
    if (xlHint || unet.admInChannels() > 0 || hasPrefix(shapes, "conditioner.embedders.")) {
      return Family.SDXL;
    }
    if (hasPrefix(shapes, "cond_stage_model.model.") || unet.contextDim() == 1024) {
      return Family.SD2;
    }
    if (unet.contextDim() == 768) {
      return Family.SD1;
    }
    return Family.UNKNOWN;
  }

  static UnetShape unet(Path path, Map<String, Shape> shapes) {
    Shape in = shapes.get(UNET_PREFIX + "input_blocks.0.0.weight");
    Shape out = shapes.get(UNET_PREFIX + "out.2.weight");
    if (in == null || in.dimension() != 4 || out == null || out.dimension() != 4) {
      throw CheckpointException.of(
          CheckpointException.Reason.UNRECOGNISED,
          path,
          "",
          "it has no Stable Diffusion UNet (no " + UNET_PREFIX + "input_blocks.0.0.weight).");
    }
    int model = (int) in.get(0);
    List<Integer> mult = new ArrayList<>();
    List<Integer> depth = new ArrayList<>();
    List<Integer> res = new ArrayList<>();
    mult.add(0);
    depth.add(0);
    res.add(0);
    int last = lastInputBlock(shapes);
    for (int i = 1; i <= last; i++) {
      String block = UNET_PREFIX + "input_blocks." + i + ".";
      if (shapes.containsKey(block + "0.op.weight")) {
        mult.add(0);
        depth.add(0);
        res.add(0);
        continue;
      }
      Shape conv = shapes.get(block + "0.out_layers.3.weight");
      int level = mult.size() - 1;
      if (conv != null && model > 0) {
        mult.set(level, (int) (conv.get(0) / model));
        res.set(level, res.get(level) + 1);
      }
      depth.set(level, Math.max(depth.get(level), count(shapes, block + "1.transformer_blocks.")));
    }
    Shape label = shapes.get(UNET_PREFIX + "label_emb.0.0.weight");
    return new UnetShape(
        (int) in.get(1),
        (int) out.get(0),
        model,
        mult,
        res.get(0),
        depth,
        contextDim(shapes),
        label == null || label.dimension() != 2 ? 0 : (int) label.get(1));
  }

  private static int lastInputBlock(Map<String, Shape> shapes) {
    int last = 0;
    for (String k : shapes.keySet()) {
      Matcher m = INPUT_BLOCK.matcher(k);
      if (m.find()) {
        last = Math.max(last, parseSmall(m.group(1)));
      }
    }
    return last;
  }

  private static int contextDim(Map<String, Shape> shapes) {
    for (Map.Entry<String, Shape> e : shapes.entrySet()) {
      if (CONTEXT_KEY.matcher(e.getKey()).matches() && e.getValue().dimension() == 2) {
        return (int) e.getValue().get(1);
      }
    }
    return 0;
  }

  /** How many numbered children {@code prefix + N + "."} exist (the highest N plus one). */
  static int count(Map<String, Shape> shapes, String prefix) {
    int n = 0;
    for (String k : shapes.keySet()) {
      if (k.startsWith(prefix)) {
        int dot = k.indexOf('.', prefix.length());
        if (dot > prefix.length()) {
          n = Math.max(n, parseSmall(k.substring(prefix.length(), dot)) + 1);
        }
      }
    }
    return n;
  }

  /** A block index from a key; anything not a small number counts as none. */
  private static int parseSmall(String digits) {
    if (digits.isEmpty() || digits.length() > 4 || !digits.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(digits);
  }

  static List<TextEncoderSpec> textEncoders(Map<String, Shape> shapes) {
    List<TextEncoderSpec> out = new ArrayList<>();
    for (Candidate c : TEXT_ENCODERS) {
      boolean clip = c.kind() == TextEncoderSpec.Kind.CLIP;
      Shape tokens =
          shapes.get(
              c.prefix() + (clip ? "embeddings.token_embedding.weight" : "token_embedding.weight"));
      Shape positions =
          shapes.get(
              c.prefix()
                  + (clip ? "embeddings.position_embedding.weight" : "positional_embedding"));
      if (tokens == null
          || tokens.dimension() != 2
          || positions == null
          || positions.dimension() != 2) {
        continue;
      }
      int layers =
          count(shapes, c.prefix() + (clip ? "encoder.layers." : "transformer.resblocks."));
      out.add(
          new TextEncoderSpec(
              c.prefix(),
              c.kind(),
              (int) tokens.get(1),
              layers,
              (int) tokens.get(0),
              (int) positions.get(0)));
    }
    return out;
  }

  static Optional<VaeShape> vae(Map<String, Shape> shapes) {
    Shape post = shapes.get(VAE_PREFIX + "post_quant_conv.weight");
    Shape conv = shapes.get(VAE_PREFIX + "decoder.conv_out.weight");
    if (post == null || post.dimension() != 4 || conv == null || conv.dimension() != 4) {
      return Optional.empty();
    }
    boolean encoder = shapes.containsKey(VAE_PREFIX + "encoder.conv_in.weight");
    int base = (int) conv.get(1);
    int levels = count(shapes, VAE_PREFIX + "decoder.up.");
    List<Integer> mult = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      Shape c = shapes.get(VAE_PREFIX + "decoder.up." + i + ".block.0.conv2.weight");
      mult.add(c == null || base == 0 ? 0 : (int) (c.get(0) / base));
    }
    return Optional.of(new VaeShape((int) post.get(0), base, mult, encoder));
  }

  private static boolean hasPrefix(Map<String, Shape> shapes, String prefix) {
    for (String k : shapes.keySet()) {
      if (k.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
