package dev.atelier.diffusion.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.atelier.engine.EngineInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files written byte by byte here, against values computed here. */
class SafetensorsReadTest {

  @TempDir Path dir;

  /** Ordinary values, extremes, signed zero, a subnormal, infinities; NaN is checked apart. */
  static final float[] VALUES = {
    0f,
    -0f,
    1f,
    -1.5f,
    3.14159265f,
    65504f,
    1e-3f,
    -2.5e-7f,
    1.17549435e-38f,
    3e38f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY
  };

  private static float[] read(SafetensorsFile f, String name, NDManager m) {
    NDArray a = f.read(name, m);
    assertEquals(DataType.FLOAT32, a.getDataType());
    return a.toFloatArray();
  }

  private static void assertBits(float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          Float.floatToIntBits(expected[i]),
          Float.floatToIntBits(actual[i]),
          "element " + i + ": expected " + expected[i] + ", got " + actual[i]);
    }
  }

  @Test
  void readsF32F16AndBf16AsFloat32() throws IOException {
    int n = VALUES.length;
    String header =
        ("{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,%d]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[%d],\"data_offsets\":[%d,%d]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2,1,6],\"data_offsets\":[%d,%d]}}")
            .formatted(4 * n, n, 4 * n, 6 * n, 6 * n, 8 * n);
    Path p =
        RawFiles.file(
            dir,
            "w.safetensors",
            header,
            RawFiles.concat(RawFiles.f32(VALUES), RawFiles.f16(VALUES), RawFiles.bf16(VALUES)));
    float[] half = new float[n];
    float[] brain = new float[n];
    for (int i = 0; i < n; i++) {
      half[i] = Float.float16ToFloat(Float.floatToFloat16(VALUES[i]));
      brain[i] = Float.intBitsToFloat(Float.floatToRawIntBits(VALUES[i]) & 0xFFFF0000);
    }
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      assertThat(f.shapes())
          .containsExactly(
              Map.entry("a", new Shape(3, 4)),
              Map.entry("b", new Shape(n)),
              Map.entry("c", new Shape(2, 1, 6)));
      assertThat(f.metadata()).containsExactly(Map.entry("format", "pt"));
      assertEquals(new Shape(3, 4), f.read("a", m).getShape());
      assertBits(VALUES, read(f, "a", m));
      assertBits(half, read(f, "b", m));
      assertBits(brain, read(f, "c", m));
    }
  }

  @Test
  void nanSurvivesEveryType() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[4,6]},"
            + "\"c\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[6,8]}}";
    byte[] data =
        RawFiles.concat(RawFiles.f32(Float.NaN), RawFiles.f16(Float.NaN), RawFiles.bf16(Float.NaN));
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f =
            SafetensorsFile.open(RawFiles.file(dir, "n.safetensors", header, data))) {
      for (String k : List.of("a", "b", "c")) {
        assertThat(read(f, k, m)[0]).isNaN();
      }
    }
  }

  @Test
  void integerTensorsAreListedButNotReadAsFloat() throws IOException {
    String header =
        "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1,2],\"data_offsets\":[0,16]},"
            + "\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[16,20]},"
            + "\"z\":{\"dtype\":\"F16\",\"shape\":[0,3],\"data_offsets\":[20,20]}}";
    byte[] data = RawFiles.concat(new byte[16], RawFiles.f32(7.5f));
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f =
            SafetensorsFile.open(RawFiles.file(dir, "i.safetensors", header, data))) {
      assertThat(f.shapes()).containsKeys("ids", "s", "z");
      assertEquals(Dtype.I64, f.tensors().get("ids").dtype());
      assertThatThrownBy(() -> f.read("ids", m))
          .isInstanceOfSatisfying(
              SafetensorsException.class,
              e -> {
                assertEquals(SafetensorsException.Reason.NOT_FLOAT, e.reason());
                assertThat(e.tensor()).contains("ids");
              })
          .hasMessageContaining("i.safetensors")
          .hasMessageContaining("I64");
      NDArray scalar = f.read("s", m);
      assertEquals(new Shape(), scalar.getShape());
      assertEquals(7.5f, scalar.getFloat());
      assertEquals(new Shape(0, 3), f.read("z", m).getShape());
      assertThatThrownBy(() -> f.read("nope", m)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void arraysOutliveTheFileAndReadingAfterCloseFails() throws IOException {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    Path p = RawFiles.file(dir, "c.safetensors", header, RawFiles.f32(1f, 2f));
    try (NDManager m = EngineInfo.pytorch().newBaseManager()) {
      SafetensorsFile f = SafetensorsFile.open(p);
      NDArray a = f.read("a", m);
      f.close();
      assertBits(new float[] {1f, 2f}, a.toFloatArray());
      assertThatThrownBy(() -> f.read("a", m)).isInstanceOf(IllegalStateException.class);
    }
  }

  /** A file cut short after it was opened is refused tensor by tensor, without a crash. */
  @Test
  void aFileThatShrinksAfterOpeningIsRefusedAsTruncated() throws IOException {
    String header =
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}";
    Path p = RawFiles.file(dir, "t.safetensors", header, RawFiles.f32(1f, 2f, 3f, 4f));
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
        raf.setLength(raf.length() - 8);
      }
      assertBits(new float[] {1f, 2f}, f.read("a", m).toFloatArray());
      assertThatThrownBy(() -> f.read("b", m))
          .isInstanceOf(SafetensorsException.class)
          .satisfies(
              e ->
                  assertEquals(
                      SafetensorsException.Reason.TRUNCATED, ((SafetensorsException) e).reason()));
    }
  }

  /**
   * Offsets past 2 GiB, where an int-based reader breaks: a sparse file whose first tensor fills
   * the data section up to 8 bytes before 2^31, the next straddles 2^31 and the last lies after it.
   * Only the few written bytes take disk space.
   */
  @Test
  void readsTensorsAcrossAndBeyondTheTwoGibMark() throws IOException {
    long pad = (1L << 31) - 8;
    String header =
        ("{\"pad\":{\"dtype\":\"U8\",\"shape\":[%d],\"data_offsets\":[0,%d]},"
                + "\"edge\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[%d,%d]},"
                + "\"tail\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[%d,%d]}}")
            .formatted(pad, pad, pad, pad + 16, pad + 16, pad + 20);
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    Path p = RawFiles.withLength(dir, "big.safetensors", json.length, json, new byte[0]);
    try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "rw")) {
      raf.seek(8 + json.length + pad);
      raf.write(RawFiles.concat(RawFiles.f32(1.5f, -2f, 3.25f, 1e20f), RawFiles.bf16(-4f, 0.5f)));
    }
    try (NDManager m = EngineInfo.pytorch().newBaseManager();
        SafetensorsFile f = SafetensorsFile.open(p)) {
      assertBits(new float[] {1.5f, -2f, 3.25f, 1e20f}, read(f, "edge", m));
      assertBits(new float[] {-4f, 0.5f}, read(f, "tail", m));
      assertEquals(pad + 16, f.tensors().get("tail").begin());
    }
  }
}
