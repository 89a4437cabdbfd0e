package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Batch runs and their items. */
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

  private final Database db;

  BatchRepository(Database db) {
    this.db = db;
  }

  /**
   * The run for this file content, folder and model, created with its items if it is new.
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
                return rs.getLong(1);
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
