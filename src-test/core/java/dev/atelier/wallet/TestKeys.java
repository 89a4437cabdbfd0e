package dev.atelier.wallet;

import java.time.Instant;

/** Well-known test accounts and cheap settings shared by the wallet tests. */
final class TestKeys {

  /** The Hardhat / Anvil / Foundry development phrase; its accounts are public knowledge. */
  static final String TEST_PHRASE = "test test test test test test test test test test test junk";

  /** Account 0 of {@link #TEST_PHRASE} ({@code m/44'/60'/0'/0/0}). */
  static final String ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  static final String KEY_0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  /** Account 1 of {@link #TEST_PHRASE}. */
  static final String ADDRESS_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  static final String KEY_1 = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  /** Cheap scrypt for tests that are not about its cost (16 times less work than standard). */
  static final ScryptParams FAST = new ScryptParams(4096, 8, 1);

  static final String PASSWORD = "correct horse 42";

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private TestKeys() {}
}
