package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Generation requests. */
public final class GenerationRepository {

  private final Database db;

  GenerationRepository(Database db) {
    this.db = db;
  }

  /** Stores a new generation and returns it with its id. */
  public Generation insert(Generation g) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO generations(model_id, prompt, negative_prompt, seed, sampler, steps,"
                      + " guidance, width, height, variant_count, status, created_at, finished_at)"
                      + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, g.modelId());
            p.setString(2, g.prompt());
            p.setString(3, g.negativePrompt());
            p.setLong(4, g.seed());
            p.setString(5, g.sampler());
            p.setInt(6, g.steps());
            p.setDouble(7, g.guidance());
            p.setInt(8, g.width());
            p.setInt(9, g.height());
            p.setInt(10, g.variantCount());
            p.setString(11, g.status().name());
            Rows.set(p, 12, g.createdAt());
            Rows.set(p, 13, g.finishedAt());
            p.executeUpdate();
            return g.withId(Rows.generatedId(p));
          }
        });
  }

  /** Marks a running generation as ended. */
  public void finish(long id, Generation.Status status, Instant at) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE generations SET status = ?, finished_at = ? WHERE id = ?")) {
            p.setString(1, status.name());
            Rows.set(p, 2, at);
            p.setLong(3, id);
            if (p.executeUpdate() != 1) {
              throw new CatalogException("No generation with id " + id);
            }
          }
          return null;
        });
  }

  /**
   * Generations left RUNNING by a process that ended without finishing them are marked FAILED;
   * called at start-up. Returns how many were marked.
   */
  public int markInterrupted(Instant at) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE generations SET status = 'FAILED', finished_at = ?"
                      + " WHERE status = 'RUNNING'")) {
            Rows.set(p, 1, at);
            return p.executeUpdate();
          }
        });
  }

  public Optional<Generation> find(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM generations WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Newest first. */
  public List<Generation> recent(int limit) {
    return db.read(
        c -> {
          List<Generation> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement("SELECT * FROM generations ORDER BY id DESC LIMIT ?")) {
            p.setInt(1, limit);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
          }
          return out;
        });
  }

  public long count() {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM generations");
              ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  private static Generation map(ResultSet rs) throws SQLException {
    return new Generation(
        rs.getLong("id"),
        rs.getString("model_id"),
        rs.getString("prompt"),
        rs.getString("negative_prompt"),
        rs.getLong("seed"),
        rs.getString("sampler"),
        rs.getInt("steps"),
        rs.getDouble("guidance"),
        rs.getInt("width"),
        rs.getInt("height"),
        rs.getInt("variant_count"),
        Generation.Status.valueOf(rs.getString("status")),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "finished_at"));
  }
}
