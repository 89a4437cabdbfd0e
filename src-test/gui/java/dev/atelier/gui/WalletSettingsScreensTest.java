package dev.atelier.gui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.settings.NetworkRow;
import dev.atelier.gui.wallet.WalletRow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The Wallet and Settings screens in the real window, headless, on a temporary studio. */
class WalletSettingsScreensTest extends FxRobot {

  private static final String ADDRESS = "0x52908400098527886E0F7030069857D2E4169EE7";
  private static final String PASSWORD = "Correct horse 42";

  @TempDir Path home;
  private Studio studio;
  private Application app;

  @BeforeEach
  void registerStage() throws TimeoutException {
    Stage stage = FxToolkit.registerPrimaryStage();
    assertThat(stage).isNotNull();
  }

  @AfterEach
  void closeApp() throws TimeoutException {
    if (app != null) {
      FxToolkit.cleanupApplication(app);
    }
    FxToolkit.cleanupStages();
  }

  @Test
  void createAccountWizardRefusesWrongWordsThenCreatesTheAccount() throws TimeoutException {
    launch(s -> Fixtures.addWallet(s.catalog(), "Studio main", ADDRESS));
    clickOn("#nav-wallet");
    waitUntil(() -> shown("#wallet-list"));
    assertThat(accounts()).extracting(WalletRow::address).containsExactly(ADDRESS);

    // Step 1: a weak password is refused in words; Escape leaves the flow.
    clickOn("#wallet-create");
    waitUntil(() -> shown("#wallet-flow"));
    setText("#create-password", "short");
    clickOn("#create-next");
    assertThat(text("#create-problem")).contains("too short");
    type(KeyCode.ESCAPE);
    waitUntil(() -> shown("#wallet-list"));
    assertThat(lookup("#wallet-flow").tryQuery()).isEmpty();

    clickOn("#wallet-create");
    waitUntil(() -> shown("#wallet-flow"));
    setText("#create-label", "Prints");
    setText("#create-password", PASSWORD);
    setText("#create-again", PASSWORD);
    clickOn("#create-next");

    // Step 2: twelve words, shown once.
    waitUntil(() -> shown("#create-words"));
    List<String> words = new ArrayList<>();
    lookup(".mnemonic-word").queryAllAs(Label.class).forEach(l -> words.add(l.getText()));
    assertThat(words).hasSize(12).allMatch(w -> w.matches("[a-z]+"));
    clickOn("#create-written");
    waitUntil(() -> shown("#create-word-1"));
    assertThat(lookup(".mnemonic-word").tryQuery()).as("the words leave the screen").isEmpty();

    // Step 3: a wrong word stores nothing.
    int[] positions = new int[3];
    for (int i = 0; i < 3; i++) {
      String prompt = lookup("#create-word-" + (i + 1)).queryAs(TextField.class).getPromptText();
      positions[i] = Integer.parseInt(prompt.replace("word #", ""));
      setText("#create-word-" + (i + 1), i == 0 ? "notaword" : words.get(positions[i] - 1));
    }
    clickOn("#create-confirm");
    waitUntil(() -> !text("#create-problem").isEmpty());
    assertThat(text("#create-problem")).contains("nothing was stored");
    assertThat(studio.wallet().accounts()).hasSize(1);

    setText("#create-word-1", words.get(positions[0] - 1));
    clickOn("#create-confirm");
    waitUntil(() -> shown("#create-done"), 60);
    assertThat(studio.wallet().accounts()).hasSize(2);
    clickOn("#create-done");
    waitUntil(() -> shown("#wallet-list") && accounts().size() == 2);
    assertThat(accounts()).extracting(WalletRow::label).containsExactly("Studio main", "Prints");
    assertThat(studio.dirs().keystores()).isNotEmptyDirectory();
  }

  @Test
  void leavingTheWalletScreenEndsTheCreateFlowAndTakesTheWordsOffScreen() throws TimeoutException {
    launch(s -> {});
    clickOn("#nav-wallet");
    waitUntil(() -> shown("#wallet-empty"));
    clickOn("#wallet-create");
    setText("#create-password", PASSWORD);
    setText("#create-again", PASSWORD);
    type(KeyCode.ENTER);
    waitUntil(() -> shown("#create-words"));

    press(KeyCode.CONTROL, KeyCode.DIGIT1).release(KeyCode.DIGIT1, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    clickOn("#nav-wallet");
    waitUntil(() -> shown("#wallet-empty"));

    assertThat(lookup("#wallet-flow").tryQuery()).isEmpty();
    assertThat(lookup(".mnemonic-word").tryQuery()).isEmpty();
    assertThat(lookup("#wallet-create").query().isDisabled()).isFalse();
    assertThat(studio.wallet().accounts()).isEmpty();
  }

  @Test
  void settingsListNetworksRedactedAndRefuseANodeThatDoesNotAnswer() throws TimeoutException {
    launch(
        s ->
            s.networks()
                .put(
                    new dev.atelier.chain.Network(
                        "Sepolia", 11155111, "https://rpc.example/v3/KEY")));
    clickOn("#nav-settings");
    waitUntil(() -> networks().size() == 5);
    assertThat(networks())
        .extracting(NetworkRow::name, NetworkRow::shownUrl)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("Local devnet", "not set"),
            org.assertj.core.groups.Tuple.tuple("Sepolia", "https://rpc.example/…"));
    assertThat(lookup(".table-cell").lookup("https://rpc.example/…").tryQuery()).isPresent();
    assertThat(lookup("KEY").tryQuery()).isEmpty();

    setText("#network-name", "Holesky");
    setText("#network-chain-id", "seventeen");
    interact(() -> lookup("#network-save").queryButton().fire());
    assertThat(text("#network-problem")).startsWith("The chain id is a whole number");

    setText("#network-chain-id", "17000");
    setText("#network-url", "http://127.0.0.1:1");
    interact(() -> lookup("#network-save").queryButton().fire());
    waitUntil(() -> text("#network-problem").startsWith("Not saved"), 20);
    assertThat(studio.networks().find("Holesky")).isEmpty();
    assertThat(networks()).extracting(NetworkRow::name).doesNotContain("Holesky");
  }

  private void launch(Consumer<Studio> seed) throws TimeoutException {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    seed.accept(studio);
    app = FxToolkit.setupApplication(() -> new AtelierApp(() -> studio, () -> Fixtures.ENGINE));
    WaitForAsyncUtils.waitForFxEvents();
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
  private List<WalletRow> accounts() {
    return List.copyOf(((ListView<WalletRow>) lookup("#wallet-list").query()).getItems());
  }

  @SuppressWarnings("unchecked")
  private List<NetworkRow> networks() {
    return List.copyOf(((TableView<NetworkRow>) lookup("#network-table").query()).getItems());
  }

  private boolean shown(String query) {
    return lookup(query).tryQuery().map(n -> visibleInScene(n)).orElse(false);
  }

  private static boolean visibleInScene(Node n) {
    if (n.getScene() == null) {
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

  private static void waitUntil(Supplier<Boolean> condition) throws TimeoutException {
    waitUntil(condition, 10);
  }

  private static void waitUntil(Supplier<Boolean> condition, int seconds) throws TimeoutException {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::get);
    WaitForAsyncUtils.waitForFxEvents();
  }
}
