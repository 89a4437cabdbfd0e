package dev.atelier.gui.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.chain.Devnet;
import dev.atelier.chain.Network;
import dev.atelier.config.AppDirs;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.DevnetModel;
import dev.atelier.gui.common.LoadState;
import dev.atelier.gui.common.Notices;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.gui.wallet.CreateAccountModel.Step;
import dev.atelier.wallet.DevelopmentAccounts;
import dev.atelier.wallet.Keystores;
import dev.atelier.wallet.ScryptParams;
import dev.atelier.wallet.WalletService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Wallet screen's view-models on a real studio in a temporary folder, work on the test thread;
 * the wallet uses light scrypt settings so the tests stay fast.
 */
class WalletViewModelTest {

  private static final String PASSWORD = "Correct horse 42";

  /** Anvil's first development account, from the public "test … junk" phrase. */
  private static final String DEV_KEY =
      "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static final String DEV_ADDRESS = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  @TempDir Path home;
  private Studio studio;
  private WalletService wallet;
  private final Notices notices = new Notices();
  private final Deque<String> typedPasswords = new ArrayDeque<>();
  private final List<String> problemsAsked = new ArrayList<>();
  private WalletViewModel model;

  @BeforeEach
  void start() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    SecureRandom random = new SecureRandom();
    wallet =
        new WalletService(
            new Keystores(
                studio.dirs().keystores(), new ScryptParams(4096, 8, 1), random, Clock.systemUTC()),
            studio.catalog().wallets(),
            random,
            Clock.systemUTC(),
            Duration.ofMinutes(5));
    PasswordPrompt prompt =
        (title, address, problem) -> {
          problemsAsked.add(problem);
          String next = typedPasswords.poll();
          return next == null ? Optional.empty() : Optional.of(next.toCharArray());
        };
    model =
        new WalletViewModel(
            wallet,
            studio.networks(),
            new DevnetModel(studio.devnet(), BackgroundRunner.sameThread()),
            BackgroundRunner.sameThread(),
            notices,
            prompt);
  }

  @AfterEach
  void stop() {
    wallet.close();
    studio.close();
  }

  @Test
  void createFlowRefusesAWrongWordAndStoresNothingThenTheRightWordsCreateTheAccount()
      throws IOException {
    model.activate();
    assertThat(model.stateProperty().get()).isEqualTo(LoadState.EMPTY);
    CreateAccountModel flow = model.newAccount();

    assertThat(flow.choosePassword("short".toCharArray(), "short".toCharArray(), "Main")).isFalse();
    assertThat(flow.problemProperty().get()).contains("too short");
    assertThat(
            flow.choosePassword(PASSWORD.toCharArray(), "Correct horse 43".toCharArray(), "Main"))
        .isFalse();
    assertThat(flow.problemProperty().get()).isEqualTo("The two passwords differ.");
    assertThat(flow.stepProperty().get()).isEqualTo(Step.PASSWORD);

    assertThat(flow.choosePassword(PASSWORD.toCharArray(), PASSWORD.toCharArray(), "Main"))
        .isTrue();
    assertThat(flow.stepProperty().get()).isEqualTo(Step.PHRASE);
    char[][] words = flow.words();
    assertThat(words.length).isEqualTo(12);
    flow.wordsWrittenDown();
    assertThat(flow.stepProperty().get()).isEqualTo(Step.CONFIRM);
    int[] challenge = flow.challenge();
    assertThat(challenge).hasSize(3);

    List<char[]> wrong = answers(words, challenge);
    wrong.set(1, "notaword".toCharArray());
    flow.confirm(wrong);

    assertThat(flow.stepProperty().get()).isEqualTo(Step.CONFIRM);
    assertThat(flow.problemProperty().get())
        .startsWith("These are not words " + CreateAccountModel.positions(challenge))
        .contains("nothing was stored");
    assertThat(wrong).allSatisfy(a -> assertThat(a).containsOnly((char) 0));
    assertThat(wallet.accounts()).isEmpty();
    assertThat(keystoreFiles()).isEmpty();

    // Typed back in another case and with spaces: still the right words.
    List<char[]> right = answers(words, challenge);
    right.replaceAll(w -> ("  " + new String(w).toUpperCase() + " ").toCharArray());
    flow.confirm(right);

    assertThat(flow.stepProperty().get()).isEqualTo(Step.DONE);
    assertThat(flow.problemProperty().get()).isEmpty();
    assertThat(wallet.accounts()).hasSize(1);
    String address = wallet.accounts().getFirst().address();
    assertThat(flow.createdProperty().get()).isEqualTo(address);
    assertThat(keystoreFiles()).hasSize(1);
    assertThat(model.accounts())
        .containsExactly(new WalletRow("Main", address, "m/44'/60'/0'/0/0"));
    assertThat(notices.shown()).anyMatch(n -> n.title().equals("Account created"));
    // The phrase is gone once the account exists.
    org.assertj.core.api.Assertions.assertThatThrownBy(flow::words)
        .isInstanceOf(IllegalStateException.class);
    // The password opens the new keystore.
    assertThat(wallet.unlock(address, PASSWORD.toCharArray()).address()).isEqualTo(address);
  }

  @Test
  void cancellingTheCreateFlowClearsThePhraseAndStoresNothing() throws IOException {
    CreateAccountModel flow = model.newAccount();
    flow.choosePassword(PASSWORD.toCharArray(), PASSWORD.toCharArray(), "");
    flow.wordsWrittenDown();

    flow.cancel();

    assertThat(flow.stepProperty().get()).isEqualTo(Step.CANCELLED);
    org.assertj.core.api.Assertions.assertThatThrownBy(flow::words)
        .isInstanceOf(IllegalStateException.class);
    assertThat(wallet.accounts()).isEmpty();
    assertThat(keystoreFiles()).isEmpty();
  }

  @Test
  void importsAPrivateKeyOrAPhraseAndSaysPlainlyWhatIsWrong() {
    ImportAccountModel flow = model.importAccount();
    char[] badKey = "0x1234".toCharArray();
    flow.submit(
        ImportAccountModel.Kind.PRIVATE_KEY,
        badKey,
        new char[0],
        0,
        PASSWORD.toCharArray(),
        PASSWORD.toCharArray(),
        "");
    assertThat(flow.problemProperty().get())
        .startsWith("Nothing was imported: A private key is 32 bytes");
    assertThat(badKey).containsOnly((char) 0);

    ImportAccountModel phrase = model.importAccount();
    phrase.submit(
        ImportAccountModel.Kind.MNEMONIC,
        DevelopmentAccounts.PHRASE.toCharArray(),
        new char[0],
        1,
        PASSWORD.toCharArray(),
        PASSWORD.toCharArray(),
        "Second");
    assertThat(phrase.problemProperty().get()).isEmpty();
    assertThat(phrase.importedProperty().get())
        .isEqualToIgnoringCase("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    ImportAccountModel key = model.importAccount();
    key.submit(
        ImportAccountModel.Kind.PRIVATE_KEY,
        DEV_KEY.toCharArray(),
        new char[0],
        0,
        PASSWORD.toCharArray(),
        PASSWORD.toCharArray(),
        "Dev");
    assertThat(key.importedProperty().get()).isEqualToIgnoringCase(DEV_ADDRESS);
    assertThat(model.accounts())
        .extracting(WalletRow::label, WalletRow::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Second", "m/44'/60'/0'/0/1"),
            org.assertj.core.groups.Tuple.tuple("Dev", "Imported key"));
  }

  @Test
  void unlockAsksAgainAfterAWrongPasswordThenLocksAgain() {
    wallet.importPrivateKey(DEV_KEY.toCharArray(), PASSWORD.toCharArray(), "Dev");
    model.activate();
    String address = model.accounts().getFirst().address();
    assertThat(model.accounts().getFirst().unlocked()).isFalse();

    typedPasswords.add("Wrong password 1");
    typedPasswords.add(PASSWORD);
    model.unlock(address);

    assertThat(problemsAsked).containsExactly("", "Wrong password. Try again.");
    assertThat(model.accounts().getFirst().unlocked()).isTrue();
    assertThat(wallet.unlocked(address)).isPresent();

    model.lock(address);
    assertThat(model.accounts().getFirst().unlocked()).isFalse();
    assertThat(wallet.unlocked(address)).isEmpty();

    typedPasswords.add(PASSWORD);
    model.unlock(address);
    model.lockAll();
    assertThat(wallet.unlocked(address)).isEmpty();
    assertThat(model.accounts().getFirst().unlocked()).isFalse();

    problemsAsked.clear();
    model.unlock(address); // cancelled: nothing happens
    assertThat(problemsAsked).containsExactly("");
    assertThat(wallet.unlocked(address)).isEmpty();
  }

  @Test
  void balancesComeFromEachNetworkWithAnRpcUrlAndADownNodeShowsADash() {
    wallet.importPrivateKey(DEV_KEY.toCharArray(), PASSWORD.toCharArray(), "Dev");
    try (Devnet devnet = Devnet.start()) {
      studio.networks().put(new Network("Anvil", Devnet.CHAIN_ID, devnet.rpcUrl()));
      studio.networks().put(new Network("Down", 11155111, "http://127.0.0.1:1/v3/SECRETKEY"));

      model.activate();

      WalletRow row = model.accounts().getFirst();
      assertThat(row.balances()).extracting(Balance::network).containsExactly("Anvil", "Down");
      assertThat(row.balances().get(0).amount()).isEqualTo("10000 ETH");
      Balance down = row.balances().get(1);
      assertThat(down.amount()).isEqualTo(Balance.UNKNOWN);
      assertThat(down.problem()).startsWith("Down (http://127.0.0.1:1/…) did not answer");
      assertThat(down.problem()).doesNotContain("SECRETKEY");
      assertThat(model.summaryProperty().get()).isEqualTo("1 account · balances on 2 networks");
    }
  }

  @Test
  void changesThePasswordOnlyWithTheCurrentOneAndExportsTheKeystore() throws IOException {
    wallet.importPrivateKey(DEV_KEY.toCharArray(), PASSWORD.toCharArray(), "Dev");
    List<String> problems = new ArrayList<>();
    char[] weak = "weak".toCharArray();

    assertThat(
            model.changePassword(
                DEV_ADDRESS, PASSWORD.toCharArray(), weak, "weak".toCharArray(), problems::add))
        .isFalse();
    assertThat(problems).singleElement().asString().contains("too short");
    assertThat(weak).containsOnly((char) 0);

    String next = "Another horse 43";
    model.changePassword(
        DEV_ADDRESS,
        "Not the password".toCharArray(),
        next.toCharArray(),
        next.toCharArray(),
        problems::add);
    assertThat(notices.shown().getLast().detail()).startsWith("The current password is wrong");
    assertThat(wallet.unlock(DEV_ADDRESS, PASSWORD.toCharArray()).address()).isEqualTo(DEV_ADDRESS);

    model.changePassword(
        DEV_ADDRESS, PASSWORD.toCharArray(), next.toCharArray(), next.toCharArray(), problems::add);
    assertThat(notices.shown().getLast().title()).isEqualTo("Password changed");
    assertThat(wallet.unlock(DEV_ADDRESS, next.toCharArray()).address()).isEqualTo(DEV_ADDRESS);

    Path out = Files.createDirectories(home.resolve("backup"));
    model.exportKeystore(DEV_ADDRESS, out);
    assertThat(notices.shown().getLast().title()).isEqualTo("Keystore exported");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.toList()).hasSize(1);
    }
  }

  @Test
  void balancesAreShownByTheOneEtherRule() {
    assertThat(Balance.of("Local", java.math.BigInteger.ZERO).amount()).isEqualTo("0 ETH");
    assertThat(Balance.of("Local", new java.math.BigInteger("1250000000000000000")).amount())
        .isEqualTo("1.25 ETH");
    // Six decimals at most, the studio's and the CLI's one rule (the balance used to show four).
    assertThat(Balance.of("Local", java.math.BigInteger.ONE).amount()).isEqualTo("< 0.000001 ETH");
  }

  private static List<char[]> answers(char[][] words, int[] challenge) {
    List<char[]> out = new ArrayList<>();
    for (int position : challenge) {
      out.add(words[position - 1].clone());
    }
    return out;
  }

  private List<Path> keystoreFiles() throws IOException {
    Path dir = studio.dirs().keystores();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}
