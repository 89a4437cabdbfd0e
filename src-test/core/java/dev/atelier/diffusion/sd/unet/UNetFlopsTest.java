package dev.atelier.diffusion.sd.unet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UNetFlopsTest {

  /**
   * 1 latent channel in and out, 2 model channels, levels ×1 and ×2 with one residual block each, a
   * transformer (1 head, depth 1) on level 1 only, 3-wide text, 8-wide timestep embedding. On 2×2
   * latents level 0 has 4 pixels and level 1 one; the text has 2 tokens.
   */
  @Test
  void aTinyNetworkCountedByHand() {
    UNetConfig tiny = new UNetConfig(1, 1, 2, List.of(1, 2), 1, Set.of(1), 1, 1, 3, 1);
    long time = 2 * (2 * 8 + 8 * 8); // time_embed.0 (2→8) and .2 (8→8)
    long inConv = 2 * 1 * 2 * 9 * 4; // 1→2, 3×3, at 4 pixels
    long res0 = 2 * 2 * 2 * 9 * 4 + 2 * 8 * 2 + 2 * 2 * 2 * 9 * 4; // conv, emb 8→2, conv
    long down = 2 * 2 * 2 * 9 * 1; // stride 2: one output pixel
    long res1 = 2 * 2 * 4 * 9 + 2 * 8 * 4 + 2 * 4 * 4 * 9 + 2 * 2 * 4; // and a 1×1 skip 2→4
    // At C = 4 on N = 1 pixel, M = 2 text tokens of width 3:
    long projections = 2 * (2 * 4 * 4); // proj_in, proj_out
    long attn1 = 4 * (2 * 4 * 4) + 2 * (2 * 1 * 1 * 4); // q, k, v, out; q·kᵀ, ·v
    long attn2 = 2 * (2 * 4 * 4) + 2 * (2 * 2 * 3 * 4) + 2 * (2 * 1 * 2 * 4);
    long geglu = 2 * 4 * 32 + 2 * 16 * 4;
    long transformer = projections + attn1 + attn2 + geglu;
    assertEquals(784, transformer);
    long resMid = 2 * 4 * 4 * 9 * 2 + 2 * 8 * 4; // two 4→4 convs and the embedding
    long middle = resMid + transformer + resMid;
    // Up the way: level 1 reads 4+4 then 4+2 channels, level 0 4+2 then 2+2, at its 4 pixels.
    long out10 = 2 * 8 * 4 * 9 + 2 * 8 * 4 + 2 * 4 * 4 * 9 + 2 * 8 * 4 + transformer;
    long up = 2 * 4 * 4 * 9 * 4; // nearest ×2, then 3×3 at 4 pixels
    long out11 = 2 * 6 * 4 * 9 + 2 * 8 * 4 + 2 * 4 * 4 * 9 + 2 * 6 * 4 + transformer + up;
    long out00 = (2 * 6 * 2 * 9 + 2 * 2 * 2 * 9 + 2 * 6 * 2) * 4 + 2 * 8 * 2;
    long out01 = (2 * 4 * 2 * 9 + 2 * 2 * 2 * 9 + 2 * 4 * 2) * 4 + 2 * 8 * 2;
    long outConv = 2 * 2 * 1 * 9 * 4;
    long expected =
        time
            + inConv
            + res0
            + down
            + res1
            + transformer
            + middle
            + out10
            + out11
            + out00
            + out01
            + outConv;
    assertEquals(11_272, expected);
    assertEquals(expected, UNetFlops.perImage(tiny, 2, 2, 2));
  }

  /** Attention grows with the square of the pixels, everything else linearly. */
  @Test
  void attentionIsTheOnlyQuadraticTerm() {
    UNetConfig tiny = new UNetConfig(1, 1, 2, List.of(1, 2), 1, Set.of(1), 1, 1, 3, 1);
    long small = UNetFlops.perImage(tiny, 2, 2, 2);
    long large = UNetFlops.perImage(tiny, 4, 4, 2);
    // Level 1 goes from 1 to 4 pixels: q·kᵀ and ·v of attn1 grow 16-fold in its four
    // transformers; the text's keys and values and the timestep projections do not grow.
    long attn1Products = 2 * (2 * 1 * 1 * 4);
    long text = 2 * (2 * 2 * 3 * 4);
    long time = 2 * (2 * 8 + 8 * 8) + 5 * (2 * 8 * 4) + 3 * (2 * 8 * 2);
    long linear = small - 4 * attn1Products - 4 * text - time;
    assertEquals(4 * linear + 4 * 16 * attn1Products + 4 * text + time, large);
  }

  @Test
  void sd15At512PixelsAndBadSizes() {
    UNetConfig sd15 = UNetConfig.sd15();
    long flops = UNetFlops.perImage(sd15, 64, 64, 77);
    // About 0.8 TFLOP per image and step at 512×512.
    assertEquals(0.8e12, flops, 0.05e12, Long.toString(flops));
    assertThrows(IllegalArgumentException.class, () -> UNetFlops.perImage(sd15, 60, 64, 77));
    assertThrows(IllegalArgumentException.class, () -> UNetFlops.perImage(sd15, 64, 64, 0));
  }
}
