package dev.atelier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.config.AppDirs;
import dev.atelier.hashing.Hashes;
import dev.atelier.testing.InpaintChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code atelier batch} with the creative columns, on the built-in model: a line that starts from a
 * picture and inpaints it (files named relative to the batch file) is made and recorded as {@code
 * generate --init-image --strength --mask --mask-blur} records it; a file with bad values is
 * refused whole, each naming its line and column, before anything is made.
 */
class BatchCreativeCliTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  @TempDir Path home;

  private CliRun run(String... args) {
    return CliRun.of(home, "", args);
  }

  @Test
  void aLineWithAStartPictureAndMaskIsMadeAndRecordedAsGenerateRecordsIt() throws IOException {
    Path job = Files.createDirectories(home.resolve("job/pictures"));
    Path start = Files.write(job.resolve("start.png"), InpaintChecks.picture(32, 32).toPng());
    Path mask =
        Files.write(job.resolve("mask.png"), InpaintChecks.rectangle(32, 32, 6, 4, 26, 24).toPng());
    Path file =
        Files.writeString(
            home.resolve("job/batch.csv"),
            "prompt,seed,steps,size,sampler,init_image,strength,mask,mask_blur\n"
                + "sunset,1,4,32,ddim,,,,\n"
                + "waves,2,4,32,ddim,pictures/start.png,0.8,pictures/mask.png,2\n");
    Path out = home.resolve("out");

    CliRun r = run("batch", file.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("2 item(s): 2 generated, 0 already done, 0 failed");
    assertThat(r.out().lines()).hasSize(2).allMatch(l -> l.endsWith(".png"));
    try (Catalog catalog = Catalog.open(AppDirs.under(home).catalogFile())) {
      long last = catalog.generations().recent(1).getFirst().id();
      assertThat(catalog.generations().inputs(last))
          .containsExactly(
              new GenerationInput(
                  GenerationInput.Role.START_IMAGE,
                  Hashes.sha256Hex(Files.readAllBytes(start)),
                  0.8),
              new GenerationInput(
                  GenerationInput.Role.MASK, Hashes.sha256Hex(Files.readAllBytes(mask)), 2));
      assertThat(catalog.generations().inputs(last - 1)).isEmpty();
    }

    CliRun again = run("batch", file.toString(), "--out", out.toString());
    assertThat(again.err()).contains("2 item(s): 0 generated, 2 already done");
  }

  @Test
  void badValuesAreRefusedWithTheirLineAndColumnAndNothingIsMade() throws IOException {
    Path job = Files.createDirectories(home.resolve("job"));
    Files.write(job.resolve("start.png"), InpaintChecks.picture(32, 32).toPng());
    Files.copy(LORA, job.resolve("ink.safetensors"));
    Path file =
        Files.writeString(
            job.resolve("bad.csv"),
            "prompt,size,init_image,strength,mask_blur,loras\n"
                + "sunset,32,,0.5,,\n"
                + "waves,32,start.png,,3,\n"
                + "fox,32,,,,ink.safetensors:0.8\n"
                + "ok,32,start.png,0.7,,\n");
    Path out = home.resolve("out");

    CliRun r = run("batch", file.toString(), "--out", out.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(r.err())
        .contains("has errors (nothing was generated)")
        .contains("line 2, column strength: strength needs init_image")
        .contains("line 3, column mask_blur: mask_blur needs mask")
        .contains(
            "line 4, column loras: atelier-tiny@4 takes no LoRAs: they apply to Stable Diffusion"
                + " checkpoints")
        .doesNotContain("line 5");
    assertThat(out).doesNotExist();
  }
}
