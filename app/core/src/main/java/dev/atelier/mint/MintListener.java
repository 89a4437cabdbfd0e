package dev.atelier.mint;

import dev.atelier.catalog.MintJob;

/**
 * Hears a mint's progress: each state as soon as the catalog holds it, and each transaction as soon
 * as the node took it. Called on the minting thread; keep it short.
 */
public interface MintListener {

  /** Does nothing. */
  MintListener NONE = new MintListener() {};

  /** {@code job} is now stored in this state. */
  default void stateWritten(MintJob job) {}

  /**
   * The node accepted {@code job}'s signed transaction; the catalog still says {@code SIGNED} (or
   * {@code SENT} when an earlier send was repeated).
   */
  default void broadcast(MintJob job) {}
}
