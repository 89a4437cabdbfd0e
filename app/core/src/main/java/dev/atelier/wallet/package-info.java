/**
 * The built-in wallet: BIP-39 recovery phrases, BIP-44 accounts ({@code m/44'/60'/0'/0/i}), keys
 * kept only in Web3 Secret Storage v3 keystore files (scrypt, AES-128-CTR), unlocking with a
 * password, automatic locking after idle time, and EIP-191 / EIP-712 signatures.
 *
 * <h2>Secrets</h2>
 *
 * Passwords, recovery phrases and private keys travel as {@code char[]} or {@code byte[]}. Methods
 * never keep a reference to an array they are given (the caller clears its own arrays); every copy
 * made inside this package is cleared in a {@code finally} block, and an {@link
 * dev.atelier.wallet.UnlockedAccount} clears its key when closed or locked. Nothing here logs a
 * secret, and no error message contains one.
 *
 * <p>Where a library forces an immutable object, its lifetime is kept to one operation:
 *
 * <ul>
 *   <li>web3j's {@code ECKeyPair} and {@code Bip32ECKeyPair} hold the private key (and BIP-32 chain
 *       codes) as {@code BigInteger}s, which cannot be wiped. They are created for one derivation
 *       or one signature and dropped at once; the garbage collector reclaims them.
 *   <li>The JCE copies the AES key into its own {@code SecretKeySpec} and cipher state for the
 *       length of one encryption or decryption, and the HMAC key of {@link
 *       dev.atelier.wallet.UnlockedAccount#deriveKey key derivation} for one HMAC.
 *   <li>Text with non-ASCII characters is normalised through {@link java.text.Normalizer}, which
 *       returns a {@code String}; ASCII input never becomes one. A BIP-39 passphrase is
 *       NFKD-normalised, as BIP-39 requires. A keystore password is NFKC-normalised, as ethers
 *       does; for text typed the usual (composed) way that is the plain UTF-8 which geth and
 *       MetaMask use.
 * </ul>
 *
 * <h2>Derived keys</h2>
 *
 * {@link dev.atelier.wallet.UnlockedAccount#deriveKey(String, byte[])} turns the unlocked account
 * key into key material for other purposes (HKDF-SHA256, RFC 5869, salted with a per-install id and
 * labelled with a versioned purpose). Such keys, like the C2PA signing key, are re-derived after
 * each unlock and never stored.
 *
 * <h2>Storage</h2>
 *
 * Keystore files live in {@code <data>/keystore/} (owner-only permissions where the file system has
 * them), are written to a temporary file, flushed to disk and moved into place, and are never
 * overwritten except by a password change, which replaces the file atomically. The catalog holds
 * only public data ({@link dev.atelier.catalog.WalletAccount}); its row is written after the
 * keystore file, and a keystore without a row is added back by {@link
 * dev.atelier.wallet.WalletService#reconcile()} at start-up, so a failed catalog write never loses
 * a key.
 */
package dev.atelier.wallet;
