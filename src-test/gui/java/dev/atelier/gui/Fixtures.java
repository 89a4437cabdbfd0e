package dev.atelier.gui;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.catalog.WalletAccount;
import dev.atelier.engine.EngineInfo;
import java.time.Instant;

/** Test data for the studio's screens. */
public final class Fixtures {

  /** What the fake engine probe reports; its summary is {@link #ENGINE_LINE}. */
  public static final EngineInfo ENGINE = new EngineInfo("PyTorch", "2.7.1", "cpu()", 0, 2);

  public static final String ENGINE_LINE = "PyTorch 2.7.1 on CPU (2 threads)";

  public static final String MODEL_ID = "sd-turbo@1.0";

  public static final Instant CREATED = Instant.parse("2026-11-20T10:15:00Z");

  private Fixtures() {}

  /** Stores the test model (once) and a finished generation with {@code prompt}. */
  public static Generation addGeneration(Catalog catalog, String prompt) {
    if (catalog.models().find(MODEL_ID).isEmpty()) {
      catalog
          .models()
          .save(
              new ModelEntry(
                  MODEL_ID,
                  "sd-turbo",
                  "1.0",
                  "torchscript-sd",
                  "a".repeat(64),
                  null,
                  "test licence",
                  "/models/sd-turbo",
                  CREATED));
    }
    return catalog
        .generations()
        .insert(
            new Generation(
                0,
                MODEL_ID,
                prompt,
                "",
                42,
                "euler",
                4,
                1.0,
                768,
                512,
                4,
                Generation.Status.DONE,
                CREATED,
                CREATED.plusSeconds(30)));
  }

  /** Stores a wallet account. */
  public static WalletAccount addWallet(Catalog catalog, String label, String address) {
    WalletAccount account =
        new WalletAccount(
            address, label, "m/44'/60'/0'/0/0", "keystore/" + label + ".json", CREATED);
    catalog.wallets().add(account);
    return account;
  }
}
