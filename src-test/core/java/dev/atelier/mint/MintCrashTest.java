package dev.atelier.mint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills a minting process (SIGKILL: no shutdown hooks, no clean-up) at each moment of a mint and
 * starts the studio again on its catalog: start-up recovery must finish the mint from the job row
 * alone, by transaction hash, with exactly one token minted and a second mint of the asset refused.
 */
class MintCrashTest {

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
  void aMintKilledAtAnyMomentEndsWithExactlyOneToken(String moment, @TempDir Path home)
      throws Exception {
    long collectionId;
    long assetId;
    String collectionAddress;
    try (Studio studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      MintFixtures.useDevnet(studio, devnet);
      CollectionEntry c = MintFixtures.deploy(studio, txs, artist);
      Asset a = MintFixtures.signed(studio, home, 1, artist, Devnet.CHAIN_ID);
      collectionId = c.id();
      collectionAddress = c.address();
      assetId = a.id();
    }
    CollectionContract contract = new CollectionContract(txs, collectionAddress);
    String seen =
        KillAtMoment.kill(
            devnet,
            moment,
            MintCrashChild.class,
            home.toString(),
            Long.toString(collectionId),
            Long.toString(assetId),
            moment);
    assertThat(seen).startsWith("at " + (moment.equals("BROADCAST") ? "SIGNED" : moment));

    try (Studio restarted = Studio.start(AppDirs.under(home), Clock.systemUTC());
        UnlockedAccount artist = TestAccounts.unlocked(TestAccounts.KEY_0)) {
      // What the command line does right after starting, and the studio once its window is up.
      restarted.settleUnfinishedMints(java.time.Duration.ofSeconds(3));
      // Mined while the process died: confirmed from its receipt.
      // Never reached the node (or lost by it): the stored bytes were sent again.
      State afterStart = restarted.catalog().mintJobs().ofAsset(assetId).getFirst().state();
      assertThat(afterStart).isEqualTo(moment.equals("BROADCAST") ? State.CONFIRMED : State.SENT);

      restarted.mintReconciler().awaitPending(txs, MintFixtures.WAIT);
      List<MintJob> jobs = restarted.catalog().mintJobs().ofAsset(assetId);
      assertThat(jobs).hasSize(1);
      MintJob job = jobs.getFirst();
      assertThat(job.state()).isEqualTo(State.CONFIRMED);
      assertThat(job.tokenId()).isEqualTo("1");
      assertThat(contract.nextTokenId()).as("exactly one token minted").isEqualTo(2);
      assertThat(restarted.onChainCheck().check(txs, job).verified()).isTrue();
      assertThatThrownBy(
              () ->
                  restarted
                      .mintPlanner()
                      .plan(txs, collectionId, List.of(assetId), artist.address(), false))
          .isInstanceOf(MintException.class)
          .extracting(e -> ((MintException) e).reason())
          .isEqualTo(MintException.Reason.ALREADY_MINTED);
    }
  }

  /** Runs the child until it reports the moment, kills it, and returns its report line. */
}
