package dev.atelier.mint;

import dev.atelier.Studio;
import dev.atelier.c2pa.TestPngs;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.Networks;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.generate.RgbImage;
import dev.atelier.license.Licenses;
import dev.atelier.model.Hashes;
import dev.atelier.wallet.UnlockedAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Signed assets, a devnet network entry and a deployed collection, for the mint tests. */
final class MintFixtures {

  static final String MODEL = "atelier-tiny@2";
  static final Duration WAIT = Duration.ofSeconds(30);

  private MintFixtures() {}

  /** Points the studio's "Local devnet" network at {@code devnet}. */
  static void useDevnet(Studio studio, Devnet devnet) {
    Networks.put(studio.settings(), devnet.network());
  }

  /**
   * A generated variant with its PNG on disk under {@code home}, as GenerationService leaves it.
   */
  static Asset variant(Studio studio, Path home, int seed) {
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
                  home.resolve("models").toString(),
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
                    "tide pools at dusk #" + seed,
                    "",
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
    RgbImage image = TestPngs.image(seed);
    byte[] png = image.toPng();
    Path file = home.resolve("image-" + seed + ".png");
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

  /** A variant signed under CC BY 4.0 by {@code artist} for {@code chainId}. */
  static Asset signed(Studio studio, Path home, int seed, UnlockedAccount artist, long chainId) {
    Asset a = variant(studio, home, seed);
    studio.provenance().sign(a.id(), Licenses.CC_BY, chainId, artist);
    return a;
  }

  /** A collection owned by {@code owner}, deployed and in the catalog. */
  static CollectionEntry deploy(Studio studio, Transactions txs, UnlockedAccount owner) {
    PreparedTransaction tx =
        studio.mint().prepareDeploy(txs, owner.address(), "Tide Pools", "TIDE", 500);
    return studio.mint().deploy(txs, tx, owner, WAIT);
  }
}
