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
 * Reads the picture an image-to-image generation starts from. A picture file is untrusted input:
 * its size is read from its header and refused above {@link #MAX_PIXELS} before any pixel is
 * decoded, so a small file that claims to be enormous cannot exhaust memory.
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
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            file + " is " + size + " bytes; a start picture may have at most " + MAX_FILE_BYTES);
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("No such picture: " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return new GenerationRequest.StartImage(
        decode(bytes, file.toString()), Hashes.sha256Hex(bytes), strength);
  }

  /**
   * Decodes a picture file's bytes.
   *
   * @param name what to call it in errors
   * @throws IllegalArgumentException when it is not a picture Java reads, or too large
   */
  public static RgbImage decode(byte[] bytes, String name) {
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
                  + " pixels; a start picture may have at most "
                  + MAX_PIXELS
                  + " pixels");
        }
        BufferedImage image = reader.read(0);
        return RgbImage.of(image);
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
