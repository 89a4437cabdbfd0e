package dev.atelier.gui.inspector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.License;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.FxBackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.license.Licenses;
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
    InspectorViewModel[] model = new InspectorViewModel[1];
    FxToolkit.setupStage(
        s -> {
          model[0] =
              new InspectorViewModel(
                  studio,
                  selection,
                  runner,
                  new ThreadRunner(Platform::runLater),
                  Platform::runLater,
                  new Notices(),
                  (title, account, problem) -> {
                    askedOnFxThread.add(Platform.isFxApplicationThread());
                    return Optional.of(InspectorViewModelTest.PASSWORD.toCharArray());
                  });
          Scene scene = new Scene(new InspectorView(model[0]).root(), 420, 900);
          scene
              .getStylesheets()
              .add(getClass().getResource("/themes/atelier.css").toExternalForm());
          s.setScene(scene);
          s.show();
        });

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

    clickOn("#inspector-sign");
    waitUntil(() -> "Signature valid".equals(text("#inspector-signature")));

    assertThat(askedOnFxThread).containsExactly(true);
    assertThat(text("#inspector-signer")).contains(address).contains("chain 31337");
    assertThat(text("#inspector-summary")).endsWith("· signed");
    assertThat(button("#inspector-sign").isDisabled()).isTrue();
    assertThat(text("#mint-network-status")).contains("local devnet is not running");
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
