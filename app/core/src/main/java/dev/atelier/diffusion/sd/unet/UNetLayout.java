package dev.atelier.diffusion.sd.unet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The UNet's layer plan for one {@link UNetConfig}, in the checkpoint's order: which layers each of
 * {@code input_blocks.N}, {@code middle_block} and {@code output_blocks.N} holds, with their
 * channel counts. The block tree ({@link SdUNet}) and the shape table ({@link UNetShapes}) are both
 * built from it, so they cannot drift apart.
 *
 * <p>Channel bookkeeping follows the architecture: every input block's output is kept for the way
 * up, where each output block's residual block first reads its input joined (along the channels)
 * with the most recent kept activation.
 */
record UNetLayout(List<List<Layer>> input, List<Layer> middle, List<List<Layer>> output) {

  /** One layer of a block: a position in {@code input_blocks.N.M}. */
  sealed interface Layer {}

  /** The 3×3 convolution from the latents to the model's channels. */
  record InConv(int in, int out) implements Layer {}

  /** A residual block with timestep embedding; a 1×1 skip convolution when {@code in != out}. */
  record Res(int in, int out) implements Layer {}

  /** A spatial transformer (self-attention, cross-attention, GEGLU feed-forward). */
  record Transformer(int channels) implements Layer {}

  /** A stride-2 3×3 convolution that halves height and width. */
  record Down(int channels) implements Layer {}

  /** Nearest-neighbour ×2 then a 3×3 convolution. */
  record Up(int channels) implements Layer {}

  static UNetLayout of(UNetConfig c) {
    List<List<Layer>> input = new ArrayList<>();
    Deque<Integer> kept = new ArrayDeque<>();
    int ch = c.modelChannels();
    input.add(List.of(new InConv(c.inChannels(), ch)));
    kept.push(ch);
    for (int level = 0; level < c.levels(); level++) {
      int out = c.channels(level);
      for (int i = 0; i < c.resBlocks(); i++) {
        List<Layer> block = new ArrayList<>();
        block.add(new Res(ch, out));
        ch = out;
        if (c.attentionLevels().contains(level)) {
          block.add(new Transformer(ch));
        }
        input.add(List.copyOf(block));
        kept.push(ch);
      }
      if (level != c.levels() - 1) {
        input.add(List.of(new Down(ch)));
        kept.push(ch);
      }
    }
    List<Layer> middle = List.of(new Res(ch, ch), new Transformer(ch), new Res(ch, ch));
    List<List<Layer>> output = new ArrayList<>();
    for (int level = c.levels() - 1; level >= 0; level--) {
      int out = c.channels(level);
      for (int i = 0; i <= c.resBlocks(); i++) {
        List<Layer> block = new ArrayList<>();
        block.add(new Res(ch + kept.pop(), out));
        ch = out;
        if (c.attentionLevels().contains(level)) {
          block.add(new Transformer(ch));
        }
        if (level != 0 && i == c.resBlocks()) {
          block.add(new Up(ch));
        }
        output.add(List.copyOf(block));
      }
    }
    return new UNetLayout(List.copyOf(input), middle, List.copyOf(output));
  }
}
