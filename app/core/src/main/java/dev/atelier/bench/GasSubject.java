package dev.atelier.bench;

import dev.atelier.chain.PreparedTransaction;
import dev.atelier.chain.Receipt;
import dev.atelier.chain.Transactions;
import dev.atelier.wallet.UnlockedAccount;

/**
 * A contract whose mints {@link GasSweep} measures per token, batch size by batch size: one row of
 * its table. The built-in ones are in {@link GasSubjects}; another contract is one more
 * implementation there.
 */
public interface GasSubject {

  /** The row's name in the table, such as {@code "ERC721A mint(to, n)"}. */
  String name();

  /** The most tokens one transaction mints: 1 for a contract without a batch mint. */
  default int mostPerTransaction() {
    return Integer.MAX_VALUE;
  }

  /**
   * Deploys a fresh contract from {@code owner}, which then mints into it (funded already).
   *
   * @return the deployed contract, ready to mint
   */
  Contract deploy(Transactions txs, UnlockedAccount owner);

  /** A deployed subject. */
  interface Contract {

    /** Where it is deployed. */
    String address();

    /**
     * A transaction, simulated and priced ({@link Transactions#prepare}) but not sent, that mints
     * {@code tokens} new tokens to the owner in one call. Each call prepares tokens that no earlier
     * call prepared, whether that one was sent or not, so any prepared transaction can be sent.
     *
     * @param tokens from 1 to {@link #mostPerTransaction()}
     */
    PreparedTransaction prepareMint(int tokens);

    /**
     * The tokens a mined transaction minted, counted from its events: by default its ERC-721 {@code
     * Transfer} events from the zero address; a contract that announces a range in one event
     * (ERC-2309 {@code ConsecutiveTransfer}) counts those instead.
     */
    default int minted(Receipt receipt) {
      return BenchContract.mintedBy(receipt, address());
    }
  }
}
