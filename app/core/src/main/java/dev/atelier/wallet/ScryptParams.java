package dev.atelier.wallet;

/**
 * The cost of scrypt, the function that turns a keystore password into its encryption key.
 *
 * @param n CPU/memory cost, a power of two; memory use is {@code 128 * r * n} bytes
 * @param r block size
 * @param p parallelisation
 */
public record ScryptParams(int n, int r, int p) {

  /** What geth, MetaMask and ethers write by default: n = 2^18, r = 8, p = 1 (256 MiB, ~1 s). */
  public static final ScryptParams STANDARD = new ScryptParams(1 << 18, 8, 1);

  /** The most memory a keystore from elsewhere may ask for before Atelier refuses it. */
  private static final long MAX_MEMORY_BYTES = 1L << 30;

  public ScryptParams {
    if (n < 2 || Integer.bitCount(n) != 1) {
      throw new IllegalArgumentException("scrypt n must be a power of two above 1, not " + n);
    }
    if (r < 1 || p < 1) {
      throw new IllegalArgumentException("scrypt r and p must be positive, not " + r + ", " + p);
    }
    long memory = 128L * r * n;
    if (memory > MAX_MEMORY_BYTES) {
      throw new IllegalArgumentException(
          "scrypt n=" + n + ", r=" + r + " needs " + (memory >> 20) + " MiB; 1024 is the limit");
    }
  }
}
