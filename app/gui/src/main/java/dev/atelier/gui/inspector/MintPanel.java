package dev.atelier.gui.inspector;

import dev.atelier.catalog.CollectionEntry;
import dev.atelier.chain.Transactions;
import javafx.beans.property.ReadOnlyBooleanProperty;

/**
 * The mint panel's shared state, as its parts (deploying a collection, minting the selection) see
 * it: the choices made above them, and one busy flag and one message line for all.
 */
interface MintPanel {

  ReadOnlyBooleanProperty busyProperty();

  void busy(boolean busy);

  void message(String text);

  /** The wallet account that signs; null when the wallet has none. */
  String account();

  /** The chosen collection; null when none is. */
  CollectionEntry collection();

  /** The chosen network's name. */
  String networkName();

  /** True to put each full provenance record in the mint transaction too. */
  boolean recordOnChain();

  /**
   * Transactions on the chosen network.
   *
   * @throws IllegalArgumentException explaining what the network lacks
   */
  Transactions transactions();

  /** A collection was deployed and added to the catalog. */
  void deployed(CollectionEntry collection);
}
