package dev.atelier.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.License;
import dev.atelier.chain.Transactions;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.license.Licenses;
import dev.atelier.wallet.UnlockedAccount;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real inspector panel on JavaFX's headless platform, with the studio's own background runner:
 * an unsigned image is shown as such, a license is chosen, the sign button asks for the password
 * (on the JavaFX thread) and the panel then shows the valid signature and its signer.
 */
class InspectorViewTest extends FxRobot {

  @TempDir Path home;
  Studio studio;
  FxBackgroundRunner runner;
  Stage stage;
  final AssetSelection selection = new AssetSelection();
  final List<Boolean> askedOnFxThread = new ArrayList<>();

  @BeforeEach
  void open() throws TimeoutException {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    stage = FxToolkit.registerPrimaryStage();
    runner = new FxBackgroundRunner();
  }

  @AfterEach
  void close() throws TimeoutException {
    FxToolkit.cleanupStages();
    runner.close();
    studio.close();
  }

  @Test
  void signsTheSelectedImageFromThePanel() throws Exception {
    String address =
        studio
            .wallet()
            .importPrivateKey(
                InspectorViewModelTest.KEY.toCharArray(),
                InspectorViewModelTest.PASSWORD.toCharArray(),
                "me")
            .address();
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 5);
    show(800);

    interact(() -> selection.select(asset.id()));
    waitUntil(() -> "Not signed".equals(text("#inspector-signature")));
    assertThat(text("#inspector-summary")).isEqualTo("Asset " + asset.id() + " · not signed");
    assertThat(lookup("#inspector-fields").lookup("tide pools at dusk #5").tryQuery()).isPresent();
    assertThat(button("#inspector-sign").isDisabled()).isTrue();

    ComboBox<License> licenses = lookup("#inspector-license").queryComboBox();
    waitUntil(() -> !licenses.getItems().isEmpty());
    interact(
        () ->
            licenses.getItems().stream()
                .filter(l -> l.id().equals(Licenses.CC_BY))
                .findFirst()
                .ifPresent(licenses::setValue));
    assertThat(text("#inspector-license-summary")).isNotBlank();
    assertThat(button("#inspector-sign").isDisabled()).isFalse();

    fire("#inspector-sign");
    waitUntil(() -> "Signature valid".equals(text("#inspector-signature")));

    assertThat(askedOnFxThread).containsExactly(true);
    assertThat(text("#inspector-signer")).contains(address).contains("chain 31337");
    String record =
        studio.catalog().provenance().latestFor(asset.id()).orElseThrow().recordSha256();
    Label shortRecord =
        lookup("#inspector-fields").lookup(record.substring(0, 12) + "…").queryAs(Label.class);
    assertThat(shortRecord.getTooltip()).as("the whole hash on hover").isNotNull();
    assertThat(shortRecord.getTooltip().getText()).isEqualTo(record);
    assertThat(lookup("#inspector-fields").lookup(".provenance-copy").queryAll())
        .as("Weights, Terms, Pixels and Record hash at least")
        .hasSizeGreaterThanOrEqualTo(4);
    Button copyRecord =
        (Button)
            shortRecord.getParent().getChildrenUnmodifiable().stream()
                .filter(n -> n.getStyleClass().contains("provenance-copy"))
                .findFirst()
                .orElseThrow();
    interact(copyRecord::fire);
    String[] copied = new String[1];
    interact(() -> copied[0] = javafx.scene.input.Clipboard.getSystemClipboard().getString());
    assertThat(copied[0]).isEqualTo(record);
    assertThat(text("#inspector-summary")).endsWith("· signed");
    assertThat(button("#inspector-sign").isDisabled()).isTrue();
    assertThat(text("#mint-network-status")).contains("local devnet is not running");
  }

  @Test
  void mintsFromThePanelOnADevnetStartedThere() throws Exception {
    String address =
        studio
            .wallet()
            .importPrivateKey(
                InspectorViewModelTest.KEY.toCharArray(),
                InspectorViewModelTest.PASSWORD.toCharArray(),
                "me")
            .address();
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 6);
    try (UnlockedAccount me =
        studio.wallet().unlock(address, InspectorViewModelTest.PASSWORD.toCharArray())) {
      studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, me);
    }
    studio.wallet().lock(address);
    InspectorViewModel model = show(800);
    List<String> states = new ArrayList<>();
    interact(
        () ->
            model
                .mint()
                .progress()
                .subscribe(
                    () ->
                        model.mint().progress().stream()
                            .filter(p -> p.state() != null)
                            .map(p -> p.state().name())
                            .findFirst()
                            .filter(st -> states.isEmpty() || !states.getLast().equals(st))
                            .ifPresent(states::add)));
    interact(() -> selection.select(asset.id()));
    waitUntil(() -> "Signature valid".equals(text("#inspector-signature")));

    fire("#mint-start-devnet");
    waitUntil(() -> text("#mint-network-status").startsWith("Running on http://127.0.0.1:"));
    assertThat(lookup("#mint-start-devnet").query().isVisible()).isFalse();

    interact(
        () -> {
          lookup("#mint-collection-name").queryTextInputControl().setText("Tide Pools");
          lookup("#mint-collection-symbol").queryTextInputControl().setText("TIDE");
          lookup("#mint-deploy-v2").queryAs(CheckBox.class).setSelected(false);
        });
    fire("#mint-deploy");
    ComboBox<?> collection = lookup("#mint-collection").queryComboBox();
    waitUntil(() -> collection.getValue() != null);

    fire("#mint-estimate");
    waitUntil(() -> !text("#mint-fee").isEmpty());
    assertThat(text("#mint-fee")).startsWith("1 token · gas ≈ ");
    assertThat(button("#mint-mint").isDisabled()).isFalse();

    fire("#mint-mint");
    waitUntil(() -> states.contains("CONFIRMED") && !model.mint().busyProperty().get());

    assertThat(states).containsSubsequence("PENDING", "SENT", "CONFIRMED");
    assertThat(lookup("#mint-progress").lookup(".label").queryAllAs(Label.class))
        .extracting(Label::getText)
        .anyMatch(t -> t.contains("token #1") && t.contains("provenance verified on-chain"));
    snapshot(Path.of("target", "inspector-mint.png"));
  }

  /**
   * A version 2 collection in the panel: the chooser says its version, the estimate shows the batch
   * with its cost per token against version 1, and the mint confirms the token.
   */
  @Test
  void estimatesAndMintsIntoAVersionTwoCollection() throws Exception {
    String address =
        studio
            .wallet()
            .importPrivateKey(
                InspectorViewModelTest.KEY.toCharArray(),
                InspectorViewModelTest.PASSWORD.toCharArray(),
                "me")
            .address();
    Asset asset = Fixtures.signableAsset(studio, home.resolve("images"), 9);
    try (UnlockedAccount me =
        studio.wallet().unlock(address, InspectorViewModelTest.PASSWORD.toCharArray())) {
      studio.provenance().sign(asset.id(), Licenses.CC_BY, 31337, me);
    }
    studio.wallet().lock(address);
    InspectorViewModel model = show(900);
    interact(() -> selection.select(asset.id()));
    waitUntil(() -> "Signature valid".equals(text("#inspector-signature")));
    fire("#mint-start-devnet");
    waitUntil(() -> text("#mint-network-status").startsWith("Running on http://127.0.0.1:"));
    Transactions txs = new Transactions(studio.devnet().rpc(), 31337);
    try (UnlockedAccount me =
        studio.wallet().unlock(address, InspectorViewModelTest.PASSWORD.toCharArray())) {
      studio
          .collections()
          .deploy(
              txs,
              studio.collections().prepareDeploy(txs, address, "Tide Pools", "TIDE", 500, 2),
              me,
              MintViewModel.WAIT);
    }
    studio.wallet().lock(address);
    interact(() -> model.mint().refresh());
    ComboBox<?> collection = lookup("#mint-collection").queryComboBox();
    waitUntil(() -> collection.getValue() != null);
    assertThat(collection.getButtonCell().getText()).startsWith("Tide Pools (TIDE) · v2 · 0x");
    assertThat(lookup("#mint-record-on-chain").query().isDisabled()).isTrue();

    fire("#mint-estimate");
    waitUntil(() -> lookup("#mint-batches").query().isVisible());
    assertThat(text("#mint-fee")).startsWith("1 token in 1 batch · gas ≈ ");
    assertThat(lookup("#mint-batches").lookup(".label").queryAllAs(Label.class))
        .extracting(Label::getText)
        .contains("Batch 1: 1 token(s), license CC-BY-4.0")
        .anyMatch(t -> t.startsWith("Gas ≈ "))
        .anyMatch(t -> t.contains("version 1 would take ≈ 348,352 gas") && t.endsWith("mint)"));
    snapshot(Path.of("target", "inspector-mint-v2-plan.png"));

    fire("#mint-mint");
    waitUntil(
        () ->
            !model.mint().busyProperty().get()
                && model.mint().progress().stream()
                    .anyMatch(p -> p.state() == dev.atelier.catalog.MintJob.State.CONFIRMED));
    assertThat(lookup("#mint-batches").query().isVisible()).isFalse();
    assertThat(lookup("#mint-progress").lookup(".label").queryAllAs(Label.class))
        .extracting(Label::getText)
        .anyMatch(t -> t.contains("token #") && t.contains("provenance verified on-chain"));
    snapshot(Path.of("target", "inspector-mint-v2.png"));
  }

  @Test
  void aFileThatIsGoneAndASelectionThatCannotBeReadAreSaidWhereTheImageWouldBe() throws Exception {
    Asset readable = Fixtures.signableAsset(studio, home.resolve("images"), 7);
    Asset gone = Fixtures.signableAsset(studio, home.resolve("images"), 8);
    java.nio.file.Files.delete(Path.of(gone.filePath()));
    show(800);

    interact(() -> selection.select(gone.id()));
    waitUntil(() -> "Not signed".equals(text("#inspector-signature")));
    assertThat(lookup("#inspector").lookup(".danger-text").queryAllAs(Label.class))
        .extracting(Label::getText)
        .containsExactly(
            "· Could not read the image file: it is missing (" + gone.filePath() + ")");
    assertThat(lookup("#inspector-fields").lookup("tide pools at dusk #8").tryQuery()).isPresent();
    snapshot(Path.of("target", "inspector-file-gone.png"));

    studio.catalog().close();
    interact(() -> selection.select(readable.id()));
    Label error = lookup("#inspector-details").lookup(".load-error").queryAs(Label.class);
    waitUntil(error::isVisible);

    assertThat(error.getText()).startsWith("Could not read the selection: ");
    assertThat(shown(lookup("#inspector-fields").query())).as("the fields give way").isFalse();
    assertThat(text("#inspector-summary")).isEqualTo("Asset " + readable.id());
    snapshot(Path.of("target", "inspector-unreadable.png"));
  }

  /** Shows the panel in the stage; returns its view-model. */
  private InspectorViewModel show(double height) throws TimeoutException {
    InspectorViewModel[] model = new InspectorViewModel[1];
    FxToolkit.setupStage(
        s -> {
          model[0] =
              new InspectorViewModel(
                  studio,
                  selection,
                  runner,
                  new Notices(),
                  (title, account, problem) -> {
                    askedOnFxThread.add(Platform.isFxApplicationThread());
                    return Optional.of(InspectorViewModelTest.PASSWORD.toCharArray());
                  });
          Scene scene = new Scene(new InspectorView(model[0]).root(), 440, height);
          scene
              .getStylesheets()
              .add(getClass().getResource("/themes/atelier.css").toExternalForm());
          s.setScene(scene);
          s.show();
        });
    return model[0];
  }

  private void fire(String query) {
    Button b = button(query);
    assertThat(b.isDisabled()).as(query + " enabled").isFalse();
    interact(b::fire);
  }

  /** Saves what the panel shows, for people to look at; skipped where snapshots are unsupported. */
  private void snapshot(Path file) {
    interact(
        () -> {
          try {
            java.awt.image.BufferedImage image =
                javafx.embed.swing.SwingFXUtils.fromFXImage(
                    lookup("#inspector").query().snapshot(null, null), null);
            javax.imageio.ImageIO.write(image, "png", file.toFile());
          } catch (Exception | Error e) {
            System.err.println("No snapshot: " + e);
          }
        });
  }

  /** Whether the node and every parent are visible. */
  private static boolean shown(javafx.scene.Node node) {
    for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
      if (!n.isVisible()) {
        return false;
      }
    }
    return true;
  }

  private String text(String query) {
    return lookup(query).queryAs(Label.class).getText();
  }

  private Button button(String query) {
    return lookup(query).queryButton();
  }

  private static void waitUntil(Supplier<Boolean> condition) throws TimeoutException {
    WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
