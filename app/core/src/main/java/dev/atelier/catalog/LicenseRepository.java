package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** License terms. */
public final class LicenseRepository {

  private final Database db;

  LicenseRepository(Database db) {
    this.db = db;
  }

  /**
   * Adds terms or replaces the ones with the same id (in place: records that name the id keep
   * pointing at it).
   */
  public void save(License l) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO licenses(id, name, terms_sha256, terms_text, commercial_use,"
                      + " derivatives, attribution_required, share_alike, ai_training, summary,"
                      + " builtin) VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                      + " name = excluded.name, terms_sha256 = excluded.terms_sha256,"
                      + " terms_text = excluded.terms_text,"
                      + " commercial_use = excluded.commercial_use,"
                      + " derivatives = excluded.derivatives,"
                      + " attribution_required = excluded.attribution_required,"
                      + " share_alike = excluded.share_alike, ai_training = excluded.ai_training,"
                      + " summary = excluded.summary, builtin = excluded.builtin")) {
            p.setString(1, l.id());
            p.setString(2, l.name());
            p.setString(3, l.termsSha256());
            p.setString(4, l.termsText());
            p.setInt(5, l.commercialUse() ? 1 : 0);
            p.setInt(6, l.derivatives() ? 1 : 0);
            p.setInt(7, l.attributionRequired() ? 1 : 0);
            p.setInt(8, l.shareAlike() ? 1 : 0);
            p.setInt(9, l.aiTraining() ? 1 : 0);
            p.setString(10, l.summary());
            p.setInt(11, l.builtIn() ? 1 : 0);
            p.executeUpdate();
          }
          return null;
        });
  }

  public Optional<License> find(String id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM licenses WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  public List<License> list() {
    return db.read(
        c -> {
          List<License> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM licenses ORDER BY id");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.add(map(rs));
            }
          }
          return out;
        });
  }

  private static License map(ResultSet rs) throws SQLException {
    return new License(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("terms_sha256"),
        rs.getString("terms_text"),
        rs.getInt("commercial_use") == 1,
        rs.getInt("derivatives") == 1,
        rs.getInt("attribution_required") == 1,
        rs.getInt("share_alike") == 1,
        rs.getInt("ai_training") == 1,
        rs.getString("summary"),
        rs.getInt("builtin") == 1);
  }
}
