package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.hashing.Hashes;
import dev.atelier.testing.InpaintChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier generate --init-image F --mask M [--mask-blur PX] [--invert-mask]} with the
 * built-in model: the picture is kept exactly where the blurred mask is black and painted again
 * where it is white, the same command gives the same file, the catalog keeps the mask's hash and
 * blur, and a signed picture names the mask in {@code atelier verify}; bad masks and options are
 * refused before anything is recorded.
 */
class InpaintCliTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  /** Generates one 32×32 picture into {@code folder} and returns its file. */
  private Path make(String folder, String... more) throws IOException {
    Path out = home.resolve(folder);
    String[] base = {
      "generate",
      "-p",
      "sunset",
      "--steps",
      "4",
      "--size",
      "32",
      "-n",
      "1",
      "--seed",
      "3",
      "--sampler",
      "ddim",
      "--out",
      out.toString()
    };
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    CliRun r = run(all);
    assertThat(r.code()).as(r.err()).isZero();
    try (var files = Files.list(out)) {
      return files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
    }
  }

  private Path maskFile(String name, GrayImage mask) throws IOException {
    return Files.write(home.resolve(name), mask.toPng());
  }

  private long lastGeneration() {
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      return catalog.generations().recent(1).getFirst().id();
    }
  }

  private List<GenerationInput> inputs(long generation) {
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      return catalog.generations().inputs(generation);
    }
  }

  @Test
  void thePictureIsKeptWhereTheMaskIsBlackAndTheMaskIsRecordedAndVerified() throws IOException {
    Path start = make("start");
    GrayImage box = InpaintChecks.rectangle(32, 32, 6, 4, 26, 24);
    Path mask = maskFile("mask.png", box);
    String[] inpaint = {
      "--init-image",
      start.toString(),
      "--strength",
      "0.8",
      "--mask",
      mask.toString(),
      "--mask-blur",
      "2"
    };
    Path first = make("a", inpaint);
    Path again = make("b", inpaint);
    assertThat(Files.readAllBytes(again)).as("deterministic").isEqualTo(Files.readAllBytes(first));

    RgbImage startPixels = RgbImage.of(ImageIO.read(start.toFile()));
    GenerationRequest asRun =
        new GenerationRequest("sunset", "", 3, SamplerKind.DDIM, 4, 7.5, 32, 32, 1, 0)
            .withStart(new GenerationRequest.StartImage(startPixels, "00".repeat(32), 0.8))
            .withMask(new GenerationRequest.InpaintMask(box, "00".repeat(32), 2));
    InpaintChecks.assertRespected(List.of(RgbImage.of(ImageIO.read(first.toFile()))), asRun);

    long id = lastGeneration();
    String maskSha = Hashes.sha256Hex(Files.readAllBytes(mask));
    assertThat(inputs(id))
        .containsExactly(
            new GenerationInput(
                GenerationInput.Role.START_IMAGE, Hashes.sha256Hex(Files.readAllBytes(start)), 0.8),
            new GenerationInput(GenerationInput.Role.MASK, maskSha, 2));

    String password = SignAndVerifyTest.PASSWORD + "\n";
    CliRun key =
        CliRun.of(
            home,
            SignAndVerifyTest.KEY + "\n" + password + password,
            "wallet",
            "import",
            "--private-key");
    assertThat(key.code()).as(key.err()).isZero();
    CliRun sign = CliRun.of(home, password, "sign", Long.toString(id), "--license", "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();
    CliRun verify = run("verify", again.toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            again + ": VERIFIED",
            "input     start picture, strength 0.8 (file sha256 ",
            "input     inpainting mask, blur 2 px (file sha256 " + maskSha + ")");
  }

  @Test
  void theBlurDefaultsToTheSizeAndAnInvertedMaskIsRecordedAsUsed() throws IOException {
    Path start = make("start");
    GrayImage box = InpaintChecks.rectangle(32, 32, 0, 0, 16, 32);
    Path mask = maskFile("mask.png", box);
    CliRun r =
        run(
            "generate",
            "-p",
            "sunset",
            "--steps",
            "4",
            "--size",
            "32",
            "-n",
            "1",
            "--init-image",
            start.toString(),
            "--mask",
            mask.toString(),
            "--invert-mask",
            "--out",
            home.resolve("inverted").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("Painted again where " + mask + " is black, seam blurred by 1 px");
    assertThat(inputs(lastGeneration()))
        .last()
        .isEqualTo(
            new GenerationInput(
                GenerationInput.Role.MASK, Hashes.sha256Hex(box.inverted().toPng()), 1));
  }

  @Test
  void badMasksAndOptionsAreRefusedAndNothingIsRecorded() throws IOException {
    Path start = make("start");
    Path mask = maskFile("mask.png", InpaintChecks.rectangle(32, 32, 0, 0, 8, 8));
    Path wide = maskFile("wide.png", InpaintChecks.rectangle(64, 32, 0, 0, 8, 8));
    Path notAPicture = Files.writeString(home.resolve("notes.png"), "not a picture");
    String init = start.toString();
    String out = home.resolve("o").toString();

    String[][] cases = {
      {"--mask", mask.toString()},
      {"--init-image", init, "--mask-blur", "3"},
      {"--init-image", init, "--invert-mask"},
      {"--init-image", init, "--mask", notAPicture.toString()},
      {"--init-image", init, "--mask", home.resolve("gone.png").toString()},
      {"--init-image", init, "--mask", wide.toString()},
      {"--init-image", init, "--mask", mask.toString(), "--mask-blur", "65"},
      {"--init-image", init, "--mask", mask.toString(), "--hires", "1.5"},
    };
    String[] expected = {
      "--mask needs --init-image",
      "--mask-blur needs --mask",
      "--invert-mask needs --mask",
      "notes.png is not a picture Atelier can read",
      "No such picture",
      "The mask is 64×32 but the start picture 32×32: a mask must have the start picture's"
          + " proportions",
      "The mask blur must be 0 to 64 pixels, not 65",
      "Inpainting does not combine with a hires pass",
    };
    String[] base = {"generate", "-p", "sunset", "--size", "32", "--out", out};
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[base.length + cases[i].length];
      System.arraycopy(base, 0, args, 0, base.length);
      System.arraycopy(cases[i], 0, args, base.length, cases[i].length);
      CliRun r = run(args);
      assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(ExitCodes.BAD_INPUT);
      assertThat(r.err()).as(String.join(" ", cases[i])).contains(expected[i]);
    }
    assertThat(home.resolve("o")).doesNotExist();
    assertThat(run("catalog", "list").out())
        .as("only the start picture's run")
        .contains("1 of 1 generation(s)");
  }
}
