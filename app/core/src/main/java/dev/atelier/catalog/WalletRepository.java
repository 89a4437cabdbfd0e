package dev.atelier.catalog;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Wallet accounts (public data only). */
public final class WalletRepository {

  private final Database db;

  WalletRepository(Database db) {
    this.db = db;
  }

  public void add(WalletAccount w) {
    db.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO wallets(address, label, derivation_path, keystore_file, created_at)"
                      + " VALUES (?,?,?,?,?)")) {
            p.setString(1, w.address());
            p.setString(2, w.label());
            p.setString(3, w.derivationPath());
            p.setString(4, w.keystoreFile());
            Rows.set(p, 5, w.createdAt());
            p.executeUpdate();
          }
          return null;
        });
  }

  public Optional<WalletAccount> find(String address) {
    return db.read(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("SELECT * FROM wallets WHERE lower(address) = lower(?)")) {
            p.setString(1, address);
            try (ResultSet rs = p.executeQuery()) {
              return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
          }
        });
  }

  public List<WalletAccount> list() {
    return db.read(
        c -> {
          List<WalletAccount> out = new ArrayList<>();
          try (PreparedStatement p =
                  c.prepareStatement("SELECT * FROM wallets ORDER BY created_at");
              ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              out.add(map(rs));
            }
          }
          return out;
        });
  }

  private static WalletAccount map(ResultSet rs) throws SQLException {
    return new WalletAccount(
        rs.getString("address"),
        rs.getString("label"),
        rs.getString("derivation_path"),
        rs.getString("keystore_file"),
        Rows.instant(rs, "created_at"));
  }
}
