package dev.atelier.diffusion.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import org.junit.jupiter.api.Test;

/**
 * Attention over long sequences runs in blocks of query rows and heads; the result must be the
 * whole-matrix softmax(q·kᵀ/√d + mask)·v, computed here head by head the plain way.
 */
class AttentionTest {

  /** softmax(q kᵀ/√d + mask) v per head, on whole matrices. */
  private static NDArray reference(NDArray q, NDArray k, NDArray v, int heads, NDArray mask) {
    long b = q.getShape().get(0);
    long nq = q.getShape().get(1);
    long nk = k.getShape().get(1);
    long c = q.getShape().get(2);
    long d = c / heads;
    NDArray qh = q.reshape(b, nq, heads, d).transpose(0, 2, 1, 3);
    NDArray kh = k.reshape(b, nk, heads, d).transpose(0, 2, 3, 1);
    NDArray vh = v.reshape(b, nk, heads, d).transpose(0, 2, 1, 3);
    NDArray scores = qh.matMul(kh).div(Math.sqrt(d));
    if (mask != null) {
      scores =
          scores.add(
              mask.reshape(
                  mask.getShape().dimension() == 3
                      ? new Shape(b, heads, nq, nk)
                      : mask.getShape()));
    }
    return scores.softmax(-1).matMul(vh).transpose(0, 2, 1, 3).reshape(b, nq, c);
  }

  private static void assertClose(NDArray expected, NDArray actual) {
    assertEquals(expected.getShape(), actual.getShape());
    float diff = expected.sub(actual).abs().max().getFloat();
    assertTrue(diff < 1e-5f, "max difference " + diff);
  }

  @Test
  void rowBlocksOfOneHeadGiveTheWholeMatrixResult() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      // 2 × 2 heads × 4096² scores: 16 times the block, so 1024-row blocks of one head.
      NDArray q = m.randomNormal(new Shape(2, 4096, 8));
      NDArray k = m.randomNormal(new Shape(2, 4096, 8));
      NDArray v = m.randomNormal(new Shape(2, 4096, 8));
      assertTrue(2L * 2 * 4096 * 4096 > 4 * Attention.BLOCK_ELEMENTS);
      assertClose(reference(q, k, v, 2, null), Attention.scaledDotProduct(q, k, v, 2, null));
    }
  }

  @Test
  void groupsOfWholeHeadsAndShortKeysGiveTheWholeMatrixResult() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      // 3 × 4 heads × 1500 × 1000 scores: 1500 rows fit, so groups of 2 heads.
      NDArray q = m.randomNormal(new Shape(3, 1500, 16));
      NDArray k = m.randomNormal(new Shape(3, 1000, 16));
      NDArray v = m.randomNormal(new Shape(3, 1000, 16));
      assertClose(reference(q, k, v, 4, null), Attention.scaledDotProduct(q, k, v, 4, null));
    }
  }

  @Test
  void masksAreCutIntoTheSameBlocks() {
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      int n = 2500;
      NDArray q = m.randomNormal(new Shape(1, n, 4));
      NDArray k = m.randomNormal(new Shape(1, n, 4));
      NDArray v = m.randomNormal(new Shape(1, n, 4));
      float[] causal = new float[n * n];
      for (int i = 0; i < n; i++) {
        java.util.Arrays.fill(causal, i * n + i + 1, (i + 1) * n, Float.NEGATIVE_INFINITY);
      }
      NDArray mask = m.create(causal, new Shape(n, n));
      NDArray masked = Attention.scaledDotProduct(q, k, v, 1, mask);
      assertClose(reference(q, k, v, 1, mask), masked);
      // the first query sees only the first key; the last row sees them all
      assertClose(v.get("0, 0, :"), masked.get("0, 0, :"));
      NDArray perHead = m.randomNormal(new Shape(2, n, n));
      NDArray q2 = m.randomNormal(new Shape(1, n, 4));
      assertClose(
          reference(q2, k, v, 2, perHead), Attention.scaledDotProduct(q2, k, v, 2, perHead));
    }
  }
}
