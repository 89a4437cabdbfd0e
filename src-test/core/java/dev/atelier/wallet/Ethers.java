package dev.atelier.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.testing.NodeScript;

/**
 * Runs {@code tools/js/wallet-check.mjs}, the ethers (v6) side of the cross-checks, through {@link
 * NodeScript}: a missing Node or ethers fails the test, it is never skipped.
 */
final class Ethers {

  private static final NodeScript SCRIPT = NodeScript.walletCheck();

  private Ethers() {}

  static JsonNode run(String command, String... args) {
    return SCRIPT.run(command, args);
  }
}
