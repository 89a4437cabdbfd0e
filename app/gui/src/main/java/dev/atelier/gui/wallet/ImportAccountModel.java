package dev.atelier.gui.wallet;

import dev.atelier.catalog.WalletAccount;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.wallet.WalletService;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The import flow: a recovery phrase (with optional passphrase and account number) or a private
 * key, plus a new password typed twice. Every secret array handed in is cleared once used, whether
 * the import worked or not.
 */
public final class ImportAccountModel {

  /** What is imported. */
  public enum Kind {
    MNEMONIC,
    PRIVATE_KEY
  }

  private final WalletService wallet;
  private final BackgroundRunner runner;
  private final Consumer<WalletAccount> onImported;
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
  private final ReadOnlyStringWrapper imported = new ReadOnlyStringWrapper(this, "imported", "");

  ImportAccountModel(
      WalletService wallet, BackgroundRunner runner, Consumer<WalletAccount> onImported) {
    this.wallet = wallet;
    this.runner = runner;
    this.onImported = onImported;
  }

  /**
   * Imports in the background. Takes ownership of every array: all are cleared when done.
   *
   * @param passphrase the BIP-39 passphrase (empty for none); ignored for a private key
   * @param index the account number of the phrase; ignored for a private key
   */
  public void submit(
      Kind kind,
      char[] secret,
      char[] passphrase,
      int index,
      char[] password,
      char[] again,
      String label) {
    if (busy.get()) {
      wipe(secret, passphrase, password, again);
      return;
    }
    Optional<String> refused =
        secret.length == 0
            ? Optional.of(
                kind == Kind.MNEMONIC
                    ? "Type the recovery phrase: its 12 to 24 words separated by spaces."
                    : "Type the private key: 64 hex digits.")
            : CreateAccountModel.passwordProblem(password, again);
    if (refused.isPresent() || index < 0) {
      wipe(secret, passphrase, password, again);
      problem.set(refused.orElse("The account number must not be negative."));
      return;
    }
    problem.set("");
    busy.set(true);
    runner.run(
        () -> {
          try {
            return kind == Kind.MNEMONIC
                ? wallet.importMnemonic(secret, passphrase, index, password, label)
                : wallet.importPrivateKey(secret, password, label);
          } finally {
            wipe(secret, passphrase, password, again);
          }
        },
        account -> {
          busy.set(false);
          imported.set(account.address());
          onImported.accept(account);
        },
        failure -> {
          busy.set(false);
          problem.set("Nothing was imported: " + Notices.message(failure));
        });
  }

  private static void wipe(char[]... secrets) {
    for (char[] s : secrets) {
      if (s != null) {
        Arrays.fill(s, '\0');
      }
    }
  }

  /** Why the import was refused, in plain words; empty when nothing is wrong. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** The imported account's address once done. */
  public ReadOnlyStringProperty importedProperty() {
    return imported.getReadOnlyProperty();
  }
}
