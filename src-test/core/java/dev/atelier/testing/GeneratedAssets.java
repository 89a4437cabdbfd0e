package dev.atelier.testing;

import dev.atelier.Studio;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Variants as GenerationService leaves them, without running the model: a finished generation of
 * {@value #MODEL}, one asset row, and its PNG (a test pattern of the seed, with the settings text
 * GenerationService writes) on disk.
 */
public final class GeneratedAssets {

  /** The model the generations name; stored in the catalog on first use. */
  public static final String MODEL = "atelier-tiny@2";

  private GeneratedAssets() {}

  /**
   * A variant of {@code prompt} (negative prompt {@code negative}) made with {@code seed}, its PNG
   * written to {@code dir/image-SEED.png}; times come from the studio's clock.
   */
  public static Asset variant(Studio studio, Path dir, int seed, String prompt, String negative) {
    return variant(studio, dir, seed, prompt, negative, List.of(), null);
  }

  /**
   * The same, for a generation that started from {@code inputs} (start picture, LoRAs) and had
   * {@code hires} as its second pass (null: none), as the catalog keeps them.
   */
  public static Asset variant(
      Studio studio,
      Path dir,
      int seed,
      String prompt,
      String negative,
      List<GenerationInput> inputs,
      HiresPass hires) {
    Instant now = studio.clock().instant();
    if (studio.catalog().models().find(MODEL).isEmpty()) {
      studio
          .catalog()
          .models()
          .save(
              new ModelEntry(
                  MODEL,
                  "atelier-tiny",
                  "2",
                  "builtin",
                  "9c".repeat(32),
                  "41".repeat(32),
                  "CC0-1.0",
                  dir.resolve("models").toString(),
                  now));
    }
    Generation g =
        studio
            .catalog()
            .generations()
            .insert(
                new Generation(
                    0,
                    MODEL,
                    prompt,
                    negative,
                    seed,
                    "dpmpp-2m-karras",
                    20,
                    3.0,
                    64,
                    64,
                    1,
                    Generation.Status.DONE,
                    now,
                    now),
                inputs,
                hires);
    RgbImage image = TestPngs.image(seed);
    GenerationRequest request =
        new GenerationRequest(
            prompt, negative, seed, SamplerKind.DPMPP_2M_KARRAS, 20, 3.0, 64, 64, 1, 0);
    byte[] png =
        GenerationService.withSettings(
            image.toPng(),
            request,
            0,
            new ParametersText.ModelInfo("atelier-tiny", "9c".repeat(32)));
    Path file = dir.resolve("image-" + seed + ".png");
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return studio
        .catalog()
        .assets()
        .insert(
            new Asset(
                0,
                g.id(),
                0,
                seed,
                image.width(),
                image.height(),
                image.pixelSha256(),
                file.toString(),
                Hashes.sha256Hex(png),
                false,
                null,
                now));
  }
}
