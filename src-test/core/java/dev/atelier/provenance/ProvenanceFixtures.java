package dev.atelier.provenance;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.GenerationInput.Role;
import dev.atelier.catalog.HiresPass;
import dev.atelier.wallet.Keystores;
import dev.atelier.wallet.ScryptParams;
import dev.atelier.wallet.UnlockedAccount;
import dev.atelier.wallet.WalletService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Records and accounts for the provenance tests. */
final class ProvenanceFixtures {

  /** Account 0 of the public development phrase "test test ... junk" (Anvil, Hardhat). */
  static final String KEY_0 = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  static final String ADDRESS_0 = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

  /** Account 1 of the same phrase. */
  static final String KEY_1 = "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

  static final String ADDRESS_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private ProvenanceFixtures() {}

  static String hex64(int n) {
    return String.format("%064x", n);
  }

  /** A record with every field set, a prompt outside ASCII and a seed beyond 2^53. */
  static ProvenanceRecord record() {
    return new ProvenanceRecord(
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        hex64(0xf11e),
        64,
        48,
        "atelier-tiny@2",
        "9c7cffb235a289a2105b6e70bd6624d980ff6636fe5fe6a18256ccd024ba3b10",
        "414247280e502ef3865c0bdf3227f7c0395e43a8205f4186f3c5fbbacd0e4841",
        "sunset über dem Meer ✨ in \"ember\" colours\nsecond line 😀",
        "blurry",
        -9007199254740993L,
        "dpmpp-2m-karras",
        20,
        7.5,
        hex64(0xbeef),
        ADDRESS_0,
        "CC-BY-4.0",
        "4c3c0cad4496cdf420b45909eeba725243fb7709878fc1f8dff9e39357773b46",
        T0,
        "0.1.0-SNAPSHOT");
  }

  /** The same without the optional fields (no training-set root, no parent). */
  static ProvenanceRecord minimal() {
    ProvenanceRecord r = record();
    return new ProvenanceRecord(
        r.pixelsSha256(),
        r.fileSha256(),
        r.width(),
        r.height(),
        "sd15@1",
        r.weightsSha256(),
        null,
        "a lighthouse",
        "",
        7,
        "ddim",
        30,
        4.0,
        null,
        r.creator(),
        "LicenseRef-Atelier-Personal-1.0",
        "43cd4fb97ec15e2f9c0c9cd1d4816b41fc20eb917ceb869f74eec040794f8ad6",
        r.createdAt(),
        r.appVersion());
  }

  /**
   * The inputs of {@link #withInputs()}: a start picture, an inpainting mask and two LoRAs, in the
   * order used.
   */
  static final List<GenerationInput> INPUTS =
      List.of(
          new GenerationInput(Role.START_IMAGE, hex64(0x5a), 0.6),
          new GenerationInput(Role.MASK, hex64(0x6a), 4),
          new GenerationInput(Role.LORA, hex64(0x10a), 0.8),
          new GenerationInput(Role.LORA, hex64(0x10b), -0.35));

  static final HiresPass HIRES = new HiresPass(1.5, 0.5);

  /** {@link #record()} of an image-to-image run with LoRAs and a hires pass. */
  static ProvenanceRecord withInputs() {
    return withInputs(record(), INPUTS, HIRES);
  }

  static ProvenanceRecord withInputs(
      ProvenanceRecord r, List<GenerationInput> inputs, HiresPass hires) {
    return new ProvenanceRecord(
        r.pixelsSha256(),
        r.fileSha256(),
        r.width(),
        r.height(),
        r.modelId(),
        r.weightsSha256(),
        r.trainingSetRoot(),
        r.prompt(),
        r.negativePrompt(),
        r.seed(),
        r.sampler(),
        r.steps(),
        r.guidance(),
        r.parentPixelsSha256(),
        r.creator(),
        r.licenseId(),
        r.termsSha256(),
        r.createdAt(),
        r.appVersion(),
        inputs,
        hires);
  }

  /** A wallet with the two development accounts imported, on a throw-away catalog. */
  static final class TestWallet implements AutoCloseable {
    private static final char[] PASSWORD = "correct horse 42".toCharArray();
    private final Catalog catalog;
    final WalletService wallet;

    TestWallet(Path dir) {
      catalog = Catalog.open(dir.resolve("catalog.db"));
      Clock clock = Clock.systemUTC();
      SecureRandom random = new SecureRandom();
      wallet =
          new WalletService(
              new Keystores(dir.resolve("keys"), new ScryptParams(4096, 8, 1), random, clock),
              catalog.wallets(),
              random,
              clock,
              Duration.ofMinutes(5));
      wallet.importPrivateKey(KEY_0.toCharArray(), PASSWORD, "zero");
      wallet.importPrivateKey(KEY_1.toCharArray(), PASSWORD, "one");
    }

    UnlockedAccount unlock(String address) {
      return wallet.unlock(address, PASSWORD);
    }

    @Override
    public void close() {
      wallet.close();
      catalog.close();
    }
  }
}
