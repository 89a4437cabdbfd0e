package dev.atelier.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Studio;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a process minting a version 2 batch (SIGKILL) at each moment of the mint and starts the
 * studio again on its catalog: start-up recovery must finish the batch from its job rows alone,
 * with exactly one token per asset, every job CONFIRMED, and a second mint refused.
 */
class BatchCrashTest {

  private static final int ASSETS = 3;

  private static Devnet devnet;
  private static Transactions txs;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
  }

  @AfterAll
  static void stopDevnet() {
    devnet.close();
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"SIGNED", "BROADCAST", "SENT"})
  @Timeout(120)
  void aBatchKilledAtAnyMomentEndsWithExactlyOneTokenPerAsset(String moment, @TempDir Path home)
      throws Exception {
    long collectionId;
    List<Long> assets = new ArrayList<>();
    String address;
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      MintFixtures.useDevnet(studio, devnet);
      PreparedTransaction tx =
          studio.collections().prepareDeploy(txs, artist.address(), "Tide Pools", "TIDE", 500, 2);
      CollectionEntry c = studio.collections().deploy(txs, tx, artist, MintFixtures.WAIT);
      for (int seed = 1; seed <= ASSETS; seed++) {
        assets.add(MintFixtures.signed(studio, home, seed, artist, Devnet.CHAIN_ID).id());
      }
      collectionId = c.id();
      address = c.address();
    }
    CollectionContractV2 contract = new CollectionContractV2(txs, address);
    String seen =
        KillAtMoment.kill(
            devnet,
            moment,
            BatchCrashChild.class,
            home.toString(),
            Long.toString(collectionId),
            assets.stream().map(String::valueOf).collect(Collectors.joining(",")),
            moment);
    assertThat(seen).startsWith("at " + (moment.equals("BROADCAST") ? "SIGNED" : moment));

    try (Studio restarted = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      restarted.settleUnfinishedMints(java.time.Duration.ofSeconds(3));
      restarted.mintReconciler().awaitPending(txs, MintFixtures.WAIT);
      List<MintJob> jobs = new ArrayList<>();
      for (long asset : assets) {
        List<MintJob> ofAsset = restarted.catalog().mintJobs().ofAsset(asset);
        assertThat(ofAsset).as("one job for asset " + asset).hasSize(1);
        jobs.add(ofAsset.getFirst());
      }
      assertThat(jobs).extracting(MintJob::state).containsOnly(State.CONFIRMED);
      assertThat(jobs.stream().map(MintJob::txHash).collect(Collectors.toSet())).hasSize(1);
      assertThat(contract.batchCount()).as("exactly one batch minted").isEqualTo(1);
      for (MintJob job : jobs) {
        assertThat(contract.ownerOf(new BigInteger(job.tokenId()))).isEqualTo(artist.address());
        assertThat(restarted.onChainCheck().check(txs, job).verified()).isTrue();
      }
      assertThat(jobs.stream().map(MintJob::tokenId).distinct()).hasSize(ASSETS);
      assertThatThrownBy(() -> restarted.batchPlanner().plan(txs, collectionId, assets, artist))
          .isInstanceOf(MintException.class)
          .extracting(e -> ((MintException) e).reason())
          .isEqualTo(MintException.Reason.ALREADY_MINTED);
    }
  }

  /** Runs the child until it reports the moment, kills it, and returns its report line. */
}
