package dev.atelier.wallet;

import dev.atelier.wallet.WalletException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;
import org.web3j.crypto.MnemonicUtils;

/**
 * A BIP-39 recovery phrase on the English word list: 12, 15, 18, 21 or 24 words that encode random
 * entropy plus a checksum, and from which the wallet's seed is derived.
 *
 * <p>The phrase is held as word indices and handed out only as {@code char[]} copies; {@link
 * #close()} clears it. Error messages name word positions, never the words.
 */
public final class Mnemonic implements AutoCloseable {

  /** BIP-39's English word list (public data: 2048 words, sorted). */
  private static final List<String> WORDS = MnemonicUtils.getWords();

  private static final int BITS_PER_WORD = 11;
  private static final int SEED_ROUNDS = 2048;
  private static final byte[] SALT_PREFIX = "mnemonic".getBytes(StandardCharsets.US_ASCII);

  private final int[] indices;
  private boolean closed;

  private Mnemonic(int[] indices) {
    this.indices = indices;
  }

  /**
   * A new random phrase.
   *
   * @param wordCount 12, 15, 18, 21 or 24 (12 words carry 128 bits of entropy, 24 words 256)
   */
  public static Mnemonic generate(int wordCount, SecureRandom random) {
    if (!isValidWordCount(wordCount)) {
      throw new IllegalArgumentException(
          "A recovery phrase has 12, 15, 18, 21 or 24 words, not " + wordCount);
    }
    byte[] entropy = new byte[wordCount * 4 / 3];
    random.nextBytes(entropy);
    byte[] hash = sha256(entropy);
    try {
      int[] indices = new int[wordCount];
      for (int w = 0; w < wordCount; w++) {
        indices[w] = readBits(entropy, hash, w * BITS_PER_WORD);
      }
      return new Mnemonic(indices);
    } finally {
      Secrets.wipe(entropy, hash);
    }
  }

  /**
   * Reads and checks a phrase the user typed: words separated by any whitespace, in any case.
   *
   * @throws WalletException with reason {@link Reason#INVALID_MNEMONIC} for a wrong word count, a
   *     word not on the list (named by its position) or a checksum that does not match
   */
  public static Mnemonic parse(char[] phrase) {
    int[] indices = new int[countWords(phrase)];
    if (!isValidWordCount(indices.length)) {
      throw new WalletException(
          Reason.INVALID_MNEMONIC,
          "A recovery phrase has 12, 15, 18, 21 or 24 words; this one has " + indices.length + ".");
    }
    int pos = 0;
    for (int w = 0; w < indices.length; w++) {
      while (Character.isWhitespace(phrase[pos])) {
        pos++;
      }
      int end = pos;
      while (end < phrase.length && !Character.isWhitespace(phrase[end])) {
        end++;
      }
      indices[w] = lookUp(phrase, pos, end);
      if (indices[w] < 0) {
        Arrays.fill(indices, 0);
        throw new WalletException(
            Reason.INVALID_MNEMONIC,
            "Word " + (w + 1) + " is not in the BIP-39 English word list; check its spelling.");
      }
      pos = end;
    }
    if (!checksumMatches(indices)) {
      Arrays.fill(indices, 0);
      throw new WalletException(
          Reason.INVALID_MNEMONIC,
          "These words are not a valid recovery phrase: the checksum does not match."
              + " A word is wrong or two words are swapped.");
    }
    return new Mnemonic(indices);
  }

  /** True for the word counts BIP-39 defines. */
  public static boolean isValidWordCount(int count) {
    return count >= 12 && count <= 24 && count % 3 == 0;
  }

  /** Number of words. */
  public int size() {
    return indices.length;
  }

  /**
   * One word, as a new array the caller clears.
   *
   * @param position 1 for the first word
   */
  public synchronized char[] word(int position) {
    requireOpen();
    if (position < 1 || position > indices.length) {
      throw new IllegalArgumentException(
          "Word position " + position + " is outside 1.." + indices.length);
    }
    return WORDS.get(indices[position - 1]).toCharArray();
  }

  /** The whole phrase, words separated by single spaces, as a new array the caller clears. */
  public synchronized char[] phrase() {
    requireOpen();
    byte[] ascii = phraseBytes();
    try {
      char[] out = new char[ascii.length];
      for (int i = 0; i < ascii.length; i++) {
        out[i] = (char) ascii[i];
      }
      return out;
    } finally {
      Secrets.wipe(ascii);
    }
  }

  /**
   * The 64-byte BIP-39 seed: PBKDF2-HMAC-SHA512 over the phrase, 2048 rounds, salted with {@code
   * "mnemonic"} and the optional passphrase (the "25th word"; empty for none). The caller clears
   * the result.
   */
  public synchronized byte[] seed(char[] passphrase) {
    requireOpen();
    byte[] password = phraseBytes();
    byte[] extra = Secrets.utf8(passphrase, Normalizer.Form.NFKD);
    byte[] salt = new byte[SALT_PREFIX.length + extra.length];
    System.arraycopy(SALT_PREFIX, 0, salt, 0, SALT_PREFIX.length);
    System.arraycopy(extra, 0, salt, SALT_PREFIX.length, extra.length);
    try {
      PKCS5S2ParametersGenerator pbkdf2 = new PKCS5S2ParametersGenerator(new SHA512Digest());
      pbkdf2.init(password, salt, SEED_ROUNDS);
      byte[] key = ((KeyParameter) pbkdf2.generateDerivedParameters(512)).getKey();
      byte[] seed = key.clone();
      Secrets.wipe(key);
      return seed;
    } finally {
      Secrets.wipe(password, extra, salt);
    }
  }

  /** True when {@code answer}, ignoring case and surrounding whitespace, is the word there. */
  synchronized boolean wordMatches(int position, char[] answer) {
    requireOpen();
    int start = 0;
    int end = answer.length;
    while (start < end && Character.isWhitespace(answer[start])) {
      start++;
    }
    while (end > start && Character.isWhitespace(answer[end - 1])) {
      end--;
    }
    return compare(answer, start, end, WORDS.get(indices[position - 1])) == 0;
  }

  /** Clears the phrase; later calls fail. */
  @Override
  public synchronized void close() {
    Arrays.fill(indices, 0);
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("This recovery phrase has been cleared");
    }
  }

  private byte[] phraseBytes() {
    int length = indices.length - 1;
    for (int index : indices) {
      length += WORDS.get(index).length();
    }
    byte[] out = new byte[length];
    int pos = 0;
    for (int w = 0; w < indices.length; w++) {
      if (w > 0) {
        out[pos++] = ' ';
      }
      String word = WORDS.get(indices[w]);
      for (int i = 0; i < word.length(); i++) {
        out[pos++] = (byte) word.charAt(i);
      }
    }
    return out;
  }

  private static int countWords(char[] phrase) {
    int count = 0;
    boolean inWord = false;
    for (char c : phrase) {
      boolean space = Character.isWhitespace(c);
      if (!space && !inWord) {
        count++;
      }
      inWord = !space;
    }
    return count;
  }

  /** Binary search of the sorted word list without making a string of the (secret) word. */
  private static int lookUp(char[] text, int start, int end) {
    int lo = 0;
    int hi = WORDS.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(text, start, end, WORDS.get(mid));
      if (c == 0) {
        return mid;
      } else if (c > 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -1;
  }

  private static int compare(char[] text, int start, int end, String word) {
    int n = Math.min(end - start, word.length());
    for (int i = 0; i < n; i++) {
      int d = Character.toLowerCase(text[start + i]) - word.charAt(i);
      if (d != 0) {
        return d;
      }
    }
    return (end - start) - word.length();
  }

  private static boolean checksumMatches(int[] indices) {
    int totalBits = indices.length * BITS_PER_WORD;
    int checksumBits = totalBits / 33;
    byte[] entropy = new byte[(totalBits - checksumBits) / 8];
    for (int bit = 0; bit < entropy.length * 8; bit++) {
      if (indexBit(indices, bit)) {
        entropy[bit / 8] |= (byte) (0x80 >>> (bit % 8));
      }
    }
    byte[] hash = sha256(entropy);
    try {
      for (int i = 0; i < checksumBits; i++) {
        boolean expected = (hash[i / 8] & (0x80 >>> (i % 8))) != 0;
        if (indexBit(indices, entropy.length * 8 + i) != expected) {
          return false;
        }
      }
      return true;
    } finally {
      Secrets.wipe(entropy, hash);
    }
  }

  /** Bit {@code bit} of the concatenated 11-bit word indices. */
  private static boolean indexBit(int[] indices, int bit) {
    int index = indices[bit / BITS_PER_WORD];
    return (index & (1 << (BITS_PER_WORD - 1 - bit % BITS_PER_WORD))) != 0;
  }

  /** The 11-bit number starting at {@code offset} of entropy followed by its checksum bits. */
  private static int readBits(byte[] entropy, byte[] hash, int offset) {
    int value = 0;
    for (int i = 0; i < BITS_PER_WORD; i++) {
      int bit = offset + i;
      byte[] source = bit < entropy.length * 8 ? entropy : hash;
      int at = bit < entropy.length * 8 ? bit : bit - entropy.length * 8;
      value = value << 1 | (source[at / 8] >>> (7 - at % 8) & 1);
    }
    return value;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
