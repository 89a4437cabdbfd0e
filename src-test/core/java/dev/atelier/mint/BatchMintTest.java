package dev.atelier.mint;

import static dev.atelier.mint.MintFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.CollectionContractV2;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.content.AssetExport;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minting into a version 2 collection through the real studio on a real Anvil node: a batch of
 * several assets end to end with each token checked on-chain, a plan cut into batches by a small
 * gas cap, and the versions kept apart (a version 1 collection still mints one token a
 * transaction).
 */
class BatchMintTest {

  private static Devnet devnet;
  private static Transactions txs;

  @TempDir Path home;
  Studio studio;
  UnlockedAccount artist;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    txs = new Transactions(devnet.rpc(), Devnet.CHAIN_ID);
  }

  @AfterAll
  static void stopDevnet() {
    devnet.close();
  }

  @BeforeEach
  void open() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    MintFixtures.useDevnet(studio, devnet);
    artist = TestAccounts.unlocked(TestAccounts.KEY_0);
  }

  @AfterEach
  void close() {
    artist.close();
    studio.close();
  }

  static CollectionEntry deployV2(Studio studio, UnlockedAccount owner) {
    PreparedTransaction tx =
        studio.collections().prepareDeploy(txs, owner.address(), "Tide Pools", "TIDE", 500, 2);
    return studio.collections().deploy(txs, tx, owner, WAIT);
  }

  @Test
  void mintsSeveralAssetsInOneBatchAndEveryTokenVerifies() {
    CollectionEntry v2 = deployV2(studio, artist);
    assertThat(v2.version()).isEqualTo(2);
    List<Long> ids = new ArrayList<>();
    for (int seed = 1; seed <= 3; seed++) {
      ids.add(MintFixtures.signed(studio, home, seed, artist, Devnet.CHAIN_ID).id());
    }

    BatchPlan plan = studio.batchPlanner().plan(txs, v2.id(), ids, artist);
    assertThat(plan.batches()).hasSize(1);
    BatchPlan.Batch batch = plan.batches().getFirst();
    assertThat(batch.items()).extracting(BatchPlan.Item::assetId).containsExactlyElementsOf(ids);
    assertThat(batch.gasPerToken()).isPositive();
    assertThat(batch.gasPerToken().longValue()).isLessThan(BatchPlan.v1GasPerToken(3));
    assertThat(batch.v1ExpectedCostPerToken()).isGreaterThan(batch.expectedCostPerToken());
    assertThat(studio.catalog().mintJobs().ofAsset(ids.getFirst()))
        .as("planning writes nothing")
        .isEmpty();

    List<State> seen = new ArrayList<>();
    MintOutcome outcome =
        studio
            .batchMinter()
            .execute(plan, artist, WAIT, MintFixtures.statesOf(ids.getFirst(), seen));

    assertThat(outcome.stopped()).isEmpty();
    assertThat(outcome.allConfirmed(3)).isTrue();
    assertThat(seen).containsExactly(State.PENDING, State.SIGNED, State.SENT, State.CONFIRMED);
    assertThat(outcome.jobs())
        .extracting(MintJob::txHash)
        .containsOnly(outcome.jobs().getFirst().txHash());
    assertThat(outcome.jobs())
        .extracting(MintJob::batchId)
        .containsOnly(outcome.jobs().getFirst().id());
    AssetExport export = new AssetExport(studio.catalog(), studio.licenses());
    CollectionContractV2 contract = new CollectionContractV2(txs, v2.address());
    for (MintJob job : outcome.jobs()) {
      BigInteger digest = new BigInteger(1, export.prepare(job.assetId()).metadataCid().digest());
      assertThat(job.tokenId()).isEqualTo(digest.toString());
      OnChainProvenance check = studio.onChainCheck().check(txs, job);
      assertThat(check.problems()).isEmpty();
      assertThat(check.verified()).isTrue();
      assertThat(check.owner()).isEqualTo(artist.address());
      assertThat(contract.ownerOf(digest)).isEqualTo(artist.address());
    }

    assertThatThrownBy(() -> studio.batchPlanner().plan(txs, v2.id(), ids, artist))
        .isInstanceOfSatisfying(
            MintException.class,
            e -> assertThat(e.reason()).isEqualTo(MintException.Reason.ALREADY_MINTED));
  }

  @Test
  void aSmallGasCapCutsThePlanIntoBatchesThatEachFitAndAllMint() {
    CollectionEntry v2 = deployV2(studio, artist);
    List<Long> ids = new ArrayList<>();
    for (int seed = 11; seed <= 15; seed++) {
      ids.add(MintFixtures.signed(studio, home, seed, artist, Devnet.CHAIN_ID).id());
    }
    long cap = 280_000;
    BatchPlanner small =
        new BatchPlanner(
            studio.catalog(),
            new AssetExport(studio.catalog(), studio.licenses()),
            studio.collections(),
            studio.mintReconciler(),
            studio.mintPlanner(),
            cap);

    BatchPlan plan = small.plan(txs, v2.id(), ids, artist);

    assertThat(plan.batches()).hasSizeBetween(2, 5);
    assertThat(plan.tokenCount()).isEqualTo(5);
    assertThat(plan.batches())
        .allSatisfy(
            b -> assertThat(b.tx().gasEstimate()).isLessThanOrEqualTo(BigInteger.valueOf(cap)));
    assertThat(
            plan.batches().stream().flatMap(b -> b.items().stream()).map(BatchPlan.Item::assetId))
        .containsExactlyElementsOf(ids);

    MintOutcome outcome = studio.batchMinter().execute(plan, artist, WAIT, MintListener.NONE);
    assertThat(outcome.allConfirmed(5)).isTrue();
    assertThat(outcome.jobs().stream().map(MintJob::txHash).distinct())
        .hasSize(plan.batches().size());
    for (MintJob job : outcome.jobs()) {
      assertThat(studio.onChainCheck().check(txs, job).verified()).isTrue();
    }
  }

  @Test
  void eachVersionMintsItsOwnWayAndImportDetectsTheVersion() {
    CollectionEntry v1 = MintFixtures.deploy(studio, txs, artist);
    CollectionEntry v2 = deployV2(studio, artist);
    assertThat(v1.version()).isEqualTo(1);
    Asset a = MintFixtures.signed(studio, home, 21, artist, Devnet.CHAIN_ID);

    assertThatThrownBy(() -> studio.batchPlanner().plan(txs, v1.id(), List.of(a.id()), artist))
        .isInstanceOfSatisfying(
            MintException.class,
            e -> assertThat(e.reason()).isEqualTo(MintException.Reason.OTHER_VERSION));
    assertThatThrownBy(
            () -> studio.mintPlanner().plan(txs, v2.id(), List.of(a.id()), artist.address(), false))
        .isInstanceOfSatisfying(
            MintException.class,
            e -> assertThat(e.reason()).isEqualTo(MintException.Reason.OTHER_VERSION));

    MintPlan plan =
        studio.mintPlanner().plan(txs, v1.id(), List.of(a.id()), artist.address(), false);
    MintOutcome outcome = studio.minter().execute(plan, artist, WAIT, MintListener.NONE);
    assertThat(outcome.allConfirmed(1)).isTrue();
    MintJob job = outcome.jobs().getFirst();
    assertThat(job.batchId()).isNull();
    assertThat(studio.onChainCheck().check(txs, job).verified()).isTrue();

    Studio other = Studio.start(AppDirs.under(home.resolve("other")), Clock.systemUTC());
    try {
      assertThat(other.collections().importCollection(txs, v2.address()).version()).isEqualTo(2);
      assertThat(other.collections().importCollection(txs, v1.address()).version()).isEqualTo(1);
    } finally {
      other.close();
    }
  }
}
