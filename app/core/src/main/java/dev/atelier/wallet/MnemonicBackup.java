package dev.atelier.wallet;

import java.util.List;

/**
 * A new recovery phrase waiting to be written down: the words to show the user once, and the
 * positions of the words they must type back ({@link #challenge()}) before {@link
 * WalletService#confirm} stores the account. The phrase itself is never stored; confirming or
 * {@linkplain #close() cancelling} clears it, and after that the words cannot be shown again.
 */
public final class MnemonicBackup implements AutoCloseable {

  private final Mnemonic mnemonic;
  private final int[] challenge;

  MnemonicBackup(Mnemonic mnemonic, int[] challenge) {
    this.mnemonic = mnemonic;
    this.challenge = challenge;
  }

  /** Number of words. */
  public int size() {
    return mnemonic.size();
  }

  /**
   * The words in order, each a new array the caller clears after showing it.
   *
   * @throws IllegalStateException once confirmed or cancelled
   */
  public char[][] words() {
    char[][] words = new char[mnemonic.size()][];
    for (int i = 0; i < words.length; i++) {
      words[i] = mnemonic.word(i + 1);
    }
    return words;
  }

  /** The positions (1 = first word) the user must type back, in ascending order. */
  public int[] challenge() {
    return challenge.clone();
  }

  /** True when {@code answers} are the words at the challenge positions, in order. */
  boolean answered(List<char[]> answers) {
    if (answers.size() != challenge.length) {
      return false;
    }
    boolean all = true;
    for (int i = 0; i < challenge.length; i++) {
      all &= mnemonic.wordMatches(challenge[i], answers.get(i));
    }
    return all;
  }

  Mnemonic mnemonic() {
    return mnemonic;
  }

  /** Clears the phrase (after confirming, or to cancel). */
  @Override
  public void close() {
    mnemonic.close();
  }
}
