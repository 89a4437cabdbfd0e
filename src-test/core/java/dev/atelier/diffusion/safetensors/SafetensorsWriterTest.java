package dev.atelier.diffusion.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

  @TempDir Path dir;

  private static float[] random(int n, long seed) {
    Random r = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3));
    }
    return v;
  }

  @Test
  void streamsTensorsLargerThanOneChunkAndReadsThemBack() throws IOException {
    float[] a = random(70_007, 1);
    Path p = dir.resolve("s.safetensors");
    SafetensorsWriter.write(
        p,
        List.of(
            SafetensorsWriter.floats("a", Dtype.F32, new Shape(7, 10_001), a),
            SafetensorsWriter.floats(
                "idx", Dtype.F32, new Shape(70_001), (first, v, n) -> fillIndex(first, v, n))),
        Map.of("kind", "test"));
    assertThat(Files.list(dir)).containsExactly(p);
    byte[] head = Files.readAllBytes(p);
    long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, (8 + n) % 8, "data section starts on an 8-byte boundary");
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      assertThat(f.metadata()).containsExactly(Map.entry("kind", "test"));
      assertArrayEquals(a, f.read("a", m).toFloatArray());
      float[] idx = f.read("idx", m).toFloatArray();
      for (int i = 0; i < idx.length; i++) {
        assertEquals((float) i, idx[i]);
      }
    }
  }

  /** Zero tensors are holes: between others and at the very end, they read back as zeros. */
  @Test
  void zeroTensorsAreSkippedOverAndReadBackAsZeros() throws IOException {
    float[] a = random(1000, 5);
    Path p = dir.resolve("z.safetensors");
    SafetensorsWriter.write(
        p,
        List.of(
            SafetensorsWriter.zeros("z1", Dtype.F16, new Shape(3, 70_001)),
            SafetensorsWriter.floats("a", Dtype.F32, new Shape(1000), a),
            SafetensorsWriter.zeros("z2", Dtype.F32, new Shape(50_000))),
        Map.of());
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      assertEquals(8 + headerLength(p) + 3 * 70_001 * 2 + 4000 + 200_000, Files.size(p));
      assertArrayEquals(a, f.read("a", m).toFloatArray());
      assertArrayEquals(new float[3 * 70_001], f.read("z1", m).toFloatArray());
      assertArrayEquals(new float[50_000], f.read("z2", m).toFloatArray());
    }
  }

  private static long headerLength(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }
  }

  private static void fillIndex(long first, float[] v, int n) {
    for (int i = 0; i < n; i++) {
      v[i] = first + i;
    }
  }

  /**
   * bfloat16 rounding checked by its definition, not by a second copy of the formula: the stored
   * value is one of the two bfloat16 neighbours of the input, the nearer one, the even one on a
   * tie.
   */
  @Test
  void bfloat16IsRoundedToNearestEven() throws IOException {
    float[] v = random(4096, 2);
    v[0] = Float.intBitsToFloat(0x3F808000); // exactly between 0x3F80 and 0x3F81: even is 0x3F80
    v[1] = Float.intBitsToFloat(0x3F818000); // between 0x3F81 and 0x3F82: even is 0x3F82
    v[2] = Float.intBitsToFloat(0x3F808001); // just above the half: rounds up
    Path p = dir.resolve("b.safetensors");
    SafetensorsWriter.write(
        p, List.of(SafetensorsWriter.floats("b", Dtype.BF16, new Shape(v.length), v)), Map.of());
    float[] got;
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      got = f.read("b", m).toFloatArray();
    }
    assertEquals(0x3F800000, Float.floatToIntBits(got[0]));
    assertEquals(0x3F820000, Float.floatToIntBits(got[1]));
    assertEquals(0x3F810000, Float.floatToIntBits(got[2]));
    for (int i = 0; i < v.length; i++) {
      int bits = Float.floatToIntBits(v[i]);
      float down = Float.intBitsToFloat(bits & 0xFFFF0000);
      float up = Float.intBitsToFloat((bits & 0xFFFF0000) + 0x10000);
      assertThat(got[i]).isIn(down, up);
      double dGot = Math.abs((double) got[i] - v[i]);
      double dOther = Math.abs((double) (got[i] == down ? up : down) - v[i]);
      assertThat(dGot).as("element %d", i).isLessThanOrEqualTo(dOther);
    }
  }

  /**
   * DJL's own safetensors decoder (an implementation we did not write) reads what our writer wrote
   * and gives the same arrays as our reader. DJL reads BF16 as an engine array type that the CPU
   * engine here cannot create, so the cross-check covers F32 and F16.
   */
  @Test
  void djlsDecoderAgreesWithOurReader() throws IOException {
    Path p = dir.resolve("x.safetensors");
    SafetensorsWriter.write(
        p,
        List.of(
            SafetensorsWriter.floats("w.f32", Dtype.F32, new Shape(3, 5, 7), random(105, 3)),
            SafetensorsWriter.floats("w.f16", Dtype.F16, new Shape(4, 33), random(132, 4)),
            SafetensorsWriter.floats("w.scalar", Dtype.F32, new Shape(1), new float[] {9f})),
        Map.of("format", "pt"));
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile ours = SafetensorsFile.open(p);
        InputStream in = Files.newInputStream(p)) {
      NDList theirs = NDList.decode(m, in);
      assertEquals(3, theirs.size());
      for (NDArray t : theirs) {
        NDArray mine = ours.read(t.getName(), m);
        assertEquals(t.getShape(), mine.getShape(), t.getName());
        assertArrayEquals(
            t.toType(DataType.FLOAT32, false).toFloatArray(), mine.toFloatArray(), t.getName());
      }
      assertEquals(DataType.FLOAT16, theirs.get("w.f16").getDataType());
    }
  }

  @Test
  void aProducerMustWriteExactlyItsTensorsBytesAndNothingIsLeftBehind() {
    Path p = dir.resolve("bad.safetensors");
    var shortData =
        new SafetensorsWriter.Entry("a", Dtype.F32, new Shape(4), out -> out.write(new byte[12]));
    assertThatThrownBy(() -> SafetensorsWriter.write(p, List.of(shortData), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("12 bytes");
    var longData =
        new SafetensorsWriter.Entry("a", Dtype.F32, new Shape(4), out -> out.write(new byte[20]));
    assertThatThrownBy(() -> SafetensorsWriter.write(p, List.of(longData), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    var one = SafetensorsWriter.floats("a", Dtype.F32, new Shape(1), new float[] {1});
    assertThatThrownBy(() -> SafetensorsWriter.write(p, List.of(one, one), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.toFile().list()).isEmpty();
  }
}
