package dev.atelier.diffusion.safetensors;

import static dev.atelier.diffusion.safetensors.SafetensorsException.Reason.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.ModelIntegrityException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken files: each rule of the header gives its own clear refusal. */
class SafetensorsValidationTest {

  @TempDir Path dir;

  private static final String OK = "{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

  private void refused(String header, int dataBytes, SafetensorsException.Reason reason)
      throws IOException {
    Path p = RawFiles.file(dir, "bad.safetensors", header, new byte[dataBytes]);
    assertRefused(p, reason);
  }

  private static SafetensorsException assertRefused(Path p, SafetensorsException.Reason reason) {
    var thrown = catchRefusal(p);
    assertThat(thrown.reason()).as(thrown.getMessage()).isEqualTo(reason);
    assertThat(thrown).isInstanceOf(ModelIntegrityException.class);
    assertThat(thrown.getMessage())
        .contains(p.getFileName().toString())
        .doesNotContain("Exception")
        .doesNotContain("com.fasterxml");
    assertThat(thrown.file()).isEqualTo(p);
    return thrown;
  }

  private static SafetensorsException catchRefusal(Path p) {
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      throw new AssertionError("opened " + p + " with " + f.shapes());
    } catch (SafetensorsException e) {
      return e;
    }
  }

  @Test
  void aWellFormedFileOpens() throws IOException {
    Path p = RawFiles.file(dir, "ok.safetensors", "{\"a\":" + OK + "}", new byte[8]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertThat(f.shapes()).containsKey("a");
    }
  }

  @Test
  void truncatedFiles() throws IOException {
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 0, 0});
    assertRefused(tiny, TRUNCATED);
    byte[] json = ("{\"a\":" + OK + "}").getBytes(StandardCharsets.UTF_8);
    assertRefused(
        RawFiles.withLength(dir, "short.safetensors", json.length + 100, json, new byte[8]),
        TRUNCATED);
    // the header is whole, the data is cut short
    var e = catchRefusal(RawFiles.file(dir, "cut.safetensors", "{\"a\":" + OK + "}", new byte[5]));
    assertThat(e.reason()).isEqualTo(OFFSETS_OUT_OF_RANGE);
    assertThat(e.tensor()).contains("a");
    assertThat(e.getMessage()).contains("\"a\"").contains("truncated");
  }

  @Test
  void hugeOrNegativeHeaderLengths() throws IOException {
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
    assertRefused(
        RawFiles.withLength(dir, "huge.safetensors", 1L << 40, json, new byte[0]),
        HEADER_TOO_LARGE);
    assertRefused(
        RawFiles.withLength(
            dir, "over.safetensors", SafetensorsFile.MAX_HEADER_BYTES + 1, json, new byte[0]),
        HEADER_TOO_LARGE);
    assertRefused(
        RawFiles.withLength(dir, "neg.safetensors", -1L, json, new byte[0]), HEADER_TOO_LARGE);
  }

  @Test
  void headerMustBeAJsonObject() throws IOException {
    refused("{\"a\": [1, 2", 0, HEADER_NOT_JSON);
    refused("not json at all", 0, HEADER_NOT_JSON);
    refused("{} {}", 0, HEADER_NOT_JSON);
    refused("[1, 2, 3]", 0, HEADER_NOT_OBJECT);
    refused("\"text\"", 0, HEADER_NOT_OBJECT);
    refused("{\"a\":" + OK + ",\"a\":" + OK + "}", 8, DUPLICATE_NAME);
    refused("[".repeat(5000) + "]".repeat(5000), 0, HEADER_NOT_JSON);
    Path bytes =
        RawFiles.withLength(
            dir, "utf.safetensors", 4, new byte[] {'{', '"', (byte) 0xC3, '}'}, new byte[0]);
    assertRefused(bytes, HEADER_NOT_JSON);
  }

  @Test
  void everyEntryNeedsDtypeShapeAndOffsets() throws IOException {
    refused("{\"a\": 5}", 0, BAD_ENTRY);
    refused("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", 8, BAD_ENTRY);
    refused("{\"a\":{\"dtype\":\"F7\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, UNKNOWN_DTYPE);
  }

  @Test
  void shapesMustBeWholeNonNegativeAndFitIn64Bits() throws IOException {
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8, BAD_SHAPE);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8, BAD_SHAPE);
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[99999999999999999999],\"data_offsets\":[0,8]}}",
        8,
        BAD_SHAPE);
    // 2^62 × 2 elements overflow; 2^61 elements × 4 bytes overflow
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,2],\"data_offsets\":[0,8]}}",
        8,
        SHAPE_OVERFLOW);
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]}}",
        8,
        SHAPE_OVERFLOW);
    // a product that wraps around to exactly 8 bytes must not pass: 2^63 × 2 × 4 ≡ 0 mod 2^64
    refused(
        "{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,8],\"data_offsets\":[0,8]}}",
        8,
        SHAPE_OVERFLOW);
  }

  @Test
  void offsetsMustBeInRangeOrderedSizedAndDisjoint() throws IOException {
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8, OFFSETS_REVERSED);
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}",
        8,
        OFFSETS_OUT_OF_RANGE);
    refused("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, SIZE_MISMATCH);
    refused("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, SIZE_MISMATCH);
    var overlap =
        catchRefusal(
            RawFiles.file(
                dir,
                "overlap.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                    + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[12]));
    assertThat(overlap.reason()).isEqualTo(OVERLAP);
    assertThat(overlap.getMessage()).contains("\"a\"").contains("\"b\"");
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
        8,
        OVERLAP);
    refused(
        "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
        12,
        UNINDEXED_DATA);
    refused("{\"a\":" + OK + "}", 12, UNINDEXED_DATA);
  }

  @Test
  void metadataMustBeTextToText() throws IOException {
    refused("{\"__metadata__\":[1],\"a\":" + OK + "}", 8, BAD_METADATA);
    refused("{\"__metadata__\":{\"k\":1},\"a\":" + OK + "}", 8, BAD_METADATA);
  }

  @Test
  void pickleCheckpointsAreRefusedWithTheReasonAndTheAlternative() throws IOException {
    Path zip = dir.resolve("model.ckpt");
    Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    SafetensorsException e = assertRefused(zip, PICKLE);
    assertThat(e.getMessage())
        .contains("model.ckpt")
        .contains("pickle")
        .contains("run any code")
        .contains(".safetensors version");
    Path legacy = dir.resolve("pytorch_model.bin");
    Files.write(
        legacy, new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, 0, 0, 0, 0});
    assertRefused(legacy, PICKLE);
    Path zipBin = dir.resolve("diffusion_pytorch_model.bin");
    Files.write(zipBin, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0});
    assertRefused(zipBin, PICKLE);
    Path pt = dir.resolve("weights.pt");
    Files.write(pt, new byte[] {1, 2, 3});
    assertRefused(pt, PICKLE);
  }

  @Test
  void aSafetensorsFileIsJudgedByItsContentNotItsName() throws IOException {
    // a valid file named .bin opens; its header length 0x280 starts with the pickle byte 0x80
    String pad = " ".repeat(0x280 - ("{\"a\":" + OK + "}").length());
    Path p = RawFiles.file(dir, "weights.bin", "{\"a\":" + OK + "}" + pad, new byte[8]);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertThat(f.shapes()).containsOnlyKeys("a");
    }
    Path junk = RawFiles.file(dir, "junk.bin", "{oops", new byte[0]);
    assertRefused(junk, HEADER_NOT_JSON);
  }
}
