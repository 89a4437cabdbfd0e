package dev.atelier.diffusion.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Multi-head scaled dot-product attention on already projected queries, keys and values, as {@code
 * softmax(q kᵀ / √d) v} per head. Shared by the text encoder, the UNet's transformers and the VAE's
 * attention block; each owns its projections.
 *
 * <p>Blocks: the score matrix is never made whole when it is large. Queries are taken in blocks so
 * that one block's scores (heads × query rows × keys) hold at most {@link #BLOCK_ELEMENTS} floats
 * (16 MiB); each block's scores are turned into weights and applied to the values, then freed,
 * before the next block's are made. Stable Diffusion's first UNet level attends over 64·64 = 4096
 * pixels with 8 heads, so at batch 2 (one guided step) its whole score matrix is 1 GiB, and the
 * softmax makes a second one; in blocks, the extra memory is two 16 MiB blocks. It is also faster:
 * a block's scores are still in cache when the softmax and the second product read them, and the C
 * allocator reuses freed blocks of this size, where a larger array is mapped afresh (and its pages
 * zeroed by the kernel) every time. The result is the same to rounding, since every row of scores
 * is complete within its block.
 */
public final class Attention {

  /** The most score elements one block holds: 4 Mi floats, 16 MiB. */
  static final long BLOCK_ELEMENTS = 1L << 22;

  private Attention() {}

  /**
   * @param q (B, Nq, C)
   * @param k (B, Nk, C)
   * @param v (B, Nk, C)
   * @param heads C splits into this many heads of C/heads channels
   * @param mask additive mask of shape (Nq, Nk) or (1 or B·heads, Nq, Nk) (e.g. −∞ above the
   *     diagonal for causal attention), or null
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
    NDArray kt = splitHeads(k, b, nk, heads, d).transpose(0, 2, 1);
    NDArray vh = splitHeads(v, b, nk, heads, d);
    long bh = b * heads;
    NDArray out =
        bh * nq * nk <= BLOCK_ELEMENTS ? attend(qh, kt, vh, mask) : inBlocks(qh, kt, vh, mask);
    return out.reshape(b, heads, nq, d).transpose(0, 2, 1, 3).reshape(b, nq, c);
  }

  /** softmax(q·kᵀ + mask)·v on (G, rows, d) queries, (G, d, Nk) keys and (G, Nk, d) values. */
  private static NDArray attend(NDArray q, NDArray kt, NDArray v, NDArray mask) {
    NDArray scores = q.matMul(kt);
    if (mask != null) {
      scores.addi(mask);
    }
    NDArray weights = scores.softmax(-1);
    scores.close();
    NDArray out = weights.matMul(v);
    weights.close();
    return out;
  }

  /**
   * Attention in blocks of heads and query rows whose scores fit {@link #BLOCK_ELEMENTS}: all rows
   * of several heads when a head's scores fit, otherwise row blocks of one head.
   */
  private static NDArray inBlocks(NDArray qh, NDArray kt, NDArray vh, NDArray mask) {
    long bh = qh.getShape().get(0);
    long nq = qh.getShape().get(1);
    long nk = vh.getShape().get(1);
    long rows = Math.max(1, Math.min(nq, BLOCK_ELEMENTS / nk));
    long group = rows < nq ? 1 : Math.max(1, Math.min(bh, BLOCK_ELEMENTS / (nq * nk)));
    NDManager parent = qh.getManager();
    try (NDManager scope = parent.newSubManager()) {
      NDList groups = new NDList();
      for (long g = 0; g < bh; g += group) {
        long g1 = Math.min(bh, g + group);
        NDArray k = slice(kt, scope, "{}:{}", g, g1);
        NDArray v = slice(vh, scope, "{}:{}", g, g1);
        NDList blocks = new NDList();
        for (long r = 0; r < nq; r += rows) {
          long r1 = Math.min(nq, r + rows);
          NDArray q = slice(qh, scope, "{}:{}, {}:{}", g, g1, r, r1);
          NDArray out = attend(q, k, v, maskBlock(mask, scope, bh, nq, g, g1, r, r1));
          out.attach(scope);
          blocks.add(out);
        }
        groups.add(join(blocks, 1, scope));
      }
      NDArray result = join(groups, 0, scope);
      result.attach(parent);
      return result;
    }
  }

  /** The rows {@code r..r1} (and heads {@code g..g1}, where the mask has them) of the mask. */
  private static NDArray maskBlock(
      NDArray mask, NDManager scope, long bh, long nq, long g, long g1, long r, long r1) {
    if (mask == null) {
      return null;
    }
    Shape s = mask.getShape();
    String rows = s.get(s.dimension() - 2) == nq ? r + ":" + r1 : ":";
    String heads = s.dimension() == 3 && s.get(0) == bh && bh > 1 ? g + ":" + g1 + ", " : "";
    String leading = s.dimension() == 3 && heads.isEmpty() ? ":, " : "";
    return slice(mask, scope, leading + heads + rows + ", :");
  }

  private static NDArray slice(NDArray x, NDManager scope, String index, Object... args) {
    NDArray view = x.get(new NDIndex(index, args));
    view.attach(scope);
    return view;
  }

  private static NDArray join(NDList parts, int axis, NDManager scope) {
    if (parts.size() == 1) {
      return parts.head();
    }
    NDArray joined = NDArrays.concat(parts, axis);
    joined.attach(scope);
    for (NDArray p : parts) {
      p.close();
    }
    return joined;
  }

  private static NDArray splitHeads(NDArray x, long b, long n, int heads, long d) {
    return x.reshape(b, n, heads, d).transpose(0, 2, 1, 3).reshape(b * heads, n, d);
  }
}
