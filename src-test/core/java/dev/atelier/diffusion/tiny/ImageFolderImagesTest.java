package dev.atelier.diffusion.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderImagesTest {

  @TempDir Path dir;

  private void picture(Path file, int w, int h, Color left, Color right) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(left);
    g.fillRect(0, 0, w / 2, h);
    g.setColor(right);
    g.fillRect(w / 2, 0, w - w / 2, h);
    g.dispose();
    Files.createDirectories(file.getParent());
    ImageIO.write(img, file.toString().endsWith(".jpg") ? "jpg" : "png", file.toFile());
  }

  @Test
  void imagesAreCroppedScaledHashedAndNonImagesSkipped() throws Exception {
    picture(dir.resolve("a.png"), 300, 100, Color.RED, Color.BLUE);
    picture(dir.resolve("sub/b.png"), 64, 64, Color.GREEN, Color.GREEN);
    Files.writeString(dir.resolve("notes.png"), "not really a picture");
    Files.writeString(dir.resolve("readme.txt"), "ignored: not an image name");
    List<Integer> progress = new ArrayList<>();
    ImageFolderImages set = ImageFolderImages.load(dir, 32, progress::add);

    assertThat(set.size()).isEqualTo(2);
    assertThat(set.skipped()).containsExactly(dir.resolve("notes.png"));
    assertThat(progress).containsExactly(0, 1, 2);
    // a.png is 300x100: the centre square is the middle third, split red|blue at x = 150,
    // which is the centre of the crop; scaled to 32 px the left edge is red, the right blue.
    TrainingImages.Item a = set.get(0);
    assertThat(a.style()).isEqualTo(TrainingImages.NONE);
    float[] chw = a.chw();
    assertThat(chw[0]).as("red channel at left").isGreaterThan(0.9f);
    assertThat(chw[2 * 32 * 32 + 31]).as("blue channel at right").isGreaterThan(0.9f);
    assertThat(set.datasetHash()).hasSize(64);

    String before = set.datasetHash();
    picture(dir.resolve("sub/b.png"), 64, 64, Color.GREEN, Color.YELLOW);
    assertThat(ImageFolderImages.load(dir, 32, i -> {}).datasetHash()).isNotEqualTo(before);
  }

  @Test
  void aFolderWithoutImagesIsRefused() throws Exception {
    Files.writeString(dir.resolve("x.jpg"), "garbage");
    assertThatThrownBy(() -> ImageFolderImages.load(dir, 32, i -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No readable images");
    assertThatThrownBy(() -> ImageFolderImages.load(dir.resolve("missing"), 32, i -> {}))
        .hasMessageContaining("is not a folder");
  }
}
