package dev.atelier.catalog;

import dev.atelier.catalog.MintJob.State;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Mint jobs and their state machine. */
public final class MintJobRepository {

  /** Values a transition records; null leaves a column as it was. */
  public record Update(
      Long nonce, String signedTx, String txHash, String tokenId, Long blockNumber, String error) {
    public static final Update NONE = new Update(null, null, null, null, null, null);

    /** Signed, not yet sent: the nonce, the raw transaction and its hash (known before sending). */
    public static Update signed(long nonce, String signedTx, String txHash) {
      return new Update(nonce, signedTx, txHash, null, null, null);
    }

    public static Update sent(String txHash) {
      return new Update(null, null, txHash, null, null, null);
    }

    public static Update confirmed(String tokenId, long blockNumber) {
      return new Update(null, null, null, tokenId, blockNumber, null);
    }

    public static Update failed(String error) {
      return new Update(null, null, null, null, null, error);
    }
  }

  private final Database db;

  MintJobRepository(Database db) {
    this.db = db;
  }

  /** Creates a PENDING job. Fails if the asset already has a live job in that collection. */
  public MintJob create(long assetId, long collectionId, Instant at) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO mint_jobs(asset_id, collection_id, state, created_at, updated_at)"
                      + " VALUES (?,?,'PENDING',?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, assetId);
            p.setLong(2, collectionId);
            Rows.set(p, 3, at);
            Rows.set(p, 4, at);
            p.executeUpdate();
            long id = Rows.generatedId(p);
            return new MintJob(
                id,
                assetId,
                collectionId,
                State.PENDING,
                null,
                null,
                null,
                null,
                null,
                null,
                at,
                at);
          }
        });
  }

  /**
   * Creates the PENDING jobs of one version 2 batch in one transaction, in batch order; each holds
   * the first job's id as its batch id. Fails, creating none, if an asset already has a live job in
   * that collection.
   */
  public List<MintJob> createBatch(List<Long> assetIds, long collectionId, Instant at) {
    if (assetIds.isEmpty()) {
      throw new IllegalArgumentException("A batch has at least one asset");
    }
    return db.inTransaction(
        c -> {
          Long batchId = null;
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO mint_jobs(asset_id, collection_id, state, created_at, updated_at,"
                      + " batch_id) VALUES (?,?,'PENDING',?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            for (long assetId : assetIds) {
              p.setLong(1, assetId);
              p.setLong(2, collectionId);
              Rows.set(p, 3, at);
              Rows.set(p, 4, at);
              Rows.set(p, 5, batchId);
              p.executeUpdate();
              long id = Rows.generatedId(p);
              if (batchId == null) {
                batchId = id;
                try (PreparedStatement first =
                    c.prepareStatement("UPDATE mint_jobs SET batch_id = id WHERE id = ?")) {
                  first.setLong(1, id);
                  first.executeUpdate();
                }
              }
            }
          }
          return batchRows(c, batchId);
        });
  }

  /**
   * Moves every job of a version 2 batch from {@code from} to {@code to} in one transaction, only
   * if each is still in {@code from}; {@code tokenIds}, when given, are the tokens of the jobs in
   * batch order (a confirmation).
   *
   * @return the batch's jobs as now stored, in batch order
   * @throws IllegalStateException if the move is not allowed or a job is no longer in {@code from}
   */
  public List<MintJob> advanceBatch(
      long batchId, State from, State to, Update update, List<String> tokenIds, Instant at) {
    if (!from.next().contains(to)) {
      throw new IllegalStateException("A mint job cannot go from " + from + " to " + to);
    }
    return db.inTransaction(
        c -> {
          List<MintJob> jobs = batchRows(c, batchId);
          if (tokenIds != null && tokenIds.size() != jobs.size()) {
            throw new IllegalArgumentException(
                tokenIds.size()
                    + " token ids for the "
                    + jobs.size()
                    + " jobs of batch "
                    + batchId);
          }
          for (int i = 0; i < jobs.size(); i++) {
            Update each =
                tokenIds == null
                    ? update
                    : new Update(
                        update.nonce(),
                        update.signedTx(),
                        update.txHash(),
                        tokenIds.get(i),
                        update.blockNumber(),
                        update.error());
            if (update(c, jobs.get(i).id(), from, to, each, at) != 1) {
              throw new IllegalStateException(
                  "Mint job "
                      + jobs.get(i).id()
                      + " is "
                      + jobs.get(i).state()
                      + ", expected "
                      + from);
            }
          }
          return batchRows(c, batchId);
        });
  }

  /** The jobs of a version 2 batch, in batch order. */
  public List<MintJob> ofBatch(long batchId) {
    return list("SELECT * FROM mint_jobs WHERE batch_id = ? ORDER BY id", batchId);
  }

  private static List<MintJob> batchRows(java.sql.Connection c, long batchId) throws SQLException {
    List<MintJob> out = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement("SELECT * FROM mint_jobs WHERE batch_id = ? ORDER BY id")) {
      p.setLong(1, batchId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(map(rs));
        }
      }
    }
    return out;
  }

  /**
   * Moves a job from {@code from} to {@code to}, only if it is still in {@code from} (so two
   * processes cannot both advance it).
   *
   * @throws IllegalStateException if the move is not allowed or the job is no longer in {@code
   *     from}
   */
  public MintJob advance(long id, State from, State to, Update update, Instant at) {
    if (!from.next().contains(to)) {
      throw new IllegalStateException("A mint job cannot go from " + from + " to " + to);
    }
    return db.inTransaction(
        c -> {
          if (update(c, id, from, to, update, at) != 1) {
            String now = find(id).map(j -> j.state().name()).orElse("missing");
            throw new IllegalStateException("Mint job " + id + " is " + now + ", expected " + from);
          }
          return find(id).orElseThrow();
        });
  }

  /** The conditional update of one job; the number of rows changed (0 or 1). */
  private static int update(
      java.sql.Connection c, long id, State from, State to, Update update, Instant at)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE mint_jobs SET state = ?, nonce = coalesce(?, nonce),"
                + " signed_tx = coalesce(?, signed_tx), tx_hash = coalesce(?, tx_hash),"
                + " token_id = coalesce(?, token_id),"
                + " block_number = coalesce(?, block_number), error = coalesce(?, error),"
                + " updated_at = ? WHERE id = ? AND state = ?")) {
      p.setString(1, to.name());
      Rows.set(p, 2, update.nonce());
      p.setString(3, update.signedTx());
      p.setString(4, update.txHash());
      p.setString(5, update.tokenId());
      Rows.set(p, 6, update.blockNumber());
      p.setString(7, update.error());
      Rows.set(p, 8, at);
      p.setLong(9, id);
      p.setString(10, from.name());
      return p.executeUpdate();
    }
  }

  public Optional<MintJob> find(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM mint_jobs WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** An asset's jobs, newest first. */
  public List<MintJob> ofAsset(long assetId) {
    return list("SELECT * FROM mint_jobs WHERE asset_id = ? ORDER BY id DESC", assetId);
  }

  /** The newest jobs first, at most {@code limit}. */
  public List<MintJob> recent(int limit) {
    return list("SELECT * FROM mint_jobs ORDER BY id DESC LIMIT ?", limit);
  }

  /**
   * The job of an asset in a collection that is not FAILED: CONFIRMED when it is minted there, or
   * still under way. There is at most one (a unique index says so).
   */
  public Optional<MintJob> live(long assetId, long collectionId) {
    return list(
            "SELECT * FROM mint_jobs WHERE asset_id = ? AND collection_id = ? AND state <> 'FAILED'",
            assetId,
            collectionId)
        .stream()
        .findFirst();
  }

  private List<MintJob> list(String sql, long... args) {
    return db.read(
        c -> {
          List<MintJob> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              p.setLong(i + 1, args[i]);
            }
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
          }
          return out;
        });
  }

  /** Jobs not yet CONFIRMED or FAILED: what start-up reconciles. */
  public List<MintJob> unfinished() {
    return db.read(
        c -> {
          List<MintJob> out = new ArrayList<>();
          try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT * FROM mint_jobs WHERE state NOT IN ('CONFIRMED', 'FAILED')"
                          + " ORDER BY id");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.add(map(rs));
            }
          }
          return out;
        });
  }

  private static MintJob map(ResultSet rs) throws SQLException {
    return new MintJob(
        rs.getLong("id"),
        rs.getLong("asset_id"),
        rs.getLong("collection_id"),
        State.valueOf(rs.getString("state")),
        Rows.nullableLong(rs, "nonce"),
        rs.getString("signed_tx"),
        rs.getString("tx_hash"),
        rs.getString("token_id"),
        Rows.nullableLong(rs, "block_number"),
        rs.getString("error"),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"),
        Rows.nullableLong(rs, "batch_id"));
  }
}
