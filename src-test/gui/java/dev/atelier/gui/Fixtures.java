package dev.atelier.gui;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.engine.EngineInfo;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Test data for the studio's screens. */
public final class Fixtures {

  /** What the fake engine probe reports; its summary is {@link #ENGINE_LINE}. */
  public static final EngineInfo ENGINE = new EngineInfo("PyTorch", "2.7.1", "cpu()", 0, 2);

  public static final String ENGINE_LINE = "PyTorch 2.7.1 on CPU (2 threads)";

  public static final String MODEL_ID = "sd-turbo@1.0";

  public static final Instant CREATED = Instant.parse("2026-11-20T10:15:00Z");

  private Fixtures() {}

  /** Stores the test model (once) and a finished generation with {@code prompt}. */
  public static Generation addGeneration(Catalog catalog, String prompt) {
    if (catalog.models().find(MODEL_ID).isEmpty()) {
      catalog
          .models()
          .save(
              new ModelEntry(
                  MODEL_ID,
                  "sd-turbo",
                  "1.0",
                  "torchscript-sd",
                  "a".repeat(64),
                  null,
                  "test licence",
                  "/models/sd-turbo",
                  CREATED));
    }
    return catalog
        .generations()
        .insert(
            new Generation(
                0,
                MODEL_ID,
                prompt,
                "",
                42,
                "euler",
                4,
                1.0,
                768,
                512,
                4,
                Generation.Status.DONE,
                CREATED,
                CREATED.plusSeconds(30)));
  }

  /** The built-in model the signable assets name. */
  public static final String TINY_MODEL = "atelier-tiny@2";

  /**
   * A generated variant with its PNG (a small pattern that depends on {@code seed}) on disk under
   * {@code folder}, as GenerationService leaves it: ready to sign without running a model.
   */
  public static Asset signableAsset(Studio studio, Path folder, int seed) {
    Instant now = studio.clock().instant();
    if (studio.catalog().models().find(TINY_MODEL).isEmpty()) {
      studio
          .catalog()
          .models()
          .save(
              new ModelEntry(
                  TINY_MODEL,
                  "atelier-tiny",
                  "2",
                  "builtin",
                  "9c".repeat(32),
                  "41".repeat(32),
                  "CC0-1.0",
                  folder.resolve("models").toString(),
                  now));
    }
    Generation g =
        studio
            .catalog()
            .generations()
            .insert(
                new Generation(
                    0,
                    TINY_MODEL,
                    "tide pools at dusk #" + seed,
                    "blurry",
                    seed,
                    "dpmpp-2m-karras",
                    20,
                    3.0,
                    64,
                    64,
                    1,
                    Generation.Status.DONE,
                    now,
                    now));
    int w = 24;
    int h = 16;
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 7 + seed * 31 + (i / (w * 3)) * 13);
    }
    RgbImage image = new RgbImage(w, h, rgb);
    byte[] png = image.toPng();
    Path file = folder.resolve("image-" + seed + ".png");
    try {
      Files.createDirectories(folder);
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
                w,
                h,
                image.pixelSha256(),
                file.toString(),
                Hashes.sha256Hex(png),
                false,
                null,
                now));
  }

  /** Stores a wallet account. */
  public static WalletAccount addWallet(Catalog catalog, String label, String address) {
    WalletAccount account =
        new WalletAccount(
            address, label, "m/44'/60'/0'/0/0", "keystore/" + label + ".json", CREATED);
    catalog.wallets().add(account);
    return account;
  }
}
