package dev.atelier.generate;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.hashing.Hashes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads the picture an image-to-image generation starts from (and, for {@link InpaintMasks}, an
 * inpainting mask). A picture file is untrusted input: its size is read from its header and refused
 * above {@link #MAX_PIXELS} before any pixel is decoded, so a small file that claims to be enormous
 * cannot exhaust memory.
 */
public final class StartImages {

  /** The most pixels a start picture may have (64 megapixels, e.g. 8192×8192). */
  public static final long MAX_PIXELS = 64L << 20;

  /** The largest start picture file read, 256 MB. */
  public static final long MAX_FILE_BYTES = 256L << 20;

  private StartImages() {}

  /**
   * The picture in {@code file} (PNG, JPEG, BMP or GIF: what Java reads), with the SHA-256 of the
   * file's bytes, at {@code strength}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static GenerationRequest.StartImage read(Path file, double strength) {
    byte[] bytes = readFile(file, "a start picture");
    return new GenerationRequest.StartImage(
        decode(bytes, file.toString()), Hashes.sha256Hex(bytes), strength);
  }

  /**
   * The bytes of a picture file, refused above {@link #MAX_FILE_BYTES}.
   *
   * @param what what the picture is for, in errors ("a start picture")
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static byte[] readFile(Path file, String what) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            file + " is " + size + " bytes; " + what + " may have at most " + MAX_FILE_BYTES);
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No such picture: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a picture file's bytes.
   *
   * @param name what to call it in errors
   * @throws IllegalArgumentException when it is not a picture Java reads, or too large
   */
  public static RgbImage decode(byte[] bytes, String name) {
    return RgbImage.of(decodeImage(bytes, name, "a start picture"));
  }

  /**
   * Decodes a picture file's bytes as Java reads them, its size checked from the header first.
   *
   * @param name what to call it in errors
   * @param what what the picture is for, in errors ("a start picture")
   * @throws IllegalArgumentException when it is not a picture Java reads, or too large
   */
  static BufferedImage decodeImage(byte[] bytes, String name, String what) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException(
            name + " is not a picture Atelier can read (PNG, JPEG, BMP or GIF)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w < 1 || h < 1 || w * h > MAX_PIXELS) {
          throw new IllegalArgumentException(
              name
                  + " claims to be "
                  + w
                  + "×"
                  + h
                  + " pixels; "
                  + what
                  + " may have at most "
                  + MAX_PIXELS
                  + " pixels");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith(name)) {
        throw iae;
      }
      throw new IllegalArgumentException(
          name + " could not be read as a picture: " + e.getMessage(), e);
    }
  }
}
