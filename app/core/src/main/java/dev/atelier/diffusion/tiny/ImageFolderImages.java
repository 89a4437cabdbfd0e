package dev.atelier.diffusion.tiny;

import dev.atelier.diffusion.tiny.data.ProceduralDataset;
import dev.atelier.hashing.Hashes;
import dev.atelier.hashing.MerkleTree;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * An artist's own folder of images as a training set: every PNG/JPEG/GIF/BMP file (sub-folders
 * included, in path order) centre-cropped to a square and scaled to the model size. Images carry no
 * labels, so the model trained on them is steered by the seed alone. Files that cannot be decoded
 * are listed in {@link #skipped()} rather than stopping the run.
 */
public final class ImageFolderImages implements TrainingImages {

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

  private final int size;
  private final List<float[]> images = new ArrayList<>();
  private final List<Path> skipped = new ArrayList<>();
  private final String hash;

  private ImageFolderImages(int size, List<float[]> images, List<Path> skipped, String hash) {
    this.size = size;
    this.images.addAll(images);
    this.skipped.addAll(skipped);
    this.hash = hash;
  }

  /**
   * Loads and prepares every image under {@code folder}.
   *
   * @param progress told the index of each file as it is read
   * @throws IllegalArgumentException when the folder holds no usable image
   */
  public static ImageFolderImages load(Path folder, int size, IntConsumer progress) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + " is not a folder");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(Files::isRegularFile).filter(ImageFolderImages::isImage).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
    List<float[]> images = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    List<byte[]> hashes = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      progress.accept(i);
      BufferedImage square;
      try {
        BufferedImage source = ImageIO.read(files.get(i).toFile());
        if (source == null) {
          skipped.add(files.get(i));
          continue;
        }
        square = squareOf(source, size);
      } catch (IOException | RuntimeException e) {
        skipped.add(files.get(i));
        continue;
      }
      images.add(ProceduralDataset.toChw(square));
      hashes.add(Hashes.sha256(ProceduralDataset.rgbBytes(square)));
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("No readable images in " + folder);
    }
    return new ImageFolderImages(size, images, skipped, MerkleTree.rootHex(hashes));
  }

  /** Centre crop to a square, then a high-quality scale to {@code size}. */
  static BufferedImage squareOf(BufferedImage source, int size) {
    int side = Math.min(source.getWidth(), source.getHeight());
    int x = (source.getWidth() - side) / 2;
    int y = (source.getHeight() - side) / 2;
    BufferedImage cropped = source.getSubimage(x, y, side, side);
    java.awt.Image scaled =
        cropped.getScaledInstance(size, size, java.awt.Image.SCALE_AREA_AVERAGING);
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(scaled, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static boolean isImage(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  /** Files that were not images after all. */
  public List<Path> skipped() {
    return List.copyOf(skipped);
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int imageSize() {
    return size;
  }

  @Override
  public Item get(int index) {
    return new Item(images.get(index), NONE, NONE);
  }

  /** Merkle root of the prepared images' pixel hashes, in path order. */
  @Override
  public String datasetHash() {
    return hash;
  }
}
