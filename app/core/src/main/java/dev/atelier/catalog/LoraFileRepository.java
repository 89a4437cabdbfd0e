package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The LoRA files the catalog knows, by path ({@link LoraFileEntry}). */
public final class LoraFileRepository {

  private final Database db;

  LoraFileRepository(Database db) {
    this.db = db;
  }

  /**
   * Stores {@code entry}, replacing what was known of its path; a use known before is kept when
   * {@code entry} has none and its hash is the same.
   */
  public void save(LoraFileEntry entry) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO lora_files(path, sha256, data_sha256, size, modified_ms, used_at)"
                      + " VALUES (?,?,?,?,?,?) ON CONFLICT(path) DO UPDATE SET"
                      + " used_at = CASE WHEN excluded.used_at IS NOT NULL THEN excluded.used_at"
                      + " WHEN lora_files.sha256 = excluded.sha256 THEN lora_files.used_at END,"
                      + " sha256 = excluded.sha256, data_sha256 = excluded.data_sha256,"
                      + " size = excluded.size, modified_ms = excluded.modified_ms")) {
            p.setString(1, entry.path());
            p.setString(2, entry.sha256());
            p.setString(3, entry.dataSha256());
            p.setLong(4, entry.size());
            p.setLong(5, entry.modifiedMillis());
            Rows.set(p, 6, entry.usedAt());
            p.executeUpdate();
          }
          return null;
        });
  }

  /** What is known of the file at {@code path}. */
  public Optional<LoraFileEntry> find(String path) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT * FROM lora_files WHERE path = ?")) {
            p.setString(1, path);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.<LoraFileEntry>empty();
            }
          }
        });
  }

  /** Every file known, the most recently used first, then those never used, by path. */
  public List<LoraFileEntry> all() {
    return db.read(
        c -> {
          try (PreparedStatement p =
                  c.prepareStatement(
                      "SELECT * FROM lora_files ORDER BY used_at IS NULL, used_at DESC, path");
              ResultSet rs = p.executeQuery()) {
            List<LoraFileEntry> out = new ArrayList<>();
            while (rs.next()) {
              out.add(map(rs));
            }
            return out;
          }
        });
  }

  /** The files whose SHA-256 is {@code sha256}, the most recently used first. */
  public List<LoraFileEntry> withSha256(String sha256) {
    return all().stream().filter(e -> e.sha256().equals(sha256)).toList();
  }

  /** Forgets the file at {@code path} (it is gone). */
  public void remove(String path) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p = c.prepareStatement("DELETE FROM lora_files WHERE path = ?")) {
            p.setString(1, path);
            p.executeUpdate();
          }
          return null;
        });
  }

  private static LoraFileEntry map(ResultSet rs) throws SQLException {
    return new LoraFileEntry(
        rs.getString("path"),
        rs.getString("sha256"),
        rs.getString("data_sha256"),
        rs.getLong("size"),
        rs.getLong("modified_ms"),
        Rows.instant(rs, "used_at"));
  }
}
