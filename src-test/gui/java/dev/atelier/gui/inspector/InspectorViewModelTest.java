package dev.atelier.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.MintJob.State;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.Network;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.gui.inspector.AssetInfo.SignatureState;
import dev.atelier.license.Licenses;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector and mint panels' view-model on a real studio, work on the test thread: provenance
 * shown, signing with the wallet (a wrong password first), then on a local devnet started from the
 * panel a collection deployed, the fee estimated and the images minted and checked on-chain.
 */
class InspectorViewModelTest {

  static final String PASSWORD = "Atelier-test-pw-7";

  /** A key no devnet funds by itself, so starting the devnet must fund it. */
  static final String KEY = "0x" + "4c".repeat(32);

  @TempDir Path home;
  Studio studio;
  String address;
  final AssetSelection selection = new AssetSelection();
  final Notices notices = new Notices();
  final FakePrompt prompt = new FakePrompt();
  InspectorViewModel inspector;

  /** Answers from a queue (null: cancel) and records what it was asked. */
  static final class FakePrompt implements PasswordPrompt {
    final Deque<String> answers = new ArrayDeque<>();
    final List<String> asked = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    Runnable onAsk = () -> {};

    @Override
    public Optional<char[]> ask(String title, String address, String problem) {
      asked.add(title);
      problems.add(problem);
      onAsk.run();
      String answer = answers.poll();
      return answer == null ? Optional.empty() : Optional.of(answer.toCharArray());
    }
  }

  @BeforeEach
  void open() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    address =
        studio.wallet().importPrivateKey(KEY.toCharArray(), PASSWORD.toCharArray(), "me").address();
    inspector =
        new InspectorViewModel(studio, selection, BackgroundRunner.sameThread(), notices, prompt);
  }

  @AfterEach
  void close() {
    studio.close();
  }

  @Test
  void showsProvenanceAndSignsWithThePasswordAfterAWrongOne() {
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 3);
    assertThat(inspector.summaryProperty().get()).startsWith("Select an image");
    assertThat(inspector.mint().accountProperty().get()).isEqualTo(address);

    selection.select(asset.id());

    AssetInfo info = inspector.currentProperty().get();
    assertThat(info.signature()).isEqualTo(SignatureState.NOT_SIGNED);
    assertThat(info.field("Prompt")).isEqualTo("tide pools at dusk #3");
    assertThat(info.field("Seed")).isEqualTo("3");
    assertThat(info.field("Minted")).isEqualTo("Not minted");
    assertThat(info.png()).as("the verified bytes, to show").isNotEmpty();
    assertThat(inspector.summaryProperty().get()).contains("not signed");
    assertThat(inspector.canSignProperty().get()).as("no license chosen yet").isFalse();

    inspector.licenseProperty().set(license(Licenses.CC_BY));
    assertThat(inspector.licenseSummaryProperty().get()).isNotBlank();
    assertThat(inspector.permissions())
        .contains(new InspectorViewModel.Permission("Credit required", true));
    assertThat(inspector.canSignProperty().get()).isTrue();
    assertThat(inspector.signLabelProperty().get()).isEqualTo("Sign and embed");

    // A wrong password, then cancel: asked again with the reason, nothing written.
    prompt.answers.add("not-the-password-1");
    inspector.sign();
    assertThat(prompt.problems).containsExactly("", Unlocker.WRONG_PASSWORD);
    assertThat(inspector.messageProperty().get()).isEqualTo("Cancelled: nothing was signed");
    assertThat(studio.catalog().provenance().latestFor(asset.id())).isEmpty();
    assertThat(inspector.currentProperty().get().signature()).isEqualTo(SignatureState.NOT_SIGNED);

    // A wrong password, then the right one.
    prompt.problems.clear();
    prompt.answers.add("not-the-password-1");
    prompt.answers.add(PASSWORD);
    prompt.onAsk =
        () ->
            assertThat(studio.catalog().provenance().latestFor(asset.id()))
                .as("nothing written before the right password")
                .isEmpty();
    inspector.sign();

    assertThat(prompt.problems).containsExactly("", Unlocker.WRONG_PASSWORD);
    assertThat(prompt.asked.getLast()).contains("CC-BY-4.0").contains("chain 31337");
    info = inspector.currentProperty().get();
    assertThat(info.signature()).isEqualTo(SignatureState.VALID);
    assertThat(info.signer()).isEqualToIgnoringCase(address);
    assertThat(info.chainId()).isEqualTo(31337L);
    assertThat(info.field("Creator")).isEqualToIgnoringCase(address);
    assertThat(info.field("License")).isEqualTo(Licenses.CC_BY);
    String record =
        studio.catalog().provenance().latestFor(asset.id()).orElseThrow().recordSha256();
    AssetInfo.Field recordHash =
        info.fields().stream()
            .filter(f -> f.label().equals("Record hash"))
            .findFirst()
            .orElseThrow();
    assertThat(recordHash.value()).as("shown shortened").isEqualTo(record.substring(0, 12) + "…");
    assertThat(recordHash.full()).as("the whole hash, to hover and copy").isEqualTo(record);
    assertThat(info.fields())
        .filteredOn(f -> List.of("Weights", "Terms hash", "Pixels hash").contains(f.label()))
        .hasSize(3)
        .allSatisfy(
            f -> {
              assertThat(f.full()).hasSizeGreaterThan(16).startsWith(f.value().replace("…", ""));
              assertThat(f.value()).hasSize(13).endsWith("…");
            });
    assertThat(info.fields())
        .filteredOn(f -> f.label().equals("Seed"))
        .singleElement()
        .satisfies(f -> assertThat(f.full()).as("not shortened").isNull());
    inspector.valueCopied(recordHash);
    assertThat(notices.shown())
        .extracting(Notices.Notice::title, Notices.Notice::detail)
        .contains(org.assertj.core.groups.Tuple.tuple("Record hash copied", record));
    assertThat(info.checks()).contains("C2PA manifest valid", "Pixels are the signed ones");
    assertThat(info.problems()).isEmpty();
    assertThat(inspector.canSignProperty().get()).as("signed for this network").isFalse();
    assertThat(studio.wallet().unlocked(address)).as("locked again after the action").isEmpty();
    assertThat(notices.shown()).extracting(Notices.Notice::title).contains("Signed 1 image");

    // Another network: signing for it is offered.
    Network sepolia =
        inspector.mint().networks().stream()
            .filter(n -> n.name().equals("Sepolia"))
            .findFirst()
            .orElseThrow();
    inspector.mint().networkProperty().set(sepolia);
    assertThat(inspector.signLabelProperty().get()).isEqualTo("Sign for this network");
    assertThat(inspector.signHintProperty().get()).contains("chain 11155111");
    assertThat(inspector.canSignProperty().get()).isTrue();
  }

  @Test
  void startsTheDevnetDeploysEstimatesAndMintsSeveralImages() {
    Asset a = Fixtures.signableAsset(studio, home.resolve("images"), 1);
    Asset b = Fixtures.signableAsset(studio, home.resolve("images"), 2);
    selection.select(List.of(a.id(), b.id()));
    inspector.licenseProperty().set(license(Licenses.CC_BY));
    prompt.answers.add(PASSWORD);
    inspector.sign();
    assertThat(inspector.assets())
        .allSatisfy(i -> assertThat(i.signedFor(address, 31337)).isTrue());
    assertThat(inspector.summaryProperty().get()).isEqualTo("2 images selected · 2 signed");

    MintViewModel mint = inspector.mint();
    assertThat(mint.networkProperty().get().name()).isEqualTo(Network.LOCAL_DEVNET);
    assertThat(mint.devnetRunningProperty().get()).isFalse();
    mint.estimate();
    assertThat(mint.messageProperty().get())
        .isEqualTo("Choose a collection, or deploy one, on Local devnet");

    mint.startDevnet();
    assertThat(mint.devnetRunningProperty().get())
        .as(() -> notices.shown() + " " + mint.messageProperty().get())
        .isTrue();
    assertThat(mint.messageProperty().get()).contains("1 account(s) got 100 ETH");
    assertThat(mint.networkStatusProperty().get()).startsWith("Running on http://127.0.0.1:");

    mint.collectionNameProperty().set("Tide Pools");
    mint.collectionSymbolProperty().set("TIDE");
    mint.royaltyPercentProperty().set(51);
    mint.deployCollection();
    assertThat(mint.messageProperty().get()).isEqualTo("A royalty is 0 to 50 % of each resale");
    mint.royaltyPercentProperty().set(7);
    assertThat(mint.deployVersionTwoProperty().get()).as("new collections are version 2").isTrue();
    mint.deployVersionTwoProperty().set(false); // this test follows a version 1 collection
    prompt.answers.add(PASSWORD);
    mint.deployCollection();
    assertThat(prompt.asked.getLast()).startsWith("Deploy Tide Pools (TIDE): at most ");
    assertThat(mint.collectionProperty().get().symbol()).isEqualTo("TIDE");
    assertThat(mint.collectionProperty().get().version()).isEqualTo(1);
    CollectionContract deployed =
        new CollectionContract(
            new Transactions(studio.devnet().rpc(), 31337),
            mint.collectionProperty().get().address());
    assertThat(deployed.royaltyInfo(1, BigInteger.valueOf(10_000)).amount())
        .as("7 % of a sale of 10000 wei")
        .isEqualTo(BigInteger.valueOf(700));
    assertThat(mint.collections()).hasSize(1);

    assertThat(mint.canMintProperty().get()).isFalse();
    mint.estimate();
    assertThat(mint.feeProperty().get()).startsWith("2 tokens · gas ≈ ").contains("at most");
    assertThat(mint.canMintProperty().get()).isTrue();

    List<String> seen = new ArrayList<>();
    mint.progress()
        .subscribe(
            () ->
                mint.progress().stream()
                    .filter(p -> p.assetId() == a.id() && p.state() != null)
                    .map(p -> p.state().name())
                    .reduce((x, y) -> y)
                    .filter(s -> seen.isEmpty() || !seen.getLast().equals(s))
                    .ifPresent(seen::add));
    prompt.answers.add(PASSWORD);
    mint.mint();

    assertThat(seen).containsSubsequence("PENDING", "SENT", "CONFIRMED");
    assertThat(mint.progress()).hasSize(2);
    MintProgress first = mint.progress().getFirst();
    assertThat(first.state()).isEqualTo(State.CONFIRMED);
    assertThat(first.tokenId()).isEqualTo("1");
    assertThat(first.detail())
        .contains("token #1")
        .contains(" · ipfs://bafkrei")
        .contains("provenance verified on-chain");
    assertThat(mint.progress().get(1).tokenId()).isEqualTo("2");
    assertThat(notices.shown()).extracting(Notices.Notice::title).contains("Minted 2 tokens");
    assertThat(inspector.currentProperty().get().field("Minted")).isEqualTo("TIDE #1");
    assertThat(mint.canMintProperty().get()).as("a plan mints once").isFalse();
    assertThat(studio.wallet().unlocked(address)).isEmpty();

    // An image not signed yet: the estimate says what to do here, not on the command line.
    Asset c = Fixtures.signableAsset(studio, home.resolve("images"), 3);
    selection.select(c.id());
    mint.estimate();
    assertThat(mint.messageProperty().get())
        .contains("is not signed yet")
        .endsWith("Use “Sign for this network” above.")
        .doesNotContain("atelier sign");
    assertThat(mint.canMintProperty().get()).isFalse();

    // Both minted already: plain words, no command line.
    selection.select(List.of(a.id(), b.id()));
    mint.estimate();
    assertThat(mint.messageProperty().get())
        .startsWith(
            "Nothing is left to mint: asset " + a.id() + " is already token 1 of Tide Pools")
        .doesNotContain("atelier");
    assertThat(mint.canMintProperty().get()).isFalse();
  }

  /**
   * A version 2 collection: the estimate asks for the password first (a cancel leaves the panel as
   * it was), then shows the batch with its fee and the cost per token against version 1, and the
   * mint goes through the batch minter, each token checked on-chain.
   */
  @Test
  void estimatesAVersionTwoCollectionInBatchesAgainstVersionOneAndMintsThem() {
    Asset a = Fixtures.signableAsset(studio, home.resolve("images"), 1);
    Asset b = Fixtures.signableAsset(studio, home.resolve("images"), 2);
    selection.select(List.of(a.id(), b.id()));
    inspector.licenseProperty().set(license(Licenses.CC_BY));
    prompt.answers.add(PASSWORD);
    inspector.sign();
    MintViewModel mint = inspector.mint();
    mint.startDevnet();
    assertThat(mint.devnetRunningProperty().get()).as(() -> notices.shown().toString()).isTrue();
    mint.collectionNameProperty().set("Tide Pools");
    mint.collectionSymbolProperty().set("TIDE");
    prompt.answers.add(PASSWORD);
    mint.deployCollection(); // version 2, the default
    assertThat(mint.collectionProperty().get().version()).isEqualTo(2);
    assertThat(mint.versionTwoProperty().get()).isTrue();

    int asked = prompt.asked.size();
    mint.estimate();
    assertThat(prompt.asked).hasSize(asked + 1);
    assertThat(prompt.asked.getLast())
        .isEqualTo("Sign the batches of 2 images for Tide Pools (no transaction is signed yet)");
    assertThat(mint.feeProperty().get()).as("cancelled: nothing priced").isEmpty();
    assertThat(mint.batches()).isEmpty();
    assertThat(mint.busyProperty().get()).isFalse();
    assertThat(mint.canMintProperty().get()).isFalse();

    prompt.answers.add(PASSWORD);
    mint.estimate();
    assertThat(mint.feeProperty().get())
        .as(() -> mint.messageProperty().get())
        .startsWith("2 tokens in 1 batch · gas ≈ ")
        .contains("at most");
    assertThat(mint.batches()).hasSize(1);
    BatchPlanWords.Line batch = mint.batches().getFirst();
    assertThat(batch.title()).isEqualTo("Batch 1: 2 token(s), license CC-BY-4.0");
    assertThat(batch.fee()).startsWith("Gas ≈ ").contains("expected cost").contains("base fee");
    assertThat(batch.perToken())
        .startsWith("Per token: gas ≈ ")
        .contains("; version 1 would take ≈ 348,352 gas, ")
        .matches(".*\\((0\\.\\d\\d)× of a version 1 mint\\)");
    double ratio = Double.parseDouble(batch.perToken().replaceAll(".*\\((0\\.\\d\\d)×.*", "$1"));
    assertThat(ratio).as("v2 against v1 per token").isGreaterThan(0).isLessThan(0.5);
    assertThat(mint.canMintProperty().get()).isTrue();
    assertThat(studio.wallet().unlocked(address)).as("locked again after pricing").isEmpty();

    List<String> seen = new ArrayList<>();
    mint.progress()
        .subscribe(
            () ->
                mint.progress().stream()
                    .filter(p -> p.assetId() == b.id() && p.state() != null)
                    .map(p -> p.state().name())
                    .reduce((x, y) -> y)
                    .filter(st -> seen.isEmpty() || !seen.getLast().equals(st))
                    .ifPresent(seen::add));
    prompt.answers.add(PASSWORD);
    mint.mint();

    assertThat(prompt.asked.getLast()).startsWith("Mint 2 images in 1 batch: at most ");
    assertThat(seen).containsSubsequence("PENDING", "SIGNED", "SENT", "CONFIRMED");
    assertThat(mint.progress()).hasSize(2);
    assertThat(mint.progress())
        .allSatisfy(
            p -> {
              assertThat(p.state()).isEqualTo(State.CONFIRMED);
              assertThat(p.detail())
                  .contains(" · ipfs://bafkrei")
                  .contains("provenance verified on-chain");
            });
    assertThat(mint.progress().getFirst().tokenId())
        .as("a version 2 token id is its metadata digest")
        .hasSizeGreaterThan(20);
    assertThat(mint.batches()).as("a plan mints once").isEmpty();
    assertThat(mint.canMintProperty().get()).isFalse();
    assertThat(notices.shown()).extracting(Notices.Notice::title).contains("Minted 2 tokens");
    assertThat(studio.catalog().mintJobs().ofBatch(mintJobOf(a).batchId()))
        .as("one batch, one transaction")
        .hasSize(2)
        .extracting(j -> j.txHash())
        .containsOnly(mintJobOf(a).txHash());
    assertThat(studio.wallet().unlocked(address)).isEmpty();
  }

  private dev.atelier.catalog.MintJob mintJobOf(Asset asset) {
    return studio
        .catalog()
        .mintJobs()
        .live(asset.id(), inspector.mint().collectionProperty().get().id())
        .orElseThrow();
  }

  @Test
  void showsAManifestMovedFromAnotherImageAsInvalid() throws Exception {
    Asset a = Fixtures.signableAsset(studio, home.resolve("images"), 7);
    Asset b = Fixtures.signableAsset(studio, home.resolve("images"), 8);
    selection.select(a.id());
    inspector.licenseProperty().set(license(Licenses.CC0));
    prompt.answers.add(PASSWORD);
    inspector.sign();
    assertThat(inspector.currentProperty().get().signature()).isEqualTo(SignatureState.VALID);

    // b's unsigned PNG with a's manifest chunk put in after IHDR.
    byte[] signedA = Files.readAllBytes(Path.of(a.filePath()));
    byte[] plainB = Files.readAllBytes(Path.of(b.filePath()));
    Files.write(Path.of(b.filePath()), withChunk(plainB, chunk(signedA, "caBX")));
    selection.select(b.id());

    AssetInfo info = inspector.currentProperty().get();
    assertThat(info.signature()).isEqualTo(SignatureState.INVALID);
    assertThat(info.signer()).isEqualToIgnoringCase(address);
    assertThat(info.problems()).isNotEmpty();
    assertThat(info.checks()).contains("Pixels changed since they were signed");
    assertThat(inspector.summaryProperty().get()).endsWith("signature does not hold");
  }

  @Test
  void anAssetWhoseFileIsGoneShowsWhatTheCatalogKnowsAndSaysTheFileCouldNotBeRead()
      throws Exception {
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 4);
    Files.delete(Path.of(asset.filePath()));

    selection.select(asset.id());

    assertThat(inspector.stateProperty().get()).isEqualTo(LoadState.READY);
    assertThat(inspector.errorProperty().get()).isEmpty();
    AssetInfo info = inspector.currentProperty().get();
    assertThat(info.field("Prompt")).isEqualTo("tide pools at dusk #4");
    assertThat(info.signature()).isEqualTo(SignatureState.NOT_SIGNED);
    assertThat(info.problems())
        .containsExactly("Could not read the image file: it is missing (" + asset.filePath() + ")");
    assertThat(info.png()).isNull();
    assertThat(inspector.summaryProperty().get())
        .isEqualTo("Asset " + asset.id() + " · not signed");
  }

  @Test
  void aSelectionTheCatalogCannotReadIsSaidInItsPlace() {
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 6);
    assertThat(inspector.stateProperty().get()).as("nothing selected").isEqualTo(LoadState.EMPTY);
    studio.catalog().close();

    selection.select(asset.id());

    assertThat(inspector.stateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(inspector.errorProperty().get())
        .startsWith("Could not read the selection: ")
        .doesNotContain("Exception");
    assertThat(inspector.currentProperty().get()).isNull();
    assertThat(inspector.assets()).isEmpty();
    assertThat(inspector.summaryProperty().get()).isEqualTo("Asset " + asset.id());
    assertThat(inspector.canSignProperty().get()).isFalse();

    selection.clear();
    assertThat(inspector.stateProperty().get()).isEqualTo(LoadState.EMPTY);
    assertThat(inspector.errorProperty().get()).isEmpty();
  }

  @Test
  void licensesTheCatalogCannotReadAreSaidUnderTheChooserNotAsAToast() {
    assertThat(inspector.licensesStateProperty().get()).isEqualTo(LoadState.READY);
    studio.catalog().close();

    InspectorViewModel reopened =
        new InspectorViewModel(studio, selection, BackgroundRunner.sameThread(), notices, prompt);

    assertThat(reopened.licensesStateProperty().get()).isEqualTo(LoadState.FAILED);
    assertThat(reopened.licensesErrorProperty().get())
        .startsWith("Could not read the licenses: ")
        .doesNotContain("Exception");
    assertThat(reopened.licenses()).isEmpty();
    assertThat(notices.shown())
        .extracting(Notices.Notice::title)
        .doesNotContain("Cannot read the licenses");
  }

  /** The whole chunk (length, type, data, CRC) of the given type. */
  private static byte[] chunk(byte[] png, String type) {
    int at = 8;
    while (at < png.length) {
      int length = java.nio.ByteBuffer.wrap(png, at, 4).getInt();
      String t = new String(png, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
      if (t.equals(type)) {
        return java.util.Arrays.copyOfRange(png, at, at + 12 + length);
      }
      at += 12 + length;
    }
    throw new AssertionError("No " + type + " chunk");
  }

  /** {@code png} with {@code chunk} after its IHDR chunk (8-byte signature + 25-byte IHDR). */
  private static byte[] withChunk(byte[] png, byte[] chunk) {
    int ihdrEnd = 8 + 25;
    byte[] out = new byte[png.length + chunk.length];
    System.arraycopy(png, 0, out, 0, ihdrEnd);
    System.arraycopy(chunk, 0, out, ihdrEnd, chunk.length);
    System.arraycopy(png, ihdrEnd, out, ihdrEnd + chunk.length, png.length - ihdrEnd);
    return out;
  }

  private dev.atelier.catalog.License license(String id) {
    return inspector.licenses().stream().filter(l -> l.id().equals(id)).findFirst().orElseThrow();
  }
}
