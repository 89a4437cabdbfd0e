package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Collection contracts. */
public final class CollectionRepository {

  private final Database db;

  CollectionRepository(Database db) {
    this.db = db;
  }

  public CollectionEntry add(CollectionEntry e) {
    return db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO collections(chain_id, address, name, symbol, owner_address,"
                      + " deploy_tx_hash, created_at, version) VALUES (?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, e.chainId());
            p.setString(2, e.address());
            p.setString(3, e.name());
            p.setString(4, e.symbol());
            p.setString(5, e.ownerAddress());
            p.setString(6, e.deployTxHash());
            Rows.set(p, 7, e.createdAt());
            p.setInt(8, e.version());
            p.executeUpdate();
            return new CollectionEntry(
                Rows.generatedId(p),
                e.chainId(),
                e.address(),
                e.name(),
                e.symbol(),
                e.ownerAddress(),
                e.deployTxHash(),
                e.createdAt(),
                e.version());
          }
        });
  }

  public Optional<CollectionEntry> find(long id) {
    return db.read(
        c -> {
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM collections WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** The collection at {@code address} on a chain (the address compared case-insensitively). */
  public Optional<CollectionEntry> find(long chainId, String address) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT * FROM collections WHERE chain_id = ? AND lower(address) = lower(?)")) {
            p.setLong(1, chainId);
            p.setString(2, address);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  /** Every collection, oldest first. */
  public List<CollectionEntry> all() {
    return db.read(
        c -> {
          List<CollectionEntry> out = new ArrayList<>();
          try (PreparedStatement p = c.prepareStatement("SELECT * FROM collections ORDER BY id");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.add(map(rs));
            }
          }
          return out;
        });
  }

  /** Collections on one chain, oldest first. */
  public List<CollectionEntry> onChain(long chainId) {
    return db.read(
        c -> {
          List<CollectionEntry> out = new ArrayList<>();
          try (PreparedStatement p =
              c.prepareStatement("SELECT * FROM collections WHERE chain_id = ? ORDER BY id")) {
            p.setLong(1, chainId);
            try (ResultSet rs = p.executeQuery()) {
              while (rs.next()) {
                out.add(map(rs));
              }
            }
          }
          return out;
        });
  }

  private static CollectionEntry map(ResultSet rs) throws SQLException {
    return new CollectionEntry(
        rs.getLong("id"),
        rs.getLong("chain_id"),
        rs.getString("address"),
        rs.getString("name"),
        rs.getString("symbol"),
        rs.getString("owner_address"),
        rs.getString("deploy_tx_hash"),
        Rows.instant(rs, "created_at"),
        rs.getInt("version"));
  }
}
