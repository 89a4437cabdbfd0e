package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Variants and kept assets. */
public final class AssetRepository {

  private static final String COLUMNS =
      "generation_id, variant_index, seed, width, height, pixel_sha256, file_path, file_sha256,"
          + " kept, parent_asset_id, created_at";

  private final Database db;

  AssetRepository(Database db) {
    this.db = db;
  }

  public Asset insert(Asset a) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO assets(" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, a.generationId());
            p.setInt(2, a.variantIndex());
            p.setLong(3, a.seed());
            p.setInt(4, a.width());
            p.setInt(5, a.height());
            p.setString(6, a.pixelSha256());
            p.setString(7, a.filePath());
            p.setString(8, a.fileSha256());
            p.setInt(9, a.kept() ? 1 : 0);
            Rows.set(p, 10, a.parentAssetId());
            Rows.set(p, 11, a.createdAt());
            p.executeUpdate();
            return a.withId(Rows.generatedId(p));
          }
        });
  }

  /** Marks a variant as kept, with the file it was saved to. */
  public void keep(long id, String filePath, String fileSha256) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE assets SET kept = 1, file_path = ?, file_sha256 = ? WHERE id = ?")) {
            p.setString(1, filePath);
            p.setString(2, fileSha256);
            p.setLong(3, id);
            if (p.executeUpdate() != 1) {
              throw new CatalogException("No asset with id " + id);
            }
          }
          return null;
        });
  }

  public Optional<Asset> find(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM assets WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** The variants of one generation, in index order. */
  public List<Asset> ofGeneration(long generationId) {
    return query(
        "SELECT * FROM assets WHERE generation_id = ? ORDER BY variant_index", generationId);
  }

  /** The newest assets (variants, kept or not), newest first. */
  public List<Asset> recent(int limit) {
    return query("SELECT * FROM assets ORDER BY id DESC LIMIT ?", limit);
  }

  /** Kept assets, newest first. */
  public List<Asset> kept(int limit) {
    return query("SELECT * FROM assets WHERE kept = 1 ORDER BY id DESC LIMIT ?", limit);
  }

  private List<Asset> query(String sql, long arg) {
    return db.read(
        c -> {
          List<Asset> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, arg);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
          }
          return out;
        });
  }

  private static Asset map(ResultSet rs) throws SQLException {
    return new Asset(
        rs.getLong("id"),
        rs.getLong("generation_id"),
        rs.getInt("variant_index"),
        rs.getLong("seed"),
        rs.getInt("width"),
        rs.getInt("height"),
        rs.getString("pixel_sha256"),
        rs.getString("file_path"),
        rs.getString("file_sha256"),
        rs.getInt("kept") == 1,
        Rows.nullableLong(rs, "parent_asset_id"),
        Rows.instant(rs, "created_at"));
  }
}
