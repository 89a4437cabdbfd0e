package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Batch runs and their items. A run is open until every item was tried or the artist let it go
 * ({@link #close}); an open run with items not done was stopped part way, and {@link #unfinished()}
 * lists it to be resumed.
 */
public final class BatchRepository {

  /** Where one item of a batch stands. */
  public enum ItemStatus {
    PENDING,
    DONE,
    FAILED
  }

  /** One item of a batch run. */
  public record Item(
      long batchId,
      int index,
      String requestJson,
      ItemStatus status,
      Long generationId,
      String error) {}

  /**
   * A batch run and how far it got.
   *
   * @param closedAt when every item had been tried or the artist let the run go; null while open
   * @param total how many items the run has
   * @param done how many of them are finished, their images recorded
   * @param failed how many failed the last time they were tried
   */
  public record Run(
      long id,
      String sourceSha256,
      String sourcePath,
      String outDir,
      String modelId,
      Instant createdAt,
      Instant closedAt,
      int total,
      int done,
      int failed) {

    /** Items not finished yet (failed ones included): what resuming would try. */
    public int left() {
      return total - done;
    }
  }

  private static final String RUN_SELECT =
      "SELECT r.*, (SELECT count(*) FROM batch_items i WHERE i.batch_id = r.id) AS total,"
          + " (SELECT count(*) FROM batch_items i WHERE i.batch_id = r.id AND i.status = 'DONE')"
          + " AS done,"
          + " (SELECT count(*) FROM batch_items i WHERE i.batch_id = r.id AND i.status = 'FAILED')"
          + " AS failed"
          + " FROM batch_runs r";

  private final Database db;

  BatchRepository(Database db) {
    this.db = db;
  }

  /**
   * The run for this file content, folder and model, created with its items if it is new, and open
   * (again, if it was closed).
   *
   * @return the run id
   */
  public long openRun(
      String sourceSha256,
      String sourcePath,
      String outDir,
      String modelId,
      List<String> requestsJson,
      Instant at) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement find =
              c.prepareStatement(
                  "SELECT id FROM batch_runs WHERE source_sha256 = ? AND out_dir = ?"
                      + " AND model_id = ?")) {
            find.setString(1, sourceSha256);
            find.setString(2, outDir);
            find.setString(3, modelId);
            try (ResultSet rs = find.executeQuery()) {
              if (rs.next()) {
                long found = rs.getLong(1);
                try (PreparedStatement reopen =
                    c.prepareStatement("UPDATE batch_runs SET closed_at = NULL WHERE id = ?")) {
                  reopen.setLong(1, found);
                  reopen.executeUpdate();
                }
                return found;
              }
            }
          }
          long id;
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO batch_runs(source_sha256, source_path, out_dir, model_id, created_at)"
                      + " VALUES (?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, sourceSha256);
            p.setString(2, sourcePath);
            p.setString(3, outDir);
            p.setString(4, modelId);
            Rows.set(p, 5, at);
            p.executeUpdate();
            id = Rows.generatedId(p);
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO batch_items(batch_id, item_index, request_json, status)"
                      + " VALUES (?,?,?,'PENDING')")) {
            for (int i = 0; i < requestsJson.size(); i++) {
              p.setLong(1, id);
              p.setInt(2, i);
              p.setString(3, requestsJson.get(i));
              p.addBatch();
            }
            p.executeBatch();
          }
          return id;
        });
  }

  /** The run with this id. */
  public Optional<Run> run(long batchId) {
    List<Run> found = runs(" WHERE r.id = ?", batchId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
  }

  /** Open runs with items not done: stopped part way, to be resumed. Newest first. */
  public List<Run> unfinished() {
    return runs(
        " WHERE r.closed_at IS NULL AND EXISTS (SELECT 1 FROM batch_items i"
            + " WHERE i.batch_id = r.id AND i.status <> 'DONE') ORDER BY r.id DESC",
        null);
  }

  /**
   * Closes the run: every item was tried, or the artist lets it go. It is no longer {@link
   * #unfinished()}; running its file again opens it again.
   *
   * @throws CatalogException when there is no such run
   */
  public void close(long batchId, Instant at) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("UPDATE batch_runs SET closed_at = ? WHERE id = ?")) {
            Rows.set(p, 1, at);
            p.setLong(2, batchId);
            if (p.executeUpdate() != 1) {
              throw new CatalogException("No batch run " + batchId);
            }
          }
          return null;
        });
  }

  private List<Run> runs(String where, Long id) {
    return db.read(
        c -> {
          List<Run> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement(RUN_SELECT + where)) {
            if (id != null) {
              p.setLong(1, id);
            }
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Run(
                        rs.getLong("id"),
                        rs.getString("source_sha256"),
                        rs.getString("source_path"),
                        rs.getString("out_dir"),
                        rs.getString("model_id"),
                        Rows.instant(rs, "created_at"),
                        Rows.instant(rs, "closed_at"),
                        rs.getInt("total"),
                        rs.getInt("done"),
                        rs.getInt("failed")));
              }
            }
          }
          return out;
        });
  }

  public List<Item> items(long batchId) {
    return db.read(
        c -> {
          List<Item> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT * FROM batch_items WHERE batch_id = ? ORDER BY item_index")) {
            p.setLong(1, batchId);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Item(
                        rs.getLong("batch_id"),
                        rs.getInt("item_index"),
                        rs.getString("request_json"),
                        ItemStatus.valueOf(rs.getString("status")),
                        Rows.nullableLong(rs, "generation_id"),
                        rs.getString("error")));
              }
            }
          }
          return out;
        });
  }

  /** Marks an item finished; call inside the transaction that records its generation. */
  public void markDone(long batchId, int index, long generationId) {
    update(batchId, index, ItemStatus.DONE, generationId, null);
  }

  /** Marks an item failed with a reason (it is tried again when the batch is run again). */
  public void markFailed(long batchId, int index, String error) {
    update(batchId, index, ItemStatus.FAILED, null, error);
  }

  private void update(long batchId, int index, ItemStatus status, Long generationId, String error) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE batch_items SET status = ?, generation_id = ?, error = ?"
                      + " WHERE batch_id = ? AND item_index = ?")) {
            p.setString(1, status.name());
            Rows.set(p, 2, generationId);
            p.setString(3, error);
            p.setLong(4, batchId);
            p.setInt(5, index);
            if (p.executeUpdate() != 1) {
              throw new CatalogException("No item " + index + " in batch " + batchId);
            }
          }
          return null;
        });
  }
}
