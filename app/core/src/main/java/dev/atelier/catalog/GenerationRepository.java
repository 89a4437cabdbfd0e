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

  /** The end reason of an interrupted generation. */
  private static final String INTERRUPTED = "interrupted";

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
                      + " guidance, width, height, variant_count, status, created_at, finished_at,"
                      + " end_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
            p.setString(11, stored(g.status()));
            Rows.set(p, 12, g.createdAt());
            Rows.set(p, 13, g.finishedAt());
            p.setString(14, endReason(g.status()));
            p.executeUpdate();
            return g.withId(Rows.generatedId(p));
          }
        });
  }

  /**
   * Stores a new generation with what it started from and its hires pass (null: none), in one
   * transaction.
   */
  public Generation insert(Generation g, List<GenerationInput> inputs, HiresPass hires) {
    return db.inTransaction(
        c -> {
          Generation stored = insert(g);
          if (hires != null) {
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE generations SET hires_scale = ?, hires_strength = ? WHERE id = ?")) {
              p.setDouble(1, hires.scale());
              p.setDouble(2, hires.strength());
              p.setLong(3, stored.id());
              p.executeUpdate();
            }
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO generation_inputs(generation_id, position, role, sha256, amount)"
                      + " VALUES (?,?,?,?,?)")) {
            for (int i = 0; i < inputs.size(); i++) {
              GenerationInput in = inputs.get(i);
              p.setLong(1, stored.id());
              p.setInt(2, i);
              p.setString(3, in.role().stored());
              p.setString(4, in.sha256());
              p.setDouble(5, in.amount());
              p.executeUpdate();
            }
          }
          return stored;
        });
  }

  /**
   * Generation {@code id}'s hires pass; empty when it had none (or there is no such generation).
   */
  public Optional<HiresPass> hires(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT hires_scale, hires_strength FROM generations WHERE id = ?"
                      + " AND hires_scale IS NOT NULL")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next()
                  ? Optional.of(new HiresPass(rs.getDouble(1), rs.getDouble(2)))
                  : Optional.<HiresPass>empty();
            }
          }
        });
  }

  /** What generation {@code id} started from besides its prompt, in order; empty for none. */
  public List<GenerationInput> inputs(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT role, sha256, amount FROM generation_inputs WHERE generation_id = ?"
                      + " ORDER BY position")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              List<GenerationInput> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new GenerationInput(
                        GenerationInput.Role.fromStored(rs.getString("role")),
                        rs.getString("sha256"),
                        rs.getDouble("amount")));
              }
              return out;
            }
          }
        });
  }

  /** Marks a running generation as ended. */
  public void finish(long id, Generation.Status status, Instant at) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE generations SET status = ?, finished_at = ?, end_reason = ?"
                      + " WHERE id = ?")) {
            p.setString(1, stored(status));
            Rows.set(p, 2, at);
            p.setString(3, endReason(status));
            p.setLong(4, id);
            if (p.executeUpdate() != 1) {
              throw new CatalogException("No generation with id " + id);
            }
          }
          return null;
        });
  }

  /**
   * Generations left RUNNING by a process that ended without finishing them are marked INTERRUPTED;
   * called at start-up. Returns how many were marked.
   */
  public int markInterrupted(Instant at) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE generations SET status = 'FAILED', end_reason = '"
                      + INTERRUPTED
                      + "', finished_at = ? WHERE status = 'RUNNING'")) {
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

  /** The status column's value: INTERRUPTED is stored as FAILED with its reason. */
  private static String stored(Generation.Status status) {
    return status == Generation.Status.INTERRUPTED ? "FAILED" : status.name();
  }

  private static String endReason(Generation.Status status) {
    return status == Generation.Status.INTERRUPTED ? INTERRUPTED : null;
  }

  private static Generation.Status status(String stored, String endReason) {
    return "FAILED".equals(stored) && INTERRUPTED.equals(endReason)
        ? Generation.Status.INTERRUPTED
        : Generation.Status.valueOf(stored);
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
        status(rs.getString("status"), rs.getString("end_reason")),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "finished_at"));
  }
}
