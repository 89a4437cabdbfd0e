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
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.config.SavedNetworks;
import dev.atelier.config.Settings;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

/**
 * What a real network does to sent transactions, on a real Anvil node: a transaction dropped from
 * the pool, one replaced by another at its nonce, an answer lost after the node took it, a node
 * that refuses it, one mined but reverted. Each leaves at most one token per asset, and a job state
 * that says what happened.
 */
class MintRecoveryTest {

  private static final Duration SHORT = Duration.ofMillis(600);

  private static Devnet devnet;
  private static Transactions txs;

  @TempDir Path home;
  Studio studio;
  UnlockedAccount artist;
  CollectionEntry collection;
  CollectionContract contract;

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
    collection = MintFixtures.deploy(studio, txs, artist);
    contract = new CollectionContract(txs, collection.address());
  }

  @AfterEach
  void close() {
    automine(true);
    artist.close();
    studio.close();
  }

  @Test
  void aTransactionDroppedFromThePoolIsSentAgainUnchanged() {
    Asset a = MintFixtures.signed(studio, home, 1, artist, Devnet.CHAIN_ID);
    MintPlan plan = plan(a);
    automine(false);

    MintJob sent =
        studio.minter().execute(plan, artist, SHORT, MintListener.NONE).jobs().getFirst();
    assertThat(sent.state()).as("no block yet").isEqualTo(State.SENT);
    devnet.rpc().call("anvil_dropTransaction", sent.txHash());
    assertThat(txs.isKnown(sent.txHash())).isFalse();

    Reconciliation r = studio.mintReconciler().reconcile(txs);
    assertThat(r.resent()).isEqualTo(1);
    assertThat(txs.isKnown(sent.txHash())).as("the same hash: the same signed bytes").isTrue();
    assertThat(r.jobs()).extracting(MintJob::state).containsExactly(State.SENT);
    mine();

    MintJob done = studio.mintReconciler().awaitPending(txs, MintFixtures.WAIT).jobs().getFirst();
    assertThat(done.state()).isEqualTo(State.CONFIRMED);
    assertThat(done.txHash()).isEqualTo(sent.txHash());
    assertThat(contract.nextTokenId()).as("exactly one token").isEqualTo(2);
  }

  @Test
  void aTransactionReplacedAtItsNonceFailsAndTheAssetCanBeMintedAgain() {
    Asset a = MintFixtures.signed(studio, home, 2, artist, Devnet.CHAIN_ID);
    MintPlan plan = plan(a);
    automine(false);
    MintJob sent =
        studio.minter().execute(plan, artist, SHORT, MintListener.NONE).jobs().getFirst();
    devnet.rpc().call("anvil_dropTransaction", sent.txHash());

    // Another transaction from the same account takes the nonce and is mined.
    PreparedTransaction transfer =
        txs.prepare(
            artist.address(),
            "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
            new byte[0],
            BigInteger.ONE,
            null);
    txs.broadcast(txs.sign(transfer, artist, BigInteger.valueOf(sent.nonce())));
    mine();

    MintJob replaced = studio.mintReconciler().reconcile(txs).jobs().getFirst();
    assertThat(replaced.state()).isEqualTo(State.FAILED);
    assertThat(replaced.error()).startsWith("Replaced: nonce " + sent.nonce());
    assertThat(contract.nextTokenId()).isEqualTo(1);

    automine(true);
    MintOutcome again =
        studio.minter().execute(plan(a), artist, MintFixtures.WAIT, MintListener.NONE);
    assertThat(again.allConfirmed(1)).isTrue();
    assertThat(contract.nextTokenId()).isEqualTo(2);
    assertThat(studio.catalog().mintJobs().ofAsset(a.id()))
        .extracting(MintJob::state)
        .containsExactly(State.CONFIRMED, State.FAILED);
  }

  @Test
  void anAnswerLostAfterTheNodeTookTheTransactionIsReconciledWithoutSendingAgain()
      throws Exception {
    Asset a = MintFixtures.signed(studio, home, 3, artist, Devnet.CHAIN_ID);
    try (FaultyNode node = new FaultyNode(devnet.rpcUrl())) {
      Transactions flaky = new Transactions(new JsonRpc(node.url()), Devnet.CHAIN_ID);
      MintPlan plan =
          studio
              .mintPlanner()
              .plan(flaky, collection.id(), List.of(a.id()), artist.address(), false);
      node.send(FaultyNode.Send.LOSE_ANSWER);

      MintOutcome outcome = studio.minter().execute(plan, artist, SHORT, MintListener.NONE);

      MintJob kept = outcome.jobs().getFirst();
      assertThat(kept.state()).as("not known to be sent").isEqualTo(State.SIGNED);
      assertThat(kept.signedTx()).startsWith("0x02");
      assertThat(outcome.stopped()).get().asString().contains("is kept and is sent again");
    }
    Reconciliation r = studio.mintReconciler().reconcile(txs);
    assertThat(r.resent()).as("the node had it").isZero();
    assertThat(r.jobs()).extracting(MintJob::state).containsExactly(State.CONFIRMED);
    assertThat(contract.nextTokenId()).isEqualTo(2);
  }

  @Test
  void aTransactionTheNodeRefusesFailsAndFreesTheAsset() throws Exception {
    Asset a = MintFixtures.signed(studio, home, 4, artist, Devnet.CHAIN_ID);
    try (FaultyNode node = new FaultyNode(devnet.rpcUrl())) {
      Transactions flaky = new Transactions(new JsonRpc(node.url()), Devnet.CHAIN_ID);
      MintPlan plan =
          studio
              .mintPlanner()
              .plan(flaky, collection.id(), List.of(a.id()), artist.address(), false);
      node.send(FaultyNode.Send.REFUSE);

      MintOutcome outcome = studio.minter().execute(plan, artist, SHORT, MintListener.NONE);

      assertThat(outcome.jobs()).extracting(MintJob::state).containsExactly(State.FAILED);
      assertThat(outcome.jobs().getFirst().error())
          .startsWith("The node refused the transaction")
          .contains("transaction pool is full");
      assertThat(outcome.stopped()).get().asString().contains("transaction pool is full");
    }
    assertThat(contract.nextTokenId()).isEqualTo(1);
    MintOutcome again =
        studio.minter().execute(plan(a), artist, MintFixtures.WAIT, MintListener.NONE);
    assertThat(again.allConfirmed(1)).isTrue();
  }

  @Test
  void aMintThatRevertsOnChainFailsWithTheContractsReason() {
    Asset a = MintFixtures.signed(studio, home, 5, artist, Devnet.CHAIN_ID);
    MintPlan plan = plan(a);
    // Between the simulation and the send, the collection changes hands.
    byte[] handOver =
        Numeric.hexStringToByteArray(
            FunctionEncoder.encode(
                new Function(
                    "transferOwnership",
                    List.of(new Address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")),
                    List.of())));
    txs.send(
        txs.prepare(artist.address(), collection.address(), handOver, BigInteger.ZERO, null),
        artist);

    MintOutcome outcome =
        studio.minter().execute(plan, artist, MintFixtures.WAIT, MintListener.NONE);

    MintJob failed = outcome.jobs().getFirst();
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error())
        .startsWith("Reverted in block")
        .contains("OwnableUnauthorizedAccount");
    assertThat(contract.nextTokenId()).isEqualTo(1);
  }

  @Test
  void aMintUnderWayIsLeftOutOfANewPlanAndRefusedAlone() {
    Asset a = MintFixtures.signed(studio, home, 7, artist, Devnet.CHAIN_ID);
    Asset b = MintFixtures.signed(studio, home, 8, artist, Devnet.CHAIN_ID);
    MintPlan plan = plan(a);
    automine(false);
    MintJob sent =
        studio.minter().execute(plan, artist, SHORT, MintListener.NONE).jobs().getFirst();
    assertThat(sent.state()).isEqualTo(State.SENT);

    MintPlan rest =
        studio
            .mintPlanner()
            .plan(txs, collection.id(), List.of(a.id(), b.id()), artist.address(), false);
    assertThat(rest.items()).extracting(MintPlan.Item::assetId).containsExactly(b.id());
    assertThat(rest.earlier()).extracting(MintJob::id).containsExactly(sent.id());
    assertThatThrownBy(() -> plan(a))
        .isInstanceOf(MintException.class)
        .hasMessageContaining("is being minted into Tide Pools (job " + sent.id() + ", SENT")
        .satisfies(MintServiceTest::namesNoCommand)
        .satisfies(
            e -> {
              MintException m = (MintException) e;
              assertThat(m.reason()).isEqualTo(MintException.Reason.IN_PROGRESS);
              assertThat(m.jobId()).hasValue(sent.id());
              assertThat(m.assetId()).hasValue(a.id());
            });

    automine(true);
    MintOutcome outcome =
        studio.minter().execute(rest, artist, MintFixtures.WAIT, MintListener.NONE);
    assertThat(outcome.allConfirmed(1)).isTrue();
    assertThat(outcome.earlier())
        .as("the earlier job is followed to its receipt too")
        .extracting(MintJob::state)
        .containsExactly(State.CONFIRMED);
    assertThat(contract.nextTokenId()).isEqualTo(3);
  }

  @Test
  void startUpRecoveryWaitsWhenTheNetworkDoesNotAnswer() {
    Asset a = MintFixtures.signed(studio, home, 6, artist, Devnet.CHAIN_ID);
    MintPlan plan = plan(a);
    automine(false);
    MintJob sent =
        studio.minter().execute(plan, artist, SHORT, MintListener.NONE).jobs().getFirst();
    mine();
    studio.close();
    Settings settings = Settings.load(AppDirs.under(home).settingsFile());
    SavedNetworks.open(settings, AppDirs.under(home))
        .put(devnet.network().withRpcUrl("http://127.0.0.1:9"));

    try (Studio offline = Studio.start(AppDirs.under(home), Clock.systemUTC())) {
      assertThat(offline.settleUnfinishedMints(SHORT)).as("no node answered").isEmpty();
      assertThat(offline.catalog().mintJobs().find(sent.id()).orElseThrow().state())
          .as("left for later")
          .isEqualTo(State.SENT);
    }
    SavedNetworks.open(Settings.load(AppDirs.under(home).settingsFile()), AppDirs.under(home))
        .put(devnet.network());
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    assertThat(studio.catalog().mintJobs().find(sent.id()).orElseThrow().state())
        .as("starting the studio talks to no network")
        .isEqualTo(State.SENT);
    assertThat(studio.settleUnfinishedMints(SHORT))
        .as("what was settled, by chain")
        .containsOnlyKeys(Devnet.CHAIN_ID);
    assertThat(studio.catalog().mintJobs().find(sent.id()).orElseThrow().state())
        .as("settled once the node answers")
        .isEqualTo(State.CONFIRMED);
    assertThat(studio.mintsSettled().get(Devnet.CHAIN_ID).jobs()).hasSize(1);
    assertThat(studio.settleUnfinishedMints(SHORT)).as("nothing left the second time").isEmpty();
  }

  private MintPlan plan(Asset a) {
    return studio
        .mintPlanner()
        .plan(txs, collection.id(), List.of(a.id()), artist.address(), false);
  }

  private static void automine(boolean on) {
    devnet.rpc().call("evm_setAutomine", on);
  }

  private static void mine() {
    devnet.rpc().call("evm_mine");
  }
}
