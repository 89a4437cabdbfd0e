package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier bench --sheet FILE}: its options are checked before any work; the whole run (every
 * style of the built-in model, judged, and the contact sheet) is in the quality group.
 */
class BenchSheetTest {

  @TempDir Path home;

  @Test
  void aSheetInAMissingFolderIsAUsageError() {
    Path file = home.resolve("no-such-folder").resolve("sheet.png");
    CliRun run = CliRun.of(home, "", "bench", "--sheet", file.toString());

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--sheet", "no-such-folder");
  }

  @Test
  void tooFewVariantsIsAUsageError() {
    CliRun run =
        CliRun.of(
            home, "", "bench", "--sheet", home.resolve("s.png").toString(), "--variants", "1");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--variants");
    assertThat(Files.exists(home.resolve("s.png"))).isFalse();
  }

  @Test
  void theHelpNamesTheSheetAndTheJudge() {
    CliRun run = CliRun.of(home, "", "bench", "--help");

    assertThat(run.out()).contains("--sheet", "--variants", "--judge", "contact sheet");
  }

  @Test
  @Tag("quality")
  void theSheetJudgesEveryStyleAndWritesTheContactSheet() throws Exception {
    Path file = home.resolve("sheet.png");
    CliRun run = CliRun.of(home, "", "bench", "--sheet", file.toString(), "--variants", "2");

    assertThat(run.code()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("sunset", "waves", "mountains", "starfield", "geometric", "flow_field")
        .contains("judge", "diversity", "nearest", "Contact sheet");
    BufferedImage sheet = ImageIO.read(file.toFile());
    assertThat(sheet.getHeight()).isEqualTo(6 * (128 + 4) + 4);
    assertThat(sheet.getWidth()).isEqualTo(210 + 2 * (128 + 4) + 4);
  }
}
