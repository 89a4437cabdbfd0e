package dev.atelier.mint;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.license.Licenses;
import dev.atelier.testing.GeneratedAssets;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Signed assets, a devnet network entry and a deployed collection, for the mint tests. */
final class MintFixtures {

  static final Duration WAIT = Duration.ofSeconds(30);

  private MintFixtures() {}

  /** Points the studio's "Local devnet" network at {@code devnet}. */
  static void useDevnet(Studio studio, Devnet devnet) {
    studio.networks().put(devnet.network());
  }

  /**
   * A generated variant with its PNG on disk under {@code home}, as GenerationService leaves it.
   */
  static Asset variant(Studio studio, Path home, int seed) {
    return GeneratedAssets.variant(studio, home, seed, "tide pools at dusk #" + seed, "");
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
        studio.collections().prepareDeploy(txs, owner.address(), "Tide Pools", "TIDE", 500);
    return studio.collections().deploy(txs, tx, owner, WAIT);
  }

  /** A listener that adds each state written for {@code assetId}'s job to {@code seen}. */
  static MintListener statesOf(long assetId, List<MintJob.State> seen) {
    return new MintListener() {
      @Override
      public void stateWritten(MintJob job) {
        if (job.assetId() == assetId) {
          seen.add(job.state());
        }
      }
    };
  }
}
