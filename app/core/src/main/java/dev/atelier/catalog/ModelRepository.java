package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Installed models. */
public final class ModelRepository {

  private final Database db;

  ModelRepository(Database db) {
    this.db = db;
  }

  /** Adds a model or replaces the entry with the same id. */
  public void save(ModelEntry m) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO models(id, name, version, kind, weights_sha256, training_set_root,"
                      + " license, location, added_at) VALUES (?,?,?,?,?,?,?,?,?)"
                      + " ON CONFLICT(id) DO UPDATE SET kind=excluded.kind,"
                      + " weights_sha256=excluded.weights_sha256,"
                      + " training_set_root=excluded.training_set_root,"
                      + " license=excluded.license, location=excluded.location")) {
            p.setString(1, m.id());
            p.setString(2, m.name());
            p.setString(3, m.version());
            p.setString(4, m.kind());
            p.setString(5, m.weightsSha256());
            p.setString(6, m.trainingSetRoot());
            p.setString(7, m.license());
            p.setString(8, m.location());
            Rows.set(p, 9, m.addedAt());
            p.executeUpdate();
          }
          return null;
        });
  }

  public Optional<ModelEntry> find(String id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM models WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  public List<ModelEntry> list() {
    return db.read(
        c -> {
          List<ModelEntry> out = new ArrayList<>();
          try (PreparedStatement p =
                  c.prepareStatement("SELECT * FROM models ORDER BY name, version");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.add(map(rs));
            }
          }
          return out;
        });
  }

  private static ModelEntry map(ResultSet rs) throws SQLException {
    return new ModelEntry(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("version"),
        rs.getString("kind"),
        rs.getString("weights_sha256"),
        rs.getString("training_set_root"),
        rs.getString("license"),
        rs.getString("location"),
        Rows.instant(rs, "added_at"));
  }
}
