package dev.atelier.png;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngTextTest {

  private static byte[] png() {
    byte[] rgb = new byte[12 * 8 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 5);
    }
    return new RgbImage(12, 8, rgb).toPng();
  }

  private static List<String> types(byte[] png) {
    return PngChunks.of(png).stream().map(PngChunks.Chunk::type).toList();
  }

  /** {@code png} with a raw chunk inserted just after IHDR. */
  private static byte[] withChunk(byte[] png, String type, byte[] data) {
    int at = PngChunks.of(png).getFirst().end();
    byte[] chunk = PngChunks.chunk(type, data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, at);
    out.writeBytes(chunk);
    out.write(png, at, png.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater d = new Deflater();
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[data.length + 1024];
    int n = d.deflate(buf);
    d.end();
    return Arrays.copyOf(buf, n);
  }

  @Test
  void latin1TextIsATextChunkBeforeTheImageDataAndTheImageStillDecodes() throws Exception {
    byte[] png = PngText.withText(png(), "parameters", "a café at dusk\nSteps: 20");
    assertThat(types(png)).containsSubsequence("IHDR", "tEXt", "IDAT", "IEND");
    assertThat(types(png).indexOf("tEXt")).isLessThan(types(png).indexOf("IDAT"));
    assertThat(PngText.find(png, "parameters")).contains("a café at dusk\nSteps: 20");
    assertThat(PngText.find(png, "Software")).isEmpty();
    assertThat(RgbImage.of(ImageIO.read(new ByteArrayInputStream(png))))
        .isEqualTo(RgbImage.of(ImageIO.read(new ByteArrayInputStream(png()))));
  }

  @Test
  void otherTextIsAnUtf8InternationalChunk() {
    String text = "桜の木の下で、水彩 — ☀";
    byte[] png = PngText.withText(png(), "parameters", text);
    assertThat(types(png)).contains("iTXt").doesNotContain("tEXt");
    assertThat(PngText.find(png, "parameters")).contains(text);
  }

  @Test
  void writingAgainReplacesTheChunkAndKeepsOtherKeywords() {
    byte[] png = PngText.withText(png(), "Software", "Atelier 1");
    png = PngText.withText(png, "parameters", "first");
    png = PngText.withText(png, "parameters", "second ☀");
    assertThat(types(png).stream().filter(t -> t.endsWith("Xt"))).hasSize(2);
    assertThat(PngText.find(png, "parameters")).contains("second ☀");
    assertThat(PngText.find(png, "Software")).contains("Atelier 1");
  }

  @Test
  void compressedChunksOfOtherToolsAreRead() {
    byte[] text = "a lighthouse, oil\nSteps: 30".getBytes(StandardCharsets.UTF_8);
    byte[] ztxt = concat("parameters\0\0".getBytes(StandardCharsets.ISO_8859_1), deflate(text));
    assertThat(PngText.find(withChunk(png(), "zTXt", ztxt), "parameters"))
        .contains("a lighthouse, oil\nSteps: 30");
    byte[] itxt =
        concat(
            "parameters\0\1\0en\0Parameter\0".getBytes(StandardCharsets.ISO_8859_1),
            deflate("夜の灯台".getBytes(StandardCharsets.UTF_8)));
    assertThat(PngText.find(withChunk(png(), "iTXt", itxt), "parameters")).contains("夜の灯台");
  }

  @Test
  void utf8InATextChunkIsReadAsUtf8() {
    byte[] data =
        concat(
            "parameters\0".getBytes(StandardCharsets.ISO_8859_1),
            "naïve ☀".getBytes(StandardCharsets.UTF_8));
    assertThat(PngText.find(withChunk(png(), "tEXt", data), "parameters")).contains("naïve ☀");
  }

  @Test
  void badUtf8AndBadCompressionAreClearErrors() {
    byte[] badUtf8 =
        concat(
            "parameters\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
            new byte[] {(byte) 0xc3, 0x28});
    assertThatThrownBy(() -> PngText.find(withChunk(png(), "iTXt", badUtf8), "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("not valid UTF-8")
        .extracting(e -> ((PngFormatException) e).reason())
        .isEqualTo(PngFormatException.Reason.BAD_TEXT);
    byte[] badZlib =
        concat("parameters\0\0".getBytes(StandardCharsets.ISO_8859_1), new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> PngText.find(withChunk(png(), "zTXt", badZlib), "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("compressed text");
  }

  @Test
  void aCompressionBombStopsAtTheLimit() {
    byte[] bomb = deflate(new byte[64 << 20]); // 64 MiB of zeros, about 64 KiB packed
    byte[] ztxt = concat("parameters\0\0".getBytes(StandardCharsets.ISO_8859_1), bomb);
    assertThatThrownBy(() -> PngText.find(withChunk(png(), "zTXt", ztxt), "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("more than " + PngText.MAX_TEXT_BYTES);
  }

  @Test
  void damagedFilesAreClearErrors() {
    byte[] png = PngText.withText(png(), "parameters", "x");
    assertThatThrownBy(() -> PngText.find("GIF89a".getBytes(), "parameters"))
        .isInstanceOf(PngFormatException.class)
        .extracting(e -> ((PngFormatException) e).reason())
        .isEqualTo(PngFormatException.Reason.NOT_PNG);
    assertThatThrownBy(() -> PngText.find(Arrays.copyOf(png, png.length - 20), "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("truncated");
    byte[] hugeClaim = png.clone();
    int text = PngChunks.of(png).get(1).offset();
    ByteBuffer.wrap(hugeClaim).putInt(text, 0x7fff_fff0);
    assertThatThrownBy(() -> PngText.find(hugeClaim, "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("claims " + 0x7fff_fff0L + " bytes");
    byte[] badCrc = png.clone();
    badCrc[text + 12] ^= 1;
    assertThatThrownBy(() -> PngText.find(badCrc, "parameters"))
        .isInstanceOf(PngFormatException.class)
        .hasMessageContaining("CRC");
  }

  @Test
  void keywordsAndSizesAreChecked() {
    assertThatThrownBy(() -> PngText.withText(png(), "", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PngText.withText(png(), "a\nb", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> PngText.withText(png(), "parameters", "x".repeat(PngText.MAX_TEXT_BYTES + 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PngText.find(PngText.withText(png(), "parameters", "a\0b"), "parameters"))
        .contains("ab");
  }
}
