package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.hashing.Hashes;
import dev.atelier.imagesettings.ImageSettingsReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRAs and the hires pass from the command line, on a small runnable checkpoint and the reference
 * LoRA made for it ({@code src-test/fixtures/lora/lora.safetensors}): the LoRA changes the pictures
 * and comes off again, the catalog and the PNG's parameters text name it by hash and weight; a
 * hires pass makes larger pictures and is kept with the generation.
 */
class LoraAndHiresCliTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @BeforeEach
  void importCheckpoint() throws IOException {
    Path file = RunnableCheckpoints.write(home.resolve("Downloads/tiny.safetensors"), 7);
    CliRun imported = run("models", "import", file.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
  }

  private Path generate(String folder, String... more) throws IOException {
    Path out = home.resolve(folder);
    String[] base = {
      "generate",
      "-p",
      "a red fox",
      "--model",
      "tiny",
      "--steps",
      "2",
      "--size",
      "32",
      "-n",
      "1",
      "--seed",
      "5",
      "--sampler",
      "ddim",
      "--out",
      out.toString()
    };
    CliRun r = run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      return files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
    }
  }

  private long lastGeneration() {
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      return catalog.generations().recent(1).getFirst().id();
    }
  }

  @Test
  void aLoraChangesThePicturesIsRecordedByHashAndComesOffAgain() throws IOException {
    Path plain = generate("plain");
    Path withLora = generate("lora", "--lora", LORA + ":0.8");
    long loraRun = lastGeneration();
    Path plainAgain = generate("plain-again");

    assertThat(Files.readAllBytes(withLora)).isNotEqualTo(Files.readAllBytes(plain));
    assertThat(pixels(plainAgain)).as("the LoRA came off").isEqualTo(pixels(plain));
    String sha = Hashes.sha256Hex(Files.readAllBytes(LORA));
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      assertThat(catalog.generations().inputs(loraRun))
          .containsExactly(new GenerationInput(GenerationInput.Role.LORA, sha, 0.8));
    }
    var settings = ImageSettingsReader.read(withLora);
    assertThat(settings.loras())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.name()).isEqualTo("lora");
              assertThat(l.weight()).isEqualTo(0.8);
            });
  }

  @Test
  void aFileThatIsNotALoraIsRefusedAndNothingIsRecorded() throws IOException {
    Path notes = Files.writeString(home.resolve("notes.safetensors"), "not a LoRA");
    CliRun r =
        run(
            "generate",
            "-p",
            "fox",
            "--model",
            "tiny",
            "--size",
            "32",
            "--lora",
            notes.toString(),
            "--out",
            home.resolve("o").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("notes.safetensors");
    assertThat(home.resolve("o")).doesNotExist();

    r = run("generate", "-p", "fox", "--size", "32", "--lora", LORA.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("takes no LoRAs");
  }

  @Test
  void aHiresPassMakesLargerPicturesAndIsKeptWithTheGeneration() throws IOException {
    Path small = generate("small");
    Path large = generate("large", "--hires", "2", "--hires-strength", "0.5");
    long hiresRun = lastGeneration();

    BufferedImage picture = ImageIO.read(large.toFile());
    assertThat(picture.getWidth()).isEqualTo(64);
    assertThat(picture.getHeight()).isEqualTo(64);
    assertThat(ImageIO.read(small.toFile()).getWidth()).isEqualTo(32);
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      assertThat(catalog.generations().hires(hiresRun)).contains(new HiresPass(2, 0.5));
      assertThat(catalog.generations().hires(hiresRun - 1)).isEmpty();
    }
    CliRun again = run("generate", "-p", "x", "--hires-strength", "0.5");
    assertThat(again.err()).contains("--hires-strength needs --hires");
    CliRun tooBig = run("generate", "-p", "x", "--model", "tiny", "--hires", "3");
    assertThat(tooBig.err()).contains("The hires scale must be more than 1 and at most 2");
  }

  @Test
  void aSignedPictureStatesItsLoraAndHiresPassAndVerifies() throws IOException {
    Path png = generate("signed", "--lora", LORA + ":0.8", "--hires", "2");
    String sha = Hashes.sha256Hex(Files.readAllBytes(LORA));
    String password = SignAndVerifyTest.PASSWORD + "\n";
    CliRun key =
        CliRun.of(
            home,
            SignAndVerifyTest.KEY + "\n" + password + password,
            "wallet",
            "import",
            "--private-key");
    assertThat(key.code()).as(key.err()).isZero();
    CliRun sign = CliRun.of(home, password, "sign", "1", "--license", "CC-BY-4.0");
    assertThat(sign.code()).as(sign.err()).isZero();

    CliRun verify = run("verify", png.toString());
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
    assertThat(verify.out())
        .contains(
            png + ": VERIFIED",
            "input     LoRA, weight 0.8 (file sha256 " + sha + ")",
            "hires     scaled ×2.0, refined at strength 0.5",
            "64×64");
  }

  private static int[] pixels(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
