package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.CollectionEntry;
import dev.atelier.catalog.License;
import dev.atelier.catalog.MintJob;
import dev.atelier.chain.CollectionContract;
import dev.atelier.chain.LocalDevnet;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.license.Licenses;
import dev.atelier.mint.OnChainProvenance;
import dev.atelier.provenance.ProvenanceVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Issue 6's acceptance test: the artist's whole path through the real main window (JavaFX's
 * headless platform) on a temporary studio, with the built-in model and the local devnet. Import a
 * wallet key, generate and keep an image, find it in the catalog, license and sign it (answering
 * the real password dialog), start the devnet from the mint panel, deploy a collection, estimate,
 * mint, and see the image as minted; each step is checked on what it really produced: the catalog,
 * the PNG on disk and the chain.
 */
class StudioPathTest extends FxRobot {

  /** Anvil's first public development key; never a real account. */
  private static final String KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static final String ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final String PASSWORD = "Correct horse 42";
  private static final String PROMPT = "lighthouse under violet storm";
  private static final long DEVNET_CHAIN = 31337;

  @TempDir Path home;
  private Studio studio;
  private Application app;

  @BeforeEach
  void launch() throws TimeoutException {
    assertThat(FxToolkit.registerPrimaryStage()).isNotNull();
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    app = FxToolkit.setupApplication(() -> new AtelierApp(() -> studio, () -> Fixtures.ENGINE));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @AfterEach
  void close() throws TimeoutException {
    Optional<LocalDevnet.Node> node = studio.devnet().running();
    if (app != null) {
      FxToolkit.cleanupApplication(app); // closes the studio, which stops the devnet it started
    }
    FxToolkit.cleanupStages();
    node.ifPresent(
        n -> {
          try {
            WaitForAsyncUtils.waitFor(
                10,
                TimeUnit.SECONDS,
                () -> ProcessHandle.of(n.pid()).map(p -> !p.isAlive()).orElse(true));
          } catch (TimeoutException e) {
            throw new AssertionError("the devnet (pid " + n.pid() + ") still runs", e);
          }
        });
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS) // a hung dialog must not hang the build
  void artistGeneratesSignsAndMintsFromTheStudio() throws Exception {
    // 1. Wallet: import the development key through the import flow.
    clickOn("#nav-wallet");
    waitUntil(10, () -> shown("#wallet-empty"));
    clickOn("#wallet-import");
    waitUntil(10, () -> shown("#import-submit"));
    clickOn("#import-key");
    setText("#import-secret", KEY);
    setText("#import-label", "Studio");
    setText("#import-password", PASSWORD);
    setText("#import-again", PASSWORD);
    clickOn("#import-submit");
    waitUntil(60, () -> !studio.wallet().accounts().isEmpty() && shown("#wallet-list"));
    assertThat(studio.wallet().accounts())
        .singleElement()
        .satisfies(a -> assertThat(a.address()).isEqualToIgnoringCase(ADDRESS));
    String address = studio.wallet().accounts().getFirst().address();

    // 2. Generate: two small variants with the built-in model; keep the first.
    press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
    waitUntil(30, () -> lookup("#generate-model").queryComboBox().getValue() != null);
    interact(
        () -> {
          spinner("#generate-steps").getValueFactory().setValue(2);
          spinner("#generate-variants").getValueFactory().setValue(2);
          spinner("#generate-width").getValueFactory().setValue(32);
          spinner("#generate-height").getValueFactory().setValue(32);
        });
    clickOn("#generate-prompt").write(PROMPT);
    press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    waitUntil(60, () -> text("#generate-status").contains("variants in"));
    assertThat(text("#generate-status")).startsWith("2 variants in");
    assertThat(lookup("#variant-2").tryQuery()).isPresent();
    Button keep = from(lookup("#variant-1")).lookup(".variant-keep").queryButton();
    waitUntil(5, () -> !keep.isDisabled());
    clickOn(keep);
    waitUntil(
        10, () -> keep.getText().equals("Kept") && !studio.catalog().assets().kept(10).isEmpty());
    Asset kept = studio.catalog().assets().kept(10).getFirst();
    assertThat(kept.variantIndex()).isZero();
    Path png = Path.of(kept.filePath());
    assertThat(png).exists().isRegularFile();
    assertThat(ProvenanceVerifier.verify(Files.readAllBytes(png)).signed()).isFalse();
    String tile = "#catalog-tile-" + kept.id();

    // 3. Catalog: the kept image is there; a word of its prompt finds it; the inspector shows it.
    clickOn("#nav-catalog");
    waitUntil(10, () -> shown(tile));
    String all = text("#catalog-summary");
    clickOn("#catalog-search").write("zebra").type(KeyCode.ENTER);
    waitUntil(10, () -> shown("#catalog-no-matches") && !shown(tile));
    search("violet");
    waitUntil(10, () -> shown(tile) && !shown("#catalog-no-matches"));
    assertThat(text("#catalog-summary")).isEqualTo(all);
    assertThat(from(lookup(tile)).lookup(PROMPT).tryQuery()).isPresent();
    clickOn(tile);
    waitUntil(10, () -> "Not signed".equals(text("#inspector-signature")));
    assertThat(text("#inspector-summary")).isEqualTo("Asset " + kept.id() + " · not signed");

    // 4. Inspector: CC BY 4.0, sign with the password asked by the real dialog.
    ComboBox<License> licenses = lookup("#inspector-license").queryComboBox();
    waitUntil(10, () -> !licenses.getItems().isEmpty());
    interact(
        () ->
            licenses.setValue(
                licenses.getItems().stream()
                    .filter(l -> l.id().equals(Licenses.CC_BY))
                    .findFirst()
                    .orElseThrow()));
    fireAndAnswerPassword("#inspector-sign");
    waitUntil(30, () -> "Signature valid".equals(text("#inspector-signature")));
    assertThat(text("#inspector-signer")).contains(address).contains("chain " + DEVNET_CHAIN);
    assertThat(text("#inspector-summary")).endsWith("· signed");
    ProvenanceVerifier.Report report = ProvenanceVerifier.verify(Files.readAllBytes(png));
    assertThat(report.problems()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.record().licenseId()).isEqualTo(Licenses.CC_BY);
    assertThat(report.chainId()).isEqualTo(DEVNET_CHAIN);
    assertThat(report.record().creator()).isEqualToIgnoringCase(address);

    // 5. Mint: start the devnet from the panel, deploy, estimate, mint; check on the chain.
    fire("#mint-start-devnet");
    waitUntil(60, () -> text("#mint-network-status").startsWith("Running on http://127.0.0.1:"));
    waitUntil(10, () -> !lookup("#mint-deploy").queryButton().isDisabled());
    interact(
        () -> {
          lookup("#mint-collection-name").queryAs(TextField.class).setText("Storm Lights");
          lookup("#mint-collection-symbol").queryAs(TextField.class).setText("STORM");
          // A version 1 collection: this path checks its per-token storage below.
          lookup("#mint-deploy-v2").queryAs(CheckBox.class).setSelected(false);
        });
    fireAndAnswerPassword("#mint-deploy");
    ComboBox<CollectionEntry> collection = lookup("#mint-collection").queryComboBox();
    waitUntil(60, () -> collection.getValue() != null && !busy("#mint-deploy"));
    CollectionEntry deployed = collection.getValue();
    assertThat(deployed.name()).isEqualTo("Storm Lights");
    assertThat(deployed.chainId()).isEqualTo(DEVNET_CHAIN);

    fire("#mint-estimate");
    waitUntil(30, () -> !text("#mint-fee").isEmpty());
    assertThat(text("#mint-fee")).startsWith("1 token · gas ≈ ");
    fireAndAnswerPassword("#mint-mint");
    waitUntil(
        60,
        () ->
            studio.catalog().mintJobs().recent(10).stream()
                    .anyMatch(j -> j.state() == MintJob.State.CONFIRMED)
                && !busy("#mint-estimate")
                && progressShows("token #1"));
    MintJob job = studio.catalog().mintJobs().recent(10).getFirst();
    assertThat(job.state()).isEqualTo(MintJob.State.CONFIRMED);
    assertThat(job.assetId()).isEqualTo(kept.id());
    assertThat(job.tokenId()).isEqualTo("1");
    assertThat(progressShows("provenance verified on-chain")).isTrue();

    Transactions txs = new Transactions(studio.devnet().rpc(), DEVNET_CHAIN);
    CollectionContract contract = new CollectionContract(txs, deployed.address());
    assertThat(contract.ownerOf(1)).isEqualToIgnoringCase(address);
    assertThat(contract.license(1).licenseId()).isEqualTo(Licenses.CC_BY);
    assertThat(contract.provenance(1).pixelsSha256())
        .isEqualToIgnoringCase(report.record().pixelsSha256());
    OnChainProvenance onChain = studio.onChainCheck().check(txs, job);
    assertThat(onChain.problems()).isEmpty();
    assertThat(onChain.verified()).isTrue();
    assertThat(onChain.owner()).isEqualToIgnoringCase(address);
    assertThat(onChain.licenseId()).isEqualTo(Licenses.CC_BY);

    // 6. Catalog: the "Minted" filter shows the image, with its minted badge.
    search("");
    ComboBox<dev.atelier.gui.catalog.CatalogFilters.Status> status =
        lookup("#catalog-status").queryComboBox();
    interact(() -> status.setValue(dev.atelier.gui.catalog.CatalogFilters.Status.MINTED));
    waitUntil(10, () -> text("#catalog-summary").matches("1 (image|of .*)") && shown(tile));
    waitUntil(10, () -> shown(tile + " .catalog-badge-minted"));
    assertThat(lookup(".catalog-tile").queryAll().stream().filter(StudioPathTest::visibleInScene))
        .as("only the minted image")
        .hasSize(1);
  }

  /** Fires a button whose action asks for the wallet password, and types it in the dialog. */
  private void fireAndAnswerPassword(String query) throws TimeoutException {
    Button button = lookup(query).queryButton();
    assertThat(button.isDisabled()).as(query + " enabled").isFalse();
    // Not interact(): the dialog's nested event loop would keep it from returning.
    Platform.runLater(button::fire);
    waitUntil(20, () -> shown("#password-field"));
    PasswordField field = lookup("#password-field").queryAs(PasswordField.class);
    Window dialog = field.getScene().getWindow();
    assertThat(dialog).isNotSameAs(lookup("#nav-generate").query().getScene().getWindow());
    clickOn(field).write(PASSWORD);
    assertThat(field.getText()).isEqualTo(PASSWORD);
    type(KeyCode.ENTER);
    waitUntil(10, () -> !dialog.isShowing());
  }

  /** Replaces the catalog's search words and presses Enter in the field. */
  private void search(String words) {
    TextField field = lookup("#catalog-search").queryAs(TextField.class);
    interact(field::clear);
    clickOn(field).write(words).type(KeyCode.ENTER);
  }

  private void fire(String query) {
    Button b = lookup(query).queryButton();
    assertThat(b.isDisabled()).as(query + " enabled").isFalse();
    interact(b::fire);
  }

  private boolean busy(String query) {
    return lookup(query).queryButton().isDisabled();
  }

  private boolean progressShows(String words) {
    return lookup("#mint-progress").lookup(".label").queryAllAs(Label.class).stream()
        .anyMatch(l -> l.getText().contains(words));
  }

  private void setText(String query, String text) {
    TextField field = lookup(query).queryAs(TextField.class);
    interact(
        () -> {
          field.requestFocus();
          field.setText(text);
        });
  }

  @SuppressWarnings("unchecked")
  private Spinner<Integer> spinner(String query) {
    return (Spinner<Integer>) lookup(query).query();
  }

  private boolean shown(String query) {
    return lookup(query).tryQuery().map(StudioPathTest::visibleInScene).orElse(false);
  }

  private static boolean visibleInScene(Node n) {
    if (n.getScene() == null || n.getScene().getWindow() == null) {
      return false;
    }
    if (!n.getScene().getWindow().isShowing()) {
      return false;
    }
    for (Node p = n; p != null; p = p.getParent()) {
      if (!p.isVisible()) {
        return false;
      }
    }
    return true;
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private static void waitUntil(int seconds, Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
