package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Provenance records. */
public final class ProvenanceRepository {

  private final Database db;

  ProvenanceRepository(Database db) {
    this.db = db;
  }

  public ProvenanceEntry insert(ProvenanceEntry e) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO provenance_records(asset_id, record_json, record_sha256,"
                      + " creator_address, license_id, eip712_signature, c2pa_manifest_sha256,"
                      + " created_at, chain_id, signed_file_sha256) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, e.assetId());
            p.setString(2, e.recordJson());
            p.setString(3, e.recordSha256());
            p.setString(4, e.creatorAddress());
            p.setString(5, e.licenseId());
            p.setString(6, e.eip712Signature());
            p.setString(7, e.c2paManifestSha256());
            Rows.set(p, 8, e.createdAt());
            Rows.set(p, 9, e.chainId());
            p.setString(10, e.signedFileSha256());
            p.executeUpdate();
            long id = Rows.generatedId(p);
            return new ProvenanceEntry(
                id,
                e.assetId(),
                e.recordJson(),
                e.recordSha256(),
                e.creatorAddress(),
                e.licenseId(),
                e.eip712Signature(),
                e.c2paManifestSha256(),
                e.createdAt(),
                e.chainId(),
                e.signedFileSha256());
          }
        });
  }

  /** The newest record of an asset (an asset re-signed with other terms has several). */
  public Optional<ProvenanceEntry> latestFor(long assetId) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT * FROM provenance_records WHERE asset_id = ? ORDER BY id DESC LIMIT 1")) {
            p.setLong(1, assetId);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Every provenance row of an asset, newest first. */
  public List<ProvenanceEntry> ofAsset(long assetId) {
    return db.read(
        c -> {
          List<ProvenanceEntry> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT * FROM provenance_records WHERE asset_id = ? ORDER BY id DESC")) {
            p.setLong(1, assetId);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
          }
          return out;
        });
  }

  private static ProvenanceEntry map(ResultSet rs) throws SQLException {
    return new ProvenanceEntry(
        rs.getLong("id"),
        rs.getLong("asset_id"),
        rs.getString("record_json"),
        rs.getString("record_sha256"),
        rs.getString("creator_address"),
        rs.getString("license_id"),
        rs.getString("eip712_signature"),
        rs.getString("c2pa_manifest_sha256"),
        Rows.instant(rs, "created_at"),
        Rows.nullableLong(rs, "chain_id"),
        rs.getString("signed_file_sha256"));
  }
}
