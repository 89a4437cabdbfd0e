package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head scaled dot-product attention on already projected queries, keys and values, as {@code
 * softmax(q kᵀ / √d) v} per head. Shared by the text encoder, the UNet's transformers and the VAE's
 * attention block; each owns its projections.
 */
public final class Attention {

  private Attention() {}

  /**
   * @param q (B, Nq, C)
   * @param k (B, Nk, C)
   * @param v (B, Nk, C)
   * @param heads C splits into this many heads of C/heads channels
   * @param mask additive mask broadcastable to (B·heads, Nq, Nk) (e.g. −∞ above the diagonal for
   *     causal attention), or null
   * @return (B, Nq, C)
   */
  public static NDArray scaledDotProduct(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    Shape qs = q.getShape();
    long b = qs.get(0);
    long nq = qs.get(1);
    long c = qs.get(2);
    long nk = k.getShape().get(1);
    long d = c / heads;
    NDArray qh = splitHeads(q, b, nq, heads, d).mul((float) (1.0 / Math.sqrt(d)));
    NDArray kh = splitHeads(k, b, nk, heads, d);
    NDArray vh = splitHeads(v, b, nk, heads, d);
    NDArray scores = qh.matMul(kh.transpose(0, 2, 1));
    if (mask != null) {
      scores = scores.add(mask);
    }
    NDArray out = scores.softmax(-1).matMul(vh);
    return out.reshape(b, heads, nq, d).transpose(0, 2, 1, 3).reshape(b, nq, c);
  }

  private static NDArray splitHeads(NDArray x, long b, long n, int heads, long d) {
    return x.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d);
  }
}
