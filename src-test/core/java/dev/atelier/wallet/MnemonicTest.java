package dev.atelier.wallet;

import static dev.atelier.wallet.TestKeys.TEST_PHRASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.wallet.WalletException.Reason;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.MnemonicUtils;

class MnemonicTest {

  /** Returns the same bytes every time, to compare generation with a known answer. */
  private static SecureRandom fixedRandom(byte value) {
    return new SecureRandom() {
      @Override
      public void nextBytes(byte[] bytes) {
        Arrays.fill(bytes, value);
      }
    };
  }

  @Test
  void theWordListIsSortedSoWordsAreFoundByBinarySearch() {
    List<String> words = MnemonicUtils.getWords();
    assertThat(words).hasSize(2048).isSorted();
  }

  @Test
  void generatesTwelveAndTwentyFourWordPhrasesThatValidate() {
    SecureRandom random = new SecureRandom();
    for (int count : new int[] {12, 24}) {
      try (Mnemonic m = Mnemonic.generate(count, random)) {
        assertThat(m.size()).isEqualTo(count);
        char[] phrase = m.phrase();
        assertThat(new String(phrase).split(" ")).hasSize(count);
        try (Mnemonic again = Mnemonic.parse(phrase)) {
          assertThat(again.phrase()).isEqualTo(phrase);
        }
      }
    }
    try (Mnemonic a = Mnemonic.generate(12, random);
        Mnemonic b = Mnemonic.generate(12, random)) {
      assertThat(a.phrase()).isNotEqualTo(b.phrase());
    }
  }

  @Test
  void encodesEntropyLikeBip39() {
    // BIP-39 test vectors: all-zero and all-0x7f entropy, and web3j's own encoder agrees.
    try (Mnemonic zeros = Mnemonic.generate(12, fixedRandom((byte) 0))) {
      assertThat(new String(zeros.phrase())).isEqualTo("abandon ".repeat(11) + "about");
    }
    try (Mnemonic sevens = Mnemonic.generate(24, fixedRandom((byte) 0x7f))) {
      assertThat(new String(sevens.phrase()))
          .isEqualTo(
              "legal winner thank year wave sausage worth useful legal winner thank year wave"
                  + " sausage worth useful legal winner thank year wave sausage worth title")
          .isEqualTo(MnemonicUtils.generateMnemonic(filled(32, (byte) 0x7f)));
    }
  }

  @Test
  void seedFollowsBip39WithAndWithoutPassphrase() {
    try (Mnemonic m = Mnemonic.parse(("abandon ".repeat(11) + "about").toCharArray())) {
      // The reference vector (Trezor's python-mnemonic), passphrase "TREZOR".
      assertThat(HexFormat.of().formatHex(m.seed("TREZOR".toCharArray())))
          .isEqualTo(
              "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e5349553"
                  + "1f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04");
    }
    try (Mnemonic m = Mnemonic.parse(TEST_PHRASE.toCharArray())) {
      assertThat(m.seed(new char[0])).isEqualTo(MnemonicUtils.generateSeed(TEST_PHRASE, ""));
      // Non-ASCII passphrases are NFKD-normalised: composed and decomposed forms agree.
      assertThat(m.seed("Ä-pass".toCharArray()))
          .isEqualTo(m.seed("A\u0308-pass".toCharArray()))
          .isNotEqualTo(m.seed(new char[0]));
    }
  }

  @Test
  void acceptsAnyCaseAndWhitespace() {
    char[] typed = ("  TEST test\ttest\n" + "test ".repeat(8) + " Junk  ").toCharArray();
    try (Mnemonic m = Mnemonic.parse(typed)) {
      assertThat(new String(m.phrase())).isEqualTo(TEST_PHRASE);
      assertThat(new String(m.word(12))).isEqualTo("junk");
    }
  }

  @Test
  void wrongChecksumWordIsRejectedWithoutRepeatingTheWords() {
    // "test" x 12 is twelve valid words whose checksum does not match.
    assertThatThrownBy(() -> Mnemonic.parse("test ".repeat(12).toCharArray()))
        .isInstanceOfSatisfying(
            WalletException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_MNEMONIC))
        .hasMessageContaining("checksum does not match")
        .message()
        .doesNotContain("test");
  }

  @Test
  void unknownWordIsNamedByPositionOnly() {
    String typo = TEST_PHRASE.replaceFirst("test test test test test", "test test test test tset");
    assertThatThrownBy(() -> Mnemonic.parse(typo.toCharArray()))
        .isInstanceOf(WalletException.class)
        .hasMessage("Word 5 is not in the BIP-39 English word list; check its spelling.");
  }

  @Test
  void wrongWordCountIsRejected() {
    assertThatThrownBy(() -> Mnemonic.parse("test ".repeat(11).toCharArray()))
        .isInstanceOf(WalletException.class)
        .hasMessageContaining("12, 15, 18, 21 or 24 words; this one has 11");
    assertThatThrownBy(() -> Mnemonic.parse(new char[0])).hasMessageContaining("this one has 0");
    assertThatThrownBy(() -> Mnemonic.generate(13, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void closeClearsThePhrase() {
    Mnemonic m = Mnemonic.parse(TEST_PHRASE.toCharArray());
    m.close();
    assertThatThrownBy(m::phrase).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> m.seed(new char[0])).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void derivesTheKnownAccountsOfTheTestPhrase() {
    try (Mnemonic m = Mnemonic.parse(TEST_PHRASE.toCharArray())) {
      byte[] seed = m.seed(new char[0]);
      byte[] key0 = new HdPath(0).derivePrivateKey(seed);
      assertThat(HexFormat.of().formatHex(key0)).isEqualTo(TestKeys.KEY_0);
      assertThat(KeyAddresses.ofPrivateKey(key0)).isEqualTo(TestKeys.ADDRESS_0);
      assertThat(KeyAddresses.ofPrivateKey(new HdPath(1).derivePrivateKey(seed)))
          .isEqualTo(TestKeys.ADDRESS_1);
    }
  }

  @Test
  void hdPathsReadBackWhatTheyWrite() {
    assertThat(new HdPath(7).toString()).isEqualTo("m/44'/60'/0'/0/7");
    assertThat(HdPath.parse("m/44'/60'/0'/0/7")).isEqualTo(new HdPath(7));
    assertThatThrownBy(() -> HdPath.parse("m/44'/0'/0'/0/7"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HdPath.parse("m/44'/60'/0'/0/99999999999"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HdPath(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }
}
