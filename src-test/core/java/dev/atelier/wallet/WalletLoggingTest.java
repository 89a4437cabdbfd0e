package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.FAST;
import static dev.atelier.wallet.TestKeys.KEY_0;
import static dev.atelier.wallet.TestKeys.TEST_PHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.WalletAccount;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Everything the wallet logs, at every level, and every error it raises, holds no secret. */
class WalletLoggingTest {

  private static final String PASSWORD = "Log-safe password 1";
  private static final String NEW_PASSWORD = "Another log-safe 2";

  @TempDir Path home;

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Level rootLevel;
  private final List<String> errors = new ArrayList<>();

  @BeforeEach
  void capture() {
    rootLevel = root.getLevel();
    root.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    root.setLevel(rootLevel);
  }

  @Test
  void noSecretIsLoggedOrPutInAnErrorMessage() {
    MutableClock clock = new MutableClock(TestKeys.T0);
    byte[] importedKey = new byte[32];
    new SecureRandom().nextBytes(importedKey);
    String importedHex = HexFormat.of().formatHex(importedKey);
    List<String> phrases = new ArrayList<>(List.of(TEST_PHRASE));

    try (Catalog catalog = Catalog.open(home.resolve("catalog.db"));
        WalletService wallet =
            new WalletService(
                new Keystores(home.resolve("keystore"), FAST, new SecureRandom(), clock),
                catalog.wallets(),
                new SecureRandom(),
                clock,
                Duration.ofMinutes(5))) {
      MnemonicBackup backup = wallet.start();
      char[][] words = backup.words();
      StringBuilder phrase = new StringBuilder();
      List<char[]> answers = new ArrayList<>();
      for (char[] w : words) {
        phrase.append(phrase.isEmpty() ? "" : " ").append(w);
      }
      phrases.add(phrase.toString());
      for (int position : backup.challenge()) {
        answers.add(words[position - 1]);
      }
      List<char[]> wrong = List.of("x".toCharArray(), "y".toCharArray(), "z".toCharArray());
      failure(() -> wallet.confirm(backup, wrong, PASSWORD.toCharArray(), ""));
      failure(() -> wallet.confirm(backup, answers, "weak".toCharArray(), ""));
      WalletAccount created = wallet.confirm(backup, answers, PASSWORD.toCharArray(), "");

      WalletAccount fromPhrase =
          wallet.importMnemonic(
              TEST_PHRASE.toCharArray(), new char[0], 0, PASSWORD.toCharArray(), "");
      failure(
          () ->
              wallet.importMnemonic(
                  TEST_PHRASE.replace("junk", "junc").toCharArray(),
                  new char[0],
                  0,
                  PASSWORD.toCharArray(),
                  ""));
      failure(
          () ->
              wallet.importMnemonic(
                  TEST_PHRASE.replace("junk", "test").toCharArray(),
                  new char[0],
                  1,
                  PASSWORD.toCharArray(),
                  ""));
      wallet.importPrivateKey(importedHex.toCharArray(), PASSWORD.toCharArray(), "");
      failure(() -> wallet.importPrivateKey(importedHex.toCharArray(), PASSWORD.toCharArray(), ""));
      failure(
          () ->
              wallet.importPrivateKey(
                  importedHex.substring(1).toCharArray(), PASSWORD.toCharArray(), ""));

      failure(() -> wallet.unlock(created.address(), NEW_PASSWORD.toCharArray()));
      wallet.unlock(created.address(), PASSWORD.toCharArray());
      wallet.signPersonalMessage(created.address(), "hi".getBytes(StandardCharsets.UTF_8));
      wallet.signTypedData(created.address(), SignaturesTest.MAIL);
      wallet.changePassword(
          fromPhrase.address(), PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());
      failure(
          () ->
              wallet.changePassword(
                  fromPhrase.address(), PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()));
      wallet.unlock(fromPhrase.address(), NEW_PASSWORD.toCharArray());
      wallet.export(fromPhrase.address(), home.resolve("export.json"));
      clock.advance(Duration.ofMinutes(6));
      wallet.lockIdle();
    }

    List<String> logged = new ArrayList<>();
    for (ILoggingEvent event : appender.list) {
      logged.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        logged.add(t.getMessage());
      }
    }
    assertThat(logged).as("the wallet logs what it does").hasSizeGreaterThan(5);
    assertThat(errors).hasSize(8);

    List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, KEY_0, importedHex));
    secrets.add(importedHex.substring(0, 16));
    for (String phrase : phrases) {
      String[] w = phrase.split(" ");
      for (int i = 0; i + 2 < w.length; i++) {
        secrets.add(w[i] + " " + w[i + 1] + " " + w[i + 2]);
      }
    }
    for (String text : concat(logged, errors)) {
      String lower = String.valueOf(text).toLowerCase(Locale.ROOT);
      for (String secret : secrets) {
        assertThat(lower).doesNotContain(secret.toLowerCase(Locale.ROOT));
      }
    }
  }

  private void failure(ThrowingCallable call) {
    WalletException e = catchThrowableOfType(WalletException.class, call);
    assertThat(e).isNotNull();
    errors.add(e.getMessage());
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
