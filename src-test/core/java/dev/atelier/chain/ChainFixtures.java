package dev.atelier.chain;

import dev.atelier.provenance.ProvenanceRecord;
import java.time.Instant;

/** Records and accounts for the chain tests. */
final class ChainFixtures {

  /** Account 0 of the public development phrase "test test ... junk"; Anvil funds it. */
  static final String KEY_0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  static final String ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  /** Account 1 of the same phrase. */
  static final String KEY_1 = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  static final String ADDRESS_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  static final String CC_BY_TERMS =
      "4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46";

  private ChainFixtures() {}

  /** A record by {@code creator} whose pixels hash depends on {@code n}. */
  static ProvenanceRecord record(String creator, int n) {
    return new ProvenanceRecord(
        String.format("%064x", 0xa000 + n),
        String.format("%064x", 0xf000 + n),
        64,
        64,
        "atelier-tiny@2",
        "9c7cffb235a289a2105b6e70bd6624d980ff6636fe5fe6a18256ccd024ba3b10",
        null,
        "waves in ocean colours ✨ #" + n,
        "",
        7 + n,
        "ddim",
        20,
        7.5,
        null,
        creator,
        "CC-BY-4.0",
        CC_BY_TERMS,
        Instant.parse("2026-11-26T10:00:00Z").plusSeconds(n),
        "0.1.0-SNAPSHOT");
  }
}
