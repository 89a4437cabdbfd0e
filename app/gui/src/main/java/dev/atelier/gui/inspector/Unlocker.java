package dev.atelier.gui.inspector;

import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.PasswordPrompt;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletException;
import dev.atelier.wallet.WalletService;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks for a wallet password, unlocks the account in the background for exactly one action, then
 * locks it again and wipes the password. A wrong password asks again with the reason; nothing is
 * done with the account until it opens. Called on the JavaFX thread.
 */
final class Unlocker {

  static final String WRONG_PASSWORD = "Wrong password. Nothing was signed; try again.";

  /** The action done with the unlocked account, in the background. */
  @FunctionalInterface
  interface Action<T> {
    T apply(UnlockedAccount account) throws Exception;
  }

  private final WalletService wallet;
  private final PasswordPrompt passwords;

  Unlocker(WalletService wallet, PasswordPrompt passwords) {
    this.wallet = wallet;
    this.passwords = passwords;
  }

  /**
   * @param title what the password is for, shown by the prompt
   * @param on where the action runs
   * @param started called (on the JavaFX thread) once a password was given, before it is checked
   * @param done the action's result
   * @param failed what the unlock (other than a wrong password) or the action threw
   * @param cancelled the artist cancelled the prompt: nothing was signed
   */
  <T> void run(
      String title,
      String address,
      Lane on,
      Action<T> action,
      Runnable started,
      Consumer<? super T> done,
      Consumer<Throwable> failed,
      Runnable cancelled) {
    ask(title, address, "", on, action, started, done, failed, cancelled);
  }

  private <T> void ask(
      String title,
      String address,
      String problem,
      Lane on,
      Action<T> action,
      Runnable started,
      Consumer<? super T> done,
      Consumer<Throwable> failed,
      Runnable cancelled) {
    Optional<char[]> answer = passwords.ask(title, address, problem);
    if (answer.isEmpty()) {
      cancelled.run();
      return;
    }
    char[] password = answer.get();
    started.run();
    on.run(
        () -> {
          try (UnlockedAccount account = wallet.unlock(address, password)) {
            return action.apply(account);
          } finally {
            Arrays.fill(password, '\0');
            wallet.lock(address);
          }
        },
        done,
        e -> {
          if (e instanceof WalletException w
              && w.reason() == WalletException.Reason.WRONG_PASSWORD) {
            ask(title, address, WRONG_PASSWORD, on, action, started, done, failed, cancelled);
          } else {
            failed.accept(e);
          }
        });
  }
}
