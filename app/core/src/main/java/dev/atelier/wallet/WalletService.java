package dev.atelier.wallet;

import dev.atelier.catalog.CatalogException;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.catalog.WalletRepository;
import dev.atelier.wallet.WalletException.Reason;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in wallet: creates and imports accounts, keeps their keys in {@link Keystores}, lists
 * them from the catalog, unlocks them for signing and locks them again after idle time.
 *
 * <p>Creating an account is two steps, so that nobody ends up with a key whose recovery phrase they
 * never wrote down: {@link #start()} makes a phrase to show once, {@link #confirm} checks the words
 * the user types back and only then stores the first account ({@code m/44'/60'/0'/0/0}) of that
 * phrase. The phrase itself is never stored: the user's written copy is the backup, and {@link
 * #importMnemonic} brings back any account of it.
 *
 * <p>Adding an account writes the keystore file first and the catalog row second. If the catalog
 * write fails, the key is still safe in its file, the error says where, and {@link #reconcile()}
 * (run at every start) adds the row back.
 *
 * <p>Methods taking {@code char[]} secrets never keep or clear the caller's arrays; the caller
 * clears them.
 */
public final class WalletService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WalletService.class);

  /** Words in a new recovery phrase, unless asked for more. */
  public static final int DEFAULT_WORD_COUNT = 12;

  /** How many words the user types back to confirm a new phrase. */
  static final int CHALLENGE_SIZE = 3;

  private static final char[] NO_PASSPHRASE = new char[0];

  private final Keystores keystores;
  private final WalletRepository accounts;
  private final SecureRandom random;
  private final Clock clock;
  private final Duration autoLock;
  private final Map<String, UnlockedAccount> unlocked = new ConcurrentHashMap<>();
  private ScheduledFuture<?> autoLockTask;

  /**
   * @param autoLock idle time after which an unlocked account locks itself
   */
  public WalletService(
      Keystores keystores,
      WalletRepository accounts,
      SecureRandom random,
      Clock clock,
      Duration autoLock) {
    if (autoLock.isNegative() || autoLock.isZero()) {
      throw new IllegalArgumentException("The auto-lock time must be positive, not " + autoLock);
    }
    this.keystores = keystores;
    this.accounts = accounts;
    this.random = random;
    this.clock = clock;
    this.autoLock = autoLock;
  }

  /** Idle time after which unlocked accounts lock themselves. */
  public Duration autoLock() {
    return autoLock;
  }

  /** The keystore folder. */
  public Path keystoreDir() {
    return keystores.dir();
  }

  // ---- creating and importing

  /** A new {@value #DEFAULT_WORD_COUNT}-word recovery phrase to show and confirm. */
  public MnemonicBackup start() {
    return start(DEFAULT_WORD_COUNT);
  }

  /**
   * A new recovery phrase to show and confirm.
   *
   * @param wordCount 12 or 24 (or 15, 18, 21)
   */
  public MnemonicBackup start(int wordCount) {
    Mnemonic mnemonic = Mnemonic.generate(wordCount, random);
    int[] challenge =
        random.ints(1, wordCount + 1).distinct().limit(CHALLENGE_SIZE).sorted().toArray();
    return new MnemonicBackup(mnemonic, challenge);
  }

  /**
   * Stores the first account of a new phrase once the user has typed back the words at {@link
   * MnemonicBackup#challenge()}, in that order (case and surrounding spaces do not matter). On
   * success the backup is cleared; on a wrong answer or a weak password it stays open, so the words
   * can be shown again.
   *
   * @param label a name for the account; blank for a numbered default
   * @throws WalletException {@link Reason#BACKUP_NOT_CONFIRMED}, {@link Reason#WEAK_PASSWORD}, or
   *     any failure of storing the account
   */
  public WalletAccount confirm(
      MnemonicBackup backup, List<char[]> answers, char[] password, String label) {
    if (!backup.answered(answers)) {
      throw new WalletException(
          Reason.BACKUP_NOT_CONFIRMED,
          "The words typed do not match words "
              + Arrays.toString(backup.challenge())
              + " of the recovery phrase; look at the written copy and try again.");
    }
    PasswordPolicy.check(password);
    HdPath path = new HdPath(0);
    byte[] key = deriveKey(backup.mnemonic(), NO_PASSPHRASE, path);
    try {
      WalletAccount account = store(key, password, label, path);
      backup.close();
      return account;
    } finally {
      Secrets.wipe(key);
    }
  }

  /**
   * Imports one account of an existing recovery phrase.
   *
   * @param passphrase the optional BIP-39 passphrase ("25th word"), empty for none
   * @param accountIndex which account of the phrase: the last number of {@code m/44'/60'/0'/0/i}
   */
  public WalletAccount importMnemonic(
      char[] phrase, char[] passphrase, int accountIndex, char[] password, String label) {
    PasswordPolicy.check(password);
    HdPath path = new HdPath(accountIndex);
    byte[] key;
    try (Mnemonic mnemonic = Mnemonic.parse(phrase)) {
      key = deriveKey(mnemonic, passphrase, path);
    }
    try {
      return store(key, password, label, path);
    } finally {
      Secrets.wipe(key);
    }
  }

  /**
   * Imports a raw private key: 64 hex digits, with or without {@code 0x}.
   *
   * @throws WalletException {@link Reason#INVALID_PRIVATE_KEY} for anything else
   */
  public WalletAccount importPrivateKey(char[] privateKeyHex, char[] password, String label) {
    PasswordPolicy.check(password);
    byte[] key;
    try {
      key = Secrets.hex(privateKeyHex);
    } catch (IllegalArgumentException e) {
      throw new WalletException(
          Reason.INVALID_PRIVATE_KEY, "This is not a private key: " + e.getMessage() + ".");
    }
    try {
      if (key.length != 32) {
        throw new WalletException(
            Reason.INVALID_PRIVATE_KEY,
            "A private key is 32 bytes (64 hex digits); this one has "
                + key.length
                + " bytes ("
                + key.length * 2
                + " digits).");
      }
      if (!KeyAddresses.isValidPrivateKey(key)) {
        throw new WalletException(
            Reason.INVALID_PRIVATE_KEY,
            "This is not a valid private key: it is zero or not below the secp256k1 group order.");
      }
      return store(key, password, label, null);
    } finally {
      Secrets.wipe(key);
    }
  }

  // ---- listing

  /** All accounts, oldest first. */
  public List<WalletAccount> accounts() {
    return accounts.list();
  }

  /** One account, by address in any letter case. */
  public Optional<WalletAccount> account(String address) {
    return accounts.find(address);
  }

  // ---- unlocking and signing

  /**
   * Decrypts an account's key with its password and keeps it unlocked until {@link #lock}, its own
   * {@link UnlockedAccount#close()}, or {@link #autoLock()} without use. Unlocking an account that
   * is already unlocked replaces (and clears) the earlier one.
   */
  public UnlockedAccount unlock(String address, char[] password) {
    WalletAccount account = require(address);
    byte[] key = keystores.decrypt(keystoreFile(account), password);
    if (!KeyAddresses.ofPrivateKey(key).equalsIgnoreCase(account.address())) {
      Secrets.wipe(key);
      throw new WalletException(
          Reason.BAD_KEYSTORE,
          "Keystore file "
              + keystoreFile(account)
              + " holds the key of another address than "
              + account.address());
    }
    UnlockedAccount session = new UnlockedAccount(account.address(), key, clock, autoLock);
    UnlockedAccount previous = unlocked.put(mapKey(address), session);
    if (previous != null) {
      previous.close();
    }
    LOG.info("Unlocked {} (locks after {} idle)", account.address(), autoLock);
    return session;
  }

  /** The unlocked session of an account, if it is unlocked now. */
  public Optional<UnlockedAccount> unlocked(String address) {
    UnlockedAccount session = unlocked.get(mapKey(address));
    if (session == null) {
      return Optional.empty();
    }
    if (session.lockIfIdle()) {
      unlocked.remove(mapKey(address), session);
      return Optional.empty();
    }
    return Optional.of(session);
  }

  /** Signs an EIP-191 personal message with an unlocked account. */
  public Signature signPersonalMessage(String address, byte[] message) {
    return requireUnlocked(address).signPersonalMessage(message);
  }

  /** Signs EIP-712 typed data (JSON) with an unlocked account. */
  public Signature signTypedData(String address, String typedDataJson) {
    return requireUnlocked(address).signTypedData(typedDataJson);
  }

  /** Locks one account now. */
  public void lock(String address) {
    UnlockedAccount session = unlocked.remove(mapKey(address));
    if (session != null) {
      session.close();
      LOG.info("Locked {}", session.address());
    }
  }

  /** Locks every account now. */
  public void lockAll() {
    unlocked.keySet().forEach(this::lock);
  }

  /**
   * Locks the accounts idle for {@link #autoLock()} or longer. Run periodically by {@link
   * #scheduleAutoLock}; accounts also lock at their first use after the idle time.
   *
   * @return how many accounts were locked
   */
  public int lockIdle() {
    int count = 0;
    for (Map.Entry<String, UnlockedAccount> e : unlocked.entrySet()) {
      if (e.getValue().lockIfIdle() && unlocked.remove(e.getKey(), e.getValue())) {
        LOG.info("Locked {} after {} idle", e.getValue().address(), autoLock);
        count++;
      }
    }
    return count;
  }

  /**
   * Runs {@link #lockIdle()} on {@code timers} often enough that a key leaves memory at most a
   * quarter of the idle time (and at most 30 s) late. Stopped by {@link #close()}.
   */
  public synchronized void scheduleAutoLock(ScheduledExecutorService timers) {
    long periodMillis = Math.clamp(autoLock.toMillis() / 4, 1_000L, 30_000L);
    if (autoLockTask != null) {
      autoLockTask.cancel(false);
    }
    autoLockTask =
        timers.scheduleWithFixedDelay(
            this::lockIdle, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  // ---- keystore files

  /**
   * Copies an account's keystore file, unchanged, to {@code target} (a new file, or a folder).
   *
   * @return the file written
   */
  public Path export(String address, Path target) {
    Path written = keystores.export(keystoreFile(require(address)), target);
    LOG.info("Exported the keystore of {} to {}", address, written);
    return written;
  }

  /**
   * Re-encrypts an account's keystore under a new password; the old password is required. The file
   * is replaced atomically: on any failure the old file, and the old password, stay valid.
   */
  public void changePassword(String address, char[] oldPassword, char[] newPassword) {
    PasswordPolicy.check(newPassword);
    WalletAccount account = require(address);
    keystores.changePassword(keystoreFile(account), oldPassword, newPassword);
    LOG.info("Changed the keystore password of {}", account.address());
  }

  /**
   * Adds a catalog row for every keystore file in the folder that the catalog does not list (left
   * by a catalog write that failed, or copied in by hand). Files that are not readable keystores
   * are left alone and logged.
   *
   * @return how many accounts were added
   */
  public int reconcile() {
    int added = 0;
    for (Path file : keystores.list()) {
      String address;
      try {
        address = keystores.address(file);
      } catch (WalletException e) {
        LOG.warn("Ignoring {} in the keystore folder: {}", file.getFileName(), e.getMessage());
        continue;
      }
      if (accounts.find(address).isEmpty()) {
        accounts.add(
            new WalletAccount(
                address,
                "Recovered " + address.substring(0, 10),
                null,
                file.getFileName().toString(),
                clock.instant()));
        LOG.info("Added {} from keystore {}, which the catalog did not list", address, file);
        added++;
      }
    }
    return added;
  }

  /** Stops the auto-lock timer and locks every account. */
  @Override
  public synchronized void close() {
    if (autoLockTask != null) {
      autoLockTask.cancel(false);
    }
    lockAll();
  }

  // ---- internals

  private static byte[] deriveKey(Mnemonic mnemonic, char[] passphrase, HdPath path) {
    byte[] seed = mnemonic.seed(passphrase);
    try {
      return path.derivePrivateKey(seed);
    } finally {
      Secrets.wipe(seed);
    }
  }

  /** Keystore file first, catalog row second (see the class notes). */
  private WalletAccount store(byte[] key, char[] password, String label, HdPath path) {
    String address = KeyAddresses.ofPrivateKey(key);
    if (accounts.find(address).isPresent()) {
      throw new WalletException(Reason.ALREADY_EXISTS, address + " is already in the wallet.");
    }
    Path file = keystores.create(key, password);
    WalletAccount account =
        new WalletAccount(
            address,
            label == null || label.isBlank()
                ? "Account " + (accounts.list().size() + 1)
                : label.strip(),
            path == null ? null : path.toString(),
            file.getFileName().toString(),
            clock.instant());
    try {
      accounts.add(account);
    } catch (CatalogException e) {
      throw new WalletException(
          Reason.STORAGE,
          "The key of "
              + address
              + " is safe in "
              + file
              + ", but the catalog could not record the account ("
              + e.getMessage()
              + "). Atelier adds it at the next start.",
          e);
    }
    LOG.info("Added wallet account {} ({})", address, path == null ? "imported key" : path);
    return account;
  }

  private WalletAccount require(String address) {
    return accounts
        .find(address)
        .orElseThrow(
            () -> new WalletException(Reason.NOT_FOUND, "No wallet account " + address + "."));
  }

  private UnlockedAccount requireUnlocked(String address) {
    return unlocked(address)
        .orElseThrow(
            () ->
                new WalletException(
                    Reason.LOCKED, address + " is locked; unlock it with its password."));
  }

  private Path keystoreFile(WalletAccount account) {
    return keystores.dir().resolve(account.keystoreFile());
  }

  private static String mapKey(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
