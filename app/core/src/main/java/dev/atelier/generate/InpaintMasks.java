package dev.atelier.generate;

import dev.atelier.diffusion.GrayImage;
import dev.atelier.hashing.Hashes;
import java.nio.file.Path;

/**
 * Reads an inpainting mask from a picture file, with the same limits as a start picture ({@link
 * StartImages}): white is painted again, black kept. A colour picture counts by its luma; its alpha
 * channel, if any, is ignored (a mask is painted in gray, not in transparency).
 */
public final class InpaintMasks {

  private InpaintMasks() {}

  /**
   * The mask in {@code file}, with the SHA-256 of the file's bytes.
   *
   * @param blur the seam's blur in pixels ({@link GenerationRequest.InpaintMask})
   * @throws IllegalArgumentException naming the file and what is wrong with it, or a blur out of
   *     range
   */
  public static GenerationRequest.InpaintMask read(Path file, int blur) {
    byte[] bytes = StartImages.readFile(file, "a mask");
    GrayImage mask = GrayImage.of(StartImages.decodeImage(bytes, file.toString(), "a mask"));
    return new GenerationRequest.InpaintMask(mask, Hashes.sha256Hex(bytes), blur);
  }
}
