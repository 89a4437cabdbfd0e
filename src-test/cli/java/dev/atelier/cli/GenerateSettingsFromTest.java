package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.generate.ParametersText;
import dev.atelier.png.PngText;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier generate --settings-from IMAGE}: an Atelier image's settings make the same picture
 * again, options given override the image's, and images that cannot be used are named clearly.
 */
class GenerateSettingsFromTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  private static byte[] read(String path) throws Exception {
    return Files.readAllBytes(Path.of(path.strip()));
  }

  private static RgbImage pixels(byte[] png) throws Exception {
    return RgbImage.of(ImageIO.read(new ByteArrayInputStream(png)));
  }

  private Path png(String name, String parameters) throws Exception {
    byte[] png = new RgbImage(8, 8, new byte[8 * 8 * 3]).toPng();
    if (parameters != null) {
      png = PngText.withText(png, ParametersText.KEYWORD, parameters);
    }
    Path file = home.resolve(name);
    Files.write(file, png);
    return file;
  }

  @Test
  void anAtelierImagesSettingsMakeTheSamePictureAndOptionsOverrideThem() throws Exception {
    CliRun first =
        run(
            "generate",
            "-p",
            "sunset",
            "--negative",
            "grey",
            "--steps",
            "2",
            "--size",
            "32x32",
            "--sampler",
            "euler-a",
            "--cfg",
            "2.5",
            "-n",
            "1",
            "--seed",
            "11",
            "--out",
            home.resolve("a").toString());
    assertThat(first.code()).as(first.err()).isZero();
    byte[] original = read(first.out());

    CliRun again =
        run(
            "generate",
            "--settings-from",
            first.out().strip(),
            "-n",
            "1",
            "--out",
            home.resolve("b").toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("Note:");
    byte[] remade = read(again.out());
    assertThat(pixels(remade)).isEqualTo(pixels(original));
    assertThat(PngText.find(remade, ParametersText.KEYWORD))
        .isEqualTo(PngText.find(original, ParametersText.KEYWORD));

    CliRun other =
        run(
            "generate",
            "--settings-from",
            first.out().strip(),
            "--seed",
            "12",
            "-p",
            "sunset, flow field",
            "-n",
            "1",
            "--out",
            home.resolve("c").toString());
    assertThat(other.code()).as(other.err()).isZero();
    String text = PngText.find(read(other.out()), ParametersText.KEYWORD).orElseThrow();
    assertThat(text)
        .startsWith(
            "sunset, flow field\nNegative prompt: grey\nSteps: 2, Sampler: Euler a,"
                + " CFG scale: 2.5, Seed: 12, Size: 32x32");
  }

  @Test
  void anotherToolsImageNamingAModelThatIsNotInstalledIsRefusedByName() throws Exception {
    Path image =
        png(
            "webui.png",
            "a red fox\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7,"
                + " Seed: 1234, Size: 512x512, Model hash: 7f96a1a9ca, Model: anything-v5");
    CliRun r = run("generate", "--settings-from", image.toString(), "--out", home.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains("webui.png was made with anything-v5 (hash 7f96a1a9ca), which is not installed");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anotherToolsSettingsWithTheInstalledModelChosenGenerateWithNotes() throws Exception {
    Path image =
        png(
            "webui.png",
            "sunset <lora:film:0.5>\nSteps: 2, Sampler: UniPC, CFG scale: 3, Seed: 77,"
                + " Size: 32x32, Model: anything-v5");
    CliRun r =
        run(
            "generate",
            "--settings-from",
            image.toString(),
            "--model",
            "atelier-tiny",
            "-n",
            "1",
            "--out",
            home.resolve("d").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains("Note: Sampler \"UniPC\" is not one Atelier has; the default is used.")
        .contains(
            "does not take (they apply to Stable Diffusion checkpoints), so none is used:"
                + " 'film' at 0.5")
        .contains("Note: another tool made this image");
    assertThat(PngText.find(read(r.out()), ParametersText.KEYWORD).orElseThrow())
        .startsWith("sunset\nSteps: 2, Sampler: ")
        .contains("Seed: 77, Size: 32x32");
  }

  @Test
  void imagesWithoutSettingsAndMissingPromptsAreClearErrors() throws Exception {
    CliRun none = run("generate", "--settings-from", png("plain.png", null).toString());
    assertThat(none.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(none.err()).contains("This image carries no generation settings");

    Path text = home.resolve("notes.txt");
    Files.writeString(text, "not an image");
    CliRun notPng = run("generate", "--settings-from", text.toString());
    assertThat(notPng.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(notPng.err()).contains("Not a PNG file");

    CliRun missing = run("generate", "--settings-from", home.resolve("gone.png").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(missing.err()).contains("No such image");

    CliRun nothing = run("generate", "--out", home.toString());
    assertThat(nothing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(nothing.err()).contains("--prompt");
  }
}
