package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.sd.RunnableCheckpoints;
import dev.atelier.hashing.Hashes;
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
 * {@code generate --settings-from} a PNG that Atelier made (and signed) with a LoRA and a hires
 * pass, on a small runnable checkpoint: the LoRA is found again (where it was used, or renamed in
 * the LoRA folder, by its hash) and merged at its weight, the hires pass runs again, and the
 * picture comes out the same; a LoRA that is nowhere is a clear error unless {@code --lora} says
 * what to use.
 */
class SettingsFromLorasCliTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  @TempDir Path home;
  private Path lora;
  private String sha;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @BeforeEach
  void importCheckpointAndLora() throws IOException {
    Path file = RunnableCheckpoints.write(home.resolve("Downloads/tiny.safetensors"), 7);
    CliRun imported = run("models", "import", file.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    lora = home.resolve("Downloads/ink.safetensors");
    Files.copy(LORA, lora);
    sha = Hashes.sha256Hex(Files.readAllBytes(lora));
  }

  private Path png(String folder) throws IOException {
    try (Stream<Path> files = Files.list(home.resolve(folder))) {
      return files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow();
    }
  }

  private CliRun restore(Path image, String folder, String... more) {
    String[] base = {
      "generate", "--settings-from", image.toString(), "-n", "1", "--out", home.resolve(folder) + ""
    };
    return run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  private Generation last(Catalog catalog) {
    return catalog.generations().recent(1).getFirst();
  }

  @Test
  void theLoraAndHiresPassComeBackAndMakeTheSamePicture() throws IOException {
    CliRun made =
        run(
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
            "--lora",
            lora + ":0.8",
            "--hires",
            "2",
            "--hires-strength",
            "0.5",
            "--out",
            home.resolve("made").toString());
    assertThat(made.code()).as(made.err()).isZero();
    Path original = png("made");
    sign(); // the PNG now carries the signed record: LoRA by whole hash, hires pass

    CliRun again = restore(original, "again");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.err()).contains("LoRA from the image: " + lora + " at weight 0.8");
    assertThat(pixels(png("again"))).as("the same picture").isEqualTo(pixels(original));
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      Generation g = last(catalog);
      assertThat(g.width()).as("the first pass's size").isEqualTo(32);
      assertThat(catalog.generations().inputs(g.id()))
          .containsExactly(new GenerationInput(GenerationInput.Role.LORA, sha, 0.8));
      assertThat(catalog.generations().hires(g.id())).contains(new HiresPass(2, 0.5));
    }

    // Moved into the LoRA folder under another name: found by its hash.
    Path folder = AppDirs.under(home).loras();
    Files.createDirectories(folder.resolve("styles"));
    Path moved = Files.move(lora, folder.resolve("styles/fox-ink.safetensors"));
    CliRun moves = restore(original, "moved", "--hires-strength", "1");
    assertThat(moves.code()).as(moves.err()).isZero();
    assertThat(moves.err()).contains("LoRA from the image: " + moved + " at weight 0.8");
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      assertThat(catalog.generations().hires(last(catalog).id()))
          .as("--hires-strength overrides the image's")
          .contains(new HiresPass(2, 1));
    }

    // Nowhere: an error naming it and the folder; --lora chooses instead.
    Files.delete(moved);
    CliRun gone = restore(original, "gone");
    assertThat(gone.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(gone.err())
        .contains(
            "LoRA 'ink' (hash "
                + sha.substring(0, 12)
                + ") not found; add it to the LoRA folder ("
                + folder
                + ").")
        .contains("name the LoRAs to use with --lora");
    assertThat(home.resolve("gone")).doesNotExist();

    Path other = Files.copy(LORA, home.resolve("other.safetensors"));
    CliRun chosen = restore(original, "chosen", "--lora", other + ":0.3");
    assertThat(chosen.code()).as(chosen.err()).isZero();
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      assertThat(catalog.generations().inputs(last(catalog).id()))
          .containsExactly(new GenerationInput(GenerationInput.Role.LORA, sha, 0.3));
    }
  }

  @Test
  void aStartPicturesStrengthComesBackWithTheInitImageAndIsNotedWithoutIt() throws IOException {
    Path start = home.resolve("start.png");
    ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "png", start.toFile());
    CliRun made =
        run(
            "generate",
            "-p",
            "a red fox",
            "--model",
            "tiny",
            "--steps",
            "4",
            "--size",
            "32",
            "-n",
            "1",
            "--seed",
            "5",
            "--sampler",
            "ddim",
            "--init-image",
            start.toString(),
            "--strength",
            "0.5",
            "--out",
            home.resolve("made").toString());
    assertThat(made.code()).as(made.err()).isZero();

    CliRun without = restore(png("made"), "without");
    assertThat(without.code()).as(without.err()).isZero();
    assertThat(without.err())
        .contains("the image was made from a start picture at strength 0.5; the PNG does not hold")
        .contains("--init-image");

    CliRun with = restore(png("made"), "with", "--init-image", start.toString());
    assertThat(with.code()).as(with.err()).isZero();
    assertThat(with.err()).contains("at strength 0.50: 2 of 4 steps run");
    assertThat(pixels(png("with"))).isEqualTo(pixels(png("made")));
  }

  /** Signs asset 1 in place, as {@code atelier sign} does. */
  private void sign() {
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
  }

  private static int[] pixels(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
  }
}
