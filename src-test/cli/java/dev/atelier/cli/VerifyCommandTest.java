package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code atelier verify} on files that are not PNG images at all: bad input, not "NOT SIGNED". */
class VerifyCommandTest {

  @TempDir Path home;

  @Test
  void aJpegIsBadInputNotAnUnsignedImage() throws Exception {
    Path jpeg = home.resolve("photo.jpg");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "jpg", jpeg.toFile());

    CliRun run = CliRun.of(home, "", "verify", jpeg.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(jpeg + " is not a PNG image (it is a JPEG");
    assertThat(run.out()).doesNotContain("NOT SIGNED").doesNotContain("VERIFIED");
  }

  @Test
  void anEmptyFileIsBadInput() throws Exception {
    Path empty = Files.createFile(home.resolve("empty.png"));

    CliRun run = CliRun.of(home, "", "verify", empty.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(run.err()).contains(empty + " is not a PNG image (the file is empty)");
    assertThat(run.out()).doesNotContain("NOT SIGNED");
  }

  @Test
  void anUnsignedPngIsStillNotSignedAndADamagedOneNotVerified() throws Exception {
    Path png = home.resolve("plain.png");
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png.toFile());
    byte[] bytes = Files.readAllBytes(png);
    Path truncated = home.resolve("truncated.png");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 20));
    Path text = home.resolve("notes.png");
    Files.writeString(text, "just some text");

    CliRun run =
        CliRun.of(home, "", "verify", png.toString(), truncated.toString(), text.toString());

    assertThat(run.out()).contains(png + ": NOT SIGNED", truncated + ": NOT VERIFIED");
    assertThat(run.err())
        .contains(text + " is not a PNG image (it does not start with the PNG signature)");
    // A file that is not a PNG is the worse outcome: the exit code says bad input.
    assertThat(run.code()).isEqualTo(ExitCodes.BAD_INPUT);
  }
}
