package dev.atelier.gui.wallet;

import dev.atelier.catalog.WalletAccount;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.Notices;
import dev.atelier.wallet.MnemonicBackup;
import dev.atelier.wallet.PasswordPolicy;
import dev.atelier.wallet.WalletException;
import dev.atelier.wallet.WalletService;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The create-account flow, step by step: a password (typed twice, checked against {@link
 * PasswordPolicy}) → the new recovery phrase, shown once → the words asked for typed back → the
 * account is stored. Until the words match nothing is stored. The password is held (as a copy) only
 * between the first and the last step and wiped at the end or on {@link #cancel()}; the phrase
 * lives only in the wallet's {@link MnemonicBackup}, which is cleared on success or cancel.
 */
public final class CreateAccountModel {

  /** Where the flow stands. */
  public enum Step {
    PASSWORD,
    PHRASE,
    CONFIRM,
    DONE,
    CANCELLED
  }

  private final WalletService wallet;
  private final BackgroundRunner runner;
  private final Consumer<WalletAccount> onCreated;
  private final ReadOnlyObjectWrapper<Step> step =
      new ReadOnlyObjectWrapper<>(this, "step", Step.PASSWORD);
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
  private final ReadOnlyStringWrapper created = new ReadOnlyStringWrapper(this, "created", "");
  private int wordCount = WalletService.DEFAULT_WORD_COUNT;
  private char[] password;
  private String label = "";
  private MnemonicBackup backup;

  CreateAccountModel(
      WalletService wallet, BackgroundRunner runner, Consumer<WalletAccount> onCreated) {
    this.wallet = wallet;
    this.runner = runner;
    this.onCreated = onCreated;
  }

  /**
   * What is wrong with a new password and its repetition, for the form to show as the user types;
   * empty when both are fine.
   */
  public static Optional<String> passwordProblem(char[] password, char[] again) {
    Optional<String> weak = PasswordPolicy.problem(password);
    if (weak.isPresent()) {
      return weak;
    }
    if (!Arrays.equals(password, again)) {
      return Optional.of("The two passwords differ.");
    }
    return Optional.empty();
  }

  /** 12 (the default) or 24 words; only before the phrase is made. */
  public void setWordCount(int words) {
    if (step.get() == Step.PASSWORD) {
      wordCount = words;
    }
  }

  public int wordCount() {
    return wordCount;
  }

  /**
   * Step 1: checks the password and makes the phrase. The caller's arrays are neither kept nor
   * cleared (the caller clears them).
   *
   * @return false when the password is refused ({@link #problemProperty()} says why)
   */
  public boolean choosePassword(char[] newPassword, char[] again, String accountLabel) {
    if (step.get() != Step.PASSWORD || busy.get()) {
      return false;
    }
    Optional<String> refused = passwordProblem(newPassword, again);
    if (refused.isPresent()) {
      problem.set(refused.get());
      return false;
    }
    problem.set("");
    wipePassword();
    password = newPassword.clone();
    label = accountLabel == null ? "" : accountLabel.strip();
    busy.set(true);
    int words = wordCount;
    runner.run(
        () -> wallet.start(words),
        made -> {
          busy.set(false);
          if (step.get() == Step.CANCELLED) {
            made.close();
            return;
          }
          backup = made;
          step.set(Step.PHRASE);
        },
        failure -> {
          busy.set(false);
          problem.set("Could not make a recovery phrase: " + Notices.message(failure));
        });
    return true;
  }

  /**
   * The words of the phrase in order, each a new array the caller shows and then clears.
   *
   * @throws IllegalStateException outside the phrase and confirm steps
   */
  public char[][] words() {
    if (backup == null || (step.get() != Step.PHRASE && step.get() != Step.CONFIRM)) {
      throw new IllegalStateException("The recovery phrase is shown only while creating");
    }
    return backup.words();
  }

  /** Step 2 done: the user wrote the words down; now ask for some of them. */
  public void wordsWrittenDown() {
    if (step.get() == Step.PHRASE) {
      problem.set("");
      step.set(Step.CONFIRM);
    }
  }

  /** From step 3 back to the words (the backup is still open). */
  public void showWordsAgain() {
    if (step.get() == Step.CONFIRM && !busy.get()) {
      problem.set("");
      step.set(Step.PHRASE);
    }
  }

  /** The positions (1 = first word) to type back, ascending. */
  public int[] challenge() {
    return backup == null ? new int[0] : backup.challenge();
  }

  /**
   * Step 3: checks the typed words and, when they match, stores the account in the background. The
   * answers are cleared once checked. A wrong word stores nothing and leaves the flow here.
   */
  public void confirm(List<char[]> answers) {
    if (step.get() != Step.CONFIRM || busy.get() || backup == null) {
      answers.forEach(a -> Arrays.fill(a, '\0'));
      return;
    }
    busy.set(true);
    problem.set("");
    MnemonicBackup open = backup;
    char[] pw = password;
    runner.run(
        () -> {
          try {
            return wallet.confirm(open, answers, pw, label);
          } finally {
            answers.forEach(a -> Arrays.fill(a, '\0'));
          }
        },
        account -> {
          busy.set(false);
          backup = null;
          wipePassword();
          created.set(account.address());
          step.set(Step.DONE);
          onCreated.accept(account);
        },
        failure -> {
          busy.set(false);
          if (failure instanceof WalletException w
              && w.reason() == WalletException.Reason.BACKUP_NOT_CONFIRMED) {
            problem.set(
                "These are not words "
                    + positions(open.challenge())
                    + " of your recovery phrase. Check your written copy, or show the words"
                    + " again; nothing was stored.");
          } else {
            problem.set("The account was not created: " + Notices.message(failure));
          }
        });
  }

  /** Ends the flow without storing anything; clears the phrase and the password. */
  public void cancel() {
    if (busy.get() && step.get() == Step.CONFIRM) {
      return;
    }
    if (backup != null) {
      backup.close();
      backup = null;
    }
    wipePassword();
    problem.set("");
    if (step.get() != Step.DONE) {
      step.set(Step.CANCELLED);
    }
  }

  private void wipePassword() {
    if (password != null) {
      Arrays.fill(password, '\0');
      password = null;
    }
  }

  /** "3, 7 and 11". */
  static String positions(int[] challenge) {
    List<String> p = Arrays.stream(challenge).mapToObj(Integer::toString).toList();
    if (p.size() <= 1) {
      return String.join("", p);
    }
    return p.subList(0, p.size() - 1).stream().collect(Collectors.joining(", "))
        + " and "
        + p.getLast();
  }

  public ReadOnlyObjectProperty<Step> stepProperty() {
    return step.getReadOnlyProperty();
  }

  /** What stops the flow now, in plain words; empty when nothing. */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  /** True while the phrase is made or the account stored. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  /** The new account's address once created. */
  public ReadOnlyStringProperty createdProperty() {
    return created.getReadOnlyProperty();
  }
}
