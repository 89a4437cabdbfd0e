package dev.atelier.chain;

/**
 * A signed transaction, not necessarily sent yet. Holds no secret: it is what the network sees.
 *
 * @param chainId the chain it is signed for
 * @param from the signer
 * @param nonce the sender's nonce it uses
 * @param raw the signed transaction as {@code eth_sendRawTransaction} takes it, {@code 0x} hex
 * @param hash its transaction hash (keccak-256 of {@code raw}), known before it is sent
 */
public record SignedTransaction(long chainId, String from, long nonce, String raw, String hash) {}
