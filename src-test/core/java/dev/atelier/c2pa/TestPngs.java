package dev.atelier.c2pa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.RgbImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/** PNGs to sign, and the byte surgery the tamper tests do on signed ones. */
public final class TestPngs {

  private TestPngs() {}

  /** A small image whose pixels depend on {@code seed}. */
  public static RgbImage image(int seed) {
    int w = 24;
    int h = 16;
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 + seed * 31 + (i / (w * 3)) * 13);
    }
    return new RgbImage(w, h, rgb);
  }

  public static byte[] png(int seed) {
    return image(seed).toPng();
  }

  /** The pixels of {@code png}, decoded with ImageIO (which skips the caBX chunk). */
  public static RgbImage decode(byte[] png) {
    try {
      return RgbImage.of(ImageIO.read(new ByteArrayInputStream(png)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one caBX chunk of {@code png}. */
  public static Png.Chunk manifestChunk(byte[] png) {
    List<Png.Chunk> found =
        Png.chunks(png).stream().filter(c -> c.type().equals(Png.C2PA_CHUNK)).toList();
    assertThat(found).hasSize(1);
    return found.getFirst();
  }

  /** The caBX chunk of {@code png}, whole (length, type, data, CRC). */
  public static byte[] manifestChunkBytes(byte[] png) {
    Png.Chunk c = manifestChunk(png);
    return Arrays.copyOfRange(png, c.offset(), c.end());
  }

  /** {@code png} without its caBX chunk. */
  public static byte[] strip(byte[] png) {
    return Png.without(png, List.of(manifestChunk(png)));
  }

  /** {@code png} (without a manifest) with {@code chunk} inserted after IHDR. */
  public static byte[] withChunkAfterIhdr(byte[] png, byte[] chunk) {
    return Png.insert(png, Png.chunks(png).getFirst().end(), chunk);
  }

  /**
   * {@code png} with the first occurrence of {@code from} inside the manifest store replaced by
   * {@code to} (same length), and the chunk's CRC made right again, so only C2PA's own checks can
   * notice.
   */
  public static byte[] editManifest(byte[] png, String from, String to) {
    return editManifest(
        png, from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] editManifest(byte[] png, byte[] from, byte[] to) {
    assertThat(to).hasSameSizeAs(from);
    Png.Chunk c = manifestChunk(png);
    byte[] data = Arrays.copyOfRange(png, c.dataOffset(), c.dataOffset() + c.length());
    int at = indexOf(data, from);
    assertThat(at).as("bytes to edit are in the manifest").isNotNegative();
    System.arraycopy(to, 0, data, at, to.length);
    byte[] out = png.clone();
    byte[] chunk = Png.chunk(Png.C2PA_CHUNK, data);
    System.arraycopy(chunk, 0, out, c.offset(), chunk.length);
    return out;
  }

  public static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
