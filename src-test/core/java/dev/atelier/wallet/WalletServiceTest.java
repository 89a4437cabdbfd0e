package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.ADDRESS_0;
import static dev.atelier.wallet.TestKeys.ADDRESS_1;
import static dev.atelier.wallet.TestKeys.FAST;
import static dev.atelier.wallet.TestKeys.KEY_0;
import static dev.atelier.wallet.TestKeys.PASSWORD;
import static dev.atelier.wallet.TestKeys.TEST_PHRASE;
import static dev.atelier.wallet.WalletAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.wallet.WalletException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalletServiceTest {

  private static final Duration IDLE = Duration.ofMinutes(5);
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  @TempDir Path home;

  private final MutableClock clock = new MutableClock(TestKeys.T0);
  private Catalog catalog;
  private WalletService wallet;

  @BeforeEach
  void open() {
    catalog = Catalog.open(home.resolve("catalog.db"));
    wallet = newService(catalog);
  }

  @AfterEach
  void close() {
    wallet.close();
    catalog.close();
  }

  private WalletService newService(Catalog catalog) {
    SecureRandom random = new SecureRandom();
    return new WalletService(
        new Keystores(home.resolve("keystore"), FAST, random, clock),
        catalog.wallets(),
        random,
        clock,
        IDLE);
  }

  private static List<char[]> answers(MnemonicBackup backup) {
    char[][] words = backup.words();
    List<char[]> answers = new ArrayList<>();
    for (int position : backup.challenge()) {
      answers.add(words[position - 1]);
    }
    return answers;
  }

  private WalletAccount importTestAccount() {
    return wallet.importMnemonic(
        TEST_PHRASE.toCharArray(), new char[0], 0, PASSWORD.toCharArray(), "Studio");
  }

  @Test
  void newPhraseIsStoredOnlyAfterTheUserTypesBackTheAskedWords() throws IOException {
    MnemonicBackup backup = wallet.start();
    assertThat(backup.size()).isEqualTo(12);
    int[] challenge = backup.challenge();
    assertThat(challenge).hasSize(3).isSorted().doesNotHaveDuplicates();
    assertThat(challenge[0]).isGreaterThanOrEqualTo(1);
    assertThat(challenge[2]).isLessThanOrEqualTo(12);

    List<char[]> wrong = answers(backup);
    wrong.set(
        1, "zoo".equals(new String(wrong.get(1))) ? "zone".toCharArray() : "zoo".toCharArray());
    assertFails(
            () -> wallet.confirm(backup, wrong, PASSWORD.toCharArray(), ""),
            Reason.BACKUP_NOT_CONFIRMED)
        .contains("do not match words");
    assertThat(wallet.accounts()).isEmpty();

    // The words can be shown again; answers ignore case and surrounding spaces.
    List<char[]> typed = new ArrayList<>();
    for (char[] word : answers(backup)) {
      typed.add((" " + new String(word).toUpperCase() + " ").toCharArray());
    }
    char[] phrase = String.join(" ", wordsOf(backup)).toCharArray();
    WalletAccount account = wallet.confirm(backup, typed, PASSWORD.toCharArray(), "");

    assertThat(account.label()).isEqualTo("Account 1");
    assertThat(account.derivationPath()).isEqualTo("m/44'/60'/0'/0/0");
    assertThat(wallet.accounts()).containsExactly(account);
    assertThat(wallet.keystoreDir().resolve(account.keystoreFile())).exists();
    assertThatThrownBy(backup::words).isInstanceOf(IllegalStateException.class);

    // The same phrase, imported, is the same account: it exists already.
    assertFails(
            () -> wallet.importMnemonic(phrase, new char[0], 0, PASSWORD.toCharArray(), "again"),
            Reason.ALREADY_EXISTS)
        .isEqualTo(account.address() + " is already in the wallet.");
  }

  private static List<String> wordsOf(MnemonicBackup backup) {
    List<String> out = new ArrayList<>();
    for (char[] w : backup.words()) {
      out.add(new String(w));
    }
    return out;
  }

  @Test
  void twentyFourWordPhrases() {
    try (MnemonicBackup backup = wallet.start(24)) {
      assertThat(backup.words()).hasNumberOfRows(24);
      assertThat(Arrays.stream(backup.challenge())).allSatisfy(p -> assertThat(p).isBetween(1, 24));
    }
  }

  @Test
  void weakPasswordStoresNothingAndKeepsTheBackupOpen() {
    MnemonicBackup backup = wallet.start();
    assertFails(
            () -> wallet.confirm(backup, answers(backup), "short1".toCharArray(), ""),
            Reason.WEAK_PASSWORD)
        .contains("at least 10 characters");
    assertFails(
            () -> wallet.confirm(backup, answers(backup), "aaaaaaaaaaaa".toCharArray(), ""),
            Reason.WEAK_PASSWORD)
        .contains("mix at least two kinds");
    assertThat(wallet.accounts()).isEmpty();
    assertThat(home.resolve("keystore")).doesNotExist();
    assertThat(wallet.confirm(backup, answers(backup), PASSWORD.toCharArray(), "ok")).isNotNull();
  }

  @Test
  void importsAccountsOfAPhraseByIndexAndWithAPassphrase() {
    assertThat(importTestAccount().address()).isEqualTo(ADDRESS_0);
    WalletAccount second =
        wallet.importMnemonic(
            ("  " + TEST_PHRASE.toUpperCase() + "\n").toCharArray(),
            new char[0],
            1,
            PASSWORD.toCharArray(),
            " Second ");
    assertThat(second.address()).isEqualTo(ADDRESS_1);
    assertThat(second.label()).isEqualTo("Second");
    assertThat(second.derivationPath()).isEqualTo("m/44'/60'/0'/0/1");
    WalletAccount hidden =
        wallet.importMnemonic(
            TEST_PHRASE.toCharArray(), "secret".toCharArray(), 0, PASSWORD.toCharArray(), null);
    assertThat(hidden.address()).isNotIn(ADDRESS_0, ADDRESS_1);
    assertThat(hidden.label()).isEqualTo("Account 3");
    assertThat(wallet.accounts())
        .extracting(WalletAccount::address)
        .containsExactly(ADDRESS_0, ADDRESS_1, hidden.address());

    assertFails(
        () ->
            wallet.importMnemonic(
                "test ".repeat(12).toCharArray(), new char[0], 0, PASSWORD.toCharArray(), ""),
        Reason.INVALID_MNEMONIC);
  }

  @Test
  void importsPrivateKeysWithOrWithoutPrefixAndRejectsBadOnes() {
    assertThat(
            wallet.importPrivateKey(
                (" 0x" + KEY_0 + "\n").toCharArray(), PASSWORD.toCharArray(), "k"))
        .satisfies(
            a -> {
              assertThat(a.address()).isEqualTo(ADDRESS_0);
              assertThat(a.derivationPath()).isNull();
            });
    assertFails(
        () ->
            wallet.importPrivateKey(KEY_0.toUpperCase().toCharArray(), PASSWORD.toCharArray(), ""),
        Reason.ALREADY_EXISTS);

    char[] password = PASSWORD.toCharArray();
    assertFails(
            () -> wallet.importPrivateKey(KEY_0.substring(2).toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .isEqualTo("A private key is 32 bytes (64 hex digits); this one has 31 bytes (62 digits).");
    assertFails(
            () -> wallet.importPrivateKey(KEY_0.substring(1).toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .isEqualTo("This is not a private key: it has an odd number of hex digits (63).");
    assertFails(
            () -> wallet.importPrivateKey(("zz" + KEY_0.substring(2)).toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .contains("not hex digits");
    assertFails(
            () -> wallet.importPrivateKey("00".repeat(32).toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .contains("zero or not below the secp256k1 group order");
    assertFails(
            () -> wallet.importPrivateKey("ff".repeat(32).toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .contains("zero or not below the secp256k1 group order");
    assertFails(
            () -> wallet.importPrivateKey("0x".toCharArray(), password, ""),
            Reason.INVALID_PRIVATE_KEY)
        .contains("this one has 0 bytes");
    assertThat(wallet.accounts()).hasSize(1);
  }

  @Test
  void unlockWithTheRightPasswordOnly() {
    importTestAccount();
    assertFails(
            () -> wallet.unlock(ADDRESS_0, "wrong password 1".toCharArray()), Reason.WRONG_PASSWORD)
        .startsWith("Wrong password for " + ADDRESS_0);
    assertFails(() -> wallet.signPersonalMessage(ADDRESS_0, HELLO), Reason.LOCKED);
    assertFails(() -> wallet.unlock(ADDRESS_1, PASSWORD.toCharArray()), Reason.NOT_FOUND)
        .isEqualTo("No wallet account " + ADDRESS_1 + ".");

    try (UnlockedAccount account = wallet.unlock(ADDRESS_0.toLowerCase(), PASSWORD.toCharArray())) {
      assertThat(account.address()).isEqualTo(ADDRESS_0);
      Signature signature = wallet.signPersonalMessage(ADDRESS_0, HELLO);
      assertThat(Signatures.recoverPersonalMessageSigner(HELLO, signature.value()))
          .isEqualTo(ADDRESS_0);
      assertThat(wallet.unlocked(ADDRESS_0)).containsSame(account);
    }
    assertThat(wallet.unlocked(ADDRESS_0)).isEmpty();
    assertFails(() -> wallet.signPersonalMessage(ADDRESS_0, HELLO), Reason.LOCKED);
  }

  @Test
  void closingAnUnlockedAccountZeroesItsKey() {
    importTestAccount();
    UnlockedAccount account = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray());
    byte[] key = account.keyForTest();
    assertThat(key).isNotEqualTo(new byte[32]);
    account.close();
    assertThat(key).isEqualTo(new byte[32]);
    assertThat(account.isUnlocked()).isFalse();
    assertFails(() -> account.signPersonalMessage(HELLO), Reason.LOCKED)
        .isEqualTo(ADDRESS_0 + " is locked; unlock it with its password.");
  }

  @Test
  void locksAfterTheIdleTimeAndUseResetsIt() {
    importTestAccount();
    UnlockedAccount account = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray());

    clock.advance(Duration.ofMinutes(4));
    assertThat(wallet.lockIdle()).isZero();
    wallet.signTypedData(ADDRESS_0, SignaturesTest.MAIL);
    clock.advance(Duration.ofMinutes(4));
    assertThat(wallet.lockIdle()).isZero();
    assertThat(account.isUnlocked()).isTrue();

    clock.advance(Duration.ofMinutes(1));
    assertThat(account.isUnlocked()).isFalse();
    assertThat(wallet.lockIdle()).isEqualTo(1);
    assertThat(account.keyForTest()).isEqualTo(new byte[32]);
    assertFails(() -> wallet.signPersonalMessage(ADDRESS_0, HELLO), Reason.LOCKED);
    assertFails(() -> account.signPersonalMessage(HELLO), Reason.LOCKED)
        .isEqualTo(ADDRESS_0 + " is locked after 5 min idle; unlock it with its password.");
  }

  @Test
  void anIdleAccountLocksAtItsNextUseEvenWithoutTheTimer() {
    importTestAccount();
    UnlockedAccount account = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray());
    clock.advance(IDLE);
    assertFails(() -> account.signPersonalMessage(HELLO), Reason.LOCKED)
        .contains("after 5 min idle");
    assertThat(account.keyForTest()).isEqualTo(new byte[32]);
  }

  @Test
  void lockAndLockAllClearKeys() {
    importTestAccount();
    wallet.importMnemonic(TEST_PHRASE.toCharArray(), new char[0], 1, PASSWORD.toCharArray(), "");
    UnlockedAccount first = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray());
    UnlockedAccount again = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray());
    assertThat(first.isUnlocked()).as("a second unlock replaces the first").isFalse();
    UnlockedAccount second = wallet.unlock(ADDRESS_1, PASSWORD.toCharArray());

    wallet.lock(ADDRESS_0);
    assertThat(again.isUnlocked()).isFalse();
    assertThat(second.isUnlocked()).isTrue();
    wallet.lockAll();
    assertThat(second.keyForTest()).isEqualTo(new byte[32]);
  }

  @Test
  void theTimerRunsUntilTheServiceCloses() {
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    try {
      wallet.scheduleAutoLock(timers);
      assertThat(timers.getQueue()).hasSize(1);
      wallet.close();
      assertThat(timers.getQueue()).allSatisfy(task -> assertThat((Future<?>) task).isCancelled());
    } finally {
      timers.shutdownNow();
    }
  }

  @Test
  void changePasswordNeedsTheOldOneAndAStrongNewOne() {
    WalletAccount account = importTestAccount();
    char[] next = "New secret 2026".toCharArray();

    assertFails(
        () -> wallet.changePassword(ADDRESS_0, PASSWORD.toCharArray(), "weak".toCharArray()),
        Reason.WEAK_PASSWORD);
    assertFails(
        () -> wallet.changePassword(ADDRESS_0, "Not the old one".toCharArray(), next),
        Reason.WRONG_PASSWORD);
    wallet.unlock(ADDRESS_0, PASSWORD.toCharArray()).close();

    wallet.changePassword(ADDRESS_0, PASSWORD.toCharArray(), next);

    assertFails(() -> wallet.unlock(ADDRESS_0, PASSWORD.toCharArray()), Reason.WRONG_PASSWORD);
    try (UnlockedAccount unlocked = wallet.unlock(ADDRESS_0, next)) {
      assertThat(unlocked.address()).isEqualTo(ADDRESS_0);
    }
    assertThat(wallet.accounts()).containsExactly(account);
  }

  @Test
  void exportCopiesTheKeystoreUnchanged() throws IOException {
    WalletAccount account = importTestAccount();
    Path target = home.resolve("exported.json");
    assertThat(wallet.export(ADDRESS_0, target)).isEqualTo(target);
    assertThat(Files.readAllBytes(target))
        .isEqualTo(Files.readAllBytes(wallet.keystoreDir().resolve(account.keystoreFile())));
    assertFails(() -> wallet.export(ADDRESS_0, target), Reason.ALREADY_EXISTS);
  }

  @Test
  void aFailedCatalogWriteKeepsTheKeyAndTheNextStartAddsTheAccountBack() {
    catalog
        .database()
        .inTransaction(
            c -> {
              try (Statement s = c.createStatement()) {
                s.execute(
                    "CREATE TEMP TRIGGER refuse BEFORE INSERT ON wallets"
                        + " BEGIN SELECT RAISE(ABORT, 'disk is full'); END");
              }
              return null;
            });

    assertFails(this::importTestAccount, Reason.STORAGE)
        .startsWith("The key of " + ADDRESS_0 + " is safe in " + home.resolve("keystore"))
        .contains("disk is full")
        .endsWith("Atelier adds it at the next start.");
    assertThat(wallet.accounts()).isEmpty();

    wallet.close();
    catalog.close();
    catalog = Catalog.open(home.resolve("catalog.db"));
    wallet = newService(catalog);
    assertThat(wallet.reconcile()).isEqualTo(1);
    assertThat(wallet.reconcile()).isZero();
    WalletAccount recovered = wallet.account(ADDRESS_0).orElseThrow();
    assertThat(recovered.label()).isEqualTo("Recovered 0xf39Fd6e5");
    try (UnlockedAccount unlocked = wallet.unlock(ADDRESS_0, PASSWORD.toCharArray())) {
      assertThat(unlocked.address()).isEqualTo(ADDRESS_0);
    }
  }

  @Test
  void reconcileLeavesStrangeFilesAlone() throws IOException {
    Path junk = Files.createDirectories(home.resolve("keystore")).resolve("notes.txt");
    Files.writeString(junk, "not a keystore");
    assertThat(wallet.reconcile()).isZero();
    assertThat(Files.readString(junk)).isEqualTo("not a keystore");
  }

  @Test
  void aKeystoreSwappedForAnotherAccountsFileIsRefused() throws IOException {
    WalletAccount first = importTestAccount();
    WalletAccount second =
        wallet.importMnemonic(
            TEST_PHRASE.toCharArray(), new char[0], 1, PASSWORD.toCharArray(), "");
    Path firstFile = wallet.keystoreDir().resolve(first.keystoreFile());
    Files.copy(
        wallet.keystoreDir().resolve(second.keystoreFile()),
        firstFile,
        StandardCopyOption.REPLACE_EXISTING);

    assertFails(() -> wallet.unlock(ADDRESS_0, PASSWORD.toCharArray()), Reason.BAD_KEYSTORE)
        .contains("holds the key of another address than " + ADDRESS_0);
  }
}
