package dev.atelier.mint;

import static dev.atelier.mint.MintFixtures.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.MintJob;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.ChainException;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.JsonRpc;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.content.AssetExport;
import dev.atelier.license.Licenses;
import dev.atelier.wallet.TestAccounts;
import dev.atelier.wallet.UnlockedAccount;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Minting through the real studio (catalog file, signed PNGs, content ids) into a collection on a
 * real Anvil node: the happy path with the token read back from the chain, and the refusals and
 * failures an artist meets.
 */
class MintServiceTest {

  private static Devnet devnet;
  private static Transactions txs;

  @TempDir Path home;
  Studio studio;
  UnlockedAccount artist;
  CollectionEntry collection;

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
  }

  @AfterEach
  void close() {
    artist.close();
    studio.close();
  }

  @Test
  void mintsSignedAssetsAndTheChainHoldsTheirProvenance() {
    Asset a = MintFixtures.signed(studio, home, 1, artist, Devnet.CHAIN_ID);
    Asset b = MintFixtures.signed(studio, home, 2, artist, Devnet.CHAIN_ID);
    assertThat(collection.ownerAddress()).isEqualTo(artist.address());
    assertThat(collection.deployTxHash()).startsWith("0x");

    MintPlan plan =
        studio
            .mintPlanner()
            .plan(txs, collection.id(), List.of(a.id(), b.id()), artist.address(), false);
    assertThat(plan.items()).hasSize(2);
    assertThat(plan.gasEstimate()).isPositive();
    assertThat(plan.maxCost()).isGreaterThanOrEqualTo(plan.expectedCost()).isPositive();
    AssetExport.Publishable content =
        new AssetExport(studio.catalog(), studio.licenses()).prepare(a.id());
    assertThat(plan.items().getFirst().tokenUri()).isEqualTo(content.metadataCid().ipfsUri());
    assertThat(studio.catalog().mintJobs().ofAsset(a.id())).as("planning writes nothing").isEmpty();

    List<State> seen = new ArrayList<>();
    MintOutcome outcome =
        studio.minter().execute(plan, artist, WAIT, MintFixtures.statesOf(a.id(), seen));

    assertThat(outcome.stopped()).isEmpty();
    assertThat(outcome.allConfirmed(2)).isTrue();
    assertThat(seen).containsExactly(State.PENDING, State.SIGNED, State.SENT, State.CONFIRMED);
    MintJob first = outcome.jobs().getFirst();
    assertThat(first.tokenId()).isEqualTo("1");
    assertThat(outcome.jobs().get(1).tokenId()).isEqualTo("2");
    assertThat(first.blockNumber()).isPositive();
    assertThat(first.nonce()).isNotNull();
    assertThat(studio.catalog().mintJobs().find(first.id()).orElseThrow()).isEqualTo(first);

    OnChainProvenance onChain = studio.onChainCheck().check(txs, first);
    assertThat(onChain.problems()).isEmpty();
    assertThat(onChain.verified()).isTrue();
    assertThat(onChain.owner()).isEqualTo(artist.address());
    assertThat(onChain.tokenUri()).isEqualTo(content.metadataCid().ipfsUri());
    assertThat(onChain.licenseId()).isEqualTo(Licenses.CC_BY);

    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(a.id()), artist.address(), false))
        .isInstanceOf(MintException.class)
        .hasMessageContaining("already token 1")
        .extracting(e -> ((MintException) e).reason())
        .isEqualTo(MintException.Reason.ALREADY_MINTED);
  }

  @Test
  void mintingTheSameAssetsAgainMintsWhatIsLeftAndNamesWhatWasMinted() {
    Asset a = MintFixtures.signed(studio, home, 12, artist, Devnet.CHAIN_ID);
    Asset b = MintFixtures.signed(studio, home, 13, artist, Devnet.CHAIN_ID);
    Asset c = MintFixtures.signed(studio, home, 14, artist, Devnet.CHAIN_ID);
    MintOutcome first =
        studio
            .minter()
            .execute(
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(a.id()), artist.address(), false),
                artist,
                WAIT,
                MintListener.NONE);
    MintJob minted = first.jobs().getFirst();

    MintPlan rest =
        studio
            .mintPlanner()
            .plan(txs, collection.id(), List.of(a.id(), b.id(), c.id()), artist.address(), false);

    assertThat(rest.items()).extracting(MintPlan.Item::assetId).containsExactly(b.id(), c.id());
    assertThat(rest.earlier()).containsExactly(minted);
    MintOutcome outcome = studio.minter().execute(rest, artist, WAIT, MintListener.NONE);
    assertThat(outcome.allConfirmed(2)).isTrue();
    assertThat(outcome.jobs()).extracting(MintJob::tokenId).containsExactly("2", "3");
    assertThat(outcome.earlier()).containsExactly(minted);
    assertThat(new CollectionContract(txs, collection.address()).nextTokenId()).isEqualTo(4);

    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(a.id(), c.id()), artist.address(), false))
        .isInstanceOf(MintException.class)
        .hasMessageContaining("Nothing is left to mint")
        .hasMessageContaining("asset " + c.id() + " is already token 3")
        .satisfies(MintServiceTest::namesNoCommand)
        .extracting(e -> ((MintException) e).reason())
        .isEqualTo(MintException.Reason.ALREADY_MINTED);
  }

  @Test
  void theOnChainCheckNoticesATokenWhoseProvenanceIsNotTheAssets() {
    Asset a = MintFixtures.signed(studio, home, 3, artist, Devnet.CHAIN_ID);
    Asset b = MintFixtures.signed(studio, home, 4, artist, Devnet.CHAIN_ID);
    MintOutcome outcome =
        studio
            .minter()
            .execute(
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(a.id()), artist.address(), false),
                artist,
                WAIT,
                MintListener.NONE);
    MintJob job = outcome.jobs().getFirst();
    // The same token claimed for another asset: its record is not that asset's.
    MintJob misfiled =
        new MintJob(
            job.id(),
            b.id(),
            job.collectionId(),
            job.state(),
            job.nonce(),
            job.signedTx(),
            job.txHash(),
            job.tokenId(),
            job.blockNumber(),
            null,
            job.createdAt(),
            job.updatedAt());

    OnChainProvenance check = studio.onChainCheck().check(txs, misfiled);

    assertThat(check.verified()).isFalse();
    assertThat(check.recordMatches()).isFalse();
    assertThat(check.problems()).isNotEmpty();
  }

  @Test
  void recordOnChainPutsTheCanonicalRecordInTheCallData() {
    Asset a = MintFixtures.signed(studio, home, 5, artist, Devnet.CHAIN_ID);
    MintPlan small =
        studio.mintPlanner().plan(txs, collection.id(), List.of(a.id()), artist.address(), false);
    MintPlan full =
        studio.mintPlanner().plan(txs, collection.id(), List.of(a.id()), artist.address(), true);

    assertThat(full.items().getFirst().proof().prompt()).isNotEmpty();
    assertThat(small.items().getFirst().proof().prompt()).isEmpty();
    assertThat(full.gasEstimate()).isGreaterThan(small.gasEstimate());
    MintOutcome outcome = studio.minter().execute(full, artist, WAIT, MintListener.NONE);
    assertThat(outcome.allConfirmed(1)).isTrue();
    assertThat(studio.onChainCheck().check(txs, outcome.jobs().getFirst()).verified()).isTrue();
  }

  @Test
  void anAssetMustBeSignedForTheCollectionsChainByItsOwner() {
    Asset unsigned = MintFixtures.variant(studio, home, 6);
    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(unsigned.id()), artist.address(), false))
        .isInstanceOf(MintException.class)
        .hasMessageContaining("not signed yet")
        .hasMessageContaining("for chain 31337")
        .satisfies(MintServiceTest::namesNoCommand)
        .satisfies(
            e -> {
              MintException m = (MintException) e;
              assertThat(m.reason()).isEqualTo(MintException.Reason.NOT_SIGNED);
              assertThat(m.assetId()).hasValue(unsigned.id());
              assertThat(m.chainId()).hasValue(31337);
              assertThat(m.account()).hasValue(artist.address());
              assertThat(m.licenseId()).isEmpty();
            });

    Asset otherChain = MintFixtures.signed(studio, home, 7, artist, 11155111);
    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(otherChain.id()), artist.address(), false))
        .isInstanceOf(MintException.class)
        .hasMessageContaining("for chain 11155111")
        .satisfies(MintServiceTest::namesNoCommand)
        .satisfies(
            e -> {
              MintException m = (MintException) e;
              assertThat(m.assetId()).hasValue(otherChain.id());
              assertThat(m.chainId()).hasValue(31337);
              assertThat(m.licenseId()).hasValue("CC-BY-4.0");
            });

    try (UnlockedAccount stranger = TestAccounts.unlocked(TestAccounts.KEY_1)) {
      Asset theirs = MintFixtures.signed(studio, home, 8, stranger, Devnet.CHAIN_ID);
      assertThatThrownBy(
              () ->
                  studio
                      .mintPlanner()
                      .plan(txs, collection.id(), List.of(theirs.id()), artist.address(), false))
          .isInstanceOf(MintException.class)
          .hasMessageContaining("signed by " + stranger.address());
      assertThatThrownBy(
              () ->
                  studio
                      .mintPlanner()
                      .plan(txs, collection.id(), List.of(theirs.id()), stranger.address(), false))
          .isInstanceOf(MintException.class)
          .extracting(e -> ((MintException) e).reason())
          .isEqualTo(MintException.Reason.NOT_OWNER);
    }
    assertThat(studio.catalog().mintJobs().recent(10)).isEmpty();
  }

  @Test
  void anUnfundedWalletFailsBeforeSendingAndTheAssetCanBeMintedOnceFunded() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String hex = java.util.HexFormat.of().formatHex(key);
    try (UnlockedAccount poor = TestAccounts.unlocked(hex)) {
      devnet.fund(poor.address(), BigInteger.TEN.pow(18));
      CollectionEntry own = MintFixtures.deploy(studio, txs, poor);
      Asset a = MintFixtures.signed(studio, home, 9, poor, Devnet.CHAIN_ID);
      MintPlan plan =
          studio.mintPlanner().plan(txs, own.id(), List.of(a.id()), poor.address(), false);
      devnet.fund(poor.address(), BigInteger.ZERO);

      MintOutcome broke = studio.minter().execute(plan, poor, WAIT, MintListener.NONE);

      assertThat(broke.stopped()).get().asString().contains("Insufficient funds");
      MintJob failed = broke.jobs().getFirst();
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.signedTx()).as("nothing was signed").isNull();
      assertThat(failed.error()).contains("Not sent").contains("Insufficient funds");
      assertThat(new CollectionContract(txs, own.address()).nextTokenId()).isEqualTo(1);

      devnet.fund(poor.address(), BigInteger.TEN.pow(18));
      MintOutcome funded =
          studio
              .minter()
              .execute(
                  studio.mintPlanner().plan(txs, own.id(), List.of(a.id()), poor.address(), false),
                  poor,
                  WAIT,
                  MintListener.NONE);
      assertThat(funded.allConfirmed(1)).isTrue();
      assertThat(funded.jobs().getFirst().tokenId()).isEqualTo("1");
    }
  }

  @Test
  void aCollectionOnAnotherChainOrANodeThatIsDownIsAClearError() {
    Asset a = MintFixtures.signed(studio, home, 10, artist, Devnet.CHAIN_ID);
    Transactions sepolia = new Transactions(devnet.rpc(), 11155111);
    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(sepolia, collection.id(), List.of(a.id()), artist.address(), false))
        .isInstanceOf(ChainException.class)
        .hasMessageContaining("is on chain 31337")
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(ChainException.Reason.WRONG_CHAIN);

    Transactions down =
        new Transactions(new JsonRpc("http://127.0.0.1:9", Duration.ofSeconds(2)), Devnet.CHAIN_ID);
    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(down, collection.id(), List.of(a.id()), artist.address(), false))
        .isInstanceOf(ChainException.class)
        .extracting(e -> ((ChainException) e).reason())
        .isEqualTo(ChainException.Reason.UNREACHABLE);
    assertThat(studio.catalog().mintJobs().recent(10)).isEmpty();
  }

  @Test
  void aChangedImageIsRefusedBeforeAnythingIsSigned() throws Exception {
    Asset a = MintFixtures.signed(studio, home, 11, artist, Devnet.CHAIN_ID);
    Path file = Path.of(a.filePath());
    byte[] bytes = java.nio.file.Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 1;
    java.nio.file.Files.write(file, bytes);

    assertThatThrownBy(
            () ->
                studio
                    .mintPlanner()
                    .plan(txs, collection.id(), List.of(a.id()), artist.address(), false))
        .hasMessageContaining("was changed after it was signed");
    assertThat(studio.catalog().mintJobs().recent(10)).isEmpty();
  }

  @Test
  void importingACollectionReadsItFromTheChainOnce() {
    MintFixtures.useDevnet(studio, devnet);
    Optional<CollectionEntry> known =
        studio.catalog().collections().find(Devnet.CHAIN_ID, collection.address().toLowerCase());
    assertThat(known).contains(collection);
    assertThat(studio.collections().importCollection(txs, collection.address()))
        .isEqualTo(collection);

    try (Studio other = Studio.start(AppDirs.under(home.resolve("other")), Clock.systemUTC())) {
      CollectionEntry imported = other.collections().importCollection(txs, collection.address());
      assertThat(imported.name()).isEqualTo("Tide Pools");
      assertThat(imported.symbol()).isEqualTo("TIDE");
      assertThat(imported.ownerAddress()).isEqualTo(artist.address());
      assertThat(other.collections().collections()).containsExactly(imported);
      assertThatThrownBy(() -> other.collections().importCollection(txs, artist.address()))
          .as("an account is not a contract")
          .isInstanceOf(ChainException.class);
    }
  }

  /** A core message says what is wrong in plain words; the front ends add how to fix it. */
  static void namesNoCommand(Throwable e) {
    assertThat(e.getMessage()).doesNotContainPattern("atelier [a-z]").doesNotContain("--");
  }
}
