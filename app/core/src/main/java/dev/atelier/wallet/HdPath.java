package dev.atelier.wallet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * A BIP-44 Ethereum account path, {@code m/44'/60'/0'/0/index}: the path MetaMask, Ledger Live and
 * ethers use for the accounts of one recovery phrase.
 *
 * @param index the account number, 0 for the first account
 */
public record HdPath(int index) {

  private static final Pattern FORM = Pattern.compile("m/44'/60'/0'/0/(\\d{1,10})");

  public HdPath {
    if (index < 0) {
      throw new IllegalArgumentException("An account index is 0 or more, not " + index);
    }
  }

  /** Reads the form {@link #toString()} writes. */
  public static HdPath parse(String path) {
    Matcher m = FORM.matcher(path.strip());
    if (!m.matches() || Long.parseLong(m.group(1)) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "Not a BIP-44 Ethereum account path of the form m/44'/60'/0'/0/<index>: " + path);
    }
    return new HdPath(Integer.parseInt(m.group(1)));
  }

  /**
   * The account's 32-byte private key, derived from a BIP-39 seed by BIP-32. The caller clears the
   * result. (web3j's key pairs hold the intermediate keys as {@code BigInteger}s, which are dropped
   * on return and cannot be wiped.)
   */
  public byte[] derivePrivateKey(byte[] seed) {
    Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
    Bip32ECKeyPair account = Bip32ECKeyPair.deriveKeyPair(master, components());
    return Numeric.toBytesPadded(account.getPrivateKey(), 32);
  }

  private int[] components() {
    int hardened = Bip32ECKeyPair.HARDENED_BIT;
    return new int[] {44 | hardened, 60 | hardened, hardened, 0, index};
  }

  @Override
  public String toString() {
    return "m/44'/60'/0'/0/" + index;
  }
}
