package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.config.AppDirs;
import dev.atelier.hashing.Hashes;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier generate --init-image FILE --strength S} with the built-in model: the variants
 * start from the picture (deterministic, and unlike the same seeds from noise), the catalog keeps
 * the picture's file hash and strength; bad pictures and settings are refused before anything is
 * recorded.
 */
class ImageToImageCliTest {

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  private Path make(String name, String... more) throws IOException {
    Path out = home.resolve(name);
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

  @Test
  void variantsStartFromThePictureAndTheCatalogKeepsItsHashAndStrength() throws IOException {
    Path start = make("start");
    Path fromNoise = make("noise");
    Path first = make("i2i-a", "--init-image", start.toString(), "--strength", "0.5");
    Path again = make("i2i-b", "--init-image", start.toString(), "--strength", "0.5");

    assertThat(Files.readAllBytes(again)).as("deterministic").isEqualTo(Files.readAllBytes(first));
    assertThat(Files.readAllBytes(first))
        .as("not what the same seed makes from noise")
        .isNotEqualTo(Files.readAllBytes(fromNoise));
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      var recent = catalog.generations().recent(10);
      long img2img = recent.stream().mapToLong(g -> g.id()).max().orElseThrow();
      assertThat(catalog.generations().inputs(img2img))
          .containsExactly(
              new GenerationInput(
                  GenerationInput.Role.START_IMAGE,
                  Hashes.sha256Hex(Files.readAllBytes(start)),
                  0.5));
      long txt2img = recent.stream().mapToLong(g -> g.id()).min().orElseThrow();
      assertThat(catalog.generations().inputs(txt2img)).isEmpty();
    }
  }

  @Test
  void theReportSaysHowManyStepsRan() throws IOException {
    Path start = make("start");
    CliRun r =
        run(
            "generate",
            "-p",
            "sunset",
            "--steps",
            "10",
            "--size",
            "32",
            "-n",
            "1",
            "--init-image",
            start.toString(),
            "--strength",
            "0.35",
            "--out",
            home.resolve("o").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("at strength 0.35: 3 of 10 steps run");
  }

  @Test
  void badPicturesAndSettingsAreRefusedAndNothingIsRecorded() throws IOException {
    Path notAPicture = Files.writeString(home.resolve("notes.png"), "not a picture");
    Path bomb = Files.write(home.resolve("bomb.png"), pngClaiming(100_000, 100_000));
    Path real = make("start");
    String out = home.resolve("o").toString();

    CliRun r =
        run("generate", "-p", "sunset", "--init-image", notAPicture.toString(), "--out", out);
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("notes.png is not a picture Atelier can read");

    r = run("generate", "-p", "sunset", "--init-image", bomb.toString(), "--out", out);
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("claims to be 100000×100000 pixels");

    r = run("generate", "-p", "sunset", "--init-image", home.resolve("gone.png").toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("No such picture");

    r = run("generate", "-p", "sunset", "--strength", "0.5", "--out", out);
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("--strength needs --init-image");

    r =
        run(
            "generate",
            "-p",
            "sunset",
            "--steps",
            "4",
            "--init-image",
            real.toString(),
            "--strength",
            "0.2",
            "--out",
            out);
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("would not run a single step", "at least 5 steps");

    r = run("generate", "-p", "sunset", "--init-image", real.toString(), "--strength", "1.5");
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err()).contains("Strength must be above 0 and at most 1");

    assertThat(home.resolve("o")).doesNotExist();
    assertThat(run("catalog", "list").out())
        .as("only the start picture's run")
        .contains("1 of 1 generation(s)");
  }

  /** A PNG whose header claims {@code w}×{@code h} pixels, with one tiny (invalid) data chunk. */
  private static byte[] pngClaiming(int w, int h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream header = new DataOutputStream(ihdr);
    header.writeInt(w);
    header.writeInt(h);
    header.write(new byte[] {8, 2, 0, 0, 0});
    chunk(out, "IHDR", ihdr.toByteArray());
    chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00});
    chunk(out, "IEND", new byte[0]);
    return bytes.toByteArray();
  }

  private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
    out.writeInt(data.length);
    byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    out.write(typeBytes);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeInt((int) crc.getValue());
  }
}
