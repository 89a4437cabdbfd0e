package dev.atelier.diffusion.tiny.data;

import dev.atelier.hashing.Hashes;
import dev.atelier.hashing.MerkleTree;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Atelier's own training set for the built-in model: {@code count} procedural pictures, fully
 * determined by {@code (seed, count, size)}, so the data behind a shipped model can be regenerated
 * and checked against its {@linkplain #merkleRoot() fingerprint} by anyone.
 *
 * <p>Item {@code i} is:
 *
 * <ul>
 *   <li>style {@code Style.values()[i % 6]}, palette {@code Palette.values()[(i / 6) % 6]}, so
 *       every 36 consecutive items cover each (style, palette) pair once;
 *   <li>drawn by {@link ProceduralArt#render} with the {@linkplain #itemSeed(int) item seed}.
 * </ul>
 *
 * <p>Items are computed on demand, independently of each other: access order does not matter and
 * the data set is safe to read from several threads.
 */
public final class ProceduralDataset {

  /**
   * One training example.
   *
   * @param index position in the data set
   * @param style the style label
   * @param palette the palette label
   * @param seed the item seed the picture was drawn with
   * @param chw the picture as channel-first floats in [-1, 1] (see {@link #toChw}); the record
   *     compares this array by identity, as records do
   */
  public record Sample(int index, Style style, Palette palette, long seed, float[] chw) {}

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final long seed;
  private final int count;
  private final int size;

  /**
   * @param seed the data set seed
   * @param count number of items, zero or more
   * @param size image side in pixels (see {@link ProceduralArt#render})
   */
  public ProceduralDataset(long seed, int count, int size) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    if (size < ProceduralArt.MIN_SIZE || size > ProceduralArt.MAX_SIZE) {
      throw new IllegalArgumentException(
          "size must be " + ProceduralArt.MIN_SIZE + " to " + ProceduralArt.MAX_SIZE);
    }
    this.seed = seed;
    this.count = count;
    this.size = size;
  }

  public long seed() {
    return seed;
  }

  public int count() {
    return count;
  }

  public int size() {
    return size;
  }

  /** The style of item {@code i}: {@code Style.values()[i % 6]}. */
  public Style style(int i) {
    checkIndex(i);
    Style[] styles = Style.values();
    return styles[i % styles.length];
  }

  /** The palette of item {@code i}: {@code Palette.values()[(i / 6) % 6]}. */
  public Palette palette(int i) {
    checkIndex(i);
    Palette[] palettes = Palette.values();
    return palettes[(i / Style.values().length) % palettes.length];
  }

  /**
   * The seed item {@code i} is drawn with: the SplitMix64 finaliser applied to {@code seed + (i +
   * 1) * 0x9E3779B97F4A7C15} (64-bit wrap-around arithmetic). That is the {@code i + 1}-th output
   * of a SplitMix64 generator started at {@code seed}, computed directly.
   */
  public long itemSeed(int i) {
    checkIndex(i);
    long z = seed + (i + 1L) * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The picture of item {@code i}. */
  public BufferedImage image(int i) {
    return ProceduralArt.render(style(i), palette(i), itemSeed(i), size);
  }

  /** Item {@code i} with its labels and pixels as model input. */
  public Sample get(int i) {
    return new Sample(i, style(i), palette(i), itemSeed(i), toChw(image(i)));
  }

  /** SHA-256 of item {@code i}'s {@linkplain #rgbBytes pixel bytes}. */
  public byte[] itemHash(int i) {
    return Hashes.sha256(rgbBytes(image(i)));
  }

  /**
   * The data set's fingerprint: the {@link MerkleTree} root, as lowercase hex, over {@link
   * #itemHash} of every item in index order. Renders every item (in parallel); for a data set of
   * many thousands of items this takes seconds.
   */
  public String merkleRoot() {
    List<byte[]> leaves = IntStream.range(0, count).parallel().mapToObj(this::itemHash).toList();
    return MerkleTree.rootHex(leaves);
  }

  /**
   * The bytes an item hash covers: for each row top to bottom, for each pixel left to right, its
   * red, green and blue values as three unsigned bytes. No header, no alpha, no padding: {@code 3 ×
   * width × height} bytes.
   */
  public static byte[] rgbBytes(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    byte[] bytes = new byte[3 * width * height];
    int[] row = new int[width];
    int k = 0;
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int rgb : row) {
        bytes[k++] = (byte) (rgb >> 16);
        bytes[k++] = (byte) (rgb >> 8);
        bytes[k++] = (byte) rgb;
      }
    }
    return bytes;
  }

  /**
   * The image as model input: channel-first floats, the whole red plane row by row, then green,
   * then blue; each 8-bit value {@code c} becomes {@code c / 127.5 - 1}, in [-1, 1].
   */
  public static float[] toChw(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int plane = width * height;
    float[] chw = new float[3 * plane];
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      image.getRGB(0, y, width, 1, row, 0, width);
      for (int x = 0; x < width; x++) {
        int k = y * width + x;
        chw[k] = toUnit((row[x] >> 16) & 0xFF);
        chw[plane + k] = toUnit((row[x] >> 8) & 0xFF);
        chw[2 * plane + k] = toUnit(row[x] & 0xFF);
      }
    }
    return chw;
  }

  /**
   * The inverse of {@link #toChw} for model output: each value is clamped to [-1, 1], mapped to
   * {@code (v + 1) × 127.5} and rounded to the nearest 8-bit value (NaN becomes 0). Exact for
   * arrays made by {@code toChw}.
   *
   * @param chw {@code 3 × size × size} channel-first values
   * @return a new {@link BufferedImage#TYPE_INT_RGB} image
   */
  public static BufferedImage fromChw(float[] chw, int size) {
    Objects.requireNonNull(chw, "chw");
    if (size <= 0 || chw.length != 3L * size * size) {
      throw new IllegalArgumentException(
          "expected 3 × " + size + " × " + size + " values, got " + chw.length);
    }
    int plane = size * size;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[size];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int k = y * size + x;
        row[x] =
            (toByte(chw[k]) << 16) | (toByte(chw[plane + k]) << 8) | toByte(chw[2 * plane + k]);
      }
      image.setRGB(0, y, size, 1, row, 0, size);
    }
    return image;
  }

  private static float toUnit(int channel) {
    return channel / 127.5f - 1f;
  }

  private static int toByte(float value) {
    if (Float.isNaN(value)) {
      return 0;
    }
    return Math.round((Math.clamp(value, -1f, 1f) + 1f) * 127.5f);
  }

  private void checkIndex(int i) {
    Objects.checkIndex(i, count);
  }
}
