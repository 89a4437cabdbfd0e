package dev.atelier.catalog;

import java.nio.file.Path;

/** The local catalog: one SQLite file and a repository per kind of record. */
public final class Catalog implements AutoCloseable {

  private final Database db;
  private final ModelRepository models;
  private final GenerationRepository generations;
  private final AssetRepository assets;
  private final LicenseRepository licenses;
  private final ProvenanceRepository provenance;
  private final WalletRepository wallets;
  private final CollectionRepository collections;
  private final MintJobRepository mintJobs;
  private final BatchRepository batches;
  private final LoraFileRepository loraFiles;

  private Catalog(Database db) {
    this.db = db;
    this.models = new ModelRepository(db);
    this.generations = new GenerationRepository(db);
    this.assets = new AssetRepository(db);
    this.licenses = new LicenseRepository(db);
    this.provenance = new ProvenanceRepository(db);
    this.wallets = new WalletRepository(db);
    this.collections = new CollectionRepository(db);
    this.mintJobs = new MintJobRepository(db);
    this.batches = new BatchRepository(db);
    this.loraFiles = new LoraFileRepository(db);
  }

  /** Opens the catalog file, creating and migrating it as needed. */
  public static Catalog open(Path file) {
    return new Catalog(Database.open(file));
  }

  /** Runs several repository calls as one transaction. */
  public <T> T inTransaction(java.util.function.Supplier<T> work) {
    return db.inTransaction(c -> work.get());
  }

  public Database database() {
    return db;
  }

  public ModelRepository models() {
    return models;
  }

  public GenerationRepository generations() {
    return generations;
  }

  public AssetRepository assets() {
    return assets;
  }

  public LicenseRepository licenses() {
    return licenses;
  }

  public ProvenanceRepository provenance() {
    return provenance;
  }

  public WalletRepository wallets() {
    return wallets;
  }

  public CollectionRepository collections() {
    return collections;
  }

  public MintJobRepository mintJobs() {
    return mintJobs;
  }

  /** The LoRA files this computer has, by path and hash. */
  public LoraFileRepository loraFiles() {
    return loraFiles;
  }

  public BatchRepository batches() {
    return batches;
  }

  @Override
  public void close() {
    db.close();
  }
}
